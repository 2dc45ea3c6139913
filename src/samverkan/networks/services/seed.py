"""The bundled networks (data/networks/networks.toml): made where missing, empty fields filled, nothing overwritten."""

import tomllib
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from samverkan.core.seeding import fill_blanks
from samverkan.places.models import Organization, Territory
from samverkan.targets.models import Commitment

from ..models import (
    AssessmentArea,
    AssessmentQuestion,
    Criterion,
    Membership,
    Network,
    ReportingObligation,
    WorkingGroup,
)
from .imports import COVENANT

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
            for order, (text, text_en, points, *evidence) in enumerate(entry.get("questions", []), start=1):
                AssessmentQuestion.objects.create(
                    area=area,
                    text=text,
                    text_en=text_en,
                    points=points,
                    position=order,
                    written_by_samverkan=True,
                    evidence=evidence[0] if evidence else "",
                    evidence_terms=evidence[1] if len(evidence) > 1 else "",
                )
        _fill_blanks(bundle, networks)
    return created


def _fill_blanks(bundle: dict, networks: dict[str, Network]) -> None:
    """Give records seeded by an earlier version what the bundle now adds (English texts, what answers a question).

    Only empty fields are filled, so nothing a coordinator wrote is overwritten.
    """
    for entry in bundle.get("organization", []):
        _fill(Organization.objects.filter(name=entry["name"], country="SE"), entry, ("name_en", "description_en"))
    for entry in bundle.get("network", []):
        _fill(Network.objects.filter(slug=entry["slug"]), entry, ("name_en", "description_en"))
    for entry in bundle.get("criterion", []):
        _fill(Criterion.objects.filter(network__slug=entry["network"], name=entry["name"]), entry, ("name_en",))
    for entry in bundle.get("obligation", []):
        _fill(
            ReportingObligation.objects.filter(network__slug=entry["network"], name=entry["name"]), entry, ("name_en",)
        )
    for entry in bundle.get("assessment_area", []):
        areas = AssessmentArea.objects.filter(network=networks[entry["network"]], name=entry["name"])
        _fill(areas, entry, ("name_en",))
        for text, text_en, _points, *evidence in entry.get("questions", []):
            fields = {"text_en": text_en}
            if evidence:
                fields["evidence"] = evidence[0]
                fields["evidence_terms"] = evidence[1] if len(evidence) > 1 else ""
            _fill(
                AssessmentQuestion.objects.filter(area__in=areas, text=text, written_by_samverkan=True),
                fields,
                tuple(fields),
            )


def _fill(records, entry: dict, fields: tuple[str, ...]) -> None:
    for record in records:
        wanted = fields
        if "evidence_terms" in fields and record.evidence and record.evidence != entry.get("evidence"):
            wanted = tuple(f for f in fields if f != "evidence_terms")  # words for another kind the coordinators chose
        fill_blanks(record, entry, wanted)
