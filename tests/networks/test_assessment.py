"""Klimatkommunerna's self-assessment: the seeded areas, answering it, the scores and who may see them."""

import re

import pytest

from samverkan.accounts.models import NetworkRole
from samverkan.networks.models import AssessmentAnswerSet, AssessmentArea, AssessmentQuestion

pytestmark = pytest.mark.django_db
URL = "/natverk/klimatkommunerna/medlemstest/"


def test_the_seeded_areas_have_the_associations_maximum_points():
    areas = list(AssessmentArea.objects.filter(network__slug="klimatkommunerna").order_by("position"))
    assert [(a.name, a.max_points) for a in areas] == [
        ("Mål, åtgärder och uppföljning", 15),
        ("Organisation", 5),
        ("Transporter", 12),
        ("Energi", 11),
        ("Planering och byggande", 10),
        ("Upphandling", 8),
        ("Kommunikation", 5),
    ]
    for area in areas:
        assert sum(q.points for q in area.questions.all()) == area.max_points, area.name
    assert all(AssessmentQuestion.objects.filter(area__in=areas).values_list("written_by_samverkan", flat=True))


def questions(*area_names):
    return list(AssessmentQuestion.objects.filter(area__network__slug="klimatkommunerna", area__name__in=area_names))


def test_an_editor_answers_and_gets_the_score_per_area_and_in_total(signed_in, jonkoping):
    client = signed_in("editor")
    chosen = questions("Mål, åtgärder och uppföljning", "Kommunikation")
    form = {"organisation": jonkoping.pk, **{f"fraga-{q.pk}": "ja" for q in chosen}}
    response = client.post(URL, form)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert re.search(r'id="assessment-total">20 av 66 poäng<', html)  # 15 + 5 of 15 + 5 + 12 + 11 + 10 + 8 + 5
    assert re.search(r'<th scope="row">Transporter</th><td class="num">0</td><td class="num">12</td>', html)
    # A second set is kept beside the first.
    client.post(URL, {"organisation": jonkoping.pk, f"fraga-{chosen[0].pk}": "ja"})
    sets = list(AssessmentAnswerSet.objects.filter(organization=jonkoping).order_by("submitted_at", "id"))
    assert len(sets) == 2
    assert sum(a.points for a in sets[0].answers.all() if a.yes) == 20
    assert sum(a.points for a in sets[1].answers.all() if a.yes) == chosen[0].points


@pytest.mark.parametrize("role", ["viewer", "other_admin"])
def test_only_editors_of_the_organization_answer_for_it(signed_in, role, jonkoping):
    response = signed_in(role).post(URL, {"organisation": jonkoping.pk})
    assert response.status_code == 403 and not AssessmentAnswerSet.objects.exists()


def test_anonymous_answers_go_to_sign_in(client, jonkoping):
    response = client.post(URL, {"organisation": jonkoping.pk})
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"fraga-999999": "ja"}, "De här frågorna finns inte i självskattningen för Klimatkommunerna: 999999."),
        ({"fraga-abc": "ja"}, "fraga-abc är inte en fråga."),
        ({"organisation": ""}, "Organisation: Välj den organisation du svarar för."),
        ({"organisation": "999999"}, "Organisation: Välj den organisation du svarar för."),
    ],
)
def test_bad_answers_are_refused_in_words_and_nothing_is_kept(signed_in, jonkoping, extra, message):
    form = {"organisation": jonkoping.pk, **extra}
    response = signed_in("editor").post(URL, form)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert 'class="form-errors" role="alert"' in response.content.decode()
    assert not AssessmentAnswerSet.objects.exists()


def test_results_are_seen_by_the_organization_and_the_networks_coordinators(signed_in, person, jonkoping, client):
    editor_client = signed_in("editor")
    location = editor_client.post(URL, {"organisation": jonkoping.pk})["Location"]
    other = person("other_admin")
    client.force_login(other)
    assert client.get(location).status_code == 403
    NetworkRole.objects.create(user=other, network_id=AssessmentArea.objects.first().network_id, role="coordinator")
    assert client.get(location).status_code == 200


def test_the_questions_are_public_and_a_network_without_a_test_is_404(client):
    html = client.get(URL).content.decode()
    assert "Kommunen har antagna mål för att minska utsläppen." in html and "disabled" in html
    assert client.get("/natverk/earth-hour/medlemstest/").status_code == 404
