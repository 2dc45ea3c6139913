"""Networks: the associations, commitments and collaborations through which municipalities work together."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.history import save_with_links
from samverkan.core.text import BilingualName, in_language


class NetworkKind(models.TextChoices):
    ASSOCIATION = "association", _("association")
    COMMITMENT = "commitment", _("commitment")
    COLLABORATION = "collaboration", _("collaboration")
    COUNCIL = "council", _("council")
    CAMPAIGN = "campaign", _("campaign")
    DESIGNATION = "designation", _("designation")


class NetworkQuerySet(models.QuerySet):
    def with_counts(self) -> "NetworkQuerySet":
        """Each network with `member_count` (`MembershipQuerySet.counted`) and, counted apart, `observer_count`,
        `coordinator_count` and `supporter_count` (memberships in force of each role): one query for them all."""
        prefix = "memberships__"
        apart = {
            f"{role}_count": models.Count(
                "memberships", filter=in_force_condition(prefix) & models.Q(memberships__role=role)
            )
            for role in (MembershipRole.OBSERVER, MembershipRole.COORDINATOR, MembershipRole.SUPPORTER)
        }
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


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("member")
    OBSERVER = "observer", _("observer")
    SIGNATORY = "signatory", _("signatory")
    COORDINATOR = "coordinator", _("coordinator")
    SUPPORTER = "supporter", _("supporter")

    @classmethod
    def counted(cls) -> tuple[str, ...]:
        """The roles a network's member count counts: members and signatories (observers, coordinators and
        supporters are counted apart, each under its own role)."""
        return (cls.MEMBER, cls.SIGNATORY)

    @classmethod
    def listed(cls) -> tuple[str, ...]:
        """The roles of a network's list of members and of its criteria: the counted roles and observers."""
        return (*cls.counted(), cls.OBSERVER)


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", _("applied")
    ACTIVE = "active", _("active")
    OBSERVER = "observer", _("observer until a date")
    ON_HOLD = "on_hold", _("on hold or suspended")
    LEFT = "left", _("left")
    DECLINED = "declined", _("application declined")

    @classmethod
    def in_force(cls) -> tuple[str, ...]:
        """A membership that holds now: active, observer or on hold; not an application, a departure or a refusal.
        What a plan can be reported to, what a commitment applies to and what a network's figures count."""
        return (cls.ACTIVE, cls.OBSERVER, cls.ON_HOLD)

    @classmethod
    def open(cls) -> tuple[str, ...]:
        """A membership in force or applied for: an organization with one cannot apply again."""
        return (cls.APPLIED, *cls.in_force())


def in_force_condition(prefix: str = "") -> models.Q:
    """The condition of a membership in force (`MembershipStatus.in_force`); prefix "memberships__" from a network."""
    return models.Q(**{f"{prefix}status__in": MembershipStatus.in_force()})


def counted_condition(prefix: str = "") -> models.Q:
    """The condition of a membership a network's member count counts: a counted role, in force."""
    return in_force_condition(prefix) & models.Q(**{f"{prefix}role__in": MembershipRole.counted()})


class Decision(models.TextChoices):
    """The coordinators' decision on an application."""

    MEMBER = "member", _("Approve as member")
    OBSERVER = "observer", _("Approve as observer")
    DECLINE = "decline", _("Decline")


class MembershipQuerySet(models.QuerySet):
    """Which memberships count, as query filters every page, API answer, export and criterion shares."""

    def in_force(self) -> "MembershipQuerySet":
        """Memberships that hold now (`MembershipStatus.in_force`)."""
        return self.filter(in_force_condition())

    def open(self) -> "MembershipQuerySet":
        """Memberships in force or applied for (`MembershipStatus.open`)."""
        return self.filter(status__in=MembershipStatus.open())

    def counted(self) -> "MembershipQuerySet":
        """What a network's member count counts: members and signatories in force (the Covenant of Mayors: its 69
        Swedish signatories, 11 of them on hold; not its coordinator and supporter, who are counted apart)."""
        return self.filter(counted_condition())

    def listed(self) -> "MembershipQuerySet":
        """A network's list of members and its criteria matrix: the counted memberships and the observers in force."""
        return self.in_force().filter(role__in=MembershipRole.listed())


MEMBERSHIP_HISTORY = HistoricalRecords(m2m_fields=["commitments", "groups"])


class Membership(models.Model):
    """An organization's place in a network: role, status, since when, and the commitments it has taken."""

    organization = models.ForeignKey(
        "places.Organization", on_delete=models.PROTECT, related_name="memberships", verbose_name=_("organization")
    )
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("network")
    )
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole.choices)
    status = models.CharField(_("status"), max_length=20, choices=MembershipStatus.choices)
    since = models.DateField(_("since"), null=True, blank=True, help_text=_("Empty when no source gives the date."))
    since_precision = models.CharField(
        _("precision of the date"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("A source that gives only “2007” is stored as 1 January 2007 with the precision year."),
    )
    until = models.DateField(_("until"), null=True, blank=True)
    representative = models.CharField(
        _("representative"), max_length=200, blank=True, help_text=_("Name and title of a public office holder.")
    )
    groups = models.ManyToManyField(
        WorkingGroup, blank=True, related_name="memberships", verbose_name=_("working groups")
    )
    commitments = models.ManyToManyField(
        "targets.Commitment", blank=True, related_name="memberships", verbose_name=_("commitments taken")
    )
    coordinator = models.ForeignKey(
        "places.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_memberships",
        verbose_name=_("coordinated by"),
    )
    supporter_name = models.CharField(_("supported by"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    application_note = models.TextField(_("application"), blank=True)
    assessment = models.ForeignKey(
        "AssessmentAnswerSet",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("self-assessment attached"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    history = MEMBERSHIP_HISTORY

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "network", "role"],
                name="one_membership_per_role",
                violation_error_message=_("The organization already has this role in the network."),
            ),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True)
                | models.Q(since__isnull=True)
                | models.Q(until__gte=models.F("since")),
                name="membership_ends_after_it_starts",
                violation_error_message=_("A membership cannot end before it starts: “until” comes before “since”."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.network} ({self.get_role_display()})"

    def save_with_relations(self, *, groups=None, commitments=None) -> None:
        """Save and set groups and commitments, writing one history row with all of it (not one per step)."""
        save_with_links(self, MEMBERSHIP_HISTORY, {"groups": groups, "commitments": commitments})

    @property
    def since_text(self) -> str:
        """The date as precisely as the source gives it: "2007", "2007-10" or "2009-09-24"; "" when unknown."""
        if self.since is None:
            return ""
        return self.since.strftime({"year": "%Y", "month": "%Y-%m"}.get(self.since_precision, "%Y-%m-%d"))


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

    def clean(self):
        if self.kind in YEAR_RULES and self.years is None:
            raise ValidationError({"years": _("This rule needs a number of years.")})


class AssessmentArea(BilingualName, models.Model):
    """An area of a network's self-assessment (Klimatkommunerna's membership test), with its maximum points."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="assessment_areas", verbose_name=_("network")
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    max_points = models.PositiveSmallIntegerField(_("maximum points"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-assessment area")
        verbose_name_plural = _("self-assessment areas")
        ordering = ["network", "position", "id"]

    def __str__(self) -> str:
        return self.display_name


class AssessmentQuestion(models.Model):
    area = models.ForeignKey(AssessmentArea, on_delete=models.CASCADE, related_name="questions", verbose_name=_("area"))
    text = models.CharField(_("question"), max_length=500)
    text_en = models.CharField(_("question in English"), max_length=500, blank=True)
    points = models.PositiveSmallIntegerField(_("points for yes"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    written_by_samverkan = models.BooleanField(
        _("written by Samverkan"),
        default=False,
        help_text=_("Worded by Samverkan from the network's requirements; the coordinators may edit it."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("self-assessment question")
        verbose_name_plural = _("self-assessment questions")
        ordering = ["area__position", "position", "id"]

    def __str__(self) -> str:
        return self.display_text

    @property
    def display_text(self) -> str:
        return in_language(self.text, self.text_en)


class AssessmentAnswerSet(models.Model):
    """One organization's answers to a network's self-assessment; every set is kept."""

    organization = models.ForeignKey(
        "places.Organization", on_delete=models.CASCADE, related_name="assessments", verbose_name=_("organization")
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("network")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organization} – {self.network} {self.submitted_at:%Y-%m-%d}"


class AssessmentAnswer(models.Model):
    answer_set = models.ForeignKey(AssessmentAnswerSet, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(AssessmentQuestion, on_delete=models.PROTECT, related_name="answers")
    yes = models.BooleanField(_("yes"))
    # The question's points when answered, kept if the coordinators change them later.
    points = models.PositiveSmallIntegerField(_("points given"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer_set", "question"], name="one_answer_per_question")]

    def __str__(self) -> str:
        return f"{self.question}: {self.yes}"


# The fields the coordinators write, shared by the forms, the services and the API.
NETWORK_EDITABLE_FIELDS = ("name", "name_en", "kind", "description", "website", "founded_year", "refounded")
NETWORK_EDITABLE_FIELDS += ("source", "source_url")
CRITERION_FIELDS = ("kind", "years", "commitment", "name", "name_en", "position")
OBLIGATION_FIELDS = ("name", "name_en", "every_years", "source", "source_url")
# The form puts the groups and commitments between the membership's standing and who coordinates it.
MEMBERSHIP_FIELDS = ("role", "status", "since", "since_precision", "until", "representative")
MEMBERSHIP_FIELDS += ("coordinator", "supporter_name", "source")
