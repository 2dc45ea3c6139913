"""Writes for notices: record a notice once per event and recipient, honour each person's choices, queue the send.

`notify` is what other apps call; the sending itself is `tasks.send_notice`, run by a worker.
"""

import datetime as dt
import functools
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samverkan.core.errors import Invalid

from . import kinds, tasks
from .models import Notice, NoticeChoice, address_hash

ENGLISH_BELOW = "\n\n— In English —\n\n"


def absolute_url(path: str) -> str:
    """A link for an e-mail: the site's address (SAMVERKAN_SITE_URL) and the path."""
    return settings.SITE_URL + path


def bilingual(render: Callable[[], str], *, joiner: str = ENGLISH_BELOW) -> str:
    """A text in Swedish, then in English (`joiner` between, " / " for a subject): `render` runs in each language."""
    with translation.override("sv"):
        swedish = render()
    with translation.override("en"):
        english = render()
    return swedish + joiner + english


def _footer() -> str:
    link = absolute_url(reverse("accounts:notices"))
    return bilingual(lambda: _("Choose which notices Samverkan sends you: %(link)s") % {"link": link}, joiner="\n")


def _recipients(kind: kinds.Kind, recipients: Iterable) -> list[str]:
    """The addresses that get the notice. People are given as users or as addresses; a person with an account
    gets an optional kind only if the account is active and they have not turned the kind off."""
    addresses = []
    for recipient in recipients:
        address = recipient if isinstance(recipient, str) else (recipient.email or "")
        address = address.strip().lower()
        if address and address not in addresses:
            addresses.append(address)
    if not kind.optional or not addresses:
        return addresses
    accounts = {
        account.address: account
        for account in get_user_model().objects.annotate(address=Lower("email")).filter(address__in=addresses)
    }
    chosen = dict(
        NoticeChoice.objects.filter(user__in=list(accounts.values()), kind=kind.slug).values_list("user_id", "wants")
    )
    return [
        address
        for address in addresses
        if (account := accounts.get(address)) is None or (account.is_active and chosen.get(account.pk, kind.default))
    ]


def notify(
    *,
    kind: str,
    key: str,
    recipients: Iterable,
    subject: str,
    body: str,
    html: str = "",
    headers: dict | None = None,
) -> list[Notice]:
    """Record one notice per recipient for the event `key` and queue each for sending once the transaction commits.

    Recipients are people (users) or e-mail addresses. Calling it again with the same key records nothing new
    for a recipient who already has the notice, so the same event is never sent twice. Returns the new notices.
    """
    notice_kind = kinds.kind(kind)
    key = (key or "").strip()
    if not key or len(key) > 200:
        raise Invalid(_("A notice needs a key of 1 to 200 characters."))
    subject = " ".join(subject.split())[:300]
    if notice_kind.optional:
        body = body.rstrip() + "\n\n-- \n" + _footer() + "\n"
    now = timezone.now()
    created = []
    with transaction.atomic():
        for address in _recipients(notice_kind, recipients):
            notice, is_new = Notice.objects.get_or_create(
                key=key,
                recipient_hash=address_hash(address),
                defaults={
                    "kind": notice_kind.slug,
                    "recipient": address,
                    "subject": subject,
                    "body": body,
                    "html": html,
                    "headers": headers or {},
                    "created_at": now,
                },
            )
            if is_new:
                created.append(notice)
                transaction.on_commit(functools.partial(tasks.enqueue, notice.pk))
    return created


# --- each person's choices ---------------------------------------------------------------------------


def choices_set(*, user, wanted: Iterable[str]) -> dict[str, bool]:
    """Turn each choosable kind on (those in `wanted`) or off (the others). An unknown kind changes nothing."""
    wanted = {str(slug) for slug in wanted}
    choosable = {item.slug for item in kinds.choosable()}
    unknown = sorted(wanted - choosable)
    if unknown:
        raise Invalid(
            _("%(kinds)s is not a kind of notice you can choose; nothing was changed.")
            % {"kinds": ", ".join(slug[:60] for slug in unknown[:5])}
        )
    now = timezone.now()
    result = {slug: slug in wanted for slug in sorted(choosable)}
    with transaction.atomic():
        for slug, wants in result.items():
            NoticeChoice.objects.update_or_create(user=user, kind=slug, defaults={"wants": wants, "changed_at": now})
    return result


def forget_address(address: str) -> int:
    """A person's account is deleted: their unsent notices are dropped, the sent ones keep only kind, key, time
    and the address's hash. Returns how many notices held the address."""
    notices = Notice.objects.filter(recipient_hash=address_hash(address))
    count = notices.count()
    notices.filter(sent_at__isnull=True).delete()
    notices.update(recipient="", subject="", body="", html="", headers={})
    return count


# --- the daily housekeeping --------------------------------------------------------------------------


def forget_sent_texts(*, now: dt.datetime | None = None) -> int:
    """Delete the address and text of notices sent more than NOTICE_KEEP_DAYS ago; keep kind, key, sent_at and
    the address's hash (so the same event is still never sent again). Returns how many were emptied."""
    now = now or timezone.now()
    before = now - dt.timedelta(days=settings.NOTICE_KEEP_DAYS)
    return (
        Notice.objects.filter(sent_at__lt=before)
        .exclude(recipient="", subject="", body="", html="", headers={})
        .update(recipient="", subject="", body="", html="", headers={})
    )


def queue_stalled(*, now: dt.datetime | None = None) -> int:
    """Queue again the unsent notices nobody is working on: a worker that crashed after its claim, or a send
    that could not be queued. The claim decides who sends, so queuing one twice sends it once."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.NOTICE_CLAIM_SECONDS)
    ids = list(
        Notice.objects.filter(sent_at__isnull=True, attempts__lt=settings.NOTICE_MAX_ATTEMPTS, created_at__lt=stale)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .values_list("pk", flat=True)
    )
    for notice_id in ids:
        tasks.enqueue(notice_id)
    return len(ids)
