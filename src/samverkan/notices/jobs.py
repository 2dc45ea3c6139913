"""The notices' own daily housekeeping."""

from . import schedule, services


@schedule.daily
def forget_sent_texts() -> int:
    return services.forget_sent_texts()


@schedule.daily
def queue_stalled() -> int:
    return services.queue_stalled()
