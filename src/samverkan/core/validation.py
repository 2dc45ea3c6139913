"""Model validation for the services: one refusal (422) that names each field and what is wrong with it."""

from typing import Annotated

from django.core.exceptions import ValidationError
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _
from pydantic import Field

from samverkan.core.cache import bump_generation
from samverkan.core.errors import Invalid

# Every primary key is a BigAutoField, 1 to 2**63 - 1 on SQLite and PostgreSQL alike. A larger number
# cannot name a record, and SQLite's driver raises OverflowError on it instead of finding nothing.
ID_MIN, ID_MAX = 1, BaseDatabaseOperations.integer_field_ranges["BigAutoField"][1]

Id = Annotated[int, Field(ge=ID_MIN, le=ID_MAX)]
"""A record's id in an API path, query or body: out of the database's range is a 422 naming the field."""

Slug = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=80)]
"""An identifier as a SlugField stores it (networks, key indicators): anything else names no record."""


def validated(record, *, exclude: list[str] | None = None) -> None:
    """Run the model's own checks (fields, constraints); refuse with every problem by field name."""
    try:
        record.full_clean(exclude=exclude)
    except ValidationError as error:
        names = {f.name: str(f.verbose_name) for f in record._meta.fields}
        raise Invalid(
            "; ".join(
                f"{names.get(field, field)}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
                for field, messages in error.message_dict.items()
            )
        ) from error


def assign(record, fields: dict, allowed) -> None:
    """Set the fields a service lets its callers change; any other name is refused before anything is set."""
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise Invalid(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(unknown)})
    for name, value in fields.items():
        setattr(record, name, value)


def save_validated(record, *, by, reason: str = ""):
    """Validate and save a record with the person (and the reason) in its history; nothing is saved on a refusal.

    A public edit: cached figures are computed anew (core.cache).
    """
    validated(record)
    record._history_user, record._change_reason = by, reason or None
    record.save()
    bump_generation()
    return record


def whole_number(text: str, *, largest: int = 2**31 - 1) -> int | None:
    """A form or query value as a whole number (ASCII digits, at most `largest`), else None.

    `str.isdigit` alone lets "²" through to a failing int(), and a 30-digit id overflows the database.
    """
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        return None
    number = int(text)
    return number if number <= largest else None


def by_keys(queryset, keys: list, *, field: str, unknown: str, **params) -> list:
    """The records named by `keys` (ids, slugs or names) in their order; refused naming every unknown one.

    `unknown` is a translated message with %(keys)s and any `params`. A number out of the id range names
    no record: it is reported unknown rather than sent to the database, where it would overflow.
    """
    storable = [key for key in keys if not isinstance(key, int) or ID_MIN <= key <= ID_MAX]
    found = {getattr(record, field): record for record in queryset.filter(**{f"{field}__in": storable})}
    missing = [str(key)[:80] for key in keys if key not in found]
    if missing:
        raise Invalid(unknown % {"keys": ", ".join(missing), **params})
    return [found[key] for key in keys]
