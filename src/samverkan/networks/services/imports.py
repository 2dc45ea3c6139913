"""The Covenant of Mayors imports and the bundled networks: whole files written in one transaction."""

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from samverkan.core.errors import DataFileError, Problem
from samverkan.core.importing import ProgressCallback, no_progress
from samverkan.places.models import Organization, OrganizationKind, Territory
from samverkan.sources.coverage import refuse_empty
from samverkan.sources.importing import ReadRelease, release_import
from samverkan.sources.services import ReleaseInfo
from samverkan.targets.models import Commitment
from samverkan.targets.services import targets_seed

from .. import importers, queries
from ..models import (
    Membership,
    MembershipRole,
    Network,
    NetworkKind,
)

ALIASES = "covenant-of-mayors/aliases.csv"
COVENANT = {
    "slug": "borgmastaravtalet",
    "name": "Borgmästaravtalet",
    "name_en": "Covenant of Mayors for Climate & Energy",
    "kind": NetworkKind.COMMITMENT,
    "website": "https://eu-mayors.ec.europa.eu/",
    "description": (
        "Borgmästaravtalet engagerar lokala och regionala aktörer som på frivillig väg åtar sig att öka "
        "energieffektiviteten och användningen av förnybara energikällor."
    ),
    "description_en": (
        "The Covenant of Mayors brings together local and regional authorities that voluntarily commit to "
        "increasing energy efficiency and the use of renewable energy sources."
    ),
}


def covenant_import(
    *,
    path: Path,
    info: ReleaseInfo,
    aliases_path: Path | None = None,
    partial: bool = False,
    progress: ProgressCallback = no_progress,
) -> int:
    """The Swedish signatories of the Covenant of Mayors as memberships with their commitments; all or nothing.

    A list without Swedish signatories is refused; one without a Swedish signatory an earlier list brought is
    refused unless partial.
    """

    aliases_path = aliases_path or Path(settings.BUNDLED_DATA_DIR) / ALIASES

    def read() -> ReadRelease:
        progress(_("Reading %(file)s") % {"file": path.name}, 0, 1)
        municipalities = dict(Territory.objects.municipalities().values_list("code", "name"))
        parsed = importers.parse(path, aliases=importers.read_aliases(aliases_path), municipalities=municipalities)
        if parsed.problems:
            raise DataFileError(parsed.problems)
        refuse_empty(len(parsed.signatories), file=path.name, what=_("signatories in Sweden (country_code se)"))
        earlier = queries.covenant_signatories_in_sweden(publisher=info.publisher, slug=COVENANT["slug"])
        coordinators, problems = _coordinators(path, parsed.signatories)
        return ReadRelease(
            kind="covenant",
            content=lambda: parsed.signatories,
            row_count=len(parsed.signatories),
            data=(parsed.signatories, coordinators),
            problems=problems,
            gaps=importers.coverage(path, parsed, earlier),
        )

    def write(release, data) -> int:
        signatories, coordinators = data
        targets_seed()  # the commitments the memberships refer to
        authorities = dict(Territory.objects.municipalities().values_list("code", "authority_id"))
        network, _created = Network.objects.get_or_create(slug=COVENANT["slug"], defaults=COVENANT)
        Commitment.objects.filter(slug__in=importers.COMMITMENTS.values(), network=None).update(network=network)
        commitments = {c.slug: c for c in Commitment.objects.filter(slug__in=importers.COMMITMENTS.values())}
        for done, signatory in enumerate(signatories, start=1):
            if signatory.municipality_code:
                organization = Organization.objects.get(pk=authorities[signatory.municipality_code])
            else:
                organization, _created = Organization.objects.get_or_create(
                    name=signatory.organization_name, kind=OrganizationKind.OTHER, country="SE"
                )
            membership, _created = Membership.objects.update_or_create(
                organization=organization,
                network=network,
                role=MembershipRole.SIGNATORY,
                defaults={
                    "status": signatory.status,
                    "since": signatory.since,
                    "coordinator": coordinators.get(signatory.coordinator),
                    "supporter_name": signatory.supporter,
                    "source": f"{info.publisher}: {info.label} ({signatory.name}, id {signatory.source_id})",
                },
            )
            membership.commitments.set([commitments[slug] for slug in signatory.commitments])
            progress(_("Signatories"), done, len(signatories))
        return len(signatories)

    _release, count = release_import(
        info=info, files=[path, aliases_path], read=read, write=write, partial=partial, file_name=path.name
    )
    return count


def _coordinators(path: Path, signatories) -> tuple[dict, list[Problem]]:
    """The coordinators the signatories name, each an organization in Samverkan; a name not found is a problem."""
    coordinators, problems = {}, []
    for signatory in signatories:
        if signatory.coordinator and signatory.coordinator not in coordinators:
            found = Organization.objects.filter(name=signatory.coordinator, country="SE").first()
            if found is None:
                problems.append(
                    Problem(
                        path.name,
                        importers.SHEET,
                        signatory.row,
                        "coordinator_name",
                        signatory.coordinator,
                        _("an organization in Samverkan, or a name in the alias table"),
                    )
                )
            coordinators[signatory.coordinator] = found
    return coordinators, problems


def covenant_import_abroad(*, path: Path, info: ReleaseInfo, progress: ProgressCallback = no_progress) -> int:
    """Every signatory outside Sweden as an organization with its country, and its Covenant membership.

    For networks that span Europe; the default data holds the Swedish signatories only. Organizations
    are matched on their id in the list, so a later release updates them instead of adding them again.
    """

    def read() -> ReadRelease:
        signatories, problems = importers.parse_abroad(path)
        if not signatories and not problems:
            raise DataFileError(
                [Problem(path.name, importers.SHEET, None, "country_code", "SE", _("signatories outside Sweden"))]
            )
        return ReadRelease(
            kind="covenant-europe",
            content=lambda: signatories,
            row_count=len(signatories),
            data=signatories,
            problems=problems,
        )

    _release, count = release_import(info=info, files=[path], read=read, write=_write_abroad(info, progress))
    return count


def _write_abroad(info: ReleaseInfo, progress: ProgressCallback):
    def write(release, signatories) -> int:
        targets_seed()
        network, _created = Network.objects.get_or_create(slug=COVENANT["slug"], defaults=COVENANT)
        commitments = {c.slug: c.pk for c in Commitment.objects.filter(slug__in=importers.COMMITMENTS.values())}
        found = {
            o.covenant_id: o for o in Organization.objects.filter(covenant_id__in=[s.source_id for s in signatories])
        }
        new, changed = [], []
        for signatory in signatories:
            kind = OrganizationKind.OTHER if signatory.is_group else OrganizationKind.MUNICIPALITY
            organization = found.get(signatory.source_id)
            if organization is None:
                new.append(
                    Organization(
                        name=signatory.name, kind=kind, country=signatory.country, covenant_id=signatory.source_id
                    )
                )
            elif (organization.name, organization.country) != (signatory.name, signatory.country):
                organization.name, organization.country = signatory.name, signatory.country
                changed.append(organization)
        bulk_create_with_history(new, Organization, batch_size=500, default_change_reason="covenant import")
        bulk_update_with_history(changed, Organization, ["name", "country"], batch_size=500)
        progress(_("Organizations"), len(signatories) // 2, len(signatories))
        organizations = dict(
            Organization.objects.filter(covenant_id__in=[s.source_id for s in signatories]).values_list(
                "covenant_id", "pk"
            )
        )
        source = f"{info.publisher}: {info.label}"
        present = {
            m.organization_id: m
            for m in Membership.objects.filter(
                network=network, role=MembershipRole.SIGNATORY, organization_id__in=organizations.values()
            )
        }
        new_memberships, changed_memberships = [], []
        for signatory in signatories:
            organization_id = organizations[signatory.source_id]
            membership = present.get(organization_id)
            fields = {
                "status": signatory.status,
                "since": signatory.since,
                "source": f"{source} (id {signatory.source_id})",
            }
            if membership is None:
                new_memberships.append(
                    Membership(
                        organization_id=organization_id, network=network, role=MembershipRole.SIGNATORY, **fields
                    )
                )
            else:
                for name, value in fields.items():
                    setattr(membership, name, value)
                changed_memberships.append(membership)
        bulk_create_with_history(new_memberships, Membership, batch_size=500, default_change_reason="covenant import")
        bulk_update_with_history(changed_memberships, Membership, ["status", "since", "source"], batch_size=500)
        memberships = dict(
            Membership.objects.filter(
                network=network, role=MembershipRole.SIGNATORY, organization_id__in=organizations.values()
            ).values_list("organization_id", "pk")
        )
        through = Membership.commitments.through
        through.objects.filter(membership_id__in=memberships.values()).delete()
        through.objects.bulk_create(
            [
                through(membership_id=memberships[organizations[s.source_id]], commitment_id=commitments[slug])
                for s in signatories
                for slug in s.commitments
            ],
            batch_size=1000,
        )
        progress(_("Signatories"), len(signatories), len(signatories))
        return len(signatories)

    return write
