"""The history of an edited record, as people read it: who, when, what changed from what to what."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samverkan.core.cache import bump_generation
from samverkan.core.formatting import format_number


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    id: int
    when: object
    who: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def save_with_links(record, history, links: dict | None = None):
    """Save a record and set its many-to-many links, writing one history row with all of it (not one per step).

    `history` is the model's HistoricalRecords; `links` maps a relation's name to its new items (None: unchanged).
    The person and reason are the record's `_history_user` and `_change_reason`, as for any save. A public
    edit: cached figures are computed anew (core.cache).
    """
    created = record._state.adding
    record.skip_history_when_saving = True
    try:
        record.save()
        for name, items in (links or {}).items():
            if items is not None:
                getattr(record, name).set(items)
    finally:
        del record.skip_history_when_saving
    history.create_historical_record(record, "+" if created else "~")
    bump_generation()
    return record


def _who(record) -> str:
    if record.history_user_id is not None and record.history_user is not None:
        user = record.history_user
        return user.get_full_name() or user.first_name or user.email
    if record.history_change_reason == "bundled":
        return _("Samverkan (bundled data)")
    return _("former user")


def _text(value, lookups: dict) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return format_number(value, 0 if value.is_integer() else 2)
    if isinstance(value, list):  # many-to-many rows: [{"target": 1, "sector": 3}, ...]
        names = []
        for row in value:
            for key, item in row.items():
                if key in lookups:
                    names.append(lookups[key].get(item, str(item)))
        return ", ".join(sorted(names)) or "–"
    return str(value)


def history_entries(records, model, *, skip: tuple[str, ...] = (), lookups: dict | None = None) -> list[HistoryEntry]:
    """Every historical record of one object, newest first, each with the fields it changed."""
    lookups = lookups or {}
    labels = {f.name: str(f.verbose_name) for f in model._meta.get_fields() if hasattr(f, "verbose_name")}
    choices = {f.name: dict(f.choices) for f in model._meta.fields if f.choices}
    actions = {
        "+": pgettext("history", "created"),
        "~": pgettext("history", "changed"),
        "-": pgettext("history", "deleted"),
    }
    records = list(records.select_related("history_user").order_by("history_date", "history_id"))
    entries = []
    previous_of: dict = {}  # each object's own previous record: the records may be of several objects
    for record in records:
        previous = previous_of.get(record.id)
        changes = []
        if previous is not None and record.history_type == "~":  # what this change changed
            for change in record.diff_against(previous).changes:
                if change.field in skip:
                    continue
                before, after = change.old, change.new
                if change.field in choices:
                    before, after = choices[change.field].get(before, before), choices[change.field].get(after, after)
                elif isinstance(lookups.get(change.field), dict) and not isinstance(after, list):  # a foreign key
                    before, after = lookups[change.field].get(before, before), lookups[change.field].get(after, after)
                changes.append(
                    Change(labels.get(change.field, change.field), _text(before, lookups), _text(after, lookups))
                )
        else:
            # Created, a first change made before history was kept, or deleted: every field as it was
            # (after creation, before deletion).
            deleted = record.history_type == "-"
            values = []
            for f in model._meta.fields:
                value = getattr(record, f.attname, None)
                if f.name not in skip and f.name != "id" and value not in (None, ""):
                    value = choices.get(f.name, {}).get(value, value)
                    values.append((f.name, lookups.get(f.name, {}).get(value, value)))  # a foreign key's name
            for f in getattr(record, "_history_m2m_fields", ()):  # the links as they were, e.g. the targets
                rows = [
                    {key.removesuffix("_id"): v for key, v in row.items()} for row in getattr(record, f.name).values()
                ]
                if f.name not in skip and rows:
                    values.append((f.name, rows))
            for name, value in values:
                text = _text(value, lookups)
                changes.append(Change(labels.get(name, name), text if deleted else "", "–" if deleted else text))
        action = actions[record.history_type]
        if record.history_change_reason == "restored":
            action = pgettext("history", "restored")
        reason = record.history_change_reason or ""
        entries.append(
            HistoryEntry(
                record.history_id,
                record.history_date,
                _who(record),
                action,
                "" if reason in ("bundled", "restored") else reason,
                changes,
            )
        )
        previous_of[record.id] = record
    return list(reversed(entries))
