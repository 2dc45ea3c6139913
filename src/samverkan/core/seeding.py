"""Bundled records seeded by an earlier version get what the bundle adds later, without overwriting anyone's edits."""


def fill_blanks(record, entry: dict, fields: tuple[str, ...] | None = None) -> list[str]:
    """Set the record's empty fields that the bundle's entry gives (by default its English texts, `*_en`).

    A field someone filled is never changed; returns the fields filled. The history row says "bundled".
    """
    fields = fields if fields is not None else tuple(key for key in entry if key.endswith("_en"))
    empty = [field for field in fields if entry.get(field) and hasattr(record, field) and not getattr(record, field)]
    if empty:
        for field in empty:
            setattr(record, field, entry[field])
        record._change_reason = "bundled"
        record.save(update_fields=empty)
    return empty
