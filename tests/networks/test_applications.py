"""Applying to a network and the coordinators' decision: member, observer until a date, or declined."""

import datetime as dt

import pytest
from django.utils import timezone

from samverkan.accounts.models import NetworkRole
from samverkan.networks.models import Membership, Network

pytestmark = pytest.mark.django_db
APPLY = "/natverk/klimatkommunerna/ansok/"


@pytest.fixture
def coordinator(person):
    user = person("coordinator")  # coordinates the seeded Klimatkommunerna (tests/people.py)
    return user


def follow_up_section(client) -> str:
    html = client.get("/natverk/klimatkommunerna/ansokningar/").content.decode()
    return html.split('id="follow-heading"')[1].split('id="decided-heading"')[0]


def application(stockholm):
    return Membership.objects.get(organization=stockholm, network__slug="klimatkommunerna")


def test_apply_with_a_self_assessment_and_be_approved_as_member(client, person, stockholm, coordinator):
    editor = person("other_admin")  # administers Stockholm
    client.force_login(editor)
    client.post("/natverk/klimatkommunerna/medlemstest/", {"organisation": stockholm.pk})
    response = client.post(APPLY, {"organisation": stockholm.pk, "ansokan": "Vi vill vara med.", "bifoga": "ja"})
    assert response.status_code == 302
    applied = application(stockholm)
    assert applied.status == "applied" and applied.assessment is not None and applied.since is None
    assert "har ansökt" in client.get(f"/organisationer/{stockholm.pk}/").content.decode()
    client.force_login(coordinator)
    desk = client.get("/natverk/klimatkommunerna/ansokningar/").content.decode()
    assert "Stockholms kommun" in desk and "Vi vill vara med." in desk and "av 66 poäng" in desk
    client.post(f"/natverk/klimatkommunerna/ansokningar/{applied.pk}/", {"beslut": "member"})
    applied.refresh_from_db()
    assert applied.status == "active" and applied.since == timezone.localdate() and applied.decided_by == coordinator


def test_observer_for_a_year_by_default_and_followed_up_near_its_end(client, person, stockholm, coordinator):
    client.force_login(person("other_admin"))
    client.post(APPLY, {"organisation": stockholm.pk})
    client.force_login(coordinator)
    membership = application(stockholm)
    client.post(f"/natverk/klimatkommunerna/ansokningar/{membership.pk}/", {"beslut": "observer"})
    membership.refresh_from_db()
    today = timezone.localdate()
    assert membership.status == "observer" and membership.role == "observer"
    assert membership.until == today.replace(year=today.year + 1)
    assert "Stockholms kommun" not in follow_up_section(client)
    Membership.objects.filter(pk=membership.pk).update(until=today + dt.timedelta(days=10))
    assert "Stockholms kommun" in follow_up_section(client)


def test_applying_twice_is_refused(client, person, stockholm):
    client.force_login(person("other_admin"))
    client.post(APPLY, {"organisation": stockholm.pk})
    response = client.post(APPLY, {"organisation": stockholm.pk})
    assert response.status_code == 422 and "kan inte ansöka igen" in response.content.decode()
    assert Membership.objects.filter(organization=stockholm, network__slug="klimatkommunerna").count() == 1


def test_a_member_cannot_apply_again(client, person, jonkoping):
    client.force_login(person("editor"))  # Jönköping is a member already
    assert client.post(APPLY, {"organisation": jonkoping.pk}).status_code == 422


def test_only_the_organizations_editors_apply(client, person, stockholm):
    client.force_login(person("viewer"))  # a viewer of Jönköping, nothing in Stockholm
    assert client.post(APPLY, {"organisation": stockholm.pk}).status_code == 403
    assert not Membership.objects.filter(organization=stockholm, network__slug="klimatkommunerna").exists()


def test_declining_needs_a_reason_the_organization_sees_and_it_may_apply_again(client, person, stockholm, coordinator):
    admin = person("other_admin")
    client.force_login(admin)
    client.post(APPLY, {"organisation": stockholm.pk})
    membership = application(stockholm)
    client.force_login(coordinator)
    response = client.post(f"/natverk/klimatkommunerna/ansokningar/{membership.pk}/", {"beslut": "decline"})
    assert response.status_code == 422 and application(stockholm).status == "applied"
    client.post(
        f"/natverk/klimatkommunerna/ansokningar/{membership.pk}/",
        {"beslut": "decline", "skal": "Fullmäktigebeslutet saknas."},
    )
    assert application(stockholm).status == "declined"
    client.force_login(admin)
    assert "Fullmäktigebeslutet saknas." in client.get(f"/organisationer/{stockholm.pk}/").content.decode()
    assert client.post(APPLY, {"organisation": stockholm.pk}).status_code == 302
    assert application(stockholm).status == "applied"


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"beslut": "observer", "observator_till": "2020-01-01"}, "måste sluta efter"),
        ({"beslut": "observer", "observator_till": "snart"}, "inte ett datum"),
        ({"beslut": "kung"}, "Beslut: kung är inte ett beslut"),
        ({}, "Beslut: Välj ett beslut: medlem, observatör eller avslag."),
        ({"beslut": "member", "observator_till": "30/6 2027"}, "Observatör till (tomt: ett år från i dag): 30/6 2027"),
    ],
)
def test_bad_decisions_are_refused_and_change_nothing(client, person, stockholm, coordinator, form, message):
    client.force_login(person("other_admin"))
    client.post(APPLY, {"organisation": stockholm.pk})
    membership = application(stockholm)
    client.force_login(coordinator)
    response = client.post(f"/natverk/klimatkommunerna/ansokningar/{membership.pk}/", form)
    assert response.status_code == 422 and message in response.content.decode()
    assert application(stockholm).status == "applied"
    # A get (back from signing in again) goes to the desk, deciding nothing.
    response = client.get(f"/natverk/klimatkommunerna/ansokningar/{membership.pk}/")
    assert response.status_code == 302 and response["Location"] == "/natverk/klimatkommunerna/ansokningar/"


def test_a_coordinator_of_another_network_cannot_decide(client, person, stockholm):
    client.force_login(person("other_admin"))
    client.post(APPLY, {"organisation": stockholm.pk})
    membership = application(stockholm)
    outsider = person("superuser").__class__.objects.create_user(username="x@example.se", email="x@example.se")
    NetworkRole.objects.create(user=outsider, network=Network.objects.get(slug="earth-hour"), role="coordinator")
    client.force_login(outsider)
    assert (
        client.post(f"/natverk/klimatkommunerna/ansokningar/{membership.pk}/", {"beslut": "member"}).status_code == 403
    )
    # Deciding it through the other network's desk finds no such application.
    assert client.post(f"/natverk/earth-hour/ansokningar/{membership.pk}/", {"beslut": "member"}).status_code == 404
    assert application(stockholm).status == "applied"


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({}, "Organisation: Välj den organisation som ansöker."),
        ({"organisation": "999999"}, "Organisation: Välj den organisation som ansöker."),
        ({"organisation": "abc"}, "Organisation: Välj den organisation som ansöker."),
    ],
)
def test_a_bad_application_names_the_field_and_nothing_is_recorded(client, person, stockholm, form, message):
    client.force_login(person("other_admin"))
    response = client.post(APPLY, form)
    assert response.status_code == 422 and message in response.content.decode()
    assert not Membership.objects.filter(network__slug="klimatkommunerna", status="applied").exists()


def test_an_application_without_a_self_assessment_attaches_none_and_keeps_the_note_as_written(
    client, person, stockholm
):
    client.force_login(person("other_admin"))
    client.post("/natverk/klimatkommunerna/medlemstest/", {"organisation": stockholm.pk})
    assert client.post(APPLY, {"organisation": stockholm.pk, "ansokan": "  Vi vill vara med.\n"}).status_code == 302
    applied = application(stockholm)
    assert (applied.status, applied.assessment, applied.application_note) == ("applied", None, "  Vi vill vara med.\n")


def test_applying_needs_a_signed_in_person_and_a_get_goes_back_to_the_network(client, person, stockholm):
    response = client.post(APPLY, {"organisation": stockholm.pk})
    assert response.status_code == 302 and response["Location"].startswith("/konto/logga-in/?next=")
    assert not Membership.objects.filter(organization=stockholm, network__slug="klimatkommunerna").exists()
    client.force_login(person("other_admin"))
    response = client.get(APPLY)
    assert response.status_code == 302 and response["Location"] == "/natverk/klimatkommunerna/"


def test_an_observer_decision_keeps_the_date_given(client, person, stockholm, coordinator):
    client.force_login(person("other_admin"))
    client.post(APPLY, {"organisation": stockholm.pk})
    membership = application(stockholm)
    client.force_login(coordinator)
    later = (timezone.localdate() + dt.timedelta(days=200)).isoformat()
    response = client.post(
        f"/natverk/klimatkommunerna/ansokningar/{membership.pk}/", {"beslut": "observer", "observator_till": later}
    )
    assert response.status_code == 302
    decided = Membership.objects.get(pk=membership.pk)
    assert (decided.status, decided.role, decided.until.isoformat()) == ("observer", "observer", later)


def test_the_desk_makes_the_coordinator_choose_a_decision(client, person, stockholm, coordinator):
    client.force_login(person("other_admin"))
    client.post(APPLY, {"organisation": stockholm.pk})
    client.force_login(coordinator)
    desk = client.get("/natverk/klimatkommunerna/ansokningar/").content.decode()
    card = desk[desk.index(f'id="application-{application(stockholm).pk}"') :]
    card = card[: card.index("</fieldset>")]
    assert card.count('name="beslut"') == 3 and " checked" not in card and card.count(" required") == 3


def test_a_coordinators_home_links_the_network_and_its_open_applications(client, person, stockholm, coordinator):
    client.force_login(person("other_admin"))
    client.post(APPLY, {"organisation": stockholm.pk, "ansokan": "Vi vill vara med."})
    client.force_login(coordinator)
    home = client.get("/konto/").content.decode()
    assert '<a href="/natverk/klimatkommunerna/">Klimatkommunerna</a>' in home
    assert (
        '<a href="/natverk/klimatkommunerna/ansokningar/">Ansökningar och observatörer (1 öppen ansökan)</a>'
    ) in home


def test_the_application_card_has_its_date_applicant_and_criteria_results(client, person, stockholm, coordinator):
    applicant = person("other_admin")
    client.force_login(applicant)
    client.post(APPLY, {"organisation": stockholm.pk})
    client.force_login(coordinator)
    desk = client.get("/natverk/klimatkommunerna/ansokningar/").content.decode()
    card = desk[desk.index(f'id="application-{application(stockholm).pk}"') :]
    card = card[: card.index("</article>")]
    today = timezone.localdate().isoformat()
    assert f"Skickad {today}" in card and f"av {applicant.get_full_name() or applicant.email}" in card
    assert "Ingen självskattning bifogad." in card
    # Klimatkommunerna's four criteria, evaluated on Stockholm's own data.
    assert card.count("<li>") == 4 and 'class="criterion criterion-' in card
    assert '<a href="/kommuner/0180/">' in card  # the inventory criterion's evidence


def test_the_self_assessment_result_offers_to_apply_with_it(client, person, stockholm):
    client.force_login(person("other_admin"))
    response = client.post("/natverk/klimatkommunerna/medlemstest/", {"organisation": stockholm.pk})
    result_url = response["Location"]
    page = client.get(result_url).content.decode()
    assert 'action="/natverk/klimatkommunerna/ansok/"' in page and "Bifoga den här självskattningen" in page
    assert f'name="organisation" value="{stockholm.pk}"' in page
    response = client.post(APPLY, {"organisation": stockholm.pk, "bifoga": "ja"})
    applied = application(stockholm)
    assert applied.status == "applied" and applied.assessment.pk == int(result_url.rstrip("/").rsplit("/", 1)[1])
    page = client.get(result_url).content.decode()
    assert 'action="/natverk/klimatkommunerna/ansok/"' not in page
    assert "Stockholms kommun i Klimatkommunerna: har ansökt." in page


def test_a_viewer_sees_no_apply_form_on_a_self_assessment(client, person, jonkoping):
    editor = person("editor")  # Jönköping is a member of Klimatkommunerna already
    client.force_login(editor)
    response = client.post("/natverk/klimatkommunerna/medlemstest/", {"organisation": jonkoping.pk})
    page = client.get(response["Location"]).content.decode()
    assert 'action="/natverk/klimatkommunerna/ansok/"' not in page and "Jönköpings kommun i Klimatkommunerna:" in page
