"""Shared form behaviour."""

from django.utils.translation import gettext_noop


class PlainLabels:
    """Labels without Django's trailing colon: the label above the field says it all, and reads better aloud."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


# Django's messages that its Swedish catalogue lacks (Django 6.1); our catalogue carries them.
DJANGO_MESSAGES_WITHOUT_SWEDISH = (
    gettext_noop("- Select an option -"),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
)
