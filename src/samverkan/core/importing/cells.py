"""Cells as people see and type them: column names, and whole numbers written with thousands separators."""

from samverkan.core.errors import column_letter


def column_name(index: int, header: str | None = None) -> str:
    """A column as people see it in a spreadsheet: its letter, and its heading when known."""
    letter = column_letter(index)
    return f"{letter} ({header})" if header else letter


def as_whole_number(value) -> int | None:
    """A cell as a non-negative whole number, or None when it is not one.

    Accepts numbers and text with spaces as thousands separators ("71 260 000"),
    as the publishers' files store them.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        if value != value or value < 0 or not value.is_integer():
            return None
        return int(value)
    if isinstance(value, str):
        cleaned = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").strip()
        if cleaned.isdigit():
            return int(cleaned)
    return None


def cell_text(cells: list, index: int) -> str:
    """A row's cell as stripped text ('' past the row's end): numbers as Python writes them."""
    if index >= len(cells):
        return ""
    value = cells[index]
    return value.strip() if isinstance(value, str) else ("" if value == "" else str(value))
