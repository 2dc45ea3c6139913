"""A network's membership criteria, each a rule evaluated against members' own data (networks.criteria)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from samverkan.core.text import BilingualName

from .networks import Network


class CriterionKind(models.TextChoices):
    INVENTORY_RECENT = "inventory_recent", _("has an emission inventory no older than N years")
    HAS_TARGET = "has_target", _("has an adopted emission target")
    HAS_ACTION_PLAN = "has_action_plan", _("has an adopted action plan no older than N years")
    REPORTED_LATEST_ROUND = "reported_latest_round", _("has reported to the network in its latest reporting round")
    PLAN_WITHIN_YEARS = "plan_within_years", _("submitted its action plan within N years of joining")
    MONITORING_EVERY = "monitoring_every", _("reports on its monitoring at least every N years")
    TREND_MEETS_COMMITMENT = "trend_meets_commitment", _("the emissions trend meets the commitments taken")


YEAR_RULES = {
    CriterionKind.INVENTORY_RECENT,
    CriterionKind.HAS_ACTION_PLAN,
    CriterionKind.PLAN_WITHIN_YEARS,
    CriterionKind.MONITORING_EVERY,
}


class Criterion(BilingualName, models.Model):
    """A membership criterion: a rule evaluated against each member's own data in Samverkan."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("network"))
    kind = models.CharField(_("rule"), max_length=30, choices=CriterionKind.choices)
    years = models.PositiveSmallIntegerField(
        _("years (N)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("For the rules with N years: 1 to 50."),
    )
    commitment = models.ForeignKey(
        "targets.Commitment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="criteria",
        verbose_name=_("only for members with this commitment"),
    )
    name = models.CharField(_("as the network words it"), max_length=300)
    name_en = models.CharField(_("in English"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["network", "position", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def rule_text(self) -> str:
        """The rule in words with its number of years: "has an adopted action plan no older than 4 years"."""
        years = self.years
        if years is None or self.kind not in YEAR_RULES:
            return self.get_kind_display()
        words = {
            CriterionKind.INVENTORY_RECENT: ngettext(
                "has an emission inventory no older than %(years)s year",
                "has an emission inventory no older than %(years)s years",
                years,
            ),
            CriterionKind.HAS_ACTION_PLAN: ngettext(
                "has an adopted action plan no older than %(years)s year",
                "has an adopted action plan no older than %(years)s years",
                years,
            ),
            CriterionKind.PLAN_WITHIN_YEARS: ngettext(
                "submitted its action plan within %(years)s year of joining",
                "submitted its action plan within %(years)s years of joining",
                years,
            ),
            CriterionKind.MONITORING_EVERY: ngettext(
                "reports on its monitoring at least every year",
                "reports on its monitoring at least every %(years)s years",
                years,
            ),
        }
        return words[self.kind] % {"years": years}

    def clean(self):
        if self.kind in YEAR_RULES and self.years is None:
            raise ValidationError({"years": _("This rule needs a number of years.")})


# The fields the coordinators write, shared by the forms, the services and the API.
CRITERION_FIELDS = ("kind", "years", "commitment", "name", "name_en", "position")
