"""The Covenant of Mayors imports and the bundled networks: whole files written in one transaction."""

import tomllib
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max
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
    AssessmentArea,
    AssessmentQuestion,
    Criterion,
    Membership,
    MembershipRole,
    Network,
    NetworkKind,
    ReportingObligation,
    WorkingGroup,
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


BUNDLED_NETWORKS = "networks/networks.toml"
SEEDED_MODELS = (Organization, Network, WorkingGroup, Membership, Criterion, ReportingObligation, AssessmentArea)


@contextmanager
def _bundled_history():
    """Mark the history rows the seed writes as Samverkan's bundled data, not as a former user's."""
    last = {model: model.history.aggregate(last=Max("history_id"))["last"] or 0 for model in SEEDED_MODELS}
    yield
    for model, history_id in last.items():
        model.history.filter(history_id__gt=history_id, history_user=None).update(history_change_reason="bundled")


def networks_seed(path: Path | None = None) -> int:
    """Create the bundled networks, their organizations, groups and named memberships that are missing.

    Present records are left as they are, so coordinators' edits survive; returns how many memberships were made.
    """

    path = path or Path(settings.BUNDLED_DATA_DIR) / BUNDLED_NETWORKS
    with open(path, "rb") as handle:
        bundle = tomllib.load(handle)
    created = 0
    with transaction.atomic(), _bundled_history():
        for entry in bundle.get("organization", []):
            Organization.objects.get_or_create(
                name=entry["name"],
                kind=entry["kind"],
                country="SE",
                defaults={
                    "territory": Territory.objects.filter(code=entry.get("territory")).first(),
                    "website": entry.get("website", ""),
                    "description": entry.get("description", ""),
                    "name_en": entry.get("name_en", ""),
                    "description_en": entry.get("description_en", ""),
                },
            )
        Network.objects.get_or_create(slug=COVENANT["slug"], defaults=COVENANT)
        for entry in bundle.get("network", []):
            fields = {k: v for k, v in entry.items() if k not in ("slug", "coordinators", "groups")}
            network, made = Network.objects.get_or_create(slug=entry["slug"], defaults=fields)
            if made:
                network.coordinating_organizations.set(
                    Organization.objects.filter(name__in=entry.get("coordinators", []), country="SE")
                )
            for name, name_en in entry.get("groups", []):
                WorkingGroup.objects.get_or_create(network=network, name=name, defaults={"name_en": name_en})
        networks = {network.slug: network for network in Network.objects.all()}
        authorities = dict(Territory.objects.municipalities().values_list("code", "authority_id"))
        for entry in bundle.get("membership", []):
            if "municipality" in entry:
                organization = Organization.objects.get(pk=authorities[entry["municipality"]])
            else:
                organization = Organization.objects.get(name=entry["organization"], country="SE")
            _membership, made = Membership.objects.get_or_create(
                organization=organization,
                network=networks[entry["network"]],
                role=entry["role"],
                defaults={
                    "status": entry.get("status", "active"),
                    "since": entry.get("since"),
                    "since_precision": entry.get("since_precision", "day"),
                    "representative": entry.get("representative", ""),
                    "source": entry.get("source", ""),
                },
            )
            created += made
        commitments = {c.slug: c for c in Commitment.objects.all()}
        configured = set(Criterion.objects.values_list("network__slug", flat=True))
        for position, entry in enumerate(bundle.get("criterion", []), start=1):
            if entry["network"] in configured:
                continue  # a network's criteria are its coordinators' once they exist
            criterion = Criterion(
                network=networks[entry["network"]],
                kind=entry["kind"],
                years=entry.get("years"),
                commitment=commitments.get(entry.get("commitment")),
                name=entry["name"],
                name_en=entry.get("name_en", ""),
                position=position,
            )
            criterion.full_clean()
            criterion.save()
        with_obligations = set(ReportingObligation.objects.values_list("network__slug", flat=True))
        for entry in bundle.get("obligation", []):
            if entry["network"] in with_obligations:
                continue  # the coordinators' once they exist
            obligation = ReportingObligation(
                network=networks[entry["network"]], **{key: value for key, value in entry.items() if key != "network"}
            )
            obligation.full_clean()
            obligation.save()
        with_areas = set(AssessmentArea.objects.values_list("network__slug", flat=True))
        for position, entry in enumerate(bundle.get("assessment_area", []), start=1):
            if entry["network"] in with_areas:
                continue  # the coordinators' once they exist
            area = AssessmentArea.objects.create(
                network=networks[entry["network"]],
                name=entry["name"],
                name_en=entry.get("name_en", ""),
                max_points=entry["max_points"],
                position=position,
            )
            for order, (text, text_en, points) in enumerate(entry.get("questions", []), start=1):
                AssessmentQuestion.objects.create(
                    area=area, text=text, text_en=text_en, points=points, position=order, written_by_samverkan=True
                )
    return created
