"""Emission targets: an organization's own, or a network commitment's that applies to members who take it."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core import plausible
from samverkan.core.plausible import Plausible
from samverkan.core.text import BilingualName, in_language
from samverkan.places.models import Organization

FIRST_TARGET_YEAR = 1990
LAST_TARGET_YEAR = 2100


class CommitmentProgress(models.TextChoices):
    """Whether a member's emissions trend reaches every target of a commitment it holds, named for the pages."""

    MET = "met", _("on track")
    NOT_MET = "not_met", _("off track")
    UNKNOWN = "unknown", _("unknown")


class TargetKind(models.TextChoices):
    RELATIVE = "relative", _("cut relative to a base year")
    ABSOLUTE = "absolute", _("absolute level")
    PER_INHABITANT = "per_inhabitant", _("level per inhabitant")
    NET_ZERO = "net_zero", _("net zero")


# The plausible level of a target of each kind with a level (a cut in per cent is checked on its own).
LEVEL_RANGES = {TargetKind.ABSOLUTE: plausible.TARGET_LEVEL, TargetKind.PER_INHABITANT: plausible.TARGET_PER_INHABITANT}


class TargetQuerySet(models.QuerySet):
    """Who may see and edit which targets, as query filters that pages, API and exports share."""

    def visible_to(self, user) -> "TargetQuerySet":
        """Published targets, and the unpublished ones of the organizations whose work this person reads."""
        if user.is_authenticated and user.is_active and user.is_superuser:
            return self.all()
        readable = Organization.objects.readable_by(user)
        return self.filter(models.Q(published=True) | models.Q(organization__in=readable))

    def editable_by(self, user) -> "TargetQuerySet":
        """An organization's targets for its editors and admins; every target for a platform admin."""
        if user.is_authenticated and user.is_active and user.is_superuser:
            return self.all()
        return self.filter(organization__in=Organization.objects.editable_by(user))


class Commitment(BilingualName, models.Model):
    """What a network asks of the members who take it, e.g. the Covenant of Mayors' 2030 commitment."""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("network"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.display_name


TARGET_HISTORY = HistoricalRecords(m2m_fields=["sectors"], excluded_fields=["updated_at"])


def record_target_history(target: "Target", change: str) -> None:
    """One history row for a change to a target and its sectors together (see `Target.save_with_sectors`)."""
    TARGET_HISTORY.create_historical_record(target, change)


class Target(BilingualName, models.Model):
    """An emission target with the decision behind it and its source."""

    key = models.SlugField(
        _("bundled identifier"),
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Set for the targets that ship with Samverkan, so that loading them again adds nothing."),
    )
    organization = models.ForeignKey(
        "places.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("organization"),
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("commitment"),
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    sectors = models.ManyToManyField(
        "emissions.Sector",
        blank=True,
        related_name="targets",
        verbose_name=_("sectors"),
        help_text=_("Leave empty for a target on total emissions."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TargetKind.choices)
    base_year = models.PositiveSmallIntegerField(
        _("base year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_TARGET_YEAR), MaxValueValidator(LAST_TARGET_YEAR)],
    )
    target_year = models.PositiveSmallIntegerField(
        _("target year"), validators=[MinValueValidator(FIRST_TARGET_YEAR), MaxValueValidator(LAST_TARGET_YEAR)]
    )
    value = models.FloatField(
        _("value"),
        null=True,
        blank=True,
        validators=[Plausible("finite")],  # and the range of the target's kind, in clean()
        help_text=_(
            "Relative: the cut in per cent. Net zero: the least cut of territorial emissions in per cent, "
            "if the target states one. Absolute: tonnes CO2e a year. Per inhabitant: tonnes CO2e a year "
            "per inhabitant."
        ),
    )
    decision_body = models.CharField(_("decided by"), max_length=200, blank=True)
    decision_body_en = models.CharField(_("decided by, in English"), max_length=200, blank=True)
    decision_date = models.DateField(_("decided on"), null=True, blank=True)
    decision_url = models.URLField(_("decision document"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True, help_text=_("For example, how the target is approximated."))
    note_en = models.TextField(_("note in English"), blank=True)
    published = models.BooleanField(
        _("published"), default=True, help_text=_("An unpublished target is seen only by the organization's people.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = TARGET_HISTORY

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["target_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False, commitment__isnull=True)
                | models.Q(organization__isnull=True, commitment__isnull=False),
                name="target_has_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_note(self) -> str:
        return in_language(self.note, self.note_en)

    @property
    def display_decision_body(self) -> str:
        return in_language(self.decision_body, self.decision_body_en)

    @property
    def needs_base_value(self) -> bool:
        """Whether the level is a cut from the base year's emissions (relative, or net zero stating a least cut)."""
        return self.kind == TargetKind.RELATIVE or (self.kind == TargetKind.NET_ZERO and self.value is not None)

    def level(self, *, base_value: float | None, population: float | None) -> float | None:
        """The target as tonnes CO2e a year on the series it is measured on: the one computation of a target's level
        that every page, API answer, export and criterion uses.

        Relative, and net zero stating a least cut: the base-year value (`base_value`) less `value` per cent;
        net zero without a cut: 0; absolute: `value`; per inhabitant: `value` times `population` (the callers pass
        the population of the series' latest year). None when the figure it needs is not known. For members added
        up (a network's), add up each member's level: an absolute level holds for each of them.
        """
        if self.kind == TargetKind.ABSOLUTE:
            return self.value
        if self.kind == TargetKind.PER_INHABITANT:
            return self.value * population if population and self.value is not None else None
        if not self.needs_base_value:
            return 0.0
        if base_value is None or self.value is None:
            return None
        return base_value * (1 - self.value / 100)

    def save_with_sectors(self, sectors, *, created: bool) -> None:
        """Save and set the sectors, writing one history row with both (not one per step)."""
        self.skip_history_when_saving = True
        try:
            self.save(force_insert=created and self.pk is not None)
            if sectors is not None:
                self.sectors.set(sectors)
        finally:
            del self.skip_history_when_saving
        record_target_history(self, "+" if created else "~")

    def clean(self):
        errors: dict[str, list[str]] = {}
        if (self.organization_id is None) == (self.commitment_id is None):
            errors.setdefault("organization", []).append(
                _("A target belongs either to an organization or to a commitment, not both and not neither.")
            )
        if self.needs_base_value and self.base_year is None:
            errors.setdefault("base_year", []).append(_("A cut in per cent needs a base year."))
        if self.base_year is not None and self.target_year is not None and self.base_year >= self.target_year:
            errors.setdefault("target_year", []).append(_("The target year must come after the base year."))
        is_cut = self.kind in (TargetKind.RELATIVE, TargetKind.NET_ZERO)
        if is_cut and self.value is not None and self.value not in plausible.TARGET_CUT_PERCENT:
            errors.setdefault("value", []).append(_("A cut in per cent must be more than 0 and at most 100."))
        if self.kind in (TargetKind.RELATIVE, TargetKind.ABSOLUTE, TargetKind.PER_INHABITANT) and self.value is None:
            errors.setdefault("value", []).append(_("This kind of target needs a value."))
        if self.kind in (TargetKind.ABSOLUTE, TargetKind.PER_INHABITANT) and self.value is not None and self.value < 0:
            errors.setdefault("value", []).append(_("A level cannot be negative."))
        elif self.kind in LEVEL_RANGES and self.value is not None and self.value not in LEVEL_RANGES[self.kind]:
            errors.setdefault("value", []).append(LEVEL_RANGES[self.kind].refusal(self.value))
        if errors:
            raise ValidationError(errors)


# The fields an organization's editors write, shared by the form, the services and the API.
TARGET_FIELDS = (
    "name",
    "name_en",
    "kind",
    "base_year",
    "target_year",
    "value",
    "decision_body",
    "decision_date",
    "decision_url",
    "source",
    "source_url",
    "note",
    "note_en",
    "published",
)
