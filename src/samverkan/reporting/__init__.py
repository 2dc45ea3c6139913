"""Reporting: each network's report framework, filled from what an organization already holds, the coordinators'
reporting rounds, and submissions frozen when submitted."""
