"""Shared form behaviour."""


class PlainLabels:
    """Labels without Django's trailing colon: the label above the field says it all, and reads better aloud."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
