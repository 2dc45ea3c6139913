"""Self-assessments: a network's questions by area, and each member's answers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.text import BilingualName, in_language

from .networks import Network


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


class Evidence(models.TextChoices):
    """What the platform already holds that answers a question, so the self-assessment starts from it."""

    NONE = "", _("nothing: the organization's own answer")
    INVENTORY = "inventory", _("the official emission inventory")
    TARGETS = "targets", _("the organization's emission targets")
    PLAN = "plan", _("an adopted action plan")
    PLAN_FOLLOW_UP = "plan_follow_up", _("the plan's actions followed up in the last twelve months")
    PLAN_ACTIONS = "plan_actions", _("actions of the plan on the question's subject")


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
    evidence = models.CharField(
        _("answered from"), max_length=20, choices=Evidence.choices, default=Evidence.NONE, blank=True
    )
    evidence_terms = models.CharField(
        _("subject words"),
        max_length=200,
        blank=True,
        help_text=_("For actions of the plan: the words the plan's actions are searched for, as in the library."),
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
    # What the platform suggested when the answers were saved, and where it came from: kept as it was then.
    suggested = models.BooleanField(_("suggested by Samverkan"), null=True, blank=True)
    source = models.CharField(_("where the suggestion came from"), max_length=600, blank=True)
    source_url = models.CharField(_("link to the source"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer_set", "question"], name="one_answer_per_question")]

    def __str__(self) -> str:
        return f"{self.question}: {self.yes}"

    @property
    def changed(self) -> bool:
        """The editor answered otherwise than the platform suggested."""
        return self.suggested is not None and self.suggested != self.yes


# The fields the coordinators write, shared by the forms, the services and the API.
