"""Writes for targets: each validates the whole record and writes in one transaction; cached figures follow
(core.cache.bump_generation)."""

import tomllib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.core.cache import bump_generation
from samverkan.core.errors import DomainError, NotFound
from samverkan.core.permissions import refuse
from samverkan.core.seeding import fill_blanks
from samverkan.emissions.models import Sector
from samverkan.emissions.services import sectors_sync
from samverkan.places.models import Organization, Territory

from .models import TARGET_FIELDS, Commitment, Target

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


def _check_may_edit(by, organization) -> None:
    if by is None:
        return  # the system itself: bundled data
    if by.is_authenticated and by.is_active and by.is_superuser:
        return
    if organization is None or not Organization.objects.editable_by(by).filter(pk=organization.pk).exists():
        place = organization or _("a commitment")
        raise refuse(by, gettext_noop("edit the targets of %(place)s"), place=place)


def _validated(target: Target) -> None:
    try:
        target.full_clean()
    except ValidationError as error:
        raise TargetInvalid(_("The target is not valid: %(problems)s") % {"problems": _messages(error)}) from error


def target_create(*, sectors: list[Sector] | None = None, by=None, reason: str | None = None, **fields) -> Target:
    """A new target, validated as the admin validates it; `by` must be allowed to edit the owner's targets."""
    _check_may_edit(by, fields.get("organization"))
    with transaction.atomic():
        target = Target(**fields)
        _validated(target)
        target._history_user = by
        target._change_reason = reason
        target.save_with_sectors(sectors or [], created=True)
        bump_generation()
    return target


def target_update(
    *, by, target: Target, fields: dict, sectors: list[Sector] | None = None, reason: str | None = None
) -> Target:
    """Change a target; the history keeps who, when and the values before and after."""
    _check_may_edit(by, target.organization)
    unknown = set(fields) - set(TARGET_FIELDS)
    if unknown:
        raise TargetInvalid(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        target = Target.objects.select_for_update().get(pk=target.pk)
        for name, value in fields.items():
            setattr(target, name, value)
        _validated(target)
        target._history_user = by
        target._change_reason = reason
        target.save_with_sectors(sectors, created=False)
        bump_generation()
    return target


def target_delete(*, by, target: Target, reason: str | None = None) -> None:
    """Delete a target; it stays in the history and can be restored."""
    _check_may_edit(by, target.organization)
    with transaction.atomic():
        target._history_user = by
        target._change_reason = reason
        target.delete()
        bump_generation()


def target_restore(*, by, target_id: int) -> Target:
    """Bring a deleted target back as it was just before it was deleted, with its sectors."""
    last = Target.history.filter(id=target_id).order_by("-history_date", "-history_id").first()
    if last is None:
        raise NotFound(_("There is no target %(id)s.") % {"id": target_id})
    if last.history_type != "-" or Target.objects.filter(pk=target_id).exists():
        raise TargetInvalid(_("The target %(id)s has not been deleted.") % {"id": target_id})
    _check_may_edit(by, last.organization)
    with transaction.atomic():
        target = last.instance
        target._history_user = by
        target._change_reason = "restored"
        # The deletion's own row has no sectors (they go before the target does): take the row before it.
        before = last.prev_record or last
        target.save_with_sectors([row.sector for row in before.sectors.select_related("sector")], created=True)
        bump_generation()
    return target


def _fill_english(bundle: dict) -> None:
    """The English texts the bundle has gained since an earlier version seeded these records; edits are kept."""
    with transaction.atomic():
        for entry in bundle.get("organization", []):
            for organization in Organization.objects.filter(name=entry["name"], kind=entry["kind"]):
                fill_blanks(organization, entry)
        for entry in bundle.get("commitment", []):
            for commitment in Commitment.objects.filter(slug=entry["slug"]):
                fill_blanks(commitment, entry)
        for entry in bundle.get("target", []):
            for target in Target.objects.filter(key=entry["key"]):
                fill_blanks(target, entry)


def targets_seed(path: Path | None = None) -> int:
    """Create the bundled organizations, commitments and targets that are missing; returns how many targets.

    Present records are left as they are: a target edited in the admin keeps its edits.
    """

    path = path or Path(settings.BUNDLED_DATA_DIR) / BUNDLED_TARGETS
    with open(path, "rb") as handle:
        bundle = tomllib.load(handle)
    wanted_keys = {entry["key"] for entry in bundle.get("target", [])}
    _fill_english(bundle)
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
                    "name_en": entry.get("name_en", ""),
                    "description_en": entry.get("description_en", ""),
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
            target_create(sectors=[sectors_by_slug[slug] for slug in sector_slugs], reason="bundled", **fields)
            created += 1
    return created
