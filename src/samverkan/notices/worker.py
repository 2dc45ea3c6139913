"""The worker: runs the tasks waiting in the database queue (django-tasks-db), and queues the daily jobs.

`run_pending` runs what is ready now and returns; `samverkan worker` calls it in a loop, `--once` a single time,
and the tests call it to run the real queue.
"""

import logging
import os
import time

from django.db import OperationalError, close_old_connections
from django.tasks import task_backends
from django.utils.crypto import get_random_string
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from . import schedule

log = logging.getLogger("samverkan.notices")
RECOVERY = 10  # seconds to wait after the queue could not be reached


def database_backend(alias: str = "default") -> DatabaseBackend | None:
    backend = task_backends[alias]
    return backend if isinstance(backend, DatabaseBackend) else None


def new_worker(alias: str = "default", *, interval: float = 1.0) -> Worker:
    backend = database_backend(alias)
    if backend is None:
        raise ValueError(f"The task backend {alias!r} is not the database queue; run its own worker instead.")
    return Worker(
        queue_names=list(backend.queues),
        interval=interval,
        batch=True,
        backend_name=alias,
        startup_delay=False,
        max_tasks=None,
        worker_id=f"{os.uname().nodename[:30]}-{os.getpid()}-{get_random_string(8)}",
        excluded_queue_names=[],
    )


def run_pending(worker: Worker | None = None) -> int:
    """Run every task that is ready, one at a time, each claimed in its own transaction; returns how many ran."""
    worker = worker or new_worker()
    count = 0
    while worker.running:
        tasks = DBTaskResult.objects.ready().filter(backend_name=worker.backend_name, queue_name__in=worker.queue_names)
        try:
            with exclusive_transaction(tasks.db):
                result = tasks.get_locked()
                if result is None:
                    return count
                result.claim(worker.worker_id)  # no other worker takes it now
        except OperationalError as error:
            if is_locked_database_exception(error):  # SQLite busy with another writer: try again later
                return count
            raise
        worker.run_task(result)
        count += 1
    return count


def run_forever(worker: Worker, *, stop_when_orphaned: bool = False) -> None:
    """Queue the daily jobs when due and run the ready tasks, then wait `interval` seconds; until SIGTERM/SIGINT."""
    parent = os.getppid()
    worker.configure_signals()
    log.info("worker %s started", worker.worker_id)
    while worker.running:
        try:
            close_old_connections()  # as after a request: drop connections the database closed
            schedule.queue_daily_if_due()
            ran = run_pending(worker)
        except Exception:  # the database gone for a moment: keep the worker, try again shortly
            log.exception("worker %s could not reach the queue; trying again in %s s", worker.worker_id, RECOVERY)
            time.sleep(RECOVERY)
            continue
        if stop_when_orphaned and os.getppid() != parent:
            log.info("worker %s stops: the server that started it has stopped", worker.worker_id)
            return
        if worker.running and not ran:
            time.sleep(worker.interval)
