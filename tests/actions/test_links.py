"""An action names the targets it serves and the key indicators that follow it up: in the form, the API
and the workbook; a target of another organization or an unknown indicator is refused and changes nothing."""

import json

import pytest

from samverkan.accounts.services import token_create
from samverkan.actions.models import Action, ActionPlan
from samverkan.actions.queries import plan_targets
from samverkan.indicators.models import Indicator
from samverkan.targets.models import Target
from tests.actions.test_editing import ACTION, bearer
from tests.actions.test_workbook import column, download, upload
from tests.conftest import DATA

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(jonkoping):
    return ActionPlan.objects.get(organization=jonkoping, is_example=False)


@pytest.fixture
def national_target(jonkoping):
    """Sweden's 2045 target: one a plan of Jönköping can serve."""
    return plan_targets(jonkoping).get(target_year=2045)


@pytest.fixture
def stockholms_target(stockholm):
    return Target.objects.create(
        organization=stockholm, name="Stockholm fossilfritt", kind="net_zero", target_year=2040
    )


def jonkoping_2026(field: str) -> float:
    items = json.loads((DATA / "klimatkollen-2026" / "municipality-data.json").read_text(encoding="utf-8"))
    return next(item[field] for item in items if item["name"] == "Jönköping")


def test_an_editor_links_an_action_to_a_target_and_an_indicator(client, person, plan, national_target):
    cycle = Indicator.objects.get(slug="cykelvag-per-invanare")
    client.force_login(person("editor"))
    response = client.post(
        f"/planer/{plan.pk}/atgarder/ny/",
        {**ACTION, "effect_t_co2e": "35.5", "targets": [national_target.pk], "indicators": [cycle.pk]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    action = Action.objects.get(title=ACTION["title"])
    assert list(action.targets.all()) == [national_target] and list(action.indicators.all()) == [cycle]
    page = client.get(f"/atgarder/{action.pk}/").content.decode()
    section = page.split('id="indicators-heading"')[1]
    assert "Cykelväg per invånare" in section
    assert f"{jonkoping_2026('bicycleMetrePerCapita'):.1f}".replace(".", ",") in section
    assert " av 290" in section
    assert national_target.name in page.split('id="targets-heading"')[1]
    assert ACTION["title"] in client.get("/nyckeltal/cykelvag-per-invanare/").content.decode()
    # The links are in the history: removing the indicator is a new record.
    form = {**ACTION, "effect_t_co2e": "35.5", "targets": [national_target.pk]}
    assert client.post(f"/atgarder/{action.pk}/redigera/", form).status_code == 302
    assert list(action.indicators.all()) == []
    # One history row per save, the links with the fields: created with the indicator, then changed without it.
    assert action.history.count() == 2
    assert [i.indicator_id for i in action.history.earliest().indicators.all()] == [cycle.pk]
    assert list(action.history.latest().indicators.all()) == []
    history = client.get(f"/atgarder/{action.pk}/historik/").content.decode()
    assert "Cykelväg per invånare" in history and national_target.name in history


def test_a_target_of_another_organization_is_refused(client, person, plan, stockholms_target):
    client.force_login(person("editor"))
    before = Action.objects.count()
    response = client.post(
        f"/planer/{plan.pk}/atgarder/ny/", {**ACTION, "effect_t_co2e": "1", "targets": [stockholms_target.pk]}
    )
    assert response.status_code == 422 and "Välj ett giltigt alternativ" in response.content.decode()
    assert Action.objects.count() == before


def test_the_api_reads_and_writes_the_links(client, person, plan, national_target, stockholms_target):
    _token, secret = token_create(by=person("admin"), name="Planverktyget", organization=plan.organization)
    created = client.post(
        f"/api/v1/action-plans/{plan.pk}/actions",
        {"title": "Cykelbanor", "targets": [national_target.pk], "indicators": ["cykelvag-per-invanare"]},
        content_type="application/json",
        **bearer(secret),
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["targets"] == [national_target.pk] and body["indicators"] == ["cykelvag-per-invanare"]
    ident = body["id"]
    for payload, named in [
        ({"indicators": ["cykelvag-per-invanare", "lyckoindex"]}, "lyckoindex"),
        ({"targets": [99999999]}, "99999999"),
        ({"targets": [stockholms_target.pk]}, "Jönköping"),
    ]:
        refused = client.patch(f"/api/v1/actions/{ident}", payload, content_type="application/json", **bearer(secret))
        assert refused.status_code == 422 and named in refused.json()["detail"], refused.content
    action = Action.objects.get(pk=ident)
    assert [i.slug for i in action.indicators.all()] == ["cykelvag-per-invanare"]
    assert list(action.targets.all()) == [national_target]
    kept = client.patch(
        f"/api/v1/actions/{ident}", {"completion": 5}, content_type="application/json", **bearer(secret)
    )
    assert kept.json()["indicators"] == ["cykelvag-per-invanare"]  # not named: left as it was
    cleared = client.patch(
        f"/api/v1/actions/{ident}", {"indicators": []}, content_type="application/json", **bearer(secret)
    )
    assert cleared.json()["indicators"] == []
    assert client.get(f"/api/v1/actions/{ident}").json()["targets"] == [national_target.pk]


def test_the_workbook_carries_the_links(client, person, plan, national_target):
    action = Action.objects.create(plan=plan, title="Laddstolpar", status="ongoing")
    action.targets.set([national_target])
    action.indicators.set(Indicator.objects.filter(slug="laddbara-bilar-per-laddpunkt"))
    client.force_login(person("editor"))
    workbook = download(client, plan)
    sheet = workbook["Åtgärder"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column(sheet, "title")).value == "Laddstolpar")
    assert sheet.cell(row, column(sheet, "targets")).value == str(national_target.pk)
    assert sheet.cell(row, column(sheet, "indicators")).value == "laddbara-bilar-per-laddpunkt"
    codes = [tuple(r) for r in workbook["Koder"].iter_rows(values_only=True)]
    assert ("indicators", "cykelvag-per-invanare", "Cykelväg per invånare") in codes
    # An unknown indicator is a row error naming the column; nothing is written.
    sheet.cell(row, column(sheet, "indicators")).value = "laddbara-bilar-per-laddpunkt; lyckoindex"
    response = upload(client, plan, workbook)
    assert response.status_code == 422 and "lyckoindex" in response.content.decode()
    # Adding one that exists is previewed, then applied.
    sheet.cell(row, column(sheet, "indicators")).value = "laddbara-bilar-per-laddpunkt; cykelvag-per-invanare"
    response = upload(client, plan, workbook)
    assert response.status_code == 200 and "Cykelväg per invånare" in response.content.decode()
    assert client.post(f"/planer/{plan.pk}/importera/tillampa/").status_code == 302
    assert sorted(action.indicators.values_list("slug", flat=True)) == [
        "cykelvag-per-invanare",
        "laddbara-bilar-per-laddpunkt",
    ]
    # A workbook without the link columns leaves the links as they are.
    sheet.delete_cols(column(sheet, "targets"), 2)
    sheet.cell(row, column(sheet, "completion")).value = 40
    assert upload(client, plan, workbook).status_code == 200
    assert client.post(f"/planer/{plan.pk}/importera/tillampa/").status_code == 302
    action.refresh_from_db()
    assert action.completion == 40 and action.targets.count() == 1 and action.indicators.count() == 2
