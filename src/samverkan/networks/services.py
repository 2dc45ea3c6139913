"""Writes for networks and memberships."""

import datetime as dt
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from samverkan.core.errors import DataFileError, Invalid, Problem
from samverkan.core.importing import ProgressCallback, files_sha256, no_progress
from samverkan.core.permissions import refuse
from samverkan.core.validation import assign, save_validated, validated
from samverkan.places.models import Organization, OrganizationKind, Territory, TerritoryKind
from samverkan.sources.coverage import content_sha256, coverage_check, refuse_empty
from samverkan.sources.services import ReleaseInfo, release_create, release_guard
from samverkan.targets.models import Commitment
from samverkan.targets.services import targets_seed

from . import importers, queries
from .models import (
    AssessmentAnswer,
    AssessmentAnswerSet,
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
    progress(_("Reading %(file)s") % {"file": path.name}, 0, 1)
    municipalities = dict(Territory.objects.filter(kind=TerritoryKind.MUNICIPALITY).values_list("code", "name"))
    parsed = importers.parse(path, aliases=importers.read_aliases(aliases_path), municipalities=municipalities)
    if parsed.problems:
        raise DataFileError(parsed.problems)
    refuse_empty(len(parsed.signatories), file=path.name, what=_("signatories in Sweden (country_code se)"))
    earlier = queries.covenant_signatories_in_sweden(publisher=info.publisher, slug=COVENANT["slug"])
    coverage = coverage_check(importers.coverage(path, parsed, earlier), partial=partial)
    checksum = content_sha256("covenant", parsed.signatories)
    file_checksum = files_sha256([path, aliases_path])
    release_guard(slug=info.slug, checksum=checksum, file_checksum=file_checksum)
    authorities = dict(Territory.objects.filter(kind=TerritoryKind.MUNICIPALITY).values_list("code", "authority_id"))
    coordinators = {}
    problems = []
    for signatory in parsed.signatories:
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
    if problems:
        raise DataFileError(problems)
    targets_seed()  # the commitments the memberships refer to
    with transaction.atomic():
        release_create(
            info=info,
            file_name=path.name,
            checksum=checksum,
            file_checksum=file_checksum,
            row_count=len(parsed.signatories),
            coverage=coverage,
        )
        network, _created = Network.objects.get_or_create(slug=COVENANT["slug"], defaults=COVENANT)
        Commitment.objects.filter(slug__in=importers.COMMITMENTS.values(), network=None).update(network=network)
        commitments = {c.slug: c for c in Commitment.objects.filter(slug__in=importers.COMMITMENTS.values())}
        for done, signatory in enumerate(parsed.signatories, start=1):
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
            progress(_("Signatories"), done, len(parsed.signatories))
    return len(parsed.signatories)


def covenant_import_abroad(*, path: Path, info: ReleaseInfo, progress: ProgressCallback = no_progress) -> int:
    """Every signatory outside Sweden as an organization with its country, and its Covenant membership.

    For networks that span Europe; the default data holds the Swedish signatories only. Organizations
    are matched on their id in the list, so a later release updates them instead of adding them again.
    """

    signatories, problems = importers.parse_abroad(path)
    if problems:
        raise DataFileError(problems)
    if not signatories:
        raise DataFileError(
            [Problem(path.name, importers.SHEET, None, "country_code", "SE", _("signatories outside Sweden"))]
        )
    file_checksum = files_sha256([path])
    checksum = content_sha256("covenant-europe", signatories)
    release_guard(slug=info.slug, checksum=checksum, file_checksum=file_checksum)
    targets_seed()
    with transaction.atomic():
        release_create(
            info=info, file_name=path.name, checksum=checksum, file_checksum=file_checksum, row_count=len(signatories)
        )
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
        authorities = dict(
            Territory.objects.filter(kind=TerritoryKind.MUNICIPALITY).values_list("code", "authority_id")
        )
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


@dataclass(frozen=True)
class AreaScore:
    name: str
    points: int
    max_points: int


def assessment_score(answer_set: AssessmentAnswerSet) -> tuple[list[AreaScore], int, int]:
    """Points per area (never above the area's maximum) and in total, with the maxima."""
    areas = list(answer_set.network.assessment_areas.order_by("position", "id"))
    earned: dict[int, int] = {}
    for answer in answer_set.answers.select_related("question"):
        if answer.yes:
            earned[answer.question.area_id] = earned.get(answer.question.area_id, 0) + answer.points
    scores = [AreaScore(a.display_name, min(earned.get(a.pk, 0), a.max_points), a.max_points) for a in areas]
    return scores, sum(s.points for s in scores), sum(s.max_points for s in scores)


def assessment_submit(
    *, by, organization: Organization, network: Network, answers: dict[int, bool]
) -> AssessmentAnswerSet:
    """Record an organization's answers as a new set (earlier sets are kept); its editors answer."""

    if not Organization.objects.editable_by(by).filter(pk=organization.pk).exists():
        raise refuse(by, gettext_noop("answer the self-assessment for %(place)s"), place=organization)
    questions = {q.pk: q for q in AssessmentQuestion.objects.filter(area__network=network)}
    if not questions:
        raise Invalid(_("%(network)s has no self-assessment.") % {"network": network})
    unknown = sorted(set(answers) - set(questions))
    if unknown:
        raise Invalid(
            _("These questions are not in the self-assessment of %(network)s: %(ids)s.")
            % {"network": network, "ids": ", ".join(str(i) for i in unknown)}
        )
    with transaction.atomic():
        answer_set = AssessmentAnswerSet.objects.create(organization=organization, network=network, submitted_by=by)
        AssessmentAnswer.objects.bulk_create(
            AssessmentAnswer(
                answer_set=answer_set, question=question, yes=bool(answers.get(pk)), points=question.points
            )
            for pk, question in questions.items()
        )
    return answer_set


OPEN_STATUSES = ("applied", "active", "observer", "on_hold")
OBSERVER_YEARS = 1


def membership_apply(
    *, by, organization: Organization, network: Network, note: str = "", assessment: AssessmentAnswerSet | None = None
) -> Membership:
    """An organization's editor applies to join a network, optionally attaching a self-assessment."""

    if not Organization.objects.editable_by(by).filter(pk=organization.pk).exists():
        raise refuse(by, gettext_noop("apply for %(place)s"), place=organization)
    if len(note) > 5000:
        raise Invalid(_("The application is longer than 5 000 characters."))
    if assessment is not None and (
        assessment.organization_id != organization.pk or assessment.network_id != network.pk
    ):
        raise Invalid(_("The self-assessment attached is not this organization's for this network."))
    with transaction.atomic():
        existing = (
            Membership.objects.select_for_update()
            .filter(organization=organization, network=network, status__in=OPEN_STATUSES)
            .first()
        )
        if existing is not None:
            raise Invalid(
                _("%(place)s already has a membership in %(network)s (%(status)s); it cannot apply again.")
                % {"place": organization, "network": network, "status": existing.get_status_display()}
            )
        membership, _created = Membership.objects.update_or_create(
            organization=organization,
            network=network,
            role=MembershipRole.MEMBER,
            defaults={
                "status": "applied",
                "since": None,
                "until": None,
                "application_note": note,
                "assessment": assessment,
                "decided_by": None,
                "decided_at": None,
                "decision_reason": "",
                "source": _("Application in Samverkan"),
            },
        )
        membership._history_user = by
    return membership


def membership_decide(
    *, by, membership: Membership, decision: str, observer_until=None, reason: str = "", today=None, change: str = ""
) -> Membership:
    """The network's coordinators approve an application (as member, or observer until a date) or decline it.

    `reason` is the decision's reason, shown to the organization; `change` the history's (an API token's name).
    """

    if not Network.objects.coordinated_by(by).filter(pk=membership.network_id).exists():
        raise refuse(by, gettext_noop("decide applications to %(network)s"), network=membership.network)
    if membership.status != "applied":
        raise Invalid(
            _("Only an open application can be decided; this one is %(status)s.")
            % {"status": membership.get_status_display()}
        )
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    if len(reason) > 5000:
        raise Invalid(_("The reason is longer than 5 000 characters."))
    with transaction.atomic():
        if decision == "member":
            membership.status, membership.since, membership.since_precision = "active", today, "day"
        elif decision == "observer":
            until = observer_until or _years_later(today, OBSERVER_YEARS)
            if isinstance(until, str):
                try:
                    until = dt.date.fromisoformat(until)
                except ValueError:
                    raise Invalid(_("%(value)s is not a date such as 2027-06-30.") % {"value": until[:20]}) from None
            if until <= today:
                raise Invalid(
                    _("An observer period must end after it starts (%(today)s).") % {"today": today.isoformat()}
                )
            membership.status, membership.role = "observer", MembershipRole.OBSERVER
            membership.since, membership.since_precision, membership.until = today, "day", until
        elif decision == "decline":
            if not reason:
                raise Invalid(_("Give the reason for declining; the organization sees it."))
            membership.status = "declined"
        else:
            raise Invalid(
                _("%(decision)s is not a decision: member, observer or decline.") % {"decision": decision[:20]}
            )
        membership.decided_by, membership.decided_at, membership.decision_reason = by, timezone.now(), reason
        save_validated(membership, by=by, reason=change)
    return membership


def _years_later(day, years: int):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def observers_to_follow_up(network: Network, *, today=None, within_days: int = 30) -> list[Membership]:
    """Observers whose period ends within the coming days, or has ended: the coordinators follow them up."""

    today = today or timezone.localdate()
    return list(
        network.memberships.filter(status="observer", until__lte=today + dt.timedelta(days=within_days))
        .select_related("organization")
        .order_by("until")
    )


# --- the coordinators' edits: the network, its groups, criteria, obligations and memberships ----------


def _may_coordinate(by, network: Network, action: str) -> None:
    if not Network.objects.coordinated_by(by).filter(pk=network.pk).exists():
        raise refuse(by, action, network=network)


NETWORK_EDITABLE_FIELDS = (
    "name",
    "name_en",
    "kind",
    "description",
    "website",
    "founded_year",
    "refounded",
    "source",
    "source_url",
)


def network_update(*, by, network: Network, fields: dict, reason: str = "") -> Network:
    """The coordinators change what the network says about itself; every change is kept in its history."""
    _may_coordinate(by, network, gettext_noop("edit %(network)s"))
    with transaction.atomic():
        network = Network.objects.select_for_update().get(pk=network.pk)
        assign(network, fields, NETWORK_EDITABLE_FIELDS)
        return _save_by(by, network, reason)


def group_save(*, by, network: Network, name: str, name_en: str = "", group: WorkingGroup | None = None):
    """Add a working group, or rename one."""
    _may_coordinate(by, network, gettext_noop("change the working groups of %(network)s"))
    if group is not None and group.network_id != network.pk:
        raise Invalid(_("The working group is not in %(network)s.") % {"network": network})
    group = group or WorkingGroup(network=network)
    group.name, group.name_en = (name or "").strip(), (name_en or "").strip()
    return _save_by(by, group)


def _save_by(by, record, reason: str = ""):
    """Validate and save a part of a network, the person (and the reason) in its history."""
    with transaction.atomic():
        return save_validated(record, by=by, reason=reason)


def _delete_by(by, record, action: str, reason: str = "") -> None:
    """Delete a part of a network; its history keeps it, and who deleted it."""
    _may_coordinate(by, record.network, action)
    record._history_user, record._change_reason = by, reason or None
    record.delete()


def group_delete(*, by, group: WorkingGroup) -> None:
    _delete_by(by, group, gettext_noop("change the working groups of %(network)s"))


CRITERION_FIELDS = ("kind", "years", "commitment", "name", "name_en", "position")


def criterion_save(
    *, by, network: Network, fields: dict, criterion: Criterion | None = None, reason: str = ""
) -> Criterion:
    """Add a criterion or change its settings; a rule with N years needs 1 to 50 of them."""
    _may_coordinate(by, network, gettext_noop("change the criteria of %(network)s"))
    if criterion is not None and criterion.network_id != network.pk:
        raise Invalid(_("The criterion is not one of %(network)s.") % {"network": network})
    commitment = fields.get("commitment")
    if commitment is not None and commitment.network_id not in (None, network.pk):
        raise Invalid(
            _("%(commitment)s is not a commitment of %(network)s.") % {"commitment": commitment, "network": network}
        )
    criterion = criterion or Criterion(network=network, position=network.criteria.count() + 1)
    assign(criterion, fields, CRITERION_FIELDS)
    return _save_by(by, criterion, reason)


def criterion_delete(*, by, criterion: Criterion, reason: str = "") -> None:
    _delete_by(by, criterion, gettext_noop("change the criteria of %(network)s"), reason)


OBLIGATION_FIELDS = ("name", "name_en", "every_years", "source", "source_url")


def obligation_save(
    *, by, network: Network, fields: dict, obligation: ReportingObligation | None = None
) -> ReportingObligation:
    _may_coordinate(by, network, gettext_noop("change the reporting obligations of %(network)s"))
    if obligation is not None and obligation.network_id != network.pk:
        raise Invalid(_("The reporting obligation is not one of %(network)s.") % {"network": network})
    obligation = obligation or ReportingObligation(network=network)
    assign(obligation, fields, OBLIGATION_FIELDS)
    return _save_by(by, obligation)


def obligation_delete(*, by, obligation: ReportingObligation) -> None:
    _delete_by(by, obligation, gettext_noop("change the reporting obligations of %(network)s"))


MEMBERSHIP_FIELDS = (
    "role",
    "status",
    "since",
    "since_precision",
    "until",
    "representative",
    "coordinator",
    "supporter_name",
    "source",
)


def membership_save(
    *,
    by,
    network: Network,
    fields: dict,
    groups=None,
    commitments=None,
    membership: Membership | None = None,
    organization: Organization | None = None,
    reason: str = "",
) -> Membership:
    """Record a membership or change one: role, status, dates, representative, groups and commitments.

    A membership that ends before it starts, a group of another network or a commitment of another
    network is refused with nothing changed.
    """
    _may_coordinate(by, network, gettext_noop("change the memberships of %(network)s"))
    if membership is None:
        if organization is None:
            raise Invalid(_("Choose the organization the membership is for."))
        membership = Membership(organization=organization, network=network, source=_("Recorded in Samverkan"))
    elif membership.network_id != network.pk:
        raise Invalid(_("The membership is not in %(network)s.") % {"network": network})
    if groups is not None and any(g.network_id != network.pk for g in groups):
        raise Invalid(_("A working group chosen is not one of %(network)s.") % {"network": network})
    if commitments is not None and any(c.network_id not in (None, network.pk) for c in commitments):
        raise Invalid(_("A commitment chosen is not one of %(network)s.") % {"network": network})
    assign(membership, fields, MEMBERSHIP_FIELDS)
    with transaction.atomic():
        validated(membership, exclude=["assessment", "decided_by"])  # one membership per role: a constraint
        membership._history_user, membership._change_reason = by, reason or None
        membership.save_with_relations(groups=groups, commitments=commitments)
    return membership
