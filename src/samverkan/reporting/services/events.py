"""Every event of the reporting loop, in one place: round opened, submitted, returned, accepted.

The services call `announce` inside their transaction; the event is sent once the transaction commits, as the
`reporting_event` signal (sender: the kind of event). Notices (e-mail, the task queue) connect to this signal; this app
sends no e-mail itself.
"""

import logging

from django.db import transaction
from django.dispatch import Signal

log = logging.getLogger("samverkan.reporting")

ROUND_OPENED = "round_opened"
ROUND_CLOSED = "round_closed"
SUBMITTED = "submitted"
RETURNED = "returned"
ACCEPTED = "accepted"
EVENTS = (ROUND_OPENED, ROUND_CLOSED, SUBMITTED, RETURNED, ACCEPTED)

# Sent after commit with sender=<one of EVENTS>, round=ReportingRound, submission=Submission | None,
# version=SubmissionVersion | None, by=User | None.
reporting_event = Signal()


def announce(kind: str, *, round, submission=None, version=None, by=None) -> None:
    """Send the event once the current transaction commits (never for a change that was rolled back)."""
    if kind not in EVENTS:
        raise ValueError(f"unknown reporting event {kind}")

    def send():
        log.info("reporting event %s: round %s, submission %s", kind, round.pk, getattr(submission, "pk", None))
        reporting_event.send(sender=kind, round=round, submission=submission, version=version, by=by)

    transaction.on_commit(send)
