"""Datasets and their releases: the provenance that every figure carries."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.core.text import in_language

from .coverage import coverage_note


class Dataset(models.Model):
    """A published statistic, such as SCB's population per municipality."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Gases(models.TextChoices):
    GREENHOUSE_GASES = "ghg", _("all greenhouse gases (CO2e)")
    CO2_ONLY = "co2", _("carbon dioxide only (CO2)")


class Resolution(models.TextChoices):
    TOTAL = "total", _("totals only")
    SECTOR = "sector", _("main sectors")
    SUBSECTOR = "subsector", _("subsectors")


class Release(models.Model):
    """One published version of a dataset; never overwritten by a later one."""

    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="releases", verbose_name=_("dataset"))
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    label = models.CharField(_("release label"), max_length=200)
    label_en = models.CharField(_("release label in English"), max_length=200, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    file_name = models.CharField(_("imported file"), max_length=255)
    # The content's checksum (sources.coverage.content_sha256); releases imported before it existed keep
    # their file's checksum here, and file_checksum holds the file's bytes' checksum for every release.
    checksum = models.CharField(_("SHA-256 of the imported content"), max_length=64, unique=True)
    file_checksum = models.CharField(_("SHA-256 of the imported file"), max_length=64, blank=True, db_index=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    row_count = models.PositiveIntegerField(_("values imported"), default=0)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    gases = models.CharField(_("gases covered"), max_length=10, choices=Gases.choices, blank=True)
    resolution = models.CharField(_("level of detail"), max_length=10, choices=Resolution.choices, blank=True)
    first_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    warnings = models.TextField(_("warnings from the import"), blank=True)
    partial = models.BooleanField(
        _("partial release"), default=False, help_text=_("Imported with --partial: it covers only part of its kind.")
    )
    coverage = models.JSONField(_("what a partial release misses"), default=list, blank=True)

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["dataset", "-published_on", "slug"]

    def __str__(self) -> str:
        return f"{self.dataset.name}: {self.label}"

    @property
    def partial_note(self) -> str:
        """'Partial release: 1 of 290 municipalities', or '' for a complete release."""
        return coverage_note(self.coverage) if self.partial else ""

    @property
    def display_label(self) -> str:
        """The label as pages show it, in English on English pages when there is one: a partial release says so."""
        label = in_language(self.label, self.label_en)
        return f"{label} ({self.partial_note})" if self.partial else label
