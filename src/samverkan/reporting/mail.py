"""E-mail about reporting, through notices: a round opened, reminders before the deadline, a report late, a report
submitted, returned or accepted. Each event and recipient is sent once (the notice's key), whatever retries happen.

The loop's events arrive as the `reporting_event` signal after their transaction commits; reminders and lateness are
a daily job in the worker. Texts in Swedish and then English, naming the network, the round and the organization.
"""

import datetime as dt

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from samverkan.networks.services.mail import coordinators, editors, editors_by_organization
from samverkan.notices import schedule
from samverkan.notices.services import absolute_url, bilingual, notify

from .models import ReportingRound, RoundStatus, Submission, SubmissionState
from .queries import required_memberships
from .services import events

# Reminders go this many days before the deadline to organizations that have not submitted.
REMINDER_DAYS = (14, 3)
DONE = (SubmissionState.SUBMITTED, SubmissionState.ACCEPTED)


def _names(round: ReportingRound, organization=None) -> dict:
    names = {
        "network": round.network.name,
        "round": round.title,
        "deadline": formats.date_format(round.deadline, "Y-m-d"),
    }
    if organization is not None:
        names["organization"] = organization.name
    return names


def _reports_link(organization_id: int) -> str:
    return absolute_url(reverse("reporting:organization_reports", args=[organization_id]))


def round_opened(round: ReportingRound, today: dt.date | None = None) -> int:
    """The editors of every organization asked to report hear of an open round, once it has opened."""
    if round.status != RoundStatus.OPEN or round.opens_on > (today or timezone.localdate()):
        return 0
    memberships = list(required_memberships(round.network.memberships, round).select_related("organization"))
    people = editors_by_organization(m.organization_id for m in memberships)
    sent = 0
    for membership in memberships:
        organization = membership.organization
        names = _names(round, organization)
        link = _reports_link(organization.pk)

        def text(names=names, link=link) -> str:
            return "\n\n".join(
                [
                    _("%(network)s has opened the reporting round %(round)s. The deadline is %(deadline)s.") % names,
                    _(
                        "The report of %(organization)s is filled in from what Samverkan holds; check it, add your own "
                        "text and submit it: %(link)s"
                    )
                    % {**names, "link": link},
                ]
            )

        notify(
            kind="round_opened",
            key=f"round_opened:{round.pk}:{organization.pk}",
            recipients=people.get(organization.pk, []),
            subject=bilingual(
                lambda names=names: _("%(network)s: reporting round %(round)s open") % names, joiner=" / "
            ),
            body=bilingual(text),
        )
        sent += 1
    return sent


def _decided(submission: Submission, version, kind: str) -> None:
    round, organization = submission.round, submission.organization
    names = _names(round, organization)
    link = absolute_url(reverse("reporting:submission", args=[round.network.slug, submission.pk]))

    def text() -> str:
        if kind == "submission_returned":
            lines = [
                _("The coordinators of %(network)s returned the report of %(organization)s for %(round)s.") % names,
                _("Their comment:") + "\n" + (version.comment or ""),
                _("Change the report and submit it again: %(link)s") % {"link": link},
            ]
        else:
            lines = [
                _("The coordinators of %(network)s accepted the report of %(organization)s for %(round)s.") % names,
                _("The report: %(link)s") % {"link": link},
            ]
        return "\n\n".join(lines)

    def subject() -> str:
        if kind == "submission_returned":
            return _("%(network)s: the report of %(organization)s returned") % names
        return _("%(network)s: the report of %(organization)s accepted") % names

    notify(
        kind=kind,
        key=f"{kind}:{submission.pk}:{version.number}",
        recipients=editors(organization),
        subject=bilingual(subject, joiner=" / "),
        body=bilingual(text),
    )


def _submitted(submission: Submission, version) -> None:
    round, organization = submission.round, submission.organization
    names = _names(round, organization)
    link = absolute_url(reverse("reporting:submission", args=[round.network.slug, submission.pk]))

    def text() -> str:
        return "\n\n".join(
            [
                _("%(organization)s has submitted its report for %(round)s (version %(version)s).")
                % {**names, "version": version.number},
                _("Read it and accept it or return it with a comment: %(link)s") % {"link": link},
            ]
        )

    notify(
        kind="submission_received",
        key=f"submission_received:{submission.pk}:{version.number}",
        recipients=coordinators(round.network),
        subject=bilingual(lambda: _("%(network)s: report from %(organization)s") % names, joiner=" / "),
        body=bilingual(text),
    )


def on_event(sender, *, round, submission=None, version=None, by=None, **kwargs) -> None:
    if sender == events.ROUND_OPENED:
        round_opened(round)
    elif sender == events.SUBMITTED:
        _submitted(submission, version)
    elif sender == events.RETURNED:
        _decided(submission, version, "submission_returned")
    elif sender == events.ACCEPTED:
        _decided(submission, version, "submission_accepted")


def _waiting(round: ReportingRound) -> list:
    """The memberships asked to report in the round whose report is not submitted or accepted."""
    done = set(round.submissions.filter(state__in=DONE).values_list("organization_id", flat=True))
    memberships = required_memberships(round.network.memberships, round).select_related("organization")
    return [m for m in memberships if m.organization_id not in done]


def _reminder(round: ReportingRound, organization, days_left: int, threshold: int, recipients: list) -> None:
    names = {**_names(round, organization), "days": days_left, "link": _reports_link(organization.pk)}
    notify(
        kind="deadline_reminder",
        # Once per reminder and deadline: a deadline moved later reminds again.
        key=f"deadline_reminder:{round.pk}:{organization.pk}:{round.deadline.isoformat()}:{threshold}",
        recipients=recipients,
        subject=bilingual(lambda: _("%(network)s: %(days)s days left to report for %(round)s") % names, joiner=" / "),
        body=bilingual(
            lambda: (
                _(
                    "The report of %(organization)s for %(round)s is due on %(deadline)s, in %(days)s days. "
                    "It is not submitted yet: %(link)s"
                )
                % names
            )
        ),
    )


def _late(round: ReportingRound, organization, recipients: list) -> None:
    names = {**_names(round, organization), "link": _reports_link(organization.pk)}
    notify(
        kind="report_late",
        key=f"report_late:{round.pk}:{organization.pk}:{round.deadline.isoformat()}",
        recipients=recipients,
        subject=bilingual(lambda: _("%(network)s: the report of %(organization)s is late") % names, joiner=" / "),
        body=bilingual(
            lambda: (
                _("The report of %(organization)s for %(round)s was due on %(deadline)s and is not submitted: %(link)s")
                % names
            )
        ),
    )


@schedule.daily
def remind(today: dt.date | None = None) -> int:
    """Each day: rounds opened since are announced; reminders 14 and 3 days before the deadline (each once, caught up
    on a later day if the worker did not run); a late report is told to its editors and the coordinators once.
    Returns how many organizations were considered for a reminder or lateness (the notices themselves go once)."""
    today = today or timezone.localdate()
    told = 0
    for round in ReportingRound.objects.filter(status=RoundStatus.OPEN, opens_on__lte=today).select_related("network"):
        round_opened(round, today)
        days_left = (round.deadline - today).days
        # The nearest reminder whose day has come (a day the worker did not run is caught up the next).
        threshold = min((days for days in REMINDER_DAYS if days_left <= days), default=None)
        if days_left >= 0 and threshold is None:
            continue
        waiting = _waiting(round)
        people = editors_by_organization(m.organization_id for m in waiting)
        network_coordinators = list(coordinators(round.network)) if days_left < 0 else []
        for membership in waiting:
            editors_here = people.get(membership.organization_id, [])
            if days_left >= 0:
                _reminder(round, membership.organization, days_left, threshold, editors_here)
            else:
                _late(round, membership.organization, [*editors_here, *network_coordinators])
            told += 1
    return told


def connect() -> None:
    events.reporting_event.connect(on_event, dispatch_uid="samverkan.reporting.mail")
