"""Shared form behaviour."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.core.errors import Invalid


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


def form_page(request, *, form, template: str, context: dict, save):
    """An editor's form page: on a valid post `save(cleaned_data)` returns where to go; else 422 with the errors."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            url = save(form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect(url)
        status = 422
    return render(request, template, {"form": form, **context}, status=status)


def refusal(form) -> Invalid:
    """A form's errors as one refusal naming each field (errors of the whole form without a name)."""
    return Invalid(
        "; ".join(
            f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
            for name, errors in form.errors.items()
        )
    )
