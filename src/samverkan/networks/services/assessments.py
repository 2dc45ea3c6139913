"""The self-assessment: an organization's answers recorded, and scored per area."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samverkan.core.errors import Invalid
from samverkan.core.permissions import refuse
from samverkan.places.models import Organization

from ..models import AssessmentAnswer, AssessmentAnswerSet, AssessmentQuestion, Network
from ..prefill import suggestions


@dataclass(frozen=True)
class AreaScore:
    name: str
    points: int
    max_points: int


def assessment_score(answer_set: AssessmentAnswerSet) -> tuple[list[AreaScore], int, int]:
    """Points per area (never above the area's maximum) and in total, with the maxima."""
    areas = list(answer_set.network.assessment_areas.order_by("position", "id"))
    earned: dict[int, int] = {}
    for answer in answer_set.answers.select_related("question"):
        if answer.yes:
            earned[answer.question.area_id] = earned.get(answer.question.area_id, 0) + answer.points
    scores = [AreaScore(a.display_name, min(earned.get(a.pk, 0), a.max_points), a.max_points) for a in areas]
    return scores, sum(s.points for s in scores), sum(s.max_points for s in scores)


def assessment_submit(
    *, by, organization: Organization, network: Network, answers: dict[int, bool]
) -> AssessmentAnswerSet:
    """Record an organization's answers as a new set (earlier sets are kept); its editors answer.

    Each answer keeps what the platform suggested for it then, and from where, so the set shows what the editor
    confirmed and what they changed.
    """

    if not Organization.objects.editable_by(by).filter(pk=organization.pk).exists():
        raise refuse(by, gettext_noop("answer the self-assessment for %(place)s"), place=organization)
    questions = {q.pk: q for q in AssessmentQuestion.objects.filter(area__network=network)}
    if not questions:
        raise Invalid(_("%(network)s has no self-assessment.") % {"network": network})
    unknown = sorted(set(answers) - set(questions))
    if unknown:
        raise Invalid(
            _("These questions are not in the self-assessment of %(network)s: %(ids)s.")
            % {"network": network, "ids": ", ".join(str(i) for i in unknown)}
        )
    suggested = suggestions(organization, list(questions.values()))
    with transaction.atomic():
        answer_set = AssessmentAnswerSet.objects.create(organization=organization, network=network, submitted_by=by)
        AssessmentAnswer.objects.bulk_create(
            AssessmentAnswer(
                answer_set=answer_set,
                question=question,
                yes=bool(answers.get(pk)),
                points=question.points,
                suggested=suggested[pk].answer,
                source=suggested[pk].source[:600],
                source_url=suggested[pk].url[:300],
            )
            for pk, question in questions.items()
        )
    return answer_set
