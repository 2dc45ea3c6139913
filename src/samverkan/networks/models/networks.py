"""Networks, their working groups and reporting obligations."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.text import BilingualName, in_language

from .memberships import MembershipRole, counted_condition, in_force_condition, observer_condition


class NetworkKind(models.TextChoices):
    ASSOCIATION = "association", _("association")
    COMMITMENT = "commitment", _("commitment")
    COLLABORATION = "collaboration", _("collaboration")
    COUNCIL = "council", _("council")
    CAMPAIGN = "campaign", _("campaign")
    DESIGNATION = "designation", _("designation")


class NetworkQuerySet(models.QuerySet):
    def with_counts(self) -> "NetworkQuerySet":
        """Each network with `member_count` (`MembershipQuerySet.counted`) and, counted apart, `observer_count` (by role
        or status), `coordinator_count` and `supporter_count` (memberships in force of each role): one query."""
        prefix = "memberships__"
        apart = {
            f"{role}_count": models.Count(
                "memberships", filter=in_force_condition(prefix) & models.Q(memberships__role=role)
            )
            for role in (MembershipRole.COORDINATOR, MembershipRole.SUPPORTER)
        }
        apart["observer_count"] = models.Count("memberships", filter=observer_condition(prefix))
        return self.annotate(member_count=models.Count("memberships", filter=counted_condition(prefix)), **apart)

    def coordinated_by(self, user) -> "NetworkQuerySet":
        """The networks this person may manage: those they coordinate; every network for a platform admin."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(roles__user=user, roles__role="coordinator").distinct()


class Network(BilingualName, models.Model):
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=NetworkKind.choices)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("founded (year)"), null=True, blank=True)
    refounded = models.DateField(
        _("re-founded"), null=True, blank=True, help_text=_("For example when a network became an association.")
    )
    coordinating_organizations = models.ManyToManyField(
        "places.Organization", blank=True, related_name="coordinated_networks", verbose_name=_("coordinated by")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    history = HistoricalRecords()

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_description(self) -> str:
        return in_language(self.description, self.description_en)


class WorkingGroup(BilingualName, models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="groups", verbose_name=_("network"))
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["network", "name"]
        constraints = [models.UniqueConstraint(fields=["network", "name"], name="one_group_name_per_network")]

    def __str__(self) -> str:
        return self.display_name


class ReportingObligation(BilingualName, models.Model):
    """What a network asks its members to report, and how often; the reporting rounds are built on it."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("network")
    )
    name = models.CharField(_("what is reported"), max_length=300)
    name_en = models.CharField(_("in English"), max_length=300, blank=True)
    every_years = models.PositiveSmallIntegerField(
        _("every N years"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Empty when the network gives no interval."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting obligation")
        verbose_name_plural = _("reporting obligations")
        ordering = ["network", "id"]

    def __str__(self) -> str:
        return self.display_name


# The fields the coordinators write, shared by the forms, the services and the API.
NETWORK_EDITABLE_FIELDS = (
    "name",
    "name_en",
    "kind",
    "description",
    "website",
    "founded_year",
    "refounded",
    "source",
    "source_url",
)
OBLIGATION_FIELDS = ("name", "name_en", "every_years", "source", "source_url")
