"""Writes for targets: each validates the whole record and writes in one transaction."""

import tomllib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.core.errors import DomainError
from samverkan.emissions.models import Sector
from samverkan.places.models import Organization, Territory

from .models import Commitment, Target

BUNDLED_TARGETS = "targets/targets.toml"


class TargetInvalid(DomainError):
    status = 422


def _messages(error: ValidationError) -> str:
    """Each problem after the name of its field as the form shows it ("target year: ...")."""
    parts = []
    for name, messages in error.message_dict.items():
        label = str(Target._meta.get_field(name).verbose_name) if name != "__all__" else ""
        parts.extend(f"{label}: {message}" if label else message for message in messages)
    return "; ".join(parts)


def target_create(*, sectors: list[Sector] | None = None, **fields) -> Target:
    """A new target, validated as the admin validates it."""
    with transaction.atomic():
        target = Target(**fields)
        try:
            target.full_clean()
        except ValidationError as error:
            raise TargetInvalid(_("The target is not valid: %(problems)s") % {"problems": _messages(error)}) from error
        target.save()
        if sectors:
            target.sectors.set(sectors)
    return target


def targets_seed(path: Path | None = None) -> int:
    """Create the bundled organizations, commitments and targets that are missing; returns how many targets.

    Present records are left as they are: a target edited in the admin keeps its edits.
    """
    from samverkan.emissions.services import sectors_sync

    path = path or Path(settings.BUNDLED_DATA_DIR) / BUNDLED_TARGETS
    with open(path, "rb") as handle:
        bundle = tomllib.load(handle)
    wanted_keys = {entry["key"] for entry in bundle.get("target", [])}
    if Target.objects.filter(key__in=wanted_keys).count() == len(wanted_keys):
        return 0
    created = 0
    with transaction.atomic():
        if not Sector.objects.exists():
            sectors_sync()
        organizations = {}
        for entry in bundle.get("organization", []):
            territory = Territory.objects.filter(code=entry.get("territory")).first()
            organization, _created = Organization.objects.get_or_create(
                name=entry["name"],
                kind=entry["kind"],
                defaults={
                    "territory": territory,
                    "website": entry.get("website", ""),
                    "description": entry.get("description", ""),
                },
            )
            organizations[entry["name"]] = organization
        commitments = {}
        for entry in bundle.get("commitment", []):
            fields = {key: value for key, value in entry.items() if key != "slug"}
            commitments[entry["slug"]], _created = Commitment.objects.get_or_create(slug=entry["slug"], defaults=fields)
        present = set(Target.objects.filter(key__in=wanted_keys).values_list("key", flat=True))
        sectors_by_slug = {sector.slug: sector for sector in Sector.objects.all()}
        for entry in bundle.get("target", []):
            if entry["key"] in present:
                continue
            fields = dict(entry)
            owner = fields.pop("organization", None)
            commitment = fields.pop("commitment", None)
            sector_slugs = fields.pop("sectors", [])
            fields["organization"] = organizations.get(owner) if owner else None
            fields["commitment"] = commitments.get(commitment) if commitment else None
            target_create(sectors=[sectors_by_slug[slug] for slug in sector_slugs], **fields)
            created += 1
    return created
