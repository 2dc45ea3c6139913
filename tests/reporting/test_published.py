"""A network that publishes accepted reports shows them to everyone; drafts and reports of other rounds stay private."""

import pytest

from samverkan.reporting import services

pytestmark = pytest.mark.django_db
URL = "/natverk/klimatkommunerna/rapportering/publicerade/"


def accepted(round, editor, coordinator, organization):
    draft = services.draft_for(by=editor, round=round, organization=organization)
    services.draft_save(by=editor, submission=draft, values={"informs": "ja"}, rationales={"informs": "Möten"})
    services.submit(by=editor, submission=draft)
    services.decide(by=coordinator, submission=draft, decision="accepted")
    return draft


def test_accepted_reports_of_a_public_round_are_listed_for_everyone(client, person, network, round_fields, jonkoping):
    coordinator, editor = person("coordinator"), person("editor")
    public = services.round_save(by=coordinator, network=network, fields={**round_fields, "public": True})
    private = services.round_save(
        by=coordinator, network=network, fields={**round_fields, "title": "Intern enkät 2024", "public": False}
    )
    assert client.get(URL).status_code == 200 and 'id="no-published-reports"' in client.get(URL).content.decode()
    report = accepted(public, editor, coordinator, jonkoping)
    draft = services.draft_for(by=editor, round=private, organization=jonkoping)
    services.draft_save(by=editor, submission=draft, values={"informs": "ja"}, rationales={"informs": "Möten"})
    services.submit(by=editor, submission=draft)
    services.decide(by=coordinator, submission=draft, decision="accepted")

    html = client.get(URL).content.decode()
    assert f'href="/natverk/klimatkommunerna/rapportering/rapporter/{report.pk}/"' in html
    assert "Jönköpings kommun" in html and "Årsrapport 2024" in html
    assert "Intern enkät 2024" not in html and f"/rapporter/{draft.pk}/" not in html
    assert client.get(f"/natverk/klimatkommunerna/rapportering/rapporter/{report.pk}/").status_code == 200
    page = client.get("/natverk/klimatkommunerna/").content.decode()
    assert f'href="{URL}"' in page


def test_an_unknown_network_has_no_published_reports_page(client):
    response = client.get("/natverk/finns-inte/rapportering/publicerade/")
    assert response.status_code == 404 and "finns-inte" in response.content.decode()
