"""API for reporting: rounds and submissions (`rounds`); the frameworks' drafts as files (`drafts`)."""
