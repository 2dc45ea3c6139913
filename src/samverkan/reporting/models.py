"""Reporting rounds, the organizations' submissions and their frozen versions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RoundStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    ACCEPTED = "accepted", _("accepted")


class VersionDecision(models.TextChoices):
    RETURNED = "returned", _("returned")
    ACCEPTED = "accepted", _("accepted")


class ReportingRound(models.Model):
    """A network asks the members it names (by role, optionally by commitment) for one framework's report."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="reporting_rounds", verbose_name=_("network")
    )
    framework = models.CharField(_("framework"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year reported"))
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens"))
    deadline = models.DateField(_("deadline"))
    roles = models.JSONField(_("roles that must report"), default=list)
    commitment = models.ForeignKey(
        "targets.Commitment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporting_rounds",
        verbose_name=_("only members with this commitment"),
    )
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    public = models.BooleanField(
        _("accepted reports are public"), default=False, help_text=_("As the Covenant of Mayors publishes them.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["network", "-deadline", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("opens_on")),
                name="round_deadline_after_opening",
                violation_error_message=_("The deadline comes before the opening date."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class Submission(models.Model):
    """An organization's report in a round: its draft (editable until submitted) and its state."""

    round = models.ForeignKey(
        ReportingRound, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("reporting round")
    )
    organization = models.ForeignKey(
        "places.Organization",
        on_delete=models.PROTECT,
        related_name="report_submissions",
        verbose_name=_("organization"),
    )
    state = models.CharField(_("state"), max_length=10, choices=SubmissionState.choices, default=SubmissionState.DRAFT)
    content = models.JSONField(_("draft content"), default=dict)
    filled = models.JSONField(_("content as filled"), default=dict)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["round", "organization__name"]
        constraints = [models.UniqueConstraint(fields=["round", "organization"], name="one_submission_per_round")]

    def __str__(self) -> str:
        return f"{self.organization} – {self.round}"

    @property
    def is_editable(self) -> bool:
        return self.state in (SubmissionState.DRAFT, SubmissionState.RETURNED)


class FrozenQuerySet(models.QuerySet):
    def delete(self):
        raise ValidationError(_("A submitted version is kept: it cannot be deleted."))

    def update(self, **kwargs):
        if set(kwargs) - set(DECISION_FIELDS):
            raise ValidationError(_("A submitted version is frozen: only its decision can be recorded."))
        return super().update(**kwargs)


DECISION_FIELDS = ("decision", "decided_by", "decided_at", "comment")


class SubmissionVersion(models.Model):
    """A submission as it was submitted: frozen, with its releases and a checksum; only the decision is added."""

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="versions", verbose_name=_("submission")
    )
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    releases = models.JSONField(_("releases used"), default=list)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    decision = models.CharField(_("decision"), max_length=10, choices=VersionDecision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    objects = FrozenQuerySet.as_manager()

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["submission", "number"]
        constraints = [models.UniqueConstraint(fields=["submission", "number"], name="one_version_number")]

    def __str__(self) -> str:
        return f"{self.submission} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            # Frozen: only the decision fields are written, whatever else was changed on the object.
            kwargs["update_fields"] = DECISION_FIELDS
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A submitted version is kept: it cannot be deleted."))
