"""The send task: claim a notice with one conditional UPDATE, send it through Django's mail framework, record it.

Two workers, or a retry, running the task for one notice: the first claim wins, the other finds the notice
claimed or sent and does nothing. A failed send releases its claim, records the error and is queued again
after NOTICE_RETRY_SECONDS, until NOTICE_MAX_ATTEMPTS. A worker that dies after its claim leaves a claim that
expires after NOTICE_CLAIM_SECONDS; the daily job queues such notices again.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.tasks import task
from django.utils import timezone

from . import kinds
from .models import Notice

log = logging.getLogger("samverkan.notices")


def claim(notice_id: int, *, now: dt.datetime) -> bool:
    """Take the notice for sending: true for exactly one caller while it is unsent and unclaimed."""
    stale = now - dt.timedelta(seconds=settings.NOTICE_CLAIM_SECONDS)
    return bool(
        Notice.objects.filter(pk=notice_id, sent_at__isnull=True, attempts__lt=settings.NOTICE_MAX_ATTEMPTS)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )


@task
def send_notice(notice_id: int) -> str:
    now = timezone.now()
    if not claim(notice_id, now=now):
        return "already sent or being sent"
    notice = Notice.objects.get(pk=notice_id)
    message = EmailMultiAlternatives(
        subject=notice.subject,
        body=notice.body,
        to=[notice.recipient],
        headers=notice.headers or None,
    )
    if notice.html:
        message.attach_alternative(notice.html, "text/html")
    try:
        message.send()
    except Exception as error:
        Notice.objects.filter(pk=notice_id, claimed_at=now).update(
            claimed_at=None, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        if notice.attempts < settings.NOTICE_MAX_ATTEMPTS:
            enqueue(notice_id, run_after=timezone.now() + dt.timedelta(seconds=settings.NOTICE_RETRY_SECONDS))
        raise
    sent = {"sent_at": timezone.now(), "claimed_at": None}
    if kinds.KINDS.get(notice.kind, kinds.Kind("", "", "")).secret:
        sent.update(body="", html="")  # a sign-in link is no longer needed once it is sent
    Notice.objects.filter(pk=notice_id, claimed_at=now).update(**sent)
    return "sent"


def enqueue(notice_id: int, run_after: dt.datetime | None = None) -> None:
    """Queue the send; if the queue cannot take it now, the daily job queues it again (`services.queue_stalled`)."""
    try:
        queued = send_notice.using(run_after=run_after) if run_after else send_notice
        queued.enqueue(notice_id)
    except Exception:
        log.exception("notice %s could not be queued; the daily job will queue it again", notice_id)
