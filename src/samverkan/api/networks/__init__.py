"""API for networks and memberships: open reads, and writes with a network's API token for its coordinators."""

from .reads import router
from .writes import write_router

__all__ = ["router", "write_router"]
