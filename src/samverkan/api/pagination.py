"""One pagination for every list in the API: `limit` and `offset`, at most MAX_LIMIT items a page.

A list operation returns its whole list (a list or a QuerySet, sliced here), a Window that fetches one page
itself, or a Page: the list with facts about the whole of it (a ranking's release and year), which the answer
carries beside `count` and `items`. A `limit` over the maximum is refused (422 naming `limit`), not clamped.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000


class Window:
    """A list that fetches one page at a time: `fetch(offset=, limit=)` answers (count of all, the page)."""

    def __init__(self, fetch: Callable[..., tuple[int, Sequence]]):
        self.fetch = fetch


class Page:
    """A list with facts about the whole of it, given beside `count` and `items` (declared with `about=`)."""

    def __init__(self, items: Sequence | QuerySet | Window, **about: Any):
        self.items = items
        self.about = about


class LimitOffset(PaginationBase):
    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"At most this many items, {MAX_LIMIT} at most"
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Leave out this many items first")

    class Output(Schema):
        count: int = Field(description="Items in the whole list; page on with `offset`")
        items: list[Any]

    def __init__(self, *, about: type[Schema] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if about is not None:  # the facts first, then count and items, as the answers gave them before paging
            self.Output = type(f"{about.__name__}Page", (LimitOffset.Output, about), {})

    def paginate_queryset(self, queryset, pagination: Input, request, **params) -> dict:
        about = {}
        if isinstance(queryset, Page):
            about, queryset = queryset.about, queryset.items
        offset, limit = pagination.offset, pagination.limit
        if isinstance(queryset, Window):
            count, items = queryset.fetch(offset=offset, limit=limit)
        else:
            count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
            items = queryset[offset : offset + limit]
        return {**about, "count": count, "items": list(items)}
