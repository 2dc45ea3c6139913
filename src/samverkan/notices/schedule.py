"""Daily jobs: other apps register callables with `daily`; a worker queues `run_daily` once a day.

    from samverkan.notices import schedule

    @schedule.daily
    def send_reminders(): ...

Register in the app's `AppConfig.ready()` (or a module it imports), so the worker knows the job. The day is
remembered in the database (`DailyRun`): of several workers, the first to insert the day queues the jobs.
"""

import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from .models import DailyRun

log = logging.getLogger("samverkan.notices")
JOBS: dict[str, Callable[[], object]] = {}


def daily(job: Callable[[], object]) -> Callable[[], object]:
    """Run `job` (no arguments) once a day in the worker. Returns it unchanged, so it works as a decorator."""
    JOBS[f"{job.__module__}.{job.__qualname__}"] = job
    return job


@task
def run_daily() -> dict[str, str]:
    """Run every daily job; one that fails is logged and does not stop the others."""
    results = {}
    for name, job in JOBS.items():
        try:
            results[name] = str(job())
        except Exception as error:
            log.exception("daily job %s failed", name)
            results[name] = f"failed: {type(error).__name__}"
    return results


def queue_daily_if_due(*, now: dt.datetime | None = None) -> bool:
    """Queue today's `run_daily` once the day's hour (DAILY_HOUR, local time) has come, unless a worker did."""
    local = timezone.localtime(now or timezone.now())
    if local.hour < settings.DAILY_HOUR:
        return False
    try:
        with transaction.atomic():
            DailyRun.objects.create(day=local.date(), enqueued_at=timezone.now())
            # In the same transaction with the database queue: the day and its task are kept together or not at all.
            run_daily.enqueue()
    except IntegrityError:
        return False
    return True
