"""The coordinators edit their network, its groups, criteria, obligations and memberships; every change kept."""

import datetime as dt

import pytest
from django.utils import translation

from samverkan.accounts.models import NetworkRole
from samverkan.accounts.services import token_create, token_revoke
from samverkan.core.errors import Invalid
from samverkan.networks import services
from samverkan.networks.models import Criterion, Membership, Network, ReportingObligation, WorkingGroup
from samverkan.targets.models import Commitment

pytestmark = pytest.mark.django_db
BASE = "/natverk/klimatkommunerna"


@pytest.fixture
def coordinator(person):
    return person("coordinator")  # coordinates the seeded Klimatkommunerna


def network():
    return Network.objects.get(slug="klimatkommunerna")


def test_the_seeded_obligations_give_an_interval_only_where_a_source_does(client):
    covenant = ReportingObligation.objects.get(network__slug="borgmastaravtalet")
    assert covenant.every_years == 2
    assert ReportingObligation.objects.get(network__slug="klimatkommunerna").every_years is None
    page = client.get("/natverk/borgmastaravtalet/").content.decode()
    assert "Uppföljningsrapport" in page and "vartannat år" in page


@pytest.mark.parametrize(
    ("kind", "status"), [("anonymous", 302), ("viewer", 403), ("editor", 403), ("coordinator", 200), ("superuser", 200)]
)
def test_only_the_coordinators_manage(signed_in, kind, status):
    client = signed_in(kind)
    assert client.get(f"{BASE}/hantera/").status_code == status
    assert client.get(f"{BASE}/historik/").status_code == status
    refused = client.post(f"{BASE}/redigera/", {"name": "Kapat", "kind": "kupp"})
    assert refused.status_code == (422 if status == 200 else status)  # a coordinator's: not a kind of network
    assert network().name == "Klimatkommunerna" and network().kind == "association"


def test_editing_the_network_is_kept_in_its_history(client, coordinator):
    client.force_login(coordinator)
    form = client.get(f"{BASE}/redigera/").context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data.update(description="Klimatkommunerna är en ideell förening för kommuner och regioner.", founded_year=2001)
    data["refounded"] = "2008-11-14"
    assert client.post(f"{BASE}/redigera/", data).status_code == 302
    assert network().description.startswith("Klimatkommunerna är en ideell förening")
    history = client.get(f"{BASE}/historik/").content.decode()
    assert "Coordinator" in history and "ideell förening" in history  # who, and the new text


def test_a_bad_website_is_refused_and_changes_nothing(client, coordinator):
    client.force_login(coordinator)
    data = {"name": "Klimatkommunerna", "kind": "association", "website": "inte en adress"}
    response = client.post(f"{BASE}/redigera/", data)
    assert response.status_code == 422 and "Fyll i en giltig URL" in response.content.decode()
    assert network().website != "inte en adress"


def test_working_groups_are_added_renamed_and_removed_with_history(client, coordinator):
    client.force_login(coordinator)
    assert client.post(f"{BASE}/grupper/", {"name": "Transportgruppen", "name_en": "Transport"}).status_code == 302
    group = WorkingGroup.objects.get(network__slug="klimatkommunerna", name="Transportgruppen")
    assert client.post(f"{BASE}/grupper/{group.pk}/", {"name": "Trafikgruppen"}).status_code == 302
    group.refresh_from_db()
    assert group.name == "Trafikgruppen"
    assert client.post(f"{BASE}/grupper/", {"name": ""}).status_code == 422
    assert client.post(f"{BASE}/grupper/{group.pk}/radera/").status_code == 302
    assert not WorkingGroup.objects.filter(pk=group.pk).exists()
    history = client.get(f"{BASE}/historik/").content.decode()
    assert history.count("Trafikgruppen") >= 2 and "Raderad" in history


def test_a_group_of_another_network_cannot_be_changed_from_this_one(client, coordinator):
    other = WorkingGroup.objects.get(network__slug="kommunnatverket-hallbar-utveckling", name="Naturvårdsgruppen")
    client.force_login(coordinator)
    assert client.post(f"{BASE}/grupper/{other.pk}/", {"name": "Kapad"}).status_code == 404
    assert client.post(f"{BASE}/grupper/{other.pk}/radera/").status_code == 404
    other.refresh_from_db()
    assert other.name == "Naturvårdsgruppen"


def criterion_form(criterion: Criterion, **changes) -> dict:
    data = {
        "kind": criterion.kind,
        "years": criterion.years if criterion.years is not None else "",
        "commitment": criterion.commitment_id or "",
        "name": criterion.name,
        "name_en": criterion.name_en,
        "position": criterion.position,
    }
    return {**data, **changes}


@pytest.mark.parametrize("years", ["-2", "0", "51", "tre"])
def test_a_criterion_with_a_bad_number_of_years_is_refused(client, coordinator, years):
    criterion = Criterion.objects.get(network__slug="klimatkommunerna", kind="inventory_recent")
    client.force_login(coordinator)
    response = client.post(f"{BASE}/kriterier/{criterion.pk}/", criterion_form(criterion, years=years))
    assert response.status_code == 422
    criterion.refresh_from_db()
    assert criterion.years == 3


def test_a_rule_with_n_years_needs_them(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        f"{BASE}/kriterier/ny/", {"kind": "monitoring_every", "years": "", "name": "Uppföljning", "position": 5}
    )
    assert response.status_code == 422 and "behöver ett antal år" in response.content.decode()
    assert network().criteria.count() == 4


def test_changing_a_criterion_changes_every_members_result(client, coordinator, jonkoping):
    """With N = 1 the 2026 release (data to 2024) is too old in 2026; with N = 3 it is recent enough."""
    criterion = Criterion.objects.get(network__slug="klimatkommunerna", kind="inventory_recent")
    client.force_login(coordinator)
    assert client.post(f"{BASE}/kriterier/{criterion.pk}/", criterion_form(criterion, years=1)).status_code == 302
    from samverkan.networks.criteria import evaluate

    jonkoping_membership = Membership.objects.get(organization=jonkoping, network__slug="klimatkommunerna")
    criterion.refresh_from_db()
    [result] = evaluate([criterion], [jonkoping_membership], today=dt.date(2026, 11, 23))[jonkoping_membership.pk]
    assert result.result == "not_met"  # 2024 < 2026 - 1
    history = client.get(f"{BASE}/historik/").content.decode()
    assert '<th scope="row">År (N)</th><td>3</td><td>1</td>' in history
    assert client.post(f"{BASE}/kriterier/{criterion.pk}/radera/").status_code == 302
    assert network().criteria.count() == 3


def test_a_commitment_of_another_network_is_refused_for_a_criterion(coordinator):
    foreign = Commitment.objects.get(slug="borgmastaravtalet-2030")
    with pytest.raises(Invalid):
        services.criterion_save(
            by=coordinator,
            network=network(),
            fields={"kind": "has_target", "name": "Mål", "commitment": foreign},
        )
    assert network().criteria.count() == 4


def test_obligations_are_edited_with_an_interval_of_one_to_ten_years(client, coordinator):
    obligation = ReportingObligation.objects.get(network__slug="klimatkommunerna")
    client.force_login(coordinator)
    data = {"name": obligation.name, "name_en": "", "every_years": "1", "source": "Föreningens stadgar"}
    assert client.post(f"{BASE}/rapportering/{obligation.pk}/", data).status_code == 302
    obligation.refresh_from_db()
    assert obligation.every_years == 1
    assert client.post(f"{BASE}/rapportering/{obligation.pk}/", {**data, "every_years": "0"}).status_code == 422
    obligation.refresh_from_db()
    assert obligation.every_years == 1


def membership_form(membership: Membership, **changes) -> dict:
    data = {
        "role": membership.role,
        "status": membership.status,
        "since": membership.since.isoformat() if membership.since else "",
        "since_precision": membership.since_precision,
        "until": membership.until.isoformat() if membership.until else "",
        "representative": membership.representative,
        "coordinator": membership.coordinator_id or "",
        "supporter_name": membership.supporter_name,
        "source": membership.source,
    }
    return {**data, **changes}


def test_a_membership_ending_before_it_starts_is_refused(client, coordinator, jonkoping):
    membership = Membership.objects.get(organization=jonkoping, network__slug="klimatkommunerna")
    client.force_login(coordinator)
    response = client.post(
        f"{BASE}/medlemskap/{membership.pk}/",
        membership_form(membership, since="2010-05-01", until="2009-12-31", status="left"),
    )
    assert response.status_code == 422 and "kan inte sluta innan det börjar" in response.content.decode()
    membership.refresh_from_db()
    assert (membership.status, membership.since, membership.until) == ("active", None, None)
    with pytest.raises(Invalid):
        services.membership_save(
            by=coordinator,
            network=network(),
            membership=membership,
            fields={"since": dt.date(2010, 5, 1), "until": dt.date(2009, 1, 1)},
        )


def test_a_membership_edit_with_groups_is_one_history_entry(client, coordinator, jonkoping):
    group = services.group_save(by=coordinator, network=network(), name="Strategigruppen")
    membership = Membership.objects.get(organization=jonkoping, network__slug="klimatkommunerna")
    before = membership.history.count()
    client.force_login(coordinator)
    data = membership_form(membership, representative="Ann-Marie Nilsson, kommunalråd", groups=[group.pk])
    assert client.post(f"{BASE}/medlemskap/{membership.pk}/", data).status_code == 302
    assert membership.history.count() == before + 1
    assert [g.name for g in membership.groups.all()] == ["Strategigruppen"]
    history = client.get(f"{BASE}/medlemskap/{membership.pk}/historik/").content.decode()
    assert "Strategigruppen" in history and "Ann-Marie Nilsson, kommunalråd" in history


def test_recording_a_membership_and_a_duplicate_role(client, coordinator, stockholm):
    client.force_login(coordinator)
    data = {"organization": stockholm.pk, "role": "observer", "status": "observer", "since": "2026-01-15"}
    data.update(since_precision="day", until="2027-01-15", source="Styrelsebeslut 2026-01-15")
    assert client.post(f"{BASE}/medlemskap/ny/", data).status_code == 302
    membership = Membership.objects.get(organization=stockholm, network__slug="klimatkommunerna")
    assert membership.until == dt.date(2027, 1, 15)
    again = client.post(f"{BASE}/medlemskap/ny/", data)
    assert again.status_code == 422 and "Organisationen har redan den här rollen i nätverket." in again.content.decode()
    # The service (which the API also uses) refuses it by the same rule, the database's constraint.
    from samverkan.core.errors import Invalid
    from samverkan.networks.services import membership_save

    with pytest.raises(Invalid, match="redan den här rollen"):
        membership_save(by=coordinator, network=membership.network, organization=stockholm, fields={"role": "observer"})
    assert Membership.objects.filter(organization=stockholm, network__slug="klimatkommunerna").count() == 1


def test_the_membership_history_is_for_coordinators_and_the_organizations_people(signed_in, jonkoping):
    membership = Membership.objects.get(organization=jonkoping, network__slug="klimatkommunerna")
    url = f"{BASE}/medlemskap/{membership.pk}/historik/"
    assert signed_in("viewer").get(url).status_code == 200  # Jönköping's own
    assert signed_in("other_admin").get(url).status_code == 403


def test_a_coordinator_of_another_network_changes_nothing_here(client, person, jonkoping):
    outsider = person("superuser").__class__.objects.create_user(username="o@example.se", email="o@example.se")
    NetworkRole.objects.create(user=outsider, network=Network.objects.get(slug="earth-hour"), role="coordinator")
    membership = Membership.objects.get(organization=jonkoping, network__slug="klimatkommunerna")
    client.force_login(outsider)
    assert client.post(f"{BASE}/medlemskap/{membership.pk}/", membership_form(membership)).status_code == 403
    # Through its own network's pages, the membership is not found.
    response = client.post(f"/natverk/earth-hour/medlemskap/{membership.pk}/", membership_form(membership))
    assert response.status_code == 404


# --- the write API with a network's token --------------------------------------------------------


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def token(coordinator):
    return token_create(by=coordinator, name="Föreningens register", network=network())


def test_coordinators_write_memberships_and_criteria_with_a_network_token(client, token, stockholm, jonkoping):
    _token, secret = token
    body = {
        "organization_id": stockholm.pk,
        "role": "member",
        "status": "active",
        "since": "2026-03-01",
        "commitments": [],
        "groups": [],
    }
    response = client.post(
        "/api/v1/networks/klimatkommunerna/memberships", body, content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["organization"]["municipality_code"] == "0180" and created["since"] == "2026-03-01"
    patched = client.patch(
        f"/api/v1/memberships/{created['id']}",
        {"representative": "Karin Wanngård, finansborgarråd"},
        content_type="application/json",
        **bearer(secret),
    )
    assert patched.status_code == 200 and patched.json()["representative"].startswith("Karin Wanngård")
    record = Membership.objects.get(pk=created["id"]).history.first()
    assert record.history_change_reason == "API-nyckeln ”Föreningens register”"
    criterion = client.post(
        "/api/v1/networks/klimatkommunerna/criteria",
        {"kind": "monitoring_every", "years": 2, "name": "Uppföljning vartannat år"},
        content_type="application/json",
        **bearer(secret),
    )
    assert criterion.status_code == 201 and criterion.json()["years"] == 2
    ident = criterion.json()["id"]
    negative = client.patch(
        f"/api/v1/criteria/{ident}", {"years": -1}, content_type="application/json", **bearer(secret)
    )
    assert negative.status_code == 422 and "år (N): -1 är negativt" in negative.json()["detail"]
    assert Criterion.objects.get(pk=ident).years == 2
    # The token's name is in the criterion's history, for the change and the removal alike.
    assert Criterion.history.filter(id=ident).first().history_change_reason == "API-nyckeln ”Föreningens register”"
    cleared = client.patch(
        f"/api/v1/criteria/{ident}", {"commitment": ""}, content_type="application/json", **bearer(secret)
    )
    assert cleared.status_code == 200 and cleared.json()["commitment"] is None  # "" applies it to every member
    unknown = client.patch(
        f"/api/v1/criteria/{ident}", {"commitment": "manlandning"}, content_type="application/json", **bearer(secret)
    )
    assert unknown.status_code == 422 and "manlandning" in unknown.json()["detail"]
    assert client.delete(f"/api/v1/criteria/{ident}", **bearer(secret)).status_code == 204
    assert not Criterion.objects.filter(pk=ident).exists()
    assert Criterion.history.filter(id=ident).first().history_type == "-"
    assert Criterion.history.filter(id=ident).first().history_change_reason == "API-nyckeln ”Föreningens register”"


def test_api_writes_are_refused_with_clear_answers(client, token, coordinator, jonkoping):
    _token, secret = token
    other = Membership.objects.get(organization=jonkoping, network__slug="earth-hour")
    own = Membership.objects.get(organization=jonkoping, network__slug="klimatkommunerna")
    with translation.override("en"):
        # Another network's membership: the token is for Klimatkommunerna.
        response = client.patch(
            f"/api/v1/memberships/{other.pk}", {"status": "left"}, content_type="application/json", **bearer(secret)
        )
        assert response.status_code == 403
        assert (
            client.patch(
                "/api/v1/memberships/999999", {}, content_type="application/json", **bearer(secret)
            ).status_code
            == 404
        )
        bad_dates = client.patch(
            f"/api/v1/memberships/{own.pk}",
            {"since": "2012-01-01", "until": "2011-01-01"},
            content_type="application/json",
            **bearer(secret),
        )
        assert bad_dates.status_code == 422
        unknown_group = client.patch(
            f"/api/v1/memberships/{own.pk}",
            {"groups": ["Hemliga gruppen"]},
            content_type="application/json",
            **bearer(secret),
        )
        assert unknown_group.status_code == 422 and "Hemliga gruppen" in unknown_group.json()["detail"]
        unknown_org = client.post(
            "/api/v1/networks/klimatkommunerna/memberships",
            {"organization_id": 999999, "role": "member", "status": "active"},
            content_type="application/json",
            **bearer(secret),
        )
        assert unknown_org.status_code == 404 and "999999" in unknown_org.json()["detail"]
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.since, own.until, other.status) == (None, None, "active")
    assert own.groups.count() == 0
    token_revoke(by=coordinator, token=_token)
    response = client.patch(
        f"/api/v1/memberships/{own.pk}", {"status": "left"}, content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 401


def test_an_organization_token_cannot_write_to_a_network(client, person, jonkoping):
    _token, secret = token_create(by=person("admin"), name="Kommunens system", organization=jonkoping)
    own = Membership.objects.get(organization=jonkoping, network__slug="klimatkommunerna")
    response = client.patch(
        f"/api/v1/memberships/{own.pk}", {"status": "left"}, content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.status == "active"


def test_the_coordinators_remove_with_a_post_only(client, coordinator):
    criterion = Criterion.objects.create(network=network(), kind="has_target", name="Har antagna mål")
    group = WorkingGroup.objects.create(network=network(), name="Energi")
    client.force_login(coordinator)
    for path in (f"{BASE}/kriterier/{criterion.pk}/radera/", f"{BASE}/grupper/{group.pk}/radera/", f"{BASE}/grupper/"):
        assert client.get(path).status_code == 405, path
    assert Criterion.objects.filter(pk=criterion.pk).exists() and WorkingGroup.objects.filter(pk=group.pk).exists()


def test_a_null_for_a_text_field_clears_it_instead_of_failing(client, token, jonkoping):
    """Schemathesis found it: a null website or supporter was a server error (the column is never NULL)."""
    _token, secret = token
    own = Membership.objects.get(organization=jonkoping, network__slug="klimatkommunerna")
    patched = client.patch(
        f"/api/v1/memberships/{own.pk}", {"supporter_name": None}, content_type="application/json", **bearer(secret)
    )
    assert patched.status_code == 200 and Membership.objects.get(pk=own.pk).supporter_name == ""
    network = client.patch(
        "/api/v1/networks/klimatkommunerna", {"website": None}, content_type="application/json", **bearer(secret)
    )
    assert network.status_code == 200 and network.json()["website"] == ""
    unnamed = client.patch(
        "/api/v1/networks/klimatkommunerna", {"name": None}, content_type="application/json", **bearer(secret)
    )
    assert unnamed.status_code == 422 and Network.objects.get(slug="klimatkommunerna").name == "Klimatkommunerna"
