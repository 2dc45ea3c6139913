"""Reads for notices: a person's choices, each kind with whether they get it."""

from dataclasses import dataclass

from . import kinds
from .models import Notice, NoticeChoice, address_hash


@dataclass(frozen=True)
class Choice:
    kind: kinds.Kind
    wants: bool
    chosen: bool  # false: the kind's default holds, the person has not chosen


def choices_for(user) -> list[Choice]:
    chosen = dict(NoticeChoice.objects.filter(user=user).values_list("kind", "wants"))
    return [Choice(kind, chosen.get(kind.slug, kind.default), kind.slug in chosen) for kind in kinds.choosable()]


def notices_to(address: str) -> list[dict]:
    """The notices Samverkan holds for an address (for the person's own data): what, when, whether sent."""
    rows = Notice.objects.filter(recipient_hash=address_hash(address)).order_by("created_at")
    return [
        {
            "kind": notice.kind,
            "subject": notice.subject,
            "created": notice.created_at.isoformat(),
            "sent": notice.sent_at.isoformat() if notice.sent_at else None,
        }
        for notice in rows
    ]
