"""The kinds of notice, defined in code: what each is, who gets it, and whether a person may turn it off.

Other apps register their kinds here (or call `register`), so every kind a person can choose exists in one list.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samverkan.core.errors import Invalid


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str | Promise
    audience: str | Promise  # who gets it, in words for the choices page
    default: bool = True  # sent unless the person turned it off
    optional: bool = True  # False: always sent (account messages), not on the choices page
    secret: bool = False  # the text holds a secret (a sign-in link): deleted as soon as it is sent


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    existing = KINDS.get(kind.slug)
    if existing is not None and existing != kind:
        raise ValueError(f"The notice kind {kind.slug!r} is already registered differently.")
    KINDS[kind.slug] = kind
    return kind


def kind(slug: str) -> Kind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Invalid(_("%(kind)s is not a kind of notice.") % {"kind": str(slug)[:60]}) from None


def choosable() -> list[Kind]:
    """The kinds a person may turn on and off, in the registry's order."""
    return [item for item in KINDS.values() if item.optional]


for _kind in (
    Kind(
        "password_reset",
        _("New password"),
        _("the person who asked for a new password"),
        optional=False,
        secret=True,
    ),
    Kind("invitation", _("Invitation"), _("the person invited"), optional=False, secret=True),
    Kind(
        "application_received",
        _("An application to a network"),
        _("the network's coordinators"),
    ),
    Kind(
        "application_decided",
        _("A decision on an application"),
        _("the applying organization's editors"),
    ),
    Kind("round_opened", _("A reporting round opened"), _("the member organizations' editors")),
    Kind(
        "deadline_reminder",
        _("A reminder before a reporting deadline"),
        _("the editors of organizations that have not submitted"),
    ),
    Kind("report_late", _("A report is late"), _("the editors of the late organization and the coordinators")),
    Kind("submission_received", _("A report submitted"), _("the network's coordinators")),
    Kind("submission_returned", _("A report returned for changes"), _("the organization's editors")),
    Kind("submission_accepted", _("A report accepted"), _("the organization's editors")),
):
    register(_kind)
