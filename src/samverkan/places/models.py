"""Territories that statistics attach to, and organizations that act in networks."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.plausible import Plausible
from samverkan.core.text import in_language, search_key


class TerritoryKind(models.TextChoices):
    COUNTRY = "country", _("country")
    COUNTY = "county", _("county")
    MUNICIPALITY = "municipality", _("municipality")


class TerritoryQuerySet(models.QuerySet):
    def municipalities(self) -> "TerritoryQuerySet":
        """Sweden's municipalities (kommuner)."""
        return self.filter(kind=TerritoryKind.MUNICIPALITY)

    def counties(self) -> "TerritoryQuerySet":
        """Sweden's counties (län)."""
        return self.filter(kind=TerritoryKind.COUNTY)


class Territory(models.Model):
    """A country, county (län) or municipality (kommun) with its official code."""

    kind = models.CharField(_("kind"), max_length=20, choices=TerritoryKind.choices)
    code = models.CharField(
        _("official code"),
        max_length=4,
        unique=True,
        help_text=_("Kommunkod (4 digits) or länskod (2 digits), leading zero kept; SE for Sweden."),
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    authority = models.ForeignKey(
        "Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="governs",
        verbose_name=_("governing organization"),
        help_text=_("The municipality's administration or the county's region."),
    )
    coat_of_arms_url = models.URLField(_("coat of arms image"), max_length=500, blank=True)
    search_name = models.CharField(_("search key"), max_length=100, editable=False, db_index=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="country", code="SE")
                | models.Q(kind="county", code__regex=r"^[0-9]{2}$")
                | models.Q(kind="municipality", code__regex=r"^[0-9]{4}$"),
                name="territory_code_matches_kind",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        self.search_name = search_key(self.name)
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class MunicipalityManager(models.Manager.from_queryset(TerritoryQuerySet)):
    def get_queryset(self):
        return super().get_queryset().municipalities()


class CountyManager(models.Manager.from_queryset(TerritoryQuerySet)):
    def get_queryset(self):
        return super().get_queryset().counties()


class Municipality(Territory):
    """One of Sweden's 290 municipalities (kommuner)."""

    objects = MunicipalityManager()

    class Meta:
        proxy = True
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def save(self, *args, **kwargs):
        self.kind = TerritoryKind.MUNICIPALITY
        super().save(*args, **kwargs)

    @property
    def county(self) -> Territory | None:
        return self.parent


class County(Territory):
    """One of Sweden's 21 counties (län)."""

    objects = CountyManager()

    class Meta:
        proxy = True
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["code"]

    def save(self, *args, **kwargs):
        self.kind = TerritoryKind.COUNTY
        super().save(*args, **kwargs)


class OrganizationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    REGION = "region", _("region")
    STATE = "state", _("the state (Riksdag and Government)")
    COUNTY_BOARD = "county_board", _("county administrative board")
    ENERGY_AGENCY = "energy_agency", _("energy agency")
    ASSOCIATION = "association", _("association")
    NATIONAL_AGENCY = "national_agency", _("national agency")
    COMPANY = "company", _("company")
    OTHER = "other", _("other organization")


class OrganizationQuerySet(models.QuerySet):
    """Who may do what with an organization's work, as query filters that pages, API and exports share."""

    def _with_role(self, user, roles) -> "OrganizationQuerySet":
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(roles__user=user, roles__role__in=roles).distinct()

    def readable_by(self, user) -> "OrganizationQuerySet":
        """Organizations whose unpublished work this person may read."""
        return self._with_role(user, ["viewer", "editor", "admin"])

    def editable_by(self, user) -> "OrganizationQuerySet":
        return self._with_role(user, ["editor", "admin"])

    def administered_by(self, user) -> "OrganizationQuerySet":
        """Organizations whose people and API tokens this person manages."""
        return self._with_role(user, ["admin"])


class Organization(models.Model):
    """A body that joins networks and reports: a municipality, a region, an agency (in Sweden or elsewhere)."""

    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(
        _("name in English"), max_length=300, blank=True, help_text=_("Only where the name has an English form.")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("territory"),
        help_text=_("The municipality or county the organization belongs to or serves."),
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        default="SE",
        db_index=True,
        help_text=_("ISO 3166 code; organizations outside Sweden come with networks that span Europe."),
    )
    inhabitants = models.PositiveIntegerField(
        _("inhabitants"),
        null=True,
        blank=True,
        validators=[Plausible("organization_inhabitants")],
        help_text=_("As a source gives them, for organizations outside Sweden; Swedish ones use SCB's figures."),
    )
    covenant_id = models.CharField(
        _("Covenant of Mayors id"),
        max_length=20,
        blank=True,
        help_text=_("The signatory's id in the JRC's list, for organizations imported from it."),
    )
    history = HistoricalRecords()

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "kind"], condition=models.Q(country="SE"), name="organization_unique_name_kind"
            ),
            models.UniqueConstraint(
                fields=["covenant_id"], condition=~models.Q(covenant_id=""), name="organization_unique_covenant_id"
            ),
            models.CheckConstraint(condition=models.Q(country__regex=r"^[A-Z]{2}$"), name="organization_country_code"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return in_language(self.name, self.name_en)

    @property
    def display_description(self) -> str:
        return in_language(self.description, self.description_en)


class PopulationValue(models.Model):
    """The population of a territory at the end of a year, from one release."""

    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="population_values", verbose_name=_("territory")
    )
    release = models.ForeignKey(
        "sources.Release", on_delete=models.PROTECT, related_name="population_values", verbose_name=_("release")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.PositiveIntegerField(_("inhabitants"), validators=[Plausible("population")])

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("population values")
        ordering = ["territory", "year"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "release", "year"], name="population_unique_per_release")
        ]
        indexes = [models.Index(fields=["territory", "year"]), models.Index(fields=["year"])]

    def __str__(self) -> str:
        return f"{self.territory.name} {self.year}: {self.value}"


# The fields an organization's editors write, shared by the form and the service.
ORGANIZATION_EDITABLE_FIELDS = ("name", "website", "description")
