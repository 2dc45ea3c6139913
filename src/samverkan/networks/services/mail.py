"""E-mail about applications, through notices: the coordinators hear of an application, the applicant's editors of
the decision. Each text in Swedish and then in English, naming the network and the organization, with a link."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from samverkan.notices.services import absolute_url, bilingual, notify

from ..models import Membership, MembershipStatus


def coordinators(network):
    """The people who coordinate the network (their role in it), active accounts only."""
    return (
        get_user_model()
        .objects.filter(is_active=True, network_roles__network=network, network_roles__role="coordinator")
        .distinct()
    )


EDITING_ROLES = ("editor", "admin")


def _editing(organization_ids):
    """Active accounts that edit for any of these organizations (editors and administrators)."""
    return get_user_model().objects.filter(
        is_active=True,
        organization_roles__organization_id__in=list(organization_ids),
        organization_roles__role__in=EDITING_ROLES,
    )


def editors(organization):
    """The people who edit for the organization (editors and administrators), active accounts only."""
    return _editing([organization.pk]).distinct()


def editors_by_organization(organization_ids) -> dict[int, list[str]]:
    """The addresses of the people who edit for each organization: one query for all of them."""
    found: dict[int, list[str]] = {}
    for organization_id, email in (
        _editing(organization_ids).values_list("organization_roles__organization_id", "email").distinct()
    ):
        found.setdefault(organization_id, []).append(email)
    return found


def application_received(membership: Membership) -> None:
    network, organization = membership.network, membership.organization
    link = absolute_url(reverse("networks:applications", args=[network.slug]))
    event = membership.history.order_by("-history_id").values_list("history_id", flat=True).first()
    names = {"network": network.name, "organization": organization.name}

    def text() -> str:
        lines = [
            _("%(organization)s has applied to join %(network)s.") % names,
            _("Read the application and decide on it: %(link)s") % {"link": link},
        ]
        if membership.application_note:
            lines.insert(1, _("The application says:") + "\n" + membership.application_note)
        return "\n\n".join(lines)

    notify(
        kind="application_received",
        key=f"application_received:{membership.pk}:{event}",
        recipients=coordinators(network),
        subject=bilingual(lambda: _("Application to %(network)s from %(organization)s") % names, joiner=" / "),
        body=bilingual(text),
    )


def application_decided(membership: Membership) -> None:
    network, organization = membership.network, membership.organization
    link = absolute_url(reverse("networks:detail", args=[network.slug]))
    names = {"network": network.name, "organization": organization.name}

    def decision() -> str:
        if membership.status == MembershipStatus.ACTIVE:
            return _("%(organization)s is now a member of %(network)s.") % names
        if membership.status == MembershipStatus.OBSERVER:
            return _("%(organization)s is now an observer in %(network)s until %(until)s.") % {
                **names,
                "until": formats.date_format(membership.until, "Y-m-d"),
            }
        return _("The application of %(organization)s to %(network)s was declined. The reason: %(reason)s") % {
            **names,
            "reason": membership.decision_reason,
        }

    def text() -> str:
        return "\n\n".join([decision(), _("The network in Samverkan: %(link)s") % {"link": link}])

    notify(
        kind="application_decided",
        key=f"application_decided:{membership.pk}:{membership.decided_at.isoformat()}",
        recipients=editors(organization),
        subject=bilingual(
            lambda: _("Decision on the application of %(organization)s to %(network)s") % names, joiner=" / "
        ),
        body=bilingual(text),
    )
