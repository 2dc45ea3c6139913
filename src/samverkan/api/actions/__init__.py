"""API for action plans and the action library: open reads, and writes with an organization's API token."""

from .reads import router
from .writes import write_router

__all__ = ["router", "write_router"]
