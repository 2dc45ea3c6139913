"""The report frameworks, defined in code and versioned: each fills a draft from what the platform holds.

A draft's content is plain JSON (stored as is in a submission's frozen snapshot):

    {"framework": slug, "version": int, "organization": {"id": int, "name": str}, "year": int,
     "releases": [{"slug": str, "label": str}],
     "sections": [{"key": str, "title": str, "items": [Item as dict, ...]}, ...],
     ...framework-specific keys (the Covenant's "inventories")}

An item is {"key", "label", "kind", "value", "mandatory", "editable", "source", "rationale"}: `kind` is one of
ITEM_KINDS; `source` is {"text", "url", "release"} saying where a filled value came from, or null for the member's
own text; `editable` items are the member's to change, the others are the platform's figures.
A "yesno" item's `rationale` is text (the platform's reasons, for the member to edit), null for other kinds; a
"table" item's value is {"columns": [str], "rows": [[plain values]]}; a "choice" item also has "choices":
[{"value", "label"}]. Dates are ISO strings. The content also holds "territory" ({"code", "name"} or null) and
"filled_on"; the Covenant's adds "inventories", "sector_mapping" and "deadlines" ([{"key", "label", "due", ...}]),
the Aalborg one "deadlines" and "theme_mapping". Labels are rendered in the language of the request.

The modules: klimatkommunerna.py, covenant.py (with covenant_inventory.py), aalborg.py; common.py reads what they
are filled from. Each registers itself on import, at the end of this module.
"""

from collections.abc import Callable
from dataclasses import dataclass

ITEM_KINDS = ("text", "yesno", "number", "date", "choice", "table")


@dataclass(frozen=True)
class Framework:
    slug: str
    name: str
    name_en: str
    version: int
    # Network slugs whose reporting rounds may use this framework.
    networks: tuple[str, ...]
    # fill(organization, *, year, release) -> content (dict as above); release None means the latest official one.
    fill: Callable[..., dict]
    # deadlines(membership, today) -> [{"key", "label", "due" (ISO date), ...}]: the member's own due dates, which
    # follow from its own dates (the Covenant's from adhesion); None where the network sets only round deadlines.
    deadlines: Callable[..., list[dict]] | None = None


FRAMEWORKS: dict[str, Framework] = {}


def register(framework: Framework) -> Framework:
    FRAMEWORKS[framework.slug] = framework
    return framework


def _empty(item: dict) -> bool:
    value = item["value"]
    if item["kind"] == "table":
        return not value or not value.get("rows")
    return value is None or (isinstance(value, str) and not value.strip())


def missing_mandatory(content: dict) -> list[dict]:
    """The member's mandatory items without a value (a table without rows), in order: [{"section", "key", "label"}],
    for refusing a submission with a message naming each one.

    Only the member's own (editable) items count: a figure the platform does not hold (an adhesion date the list
    lacks, a plan not in Samverkan) is shown as missing in the report, never a reason the member cannot submit it.
    """
    return [
        {"section": section["key"], "key": item["key"], "label": item["label"]}
        for section in content["sections"]
        for item in section["items"]
        if item["mandatory"] and item.get("editable") and _empty(item)
    ]


# The frameworks register themselves on import (each module calls `register`).
from . import aalborg, covenant, klimatkommunerna  # noqa: E402, F401  (after Framework and register, which they use)
