"""Action plans, their actions and status updates, and the shared library of actions they form."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.plausible import Plausible
from samverkan.core.text import BilingualName


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ADOPTED = "adopted", _("adopted")
    REPLACED = "replaced", _("replaced")
    NOT_FOUND = "not_found", _("no plan found")


class ActionPlan(models.Model):
    """An organization's climate or energy action plan; 'no plan found' records a survey's finding as a fact."""

    organization = models.ForeignKey(
        "places.Organization", on_delete=models.PROTECT, related_name="action_plans", verbose_name=_("organization")
    )
    title = models.CharField(_("title"), max_length=300)
    period_from = models.PositiveSmallIntegerField(
        _("from (year)"), null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    period_to = models.PositiveSmallIntegerField(
        _("to (year)"), null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    adopted_by = models.CharField(_("adopted by"), max_length=200, blank=True)
    adopted_year = models.PositiveSmallIntegerField(
        _("year adopted"), null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    adopted_on = models.DateField(_("date adopted"), null=True, blank=True)
    document_url = models.URLField(_("document"), max_length=1000, blank=True)
    targets = models.ManyToManyField(
        "targets.Target", blank=True, related_name="action_plans", verbose_name=_("targets")
    )
    networks = models.ManyToManyField(
        "networks.Network", blank=True, related_name="action_plans", verbose_name=_("reported to")
    )
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    is_example = models.BooleanField(
        _("example from a data set"),
        default=False,
        help_text=_(
            "Actions from the JRC's Covenant of Mayors data brief: examples, not a Swedish municipality's plan."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["organization__name", "-adopted_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_to__isnull=True)
                | models.Q(period_from__isnull=True)
                | models.Q(period_to__gte=models.F("period_from")),
                name="plan_period_ends_after_it_starts",
                violation_error_message=_("The plan's period cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def text_lang(self) -> str:
        """The language its texts and its actions' are written in: the JRC's examples are in English."""
        return "en" if self.is_example else "sv"


class CovenantSector(models.TextChoices):
    """The sectors of the Covenant of Mayors' action reporting (the JRC's codes)."""

    MUNICIPAL_BUILDINGS = "MUNICIPAL_BUILDINGS_EQUIPMENT_FACILITIES", _("municipal buildings, equipment and facilities")
    TERTIARY_BUILDINGS = "TERTIARY_BUILDINGS_EQUIPMENT_FACILITIES", _("tertiary buildings, equipment and facilities")
    RESIDENTIAL_BUILDINGS = "RESIDENTIAL_BUILDINGS", _("residential buildings")
    PUBLIC_LIGHTING = "PUBLIC_LIGHTING", _("public lighting")
    INDUSTRY = "INDUSTRY", _("industry")
    TRANSPORT = "TRANSPORT", _("transport")
    LOCAL_ELECTRICITY = "LOCAL_ELECTRICITY_PRODUCTION", _("local electricity production")
    LOCAL_HEAT = "LOCAL_HEAT_COLD_PRODUCTION", _("local heat and cold production")
    OTHERS = "OTHERS", _("other")


class InterventionArea(BilingualName, models.Model):
    """The Covenant's areas of intervention, with the SMHI main sector each falls under (when one does)."""

    code = models.CharField(_("code"), max_length=90, primary_key=True)
    covenant_sector = models.CharField(_("Covenant sector"), max_length=50, choices=CovenantSector.choices)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    sector = models.ForeignKey(
        "emissions.Sector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intervention_areas",
        verbose_name=_("SMHI sector"),
    )

    class Meta:
        verbose_name = _("area of intervention")
        verbose_name_plural = _("areas of intervention")
        ordering = ["covenant_sector", "name"]

    def __str__(self) -> str:
        return self.display_name


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    ONGOING = "ongoing", _("ongoing")
    COMPLETED = "completed", _("completed")
    POSTPONED = "postponed", _("postponed")
    CANCELLED = "cancelled", _("cancelled")


# Not done and not given up: an action in one of these past its end is overdue.
OPEN_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.ONGOING, ActionStatus.POSTPONED)


class PolicyType(models.TextChoices):
    """The Covenant's policy instruments (the JRC's codes), used for Swedish actions too."""

    AWARENESS = "AWARENESS_RAISING_TRAINING", _("awareness raising and training")
    PROCUREMENT = "PUBLIC_PROCUREMENT", _("public procurement")
    ENERGY_MANAGEMENT = "ENERGY_MANAGEMENT", _("energy management")
    MUNICIPAL = "MUNICIPAL BUILDING/TERRITORY", _("the municipality's own buildings and land")
    LAND_USE = "LAND_USE_PLANNING", _("land-use planning")
    BUILDING_STANDARDS = "BUILDING_STANDARDS", _("building standards")
    MOBILITY = "MOBILITY_PLANNING_REGULATION", _("mobility planning and regulation")
    GRANTS = "GRANTS_AND_SUBSIDIES", _("grants and subsidies")
    PROVISION = "PROVISION", _("provision of services")
    THIRD_PARTY = "THIRD_PARTY_FINANCING", _("third-party financing")
    CERTIFICATION = "ENERGY_CERTIFICATION_LABELLING", _("energy certification and labelling")
    SUPPLIER_OBLIGATIONS = "ENERGY_SUPPLIERS_OBLIGATIONS", _("obligations on energy suppliers")
    VOLUNTARY = "VOLUNTARY_AGREEMENTS_WITH_STAKEHOLDERS", _("voluntary agreements with stakeholders")
    TICKETING = "INTEGRATED_TICKETING_AND_CHARGING", _("integrated ticketing and charging")
    OTHER = "OTHER", _("other")


ACTION_HISTORY = HistoricalRecords(m2m_fields=["targets", "indicators"])


class Action(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("plan"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    sector = models.ForeignKey(
        "emissions.Sector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("sector"),
        # A main sector; "Ofördelat" is SMHI's national remainder, not a sector an action works in.
        limit_choices_to=models.Q(parent=None) & ~models.Q(slug="ofordelat"),
    )
    covenant_sector = models.CharField(_("Covenant sector"), max_length=50, choices=CovenantSector.choices, blank=True)
    area = models.ForeignKey(
        InterventionArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("area of intervention"),
    )
    policy_type = models.CharField(_("policy instrument"), max_length=50, choices=PolicyType.choices, blank=True)
    origin = models.CharField(_("initiated by"), max_length=100, blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    contact_role = models.CharField(_("contact (role)"), max_length=200, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    completion = models.PositiveSmallIntegerField(
        _("completed (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    # The plausible ranges (core/plausible.py) refuse NaN, infinity, negative effects and absurd sizes.
    effect_t_co2e = models.FloatField(
        _("expected effect (t CO2e a year)"), null=True, blank=True, validators=[Plausible("effect_t_co2e")]
    )
    effect_mwh = models.FloatField(
        _("expected effect (MWh a year)"), null=True, blank=True, validators=[Plausible("effect_mwh")]
    )
    cost_sek = models.FloatField(_("cost (SEK)"), null=True, blank=True, validators=[Plausible("cost_sek")])
    targets = models.ManyToManyField("targets.Target", blank=True, related_name="actions", verbose_name=_("targets"))
    indicators = models.ManyToManyField(
        "indicators.Indicator",
        blank=True,
        related_name="actions",
        verbose_name=_("key indicators"),
        help_text=_("The key indicators that follow the action up."),
    )
    public = models.BooleanField(
        _("public"), default=True, help_text=_("Internal actions are seen only by the organization's people.")
    )
    source_id = models.CharField(_("id in the source"), max_length=40, blank=True)
    history = ACTION_HISTORY

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["plan", "id"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["covenant_sector", "area"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True)
                | models.Q(start__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="action_ends_after_it_starts",
                violation_error_message=_("An action cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def overdue_on(self, today) -> bool:
        """Past its end date and not done: the one rule the plan page, the row and the counts share."""
        return bool(self.end and self.end < today and self.status in OPEN_STATUSES)


class StatusUpdate(models.Model):
    """A dated note on how an action is going, with its new status and completion."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates", verbose_name=_("action"))
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    completion = models.PositiveSmallIntegerField(
        _("completed (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.date}: {self.get_status_display()}"


# The fields an editor writes, shared by the forms, the services, the workbook and the API.
PLAN_FIELDS = (
    "title",
    "status",
    "period_from",
    "period_to",
    "adopted_by",
    "adopted_year",
    "adopted_on",
    "document_url",
    "note",
)
ACTION_FIELDS = (
    "title",
    "description",
    "sector",
    "covenant_sector",
    "area",
    "policy_type",
    "responsible_unit",
    "contact_role",
    "start",
    "end",
    "status",
    "completion",
    "effect_t_co2e",
    "effect_mwh",
    "cost_sek",
    "public",
)
