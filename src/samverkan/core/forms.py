"""Shared form behaviour."""

import math
import re
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from samverkan.core.errors import Invalid

# Spaces that group thousands: a space, a no-break space, a narrow no-break space, a thin space.
_GROUP = "[ \u00a0\u202f\u2009]"
_DIGITS = rf"(?:\d{{1,3}}(?:{_GROUP}\d{{3}})+|\d+)"
_PLAIN = re.compile(rf"^(?P<whole>{_DIGITS})(?:(?P<sign>[.,])(?P<fraction>\d+))?(?P<exponent>[eE][-+]?\d{{1,4}})?$")
# The interface language's own thousands separator with its decimal sign: "1,205.5" in English, "1.205,5" in Swedish.
_GROUPED = {
    ",": re.compile(r"^(?P<whole>\d{1,3}(?:\.\d{3})+)(?:,(?P<fraction>\d+))?$"),
    ".": re.compile(r"^(?P<whole>\d{1,3}(?:,\d{3})+)(?:\.(?P<fraction>\d+))?$"),
}
MAX_NUMBER_LENGTH = 40


def decimal_sign() -> str:
    """The interface language's decimal sign: a comma in Swedish, a point in English."""
    return "." if (get_language() or "sv").startswith("en") else ","


def parse_number(text: str, *, label: str) -> Decimal:
    """A number as a person types it in Swedish or English: "120,5", "1 205,5", "1 205", "120.5".

    A comma or point followed by exactly three digits, in the language that does not use it as its
    decimal sign ("1,205" on an English page, "1.205" on a Swedish one), could be a thousands
    separator or a decimal sign: it is refused, naming the field and both readings, never guessed.
    """
    value = text.strip().replace("\u2212", "-")
    negative = value.startswith("-")
    value = value.removeprefix("-").removeprefix("+").strip()
    own = decimal_sign()
    found = _PLAIN.match(value) if len(value) <= MAX_NUMBER_LENGTH else None
    if found:
        whole, sign, fraction, exponent = found["whole"], found["sign"], found["fraction"], found["exponent"]
        if sign and sign != own and len(fraction) == 3 and re.fullmatch(r"\d{1,3}", whole):
            raise ValidationError(
                _("%(field)s: “%(value)s” could mean %(thousands)s or %(decimal)s; write the number you mean.")
                % {
                    "field": label,
                    "value": text.strip(),
                    "thousands": whole + fraction,
                    "decimal": f"{whole}{own}{fraction}",
                },
                code="ambiguous",
            )
    else:
        found = _GROUPED[own].match(value) if len(value) <= MAX_NUMBER_LENGTH else None
        if not found:
            raise ValidationError(
                _("%(field)s: “%(value)s” is not a number; write it as 1 205,5 or 1205.5.")
                % {"field": label, "value": text.strip()[:MAX_NUMBER_LENGTH]},
                code="invalid",
            )
        whole, fraction, exponent = found["whole"], found["fraction"], None
    digits = re.sub(r"\D", "", whole) + (f".{fraction}" if fraction else "") + (exponent or "")
    number = Decimal(digits)  # the patterns admit digits only
    return -number if negative else number


class NumberField(forms.Field):
    """Every numeric field of the forms: Swedish and English input, shown with the page's decimal sign.

    A text box (inputmode decimal), not `type="number"`: browsers read "120,5" by their own locale
    and an English one sends 1205; here the server reads the text and refuses what is ambiguous.
    """

    def __init__(self, *, whole: bool = False, **kwargs):
        self.whole = whole
        for name in ("min_value", "max_value", "step_size", "max_digits", "decimal_places", "localize"):
            kwargs.pop(name, None)
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric" if whole else "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            number = Decimal(str(value))
        else:
            number = parse_number(str(value), label=str(self.label or ""))
        if self.whole:
            if number != number.to_integral_value():
                raise ValidationError(
                    _("%(field)s: “%(value)s” is not a whole number.") % {"field": self.label, "value": value},
                    code="whole",
                )
            return int(number)
        if not math.isfinite(float(number)):
            raise ValidationError(
                _("%(field)s: “%(value)s” is too large a number.") % {"field": self.label, "value": value},
                code="invalid",
            )
        return float(number)

    def prepare_value(self, value):
        return number_text(value)


def number_text(value):
    """A number as the page's language writes it for typing back ("120,5" in Swedish); anything else as it is."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value).replace(".", decimal_sign())  # the shortest text giving the same number back
    return value


def swedish_numbers(fields: dict) -> None:
    """Replace Django's number fields (integer, float, decimal) by `NumberField`, keeping label and checks."""
    for name, field in fields.items():
        if isinstance(field, forms.IntegerField):  # FloatField and DecimalField are IntegerFields too
            whole = not isinstance(field, (forms.FloatField, forms.DecimalField))
            attrs = {k: v for k, v in field.widget.attrs.items() if k not in ("min", "max", "step")}
            number = NumberField(
                whole=whole,
                required=field.required,
                label=field.label,
                help_text=field.help_text,
                initial=field.initial,
                widget=forms.TextInput(attrs=attrs),
                validators=list(field.validators),
                disabled=field.disabled,
            )
            fields[name] = number


class PlainLabels:
    """Every editor's form: labels without Django's trailing colon (the label above the field says it all,
    and reads better aloud), and numbers typed the Swedish or the English way (`NumberField`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        swedish_numbers(self.fields)


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
