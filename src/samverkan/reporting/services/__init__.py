"""Writes of the reporting loop: rounds (`rounds`), submissions (`submissions`), every event in `events`."""

from .errors import Conflict, ItemErrors
from .rounds import ROUND_FIELDS, round_close, round_save
from .submissions import checksum, decide, draft_for, draft_save, submit

__all__ = [
    "ROUND_FIELDS",
    "Conflict",
    "ItemErrors",
    "checksum",
    "decide",
    "draft_for",
    "draft_save",
    "round_close",
    "round_save",
    "submit",
]
