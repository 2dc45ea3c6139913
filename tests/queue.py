"""The real task queue in tests: what a commit would queue, then the worker's run of what is ready."""

from django.db import connection

from samverkan.notices.worker import run_pending


def commit() -> None:
    """Run the on-commit callbacks of the test's transaction, as its commit would (each test runs in a
    transaction that is rolled back, so they never run by themselves)."""
    while connection.run_on_commit:
        callbacks, connection.run_on_commit = connection.run_on_commit, []
        for _savepoints, callback, _robust in callbacks:
            callback()


def run_queue() -> int:
    """Commit, then let the worker run every task that is ready in the database queue; how many ran."""
    commit()
    return run_pending()
