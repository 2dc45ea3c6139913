"""API for reporting: the frameworks' drafts (drafts.py); rounds and submissions (rounds.py)."""

from .drafts import router
from .rounds import router as rounds_router
from .rounds import write_router as rounds_write_router

__all__ = ["rounds_router", "rounds_write_router", "router"]
