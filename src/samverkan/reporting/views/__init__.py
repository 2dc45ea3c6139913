"""Reporting pages: the coordinators' rounds and follow-up (`rounds`), the members' reports (`submissions`), the
reports a network publishes (`published`)."""
