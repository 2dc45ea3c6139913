"""Every role against every kind of action, allowed and refused, through pages and the API."""

import pytest

from samverkan.accounts.models import ApiToken, Invitation
from samverkan.targets.models import Target
from samverkan.targets.services import target_create
from tests.queue import run_queue

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "viewer", "editor", "admin", "other_admin", "coordinator", "superuser"]
MAY_EDIT = {"editor", "admin", "superuser"}
MAY_READ_UNPUBLISHED = {"viewer", "editor", "admin", "superuser"}
MAY_MANAGE_PEOPLE = {"admin", "superuser"}
MAY_MANAGE_NETWORK = {"coordinator", "superuser"}


@pytest.fixture
def draft(jonkoping):
    return target_create(
        organization=jonkoping,
        name="Utkast: −50 % till 2030",
        kind="relative",
        base_year=2015,
        target_year=2030,
        value=50,
        published=False,
    )


@pytest.fixture
def published(jonkoping):
    return target_create(organization=jonkoping, name="Jönköping: netto noll 2040", kind="net_zero", target_year=2040)


def expect_refused(response, role):
    if role == "anonymous":
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    else:
        assert response.status_code == 403, response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_targets_are_seen_only_by_the_organizations_people(signed_in, role, draft, jonkoping):
    client = signed_in(role)
    html = client.get(f"/organisationer/{jonkoping.pk}/").content.decode()
    assert ("Utkast: −50 % till 2030" in html) == (role in MAY_READ_UNPUBLISHED)
    page = client.get("/kommuner/0680/", {"per": 2026}).content.decode()
    assert ("Utkast: −50 % till 2030" in page) == (role in MAY_READ_UNPUBLISHED)
    history = client.get(f"/mal/{draft.pk}/historik/")
    if role in MAY_READ_UNPUBLISHED:
        assert history.status_code == 200
    else:
        expect_refused(history, role)


def target_form(**overrides):
    form = {"name": "Ändrat namn", "name_en": "", "kind": "net_zero", "target_year": "2040", "published": "on"}
    form.update(overrides)
    return form


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_target(signed_in, role, published):
    client = signed_in(role)
    response = client.post(f"/mal/{published.pk}/andra/", target_form())
    published.refresh_from_db()
    if role in MAY_EDIT:
        assert response.status_code == 302
        assert published.name == "Ändrat namn"
    else:
        expect_refused(response, role)
        assert published.name == "Jönköping: netto noll 2040"


@pytest.mark.parametrize("role", ROLES)
def test_adding_and_deleting_targets(signed_in, role, published, jonkoping):
    client = signed_in(role)
    before = Target.objects.count()
    response = client.post(f"/organisationer/{jonkoping.pk}/mal/nytt/", target_form(name="Nytt mål"))
    if role in MAY_EDIT:
        assert response.status_code == 302 and Target.objects.count() == before + 1
    else:
        expect_refused(response, role)
        assert Target.objects.count() == before
    response = client.post(f"/mal/{published.pk}/radera/")
    assert Target.objects.filter(pk=published.pk).exists() == (role not in MAY_EDIT)
    if role not in MAY_EDIT:
        assert response.status_code in (302, 403) if role == "anonymous" else response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_inviting_people_to_an_organization(signed_in, role, jonkoping, mailoutbox):
    client = signed_in(role)
    response = client.post(f"/organisationer/{jonkoping.pk}/personer/", {"email": "ny@example.se", "role": "editor"})
    if role in MAY_MANAGE_PEOPLE:
        assert response.status_code == 302
        assert Invitation.objects.filter(email="ny@example.se", organization=jonkoping).count() == 1
        run_queue()
        assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ny@example.se"]
    else:
        expect_refused(response, role)
        run_queue()
        assert not Invitation.objects.exists() and not mailoutbox


@pytest.mark.parametrize("role", ROLES)
def test_api_tokens_of_an_organization(signed_in, role, jonkoping):
    client = signed_in(role)
    response = client.post(f"/organisationer/{jonkoping.pk}/api-nycklar/", {"name": "Rapportsystemet"})
    if role in MAY_MANAGE_PEOPLE:
        assert response.status_code == 200 and ApiToken.objects.filter(organization=jonkoping).count() == 1
    else:
        expect_refused(response, role)
        assert not ApiToken.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_inviting_coordinators_to_a_network(signed_in, role, network, mailoutbox):
    client = signed_in(role)
    response = client.post(
        f"/natverk/{network.slug}/personer/", {"email": "samordnare@example.se", "role": "coordinator"}
    )
    if role in MAY_MANAGE_NETWORK:
        assert response.status_code == 302 and Invitation.objects.filter(network=network).count() == 1
    else:
        expect_refused(response, role)
        assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_editing_the_organization_itself(signed_in, role, jonkoping):
    client = signed_in(role)
    response = client.post(
        f"/organisationer/{jonkoping.pk}/andra/",
        {"name": jonkoping.name, "website": "https://www.jonkoping.se/", "description": "Kommunen."},
    )
    jonkoping.refresh_from_db()
    if role in MAY_EDIT:
        assert response.status_code == 302 and jonkoping.website == "https://www.jonkoping.se/"
    else:
        expect_refused(response, role)
        assert jonkoping.website == ""


def test_every_permission_is_one_query_filter(person, draft, published, jonkoping, stockholm):
    from samverkan.places.models import Organization

    editor, viewer, other = person("editor"), person("viewer"), person("other_admin")
    assert set(Target.objects.editable_by(editor).filter(organization=jonkoping)) == {draft, published}
    assert not Target.objects.editable_by(viewer).exists()
    assert draft in Target.objects.visible_to(viewer) and draft not in Target.objects.visible_to(other)
    assert list(Organization.objects.administered_by(other)) == [stockholm]
    assert not Organization.objects.readable_by(other).filter(pk=jonkoping.pk).exists()


def test_over_long_or_malformed_fields_in_the_target_form_are_422_and_change_nothing(signed_in, published):
    client = signed_in("editor")
    for bad in (
        target_form(name="x" * 201),
        target_form(target_year="tjugotrettio"),
        target_form(decision_url="javascript:alert(1)"),
        target_form(kind="relative", value="40"),  # a cut without a base year
    ):
        response = client.post(f"/mal/{published.pk}/andra/", bad)
        assert response.status_code == 422
        assert "Rätta fälten som är markerade nedan." in response.content.decode()
    published.refresh_from_db()
    assert published.name == "Jönköping: netto noll 2040" and published.kind == "net_zero"


def test_an_unpublished_target_of_another_organization_is_404_not_403(signed_in, draft):
    client = signed_in("other_admin")
    assert client.post(f"/mal/{draft.pk}/andra/", target_form()).status_code == 404
    assert client.post(f"/mal/{draft.pk}/radera/").status_code == 404
    assert Target.objects.filter(pk=draft.pk, name="Utkast: −50 % till 2030").exists()


def test_unknown_records_are_404(signed_in):
    client = signed_in("superuser")
    for path in (
        "/mal/999999/andra/",
        "/mal/999999/historik/",
        "/organisationer/999999/",
        "/natverk/finns-inte/personer/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post("/mal/999999/aterstall/").status_code == 404
