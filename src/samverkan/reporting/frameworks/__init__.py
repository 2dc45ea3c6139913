"""The report frameworks, defined in code and versioned: each fills a draft from what the platform holds.

A draft's content is plain JSON (stored as is in a submission's frozen snapshot):

    {"framework": slug, "version": int, "organization": {"id": int, "name": str}, "year": int,
     "releases": [{"slug": str, "label": str}],
     "sections": [{"key": str, "title": str, "items": [Item as dict, ...]}, ...],
     ...framework-specific keys (the Covenant's "inventories")}

An item is {"key", "label", "kind", "value", "mandatory", "editable", "source", "rationale"}: `kind` is one of
ITEM_KINDS; `source` is {"text", "url", "release"} saying where a filled value came from, or null for the member's
own text; `editable` items are the member's to change, the others are the platform's figures.
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


FRAMEWORKS: dict[str, Framework] = {}


def register(framework: Framework) -> Framework:
    FRAMEWORKS[framework.slug] = framework
    return framework


# The frameworks register themselves on import (each module calls `register`).
from . import aalborg, covenant, klimatkommunerna  # noqa: E402, F401  (after Framework and register, which they use)
