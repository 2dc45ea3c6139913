"""The self-assessment starts from what the platform holds: each suggestion names its source, the editor confirms
or changes it, and the answers keep what was suggested and from where."""

import csv
import datetime as dt
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from samverkan.actions.services import status_update_create
from samverkan.networks.models import AssessmentAnswerSet, AssessmentQuestion, Evidence
from samverkan.networks.services import networks_seed

pytestmark = pytest.mark.django_db
URL = "/natverk/klimatkommunerna/medlemstest/"


def question(evidence: str, terms: str = "") -> AssessmentQuestion:
    found = AssessmentQuestion.objects.filter(area__network__slug="klimatkommunerna", evidence=evidence)
    return found.get(evidence_terms=terms) if terms else found.get()


def jonkopings_plan_in_the_survey() -> dict:
    with open(settings.BUNDLED_DATA_DIR / "actions" / "climate-plans.csv", encoding="utf-8") as handle:
        return next(row for row in csv.DictReader(handle) if row["kommun"] == "Jönköpings kommun")


def test_the_seeded_questions_say_what_answers_them():
    kinds = list(
        AssessmentQuestion.objects.filter(area__network__slug="klimatkommunerna")
        .order_by("area__position", "position")
        .values_list("evidence", flat=True)
    )
    assert kinds[:4] == ["inventory", "targets", "plan", "plan_follow_up"]
    assert kinds[4:6] == ["", ""]  # the organisation area: nothing the platform holds answers it
    assert question("plan_actions", "cykel").text == "Kommunen har en plan för att bygga ut cykelvägnätet."
    assert kinds.count("plan_actions") == 13 and kinds.count("") == 3


def checkbox(html: str, q: AssessmentQuestion) -> str:
    return re.search(rf'<input type="checkbox" id="q-{q.pk}"[^>]*>', html).group(0)


def source(html: str, q: AssessmentQuestion) -> str:
    return re.sub(r"\s+", " ", re.search(rf'<p class="evidence" id="q-{q.pk}-source">(.*?)</p>', html, re.S).group(1))


def test_the_form_is_filled_from_the_organizations_inventory_targets_and_plan(signed_in, plan):
    html = signed_in("editor").get(URL).content.decode()  # the editor edits Jönköping only: filled for it
    assert "Svar för Jönköpings kommun" in html and 'name="organisation" value="' in html

    inventory = question(Evidence.INVENTORY)
    assert "checked" in checkbox(html, inventory)
    assert "Samverkan föreslår ja" in source(html, inventory)
    assert "Jönköping" in source(html, inventory) and "2024" in source(html, inventory)
    assert 'href="/kommuner/0680/"' in source(html, inventory)

    survey = jonkopings_plan_in_the_survey()
    adopted = question(Evidence.PLAN)
    assert "checked" in checkbox(html, adopted)
    assert f"{survey['plan_name_comment']}, antagen {survey['adopted_year']}." in source(html, adopted)
    assert f'href="/planer/{plan.pk}/"' in source(html, adopted)

    # No follow-up recorded: no suggestion, the box left for the editor.
    follow_up = question(Evidence.PLAN_FOLLOW_UP)
    assert "checked" not in checkbox(html, follow_up)
    assert "Inget förslag" in source(html, follow_up)

    # The plan's own action on charging points answers the question on charging, named first.
    charging = AssessmentQuestion.objects.get(text__startswith="Kommunen främjar laddinfrastruktur")
    assert "checked" in checkbox(html, charging)
    assert "Laddstolpar vid stationen" in source(html, charging)

    # A question nothing held answers carries no suggestion and is not ticked.
    coordinator = AssessmentQuestion.objects.get(text__startswith="Det finns en utsedd samordnare")
    assert "checked" not in checkbox(html, coordinator)
    assert f'id="q-{coordinator.pk}-source"' not in html or "Inget förslag" in source(html, coordinator)


def test_a_recent_status_update_counts_as_follow_up(signed_in, plan):
    client = signed_in("editor")
    action = plan.actions.get(title="Laddstolpar vid stationen")
    editor = get_user_model().objects.get()
    status_update_create(by=editor, action=action, date=dt.date.today(), status="ongoing", completion=45)
    html = client.get(URL).content.decode()
    follow_up = question(Evidence.PLAN_FOLLOW_UP)
    assert "checked" in checkbox(html, follow_up)
    assert "1 uppdatering av planens åtgärder" in source(html, follow_up)


def test_saved_answers_keep_the_suggestion_its_source_and_whether_the_editor_changed_it(signed_in, jonkoping, plan):
    client = signed_in("editor")
    inventory, adopted, follow_up = (
        question(Evidence.INVENTORY),
        question(Evidence.PLAN),
        question(Evidence.PLAN_FOLLOW_UP),
    )
    # The editor keeps every suggested yes but the plan's, and answers the follow-up yes.
    page = client.get(URL).content.decode()
    ticked = set(re.findall(r'<input type="checkbox" id="q-\d+" name="(fraga-\d+)" value="ja" checked', page))
    assert f"fraga-{inventory.pk}" in ticked and f"fraga-{adopted.pk}" in ticked
    form = {"organisation": jonkoping.pk, **{name: "ja" for name in ticked - {f"fraga-{adopted.pk}"}}}
    form[f"fraga-{follow_up.pk}"] = "ja"
    response = client.post(URL, form)
    assert response.status_code == 302
    answer_set = AssessmentAnswerSet.objects.get(organization=jonkoping)
    answers = {a.question_id: a for a in answer_set.answers.all()}
    assert (answers[inventory.pk].yes, answers[inventory.pk].suggested, answers[inventory.pk].changed) == (
        True,
        True,
        False,
    )
    assert (answers[adopted.pk].yes, answers[adopted.pk].suggested, answers[adopted.pk].changed) == (False, True, True)
    assert answers[adopted.pk].source.startswith(jonkopings_plan_in_the_survey()["plan_name_comment"])
    assert answers[follow_up.pk].suggested is None and not answers[follow_up.pk].changed

    html = re.sub(r"\s+", " ", client.get(response["Location"]).content.decode())
    assert "ändrat från föreslaget ja" in html
    assert "förslaget bekräftat" in html
    assert len(ticked) >= 3
    assert f"{len(ticked) - 1} förslag från Samverkan bekräftade, 1 ändrat." in html


def test_another_organizations_suggestions_are_refused(signed_in, stockholm):
    response = signed_in("editor").get(URL, {"organisation": stockholm.pk})
    assert response.status_code == 403
    assert "Stockholm" not in response.content.decode().split("<main", 1)[-1].split("</h1>", 1)[0]


@pytest.mark.parametrize("wanted", ["abc", "999999"])
def test_an_unknown_organization_is_a_404_naming_it(signed_in, wanted):
    response = signed_in("editor").get(URL, {"organisation": wanted})
    assert response.status_code == 404
    assert f"Det finns ingen organisation {wanted}." in response.content.decode()
    assert not AssessmentAnswerSet.objects.exists()


def test_the_seed_fills_what_an_earlier_version_left_empty_and_keeps_the_coordinators_choices():
    inventory = question(Evidence.INVENTORY)
    cycling = question(Evidence.PLAN_ACTIONS, "cykel")
    AssessmentQuestion.objects.filter(pk=inventory.pk).update(evidence="", text_en="")
    AssessmentQuestion.objects.filter(pk=cycling.pk).update(evidence="targets", evidence_terms="")
    networks_seed()
    inventory.refresh_from_db()
    cycling.refresh_from_db()
    assert inventory.evidence == "inventory"
    assert (
        inventory.text_en
        == "The council has decided to inventory the municipality's greenhouse-gas emissions continuously."
    )
    assert (cycling.evidence, cycling.evidence_terms) == ("targets", "")  # the coordinators' choice stands
