"""Memberships: an organization's role and status in a network, and which memberships count."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.history import save_with_links


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
    def counted(cls) -> tuple[str, ...]:
        """The statuses a network's member count counts: in force, but not an observer until a date (an observer is
        counted apart whatever its role says)."""
        return (cls.ACTIVE, cls.ON_HOLD)

    @classmethod
    def open(cls) -> tuple[str, ...]:
        """A membership in force or applied for: an organization with one cannot apply again."""
        return (cls.APPLIED, *cls.in_force())


def in_force_condition(prefix: str = "") -> models.Q:
    """The condition of a membership in force (`MembershipStatus.in_force`); prefix "memberships__" from a network."""
    return models.Q(**{f"{prefix}status__in": MembershipStatus.in_force()})


def counted_condition(prefix: str = "") -> models.Q:
    """The condition of a membership a network's member count counts: a counted role and status (not an observer)."""
    return models.Q(
        **{f"{prefix}status__in": MembershipStatus.counted(), f"{prefix}role__in": MembershipRole.counted()}
    )


def observer_condition(prefix: str = "") -> models.Q:
    """The condition of an observer in force: the role observer, or the status observer until a date."""
    role = models.Q(**{f"{prefix}role": MembershipRole.OBSERVER})
    return in_force_condition(prefix) & (role | models.Q(**{f"{prefix}status": MembershipStatus.OBSERVER}))


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
        Swedish signatories, 11 of them on hold; not its coordinator and supporter, nor an observer until a date,
        who are counted apart)."""
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
        "networks.Network", on_delete=models.PROTECT, related_name="memberships", verbose_name=_("network")
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
        "networks.WorkingGroup", blank=True, related_name="memberships", verbose_name=_("working groups")
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
    def status_text(self) -> str:
        """The status in words, an observer's with its end date: "observer until 2027-06-30" (never "until a date")."""
        if self.status == MembershipStatus.OBSERVER:
            if self.until is None:
                return str(_("observer, end date not recorded"))
            return _("observer until %(date)s") % {"date": self.until.isoformat()}
        return self.get_status_display()

    @property
    def since_text(self) -> str:
        """The date as precisely as the source gives it: "2007", "2007-10" or "2009-09-24"; "" when unknown."""
        if self.since is None:
            return ""
        return self.since.strftime({"year": "%Y", "month": "%Y-%m"}.get(self.since_precision, "%Y-%m-%d"))


# The fields the coordinators write, shared by the forms, the services and the API. The form puts the groups and
# commitments between the membership's standing and who coordinates it.
MEMBERSHIP_FIELDS = (
    "role",
    "status",
    "since",
    "since_precision",
    "until",
    "representative",
    "coordinator",
    "supporter_name",
    "source",
)
