"""Shared form behaviour."""

from django.utils.translation import gettext_noop


class PlainLabels:
    """Labels without Django's trailing colon: the label above the field says it all, and reads better aloud."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


# Django 6's label for an empty choice; Django ships no Swedish for it yet, so our catalogue carries it.
BLANK_CHOICE_LABEL = gettext_noop("- Select an option -")
