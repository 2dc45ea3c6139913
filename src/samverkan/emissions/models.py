"""Sectors and emission values: each value belongs to one release, territory, year and sector."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.core.plausible import Plausible
from samverkan.core.text import BilingualName

# SMHI's unallocated national remainder ("Ofördelat"): reported beside a territory's total, never in it.
RESIDUAL_SLUG = "ofordelat"


class SectorQuerySet(models.QuerySet):
    def in_total(self) -> "SectorQuerySet":
        """The main sectors a territory's total adds up: every main sector but the unallocated remainder."""
        return self.filter(parent__isnull=True).exclude(slug=RESIDUAL_SLUG)


class Sector(BilingualName, models.Model):
    """An SMHI main sector or subsector, with its place in the Covenant of Mayors and GPC inventories."""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subsectors",
        verbose_name=_("main sector"),
    )
    name = models.CharField(_("name (as in SMHI's data)"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    aliases = models.JSONField(_("other spellings in source files"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    covenant_sector = models.CharField(_("Covenant of Mayors inventory sector"), max_length=160, blank=True)
    gpc_sector = models.CharField(_("GPC sector"), max_length=160, blank=True)

    objects = SectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.display_name


class EmissionValueQuerySet(models.QuerySet):
    def in_total(self) -> "EmissionValueQuerySet":
        """The values a territory's total adds up: every main sector's but the unallocated remainder's
        ("Ofördelat", `RESIDUAL_SLUG`), and those of a release that gives totals only (no sector).

        The one definition of a total, for every page, API answer, export and criterion (a subquery, no extra query).
        """
        return self.exclude(sector_id__in=Sector.objects.filter(slug=RESIDUAL_SLUG).values("id"))


class EmissionValue(models.Model):
    """Emissions of one territory in one year and sector (or subsector, or in total), from one release."""

    release = models.ForeignKey(
        "sources.Release", on_delete=models.PROTECT, related_name="emission_values", verbose_name=_("release")
    )
    territory = models.ForeignKey(
        "places.Territory", on_delete=models.PROTECT, related_name="emission_values", verbose_name=_("territory")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="values",
        verbose_name=_("main sector"),
        help_text=_("Empty for a release that gives totals only."),
    )
    subsector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subsector_values",
        verbose_name=_("subsector"),
    )
    value = models.FloatField(_("emissions (tonnes a year)"), validators=[Plausible("emissions")])

    objects = EmissionValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("emission value")
        verbose_name_plural = _("emission values")
        indexes = [models.Index(fields=["release", "territory", "year"]), models.Index(fields=["release", "year"])]

    def __str__(self) -> str:
        return f"{self.territory_id} {self.year} {self.sector_id}: {self.value}"
