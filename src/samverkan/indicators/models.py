"""Key indicators (nyckeltal) and their values per municipality, each value from one release."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.core.plausible import Plausible, Range
from samverkan.core.text import BilingualName, in_language


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class Indicator(BilingualName, models.Model):
    """A measure followed over time and compared between members, such as cycle paths per inhabitant."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=80)
    unit_en = models.CharField(_("unit in English"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    kolada_id = models.CharField(
        _("Kolada id"), max_length=20, blank=True, help_text=_("The KPI's id in Kolada, where it has one.")
    )
    source_field = models.CharField(_("field in the source file"), max_length=80, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=1)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    minimum = models.FloatField(
        _("smallest plausible value"),
        validators=[Plausible("finite")],
        help_text=_("A value below it is refused on import; from the catalogue's column min."),
    )
    maximum = models.FloatField(
        _("largest plausible value"),
        validators=[Plausible("finite")],
        help_text=_("A value above it is refused on import; from the catalogue's column max."),
    )

    class Meta:
        verbose_name = _("key indicator")
        verbose_name_plural = _("key indicators")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def plausible(self) -> Range:
        return Range(self.minimum, self.maximum, self.display_unit)

    @property
    def display_unit(self) -> str:
        return in_language(self.unit, self.unit_en)

    @property
    def display_description(self) -> str:
        return in_language(self.description, self.description_en)


class IndicatorValue(models.Model):
    """One municipality's value of an indicator in one release; a later release adds, never overwrites."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    territory = models.ForeignKey("places.Territory", on_delete=models.PROTECT, related_name="indicator_values")
    release = models.ForeignKey("sources.Release", on_delete=models.PROTECT, related_name="indicator_values")
    value = models.FloatField(_("value"), validators=[Plausible("finite")])

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "territory", "release"], name="one_value_per_release")
        ]
        indexes = [models.Index(fields=["territory", "indicator"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.territory_id} {self.release_id}: {self.value}"

    def clean(self):
        if self.indicator_id and self.value is not None and self.value not in self.indicator.plausible:
            raise ValidationError({"value": self.indicator.plausible.refusal(self.value)})
