"""Editors write their organization's plan, actions and status updates; everything else is refused."""

import datetime as dt

import pytest
from django.utils import translation

from samverkan.accounts.services import token_create
from samverkan.actions.models import Action, ActionPlan, StatusUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(jonkoping):
    return ActionPlan.objects.get(organization=jonkoping, is_example=False)  # Hållbarhetsprogram 2022–2030


ACTION = {
    "title": "Solceller på kommunens skolor",
    "description": "Tak på tolv skolor.",
    "covenant_sector": "LOCAL_ELECTRICITY_PRODUCTION",
    "area": "LOCAL_ELECTRICITY_PRODUCTION_PHOTOVOLTAICS",
    "status": "not_started",
    "start": "2026-01-01",
    "end": "2027-12-31",
    "effect_t_co2e": "35,5",
    "public": "on",
}


def test_an_editor_adds_an_action_and_reports_on_it(client, person, plan):
    client.force_login(person("editor"))
    response = client.post(f"/planer/{plan.pk}/atgarder/ny/", {**ACTION, "effect_t_co2e": "35.5"})
    assert response.status_code == 302, response.content.decode()[:2000]
    action = Action.objects.get(title="Solceller på kommunens skolor")
    assert action.effect_t_co2e == 35.5 and action.area.sector.slug == "el-och-fjarrvarme"
    update = client.post(
        f"/atgarder/{action.pk}/lagesrapport/",
        {"date": "2026-11-20", "status": "ongoing", "completion": "25", "note": "Fyra skolor klara."},
        HTTP_HX_REQUEST="true",
    )
    assert update.status_code == 200 and "Fyra skolor klara." in update.content.decode()
    assert "<html" not in update.content.decode()  # htmx gets the list of updates only
    action.refresh_from_db()
    assert (action.status, action.completion) == ("ongoing", 25)
    history = client.get(f"/atgarder/{action.pk}/historik/").content.decode()
    assert "Lägesrapport 2026-11-20" in history and "Editor" in history
    plan_page = client.get(f"/planer/{plan.pk}/").content.decode()
    assert "Solceller på kommunens skolor" in plan_page and "35" in plan_page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"completion": "140"}, "100"),
        ({"effect_t_co2e": "-3"}, "0"),
        ({"start": "2027-01-01", "end": "2026-01-01"}, "kan inte sluta innan den börjar"),
        ({"title": ""}, "måste fyllas i"),
        ({"area": "MOONBASE"}, "Välj ett giltigt alternativ"),
    ],
)
def test_bad_actions_are_refused_and_change_nothing(client, person, plan, changes, message):
    client.force_login(person("editor"))
    before = Action.objects.count()
    response = client.post(f"/planer/{plan.pk}/atgarder/ny/", {**ACTION, "effect_t_co2e": "35.5", **changes})
    assert response.status_code == 422 and message in response.content.decode()
    assert Action.objects.count() == before


@pytest.mark.parametrize("kind", ["viewer", "other_admin", "coordinator"])
def test_only_the_organizations_editors_write(client, person, plan, kind):
    client.force_login(person(kind))
    assert client.post(f"/planer/{plan.pk}/atgarder/ny/", {**ACTION, "effect_t_co2e": "1"}).status_code == 403
    assert client.post(f"/planer/{plan.pk}/redigera/", {"title": "Kapad", "status": "draft"}).status_code == 403
    plan.refresh_from_db()
    assert plan.title == "Hållbarhetsprogram 2022–2030"


def test_the_jrc_examples_are_not_anyones_to_edit(client, person):
    example = ActionPlan.objects.filter(is_example=True).first()
    client.force_login(person("superuser"))
    assert client.post(f"/planer/{example.pk}/atgarder/ny/", {**ACTION, "effect_t_co2e": "1"}).status_code == 403


def test_a_plan_is_created_and_its_period_checked(client, person, jonkoping):
    client.force_login(person("editor"))
    data = {"title": "Klimatplan 2027–2035", "status": "draft", "period_from": "2035", "period_to": "2027"}
    response = client.post(f"/organisationer/{jonkoping.pk}/planer/ny/", data)
    assert response.status_code == 422 and "kan inte sluta innan den börjar" in response.content.decode()
    response = client.post(
        f"/organisationer/{jonkoping.pk}/planer/ny/", {**data, "period_from": "2027", "period_to": "2035"}
    )
    assert response.status_code == 302
    assert ActionPlan.objects.filter(organization=jonkoping, title="Klimatplan 2027–2035", status="draft").exists()


def test_a_bad_status_update_is_refused(client, person, plan):
    action = Action.objects.create(plan=plan, title="Laddstolpar", status="ongoing")
    client.force_login(person("editor"))
    response = client.post(
        f"/atgarder/{action.pk}/lagesrapport/", {"date": "i går", "status": "ongoing"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422 and "Fyll i ett giltigt datum" in response.content.decode()
    assert not StatusUpdate.objects.filter(action=action).exists()


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_the_write_api_with_an_organization_token(client, person, plan, stockholm):
    _token, secret = token_create(by=person("admin"), name="Planverktyget", organization=plan.organization)
    with translation.override("en"):
        created = client.post(
            f"/api/v1/action-plans/{plan.pk}/actions",
            {"title": "Cykelbanor till Huskvarna", "sector": "transporter", "status": "ongoing", "effect_t_co2e": 80},
            content_type="application/json",
            **bearer(secret),
        )
        assert created.status_code == 201, created.content
        ident = created.json()["id"]
        patched = client.patch(
            f"/api/v1/actions/{ident}", {"completion": 60}, content_type="application/json", **bearer(secret)
        )
        assert patched.status_code == 200 and patched.json()["completion"] == 60
        update = client.post(
            f"/api/v1/actions/{ident}/updates",
            {"date": "2026-11-01", "status": "completed", "completion": 100},
            content_type="application/json",
            **bearer(secret),
        )
        assert update.status_code == 201
        assert Action.objects.get(pk=ident).status == "completed"
        unknown_sector = client.post(
            f"/api/v1/action-plans/{plan.pk}/actions",
            {"title": "X", "sector": "rymden"},
            content_type="application/json",
            **bearer(secret),
        )
        assert unknown_sector.status_code == 422 and "rymden" in unknown_sector.json()["detail"]
        stockholm_plan = ActionPlan.objects.get(organization=stockholm, is_example=False)
        other = client.post(
            f"/api/v1/action-plans/{stockholm_plan.pk}/actions",
            {"title": "Inte vår"},
            content_type="application/json",
            **bearer(secret),
        )
        assert other.status_code == 403
        missing = client.patch("/api/v1/actions/99999999", {}, content_type="application/json", **bearer(secret))
        assert missing.status_code == 404
        no_token = client.patch(f"/api/v1/actions/{ident}", {"completion": 1}, content_type="application/json")
        assert no_token.status_code == 401
    assert Action.objects.get(pk=ident).completion == 100
    assert not Action.objects.filter(title__in=["X", "Inte vår"]).exists()
    assert dt.date(2026, 11, 1) == StatusUpdate.objects.get(action_id=ident).date


def test_the_plan_page_sets_the_expected_effect_against_the_gap_to_the_targets(client, plan):
    """Sweden's net-zero target applies to Jönköping: its level is 15 % of 1990 (at least 85 % below)."""
    from samverkan.actions.queries import plan_detail, plan_gaps
    from tests.reference import klimatkollen_total

    Action.objects.create(plan=plan, title="Biogasbussar", status="ongoing", effect_t_co2e=1200)
    Action.objects.create(plan=plan, title="Inställd", status="cancelled", effect_t_co2e=5000)  # not counted
    gaps = {gap.target_year: gap for gap in plan_gaps(plan_detail(plan.pk))}
    net_zero = gaps[2045]
    assert round(net_zero.level) == round(0.15 * klimatkollen_total("klimatkollen-2026", "Jönköping", 1990))
    assert net_zero.effect == 1200
    # Jönköping's trend reaches the net-zero level only in 2061 (its progress section): a gap remains in 2045.
    assert net_zero.gap == net_zero.trend_value - net_zero.level > 0
    assert abs(net_zero.covered_percent - 100 * 1200 / net_zero.gap) < 1e-9
    page = client.get(f"/planer/{plan.pk}/").content.decode()
    assert 'id="plan-gaps"' in page and "2045" in page.split('id="plan-gaps"')[1]


def test_an_action_is_edited_in_place_in_the_plans_table(client, person, plan):
    action = Action.objects.create(plan=plan, title="Laddgator", status="ongoing", completion=10)
    client.force_login(person("editor"))
    form = client.get(f"/atgarder/{action.pk}/rad/", HTTP_HX_REQUEST="true").content.decode()
    assert form.startswith(f'<tr id="action-{action.pk}" class="editing">') and "<html" not in form
    saved = client.post(
        f"/atgarder/{action.pk}/rad/",
        {"status": "completed", "completion": "100", "end": "2026-10-31", "effect_t_co2e": "12"},
        HTTP_HX_REQUEST="true",
    )
    row = saved.content.decode()
    assert saved.status_code == 200 and '<td class="nowrap">genomförd</td>' in row and "2026-10-31" in row
    action.refresh_from_db()
    assert (action.status, action.completion, action.effect_t_co2e) == ("completed", 100, 12)
    refused = client.post(
        f"/atgarder/{action.pk}/rad/", {"status": "ongoing", "completion": "140"}, HTTP_HX_REQUEST="true"
    )
    assert (
        refused.status_code == 422
        and "100" in refused.content.decode()
        and 'class="editing"' in refused.content.decode()
    )
    action.refresh_from_db()
    assert action.completion == 100
    client.force_login(person("viewer"))
    assert client.post(f"/atgarder/{action.pk}/rad/", {"status": "cancelled"}).status_code == 403
    action.refresh_from_db()
    assert action.status == "completed"


def test_a_plan_serves_targets_and_is_reported_to_the_networks_of_its_organization(client, person, jonkoping):
    from samverkan.networks.models import Network
    from samverkan.targets.models import Target

    sweden = Target.objects.get(key="sverige-netto-noll-2045")
    covenant_2020 = Target.objects.get(key="borgmastaravtalet-2020")  # Jönköping took the 2020 commitment
    covenant_2030 = Target.objects.get(key="borgmastaravtalet-2030")  # it did not take this one
    klimatkommunerna = Network.objects.get(slug="klimatkommunerna")
    sodertorn = Network.objects.get(slug="sodertorn-miljonatverket")  # not Jönköping's
    client.force_login(person("editor"))
    data = {"title": "Energi- och klimatplan", "status": "draft", "targets": [sweden.pk, covenant_2020.pk]}
    data["networks"] = [klimatkommunerna.pk]
    assert client.post(f"/organisationer/{jonkoping.pk}/planer/ny/", data).status_code == 302
    plan = ActionPlan.objects.get(organization=jonkoping, title="Energi- och klimatplan")
    assert set(plan.targets.all()) == {sweden, covenant_2020} and list(plan.networks.all()) == [klimatkommunerna]
    for wrong in ({"targets": [covenant_2030.pk]}, {"networks": [sodertorn.pk]}):
        response = client.post(f"/planer/{plan.pk}/redigera/", {**data, **wrong})
        assert response.status_code == 422
    assert set(plan.targets.all()) == {sweden, covenant_2020} and list(plan.networks.all()) == [klimatkommunerna]


def test_the_service_reports_a_plan_only_to_networks_the_organization_is_in_now(person, jonkoping):
    """The form offers only current memberships; the service, which the API and imports also use, holds the same."""
    from samverkan.actions.services import plan_save
    from samverkan.core.errors import Invalid
    from samverkan.networks.models import Membership

    membership = Membership.objects.get(organization=jonkoping, network__slug="klimatkommunerna")
    Membership.objects.filter(pk=membership.pk).update(status="left")
    plan = ActionPlan.objects.get(organization=jonkoping, is_example=False)
    with pytest.raises(Invalid, match="inte medlem"):
        plan_save(by=person("editor"), organization=jonkoping, plan=plan, fields={}, networks=[membership.network])
    assert plan.networks.count() == 0


def test_the_api_clears_a_sector_with_an_empty_value_and_the_area_decides_the_covenant_sector(client, person, plan):
    _token, secret = token_create(by=person("admin"), name="Planverktyget", organization=plan.organization)
    created = client.post(
        f"/api/v1/action-plans/{plan.pk}/actions",
        {"title": "Solceller", "sector": "el-och-fjarrvarme", "area": "LOCAL_ELECTRICITY_PRODUCTION_PHOTOVOLTAICS"},
        content_type="application/json",
        **bearer(secret),
    )
    assert created.status_code == 201 and created.json()["covenant_sector"] == "LOCAL_ELECTRICITY_PRODUCTION"
    ident = created.json()["id"]
    moved = client.patch(
        f"/api/v1/actions/{ident}",
        {"area": "TRANSPORT_ELECTRIC_VEHICLES", "sector": ""},
        content_type="application/json",
        **bearer(secret),
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["covenant_sector"] == "TRANSPORT" and moved.json()["sector"] is None
    residual = client.patch(
        f"/api/v1/actions/{ident}", {"sector": "ofordelat"}, content_type="application/json", **bearer(secret)
    )
    assert residual.status_code == 422 and "ofordelat" in residual.json()["detail"]
    assert Action.objects.get(pk=ident).sector_id is None


@pytest.mark.parametrize(
    ("field", "value"), [("effect_t_co2e", 1.7e308), ("cost_sek", 1.7e308), ("effect_mwh", -5), ("effect_mwh", 1e9)]
)
def test_the_write_api_refuses_an_implausible_number_naming_the_field(client, person, plan, field, value):
    import json

    with translation.override("sv"):
        label = str(Action._meta.get_field(field).verbose_name)  # the API answers in the site's language
    _token, secret = token_create(by=person("admin"), name="Planverktyget", organization=plan.organization)
    action = Action.objects.create(plan=plan, title="Fjärrvärme", status="ongoing", effect_t_co2e=10)
    before = Action.objects.count()
    created = client.post(
        f"/api/v1/action-plans/{plan.pk}/actions",
        {"title": "Orimlig", "status": "ongoing", field: value},
        content_type="application/json",
        **bearer(secret),
    )
    patched = client.patch(
        f"/api/v1/actions/{action.pk}", {field: value}, content_type="application/json", **bearer(secret)
    )
    for response in (created, patched):
        assert response.status_code == 422, response.content
        text = json.dumps(response.json(), ensure_ascii=False)
        assert f"{label}: {float(value)!r} är inte rimligt: väntade ett tal från 0 till" in text
    assert Action.objects.count() == before
    action.refresh_from_db()
    assert (action.effect_t_co2e, action.effect_mwh, action.cost_sek) == (10, None, None)


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("effect_t_co2e", "1.7e308", "1.7e+308"),
        ("cost_sek", "1.7e308", "1.7e+308"),
        ("effect_mwh", "-5", "-5.0"),
        ("effect_t_co2e", "10000001", "10000001.0"),
    ],
)
def test_the_action_form_refuses_an_implausible_number_naming_value_and_range(
    client, person, plan, field, value, shown
):
    client.force_login(person("editor"))
    before = Action.objects.count()
    response = client.post(f"/planer/{plan.pk}/atgarder/ny/", {**ACTION, "effect_t_co2e": "35.5", field: value})
    page = response.content.decode()
    assert response.status_code == 422 and f"{shown} är inte rimligt" in page and "ett tal från 0 till" in page
    assert Action.objects.count() == before


def test_the_form_refuses_infinity_and_nan_as_numbers(client, person, plan):
    client.force_login(person("editor"))
    before = Action.objects.count()
    for text in ("inf", "nan", "1e400"):
        response = client.post(f"/planer/{plan.pk}/atgarder/ny/", {**ACTION, "cost_sek": text})
        assert response.status_code == 422
    assert Action.objects.count() == before


def test_a_plan_page_never_shows_inf_or_nan_even_with_actions_at_the_top_of_the_ranges(client, plan):
    import re

    from samverkan.core import plausible

    for number in range(3):
        Action.objects.create(
            plan=plan,
            title=f"Störst {number}",
            status="ongoing",
            effect_t_co2e=plausible.EFFECT_T_CO2E.high,
            effect_mwh=plausible.EFFECT_MWH.high,
            cost_sek=plausible.COST_SEK.high,
            completion=100,
        )
    response = client.get(f"/planer/{plan.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Störst 0" in page and 'id="plan-gaps"' in page
    assert "30\u00a0000\u00a0000" in page  # the summed effect, formatted
    assert not re.search(r"\b(inf|nan|infinity)\b", page, re.IGNORECASE)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_the_write_api_refuses_nan_and_infinity_written_into_the_json(client, person, plan, literal):
    """Python's JSON reader takes NaN and Infinity, and 1e999 overflows to infinity: all are refused, 422."""
    _token, secret = token_create(by=person("admin"), name="Planverktyget", organization=plan.organization)
    before = Action.objects.count()
    response = client.post(
        f"/api/v1/action-plans/{plan.pk}/actions",
        f'{{"title": "Oändlig", "effect_t_co2e": {literal}}}',
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 422, response.content
    assert Action.objects.count() == before
