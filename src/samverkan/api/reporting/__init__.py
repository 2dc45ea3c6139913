"""API for reporting: the frameworks' drafts (drafts.py); rounds and submissions join it."""

from .drafts import router

__all__ = ["router"]
