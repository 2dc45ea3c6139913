"""Every answer under /api/ is JSON in one shape, and every id out of the database's range is a 422 naming it."""

import pytest
from django.conf import settings

from samverkan.accounts.services import token_create
from samverkan.actions import queries as action_queries
from samverkan.actions import services as action_services
from samverkan.actions.models import Action, ActionPlan
from samverkan.core.validation import ID_MAX

pytestmark = pytest.mark.django_db

TWENTY_DIGITS = 99999999999999999999


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == {"detail", "errors"} and isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.fixture
def plan(jonkoping):
    return ActionPlan.objects.get(organization=jonkoping, is_example=False)


@pytest.fixture
def admin(person):
    return person("admin")


@pytest.fixture
def secret(admin, plan):
    return token_create(by=admin, name="Planverktyget", organization=plan.organization)[1]


@pytest.fixture
def action(admin, plan):
    return action_services.action_save(by=admin, plan=plan, fields={"title": "Cykelbanor till Huskvarna"})


def test_a_twenty_digit_target_id_in_a_new_action_is_422_naming_the_field(client, plan, secret):
    before = Action.objects.filter(plan=plan).count()
    response = client.post(
        f"/api/v1/action-plans/{plan.pk}/actions",
        {"title": "Cykelbanor", "targets": [TWENTY_DIGITS]},
        content_type="application/json",
        **bearer(secret),
    )
    body = assert_error_shape(response, 422)
    assert body["errors"] == [
        {"location": ["body", "targets", 0], "message": f"Input should be less than or equal to {ID_MAX}"}
    ]
    assert body["detail"].startswith("Förfrågan är inte giltig: targets.0: Input should be less than")
    assert Action.objects.filter(plan=plan).count() == before


def test_a_twenty_digit_target_id_in_a_changed_action_is_422_and_changes_nothing(client, action, secret):
    targets = sorted(action.targets.values_list("pk", flat=True))
    response = client.patch(
        f"/api/v1/actions/{action.pk}",
        {"title": "Nytt namn", "targets": [1, TWENTY_DIGITS]},
        content_type="application/json",
        **bearer(secret),
    )
    body = assert_error_shape(response, 422)
    assert [error["location"] for error in body["errors"]] == [["body", "targets", 1]]
    action.refresh_from_db()
    assert action.title == "Cykelbanor till Huskvarna"
    assert sorted(action.targets.values_list("pk", flat=True)) == targets


@pytest.mark.parametrize("ident", [TWENTY_DIGITS, ID_MAX + 1, 0, -3])
def test_an_id_in_a_path_out_of_the_database_range_is_422_naming_it(client, action, secret, ident):
    read = client.get(f"/api/v1/actions/{ident}")
    assert [e["location"] for e in assert_error_shape(read, 422)["errors"]] == [["path", "action_id"]]
    write = client.post(
        f"/api/v1/actions/{ident}/updates",
        {"date": "2026-11-01", "status": "completed"},
        content_type="application/json",
        **bearer(secret),
    )
    assert [e["location"] for e in assert_error_shape(write, 422)["errors"]] == [["path", "action_id"]]


def test_the_largest_id_is_valid_and_simply_not_found(client):
    assert_error_shape(client.get(f"/api/v1/actions/{ID_MAX}"), 404)
    assert_error_shape(client.get(f"/api/v1/organizations/{ID_MAX}/targets"), 404)


def test_ids_in_a_membership_body_and_a_query_are_bounded_too(client, coordinator_secret):
    response = client.post(
        "/api/v1/networks/klimatkommunerna/memberships",
        {"organization_id": TWENTY_DIGITS, "coordinator_id": 0, "role": "member", "status": "active"},
        content_type="application/json",
        **bearer(coordinator_secret),
    )
    locations = [e["location"] for e in assert_error_shape(response, 422)["errors"]]
    assert locations == [["body", "organization_id"], ["body", "coordinator_id"]]
    search = client.get("/api/v1/actions", {"organization": TWENTY_DIGITS})
    assert [e["location"] for e in assert_error_shape(search, 422)["errors"]] == [["query", "organization"]]


@pytest.fixture
def coordinator_secret(person, network):
    return token_create(by=person("coordinator"), name="Föreningens register", network=network)[1]


# --- one JSON shape for every error ---------------------------------------------------------------


def test_an_unknown_api_address_is_a_json_404(client):
    body = assert_error_shape(client.get("/api/v1/nope"), 404)
    assert body["detail"] == (
        "Det finns ingen API-operation på /api/v1/nope. Operationerna finns förtecknade på /api/v1/docs."
    )
    assert_error_shape(client.post("/api/v2/municipalities", {}), 404)
    assert client.get("/finns-inte/")["Content-Type"].startswith("text/html")  # pages keep their 404 page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = assert_error_shape(client.get("/api/v1/nope"), 404)["detail"]
    assert english == "There is no API operation at /api/v1/nope. The operations are listed at /api/v1/docs."


def test_a_method_the_path_does_not_answer_is_a_json_405_with_allow(client):
    response = client.delete("/api/v1/municipalities/0680")
    body = assert_error_shape(response, 405)
    assert response["Allow"] == "GET"
    assert body["detail"] == "/api/v1/municipalities/0680 svarar inte på DELETE, bara på GET."


def test_a_body_over_the_size_limit_is_a_json_413_and_changes_nothing(client, plan, secret, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    before = Action.objects.filter(plan=plan).count()
    response = client.post(
        f"/api/v1/action-plans/{plan.pk}/actions",
        {"title": "Lång", "description": "x" * 10_000},
        content_type="application/json",
        **bearer(secret),
    )
    body = assert_error_shape(response, 413)
    assert body["detail"] == "Förfrågans innehåll är större än gränsen på 10000 byte."
    assert Action.objects.filter(plan=plan).count() == before


def test_a_body_that_is_not_json_is_a_json_400(client, plan, secret):
    response = client.post(
        f"/api/v1/action-plans/{plan.pk}/actions", "{title:", content_type="application/json", **bearer(secret)
    )
    assert assert_error_shape(response, 400)["detail"] == "Förfrågans innehåll är inte giltig JSON."


def test_a_server_error_is_a_json_500_without_a_traceback_and_is_logged(client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("the search index is gone")

    monkeypatch.setattr(action_queries, "library_search", broken)
    response = client.get("/api/v1/actions", {"q": "cykel"})
    body = assert_error_shape(response, 500)
    assert body["detail"] == "Något gick fel på servern. Felet har loggats."
    assert b"Traceback" not in response.content and b"search index" not in response.content
    logged = [r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR"]
    assert len(logged) == 1 and "/api/v1/actions" in logged[0].getMessage()
    assert "the search index is gone" in str(logged[0].exc_info[1])


def test_a_missing_token_is_a_json_401_that_asks_for_a_bearer_token(client, action):
    response = client.patch(f"/api/v1/actions/{action.pk}", {"completion": 1}, content_type="application/json")
    assert_error_shape(response, 401)
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_domain_refusal_keeps_its_status_and_message(client):
    body = assert_error_shape(client.get("/api/v1/municipalities/9999"), 404)
    assert "9999" in body["detail"] and body["errors"] == []


# --- declared in the OpenAPI document --------------------------------------------------------------


def test_the_openapi_document_declares_the_error_shape_for_every_status_an_operation_answers(client):
    document = client.get("/api/v1/openapi.json").json()
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["detail", "errors"]
    assert error["properties"]["errors"]["items"] == {"$ref": "#/components/schemas/ErrorItem"}
    ref = {"$ref": "#/components/schemas/Error"}

    def declared(path: str, method: str) -> dict:
        responses = document["paths"][path][method]["responses"]
        return {
            status: answer["content"]["application/json"]["schema"]
            for status, answer in responses.items()
            if not status.startswith("2")
        }

    read = declared("/api/v1/municipalities/{code}", "get")
    assert read == {status: ref for status in ("400", "404", "405", "422", "500")}
    write = declared("/api/v1/action-plans/{plan_id}/actions", "post")
    assert write == {status: ref for status in ("400", "401", "403", "404", "405", "413", "422", "500")}
    assert set(declared("/api/v1/counties", "get")) == {"400", "404", "405", "422", "500"}  # its limit and offset
    for operations in document["paths"].values():
        for operation in operations.values():
            assert {"400", "404", "405", "500"} <= set(operation["responses"])
    ident = document["paths"]["/api/v1/actions/{action_id}"]["get"]["parameters"][0]["schema"]
    assert (ident["minimum"], ident["maximum"]) == (1, ID_MAX)


def test_text_with_a_nul_character_is_422_naming_the_field_on_both_databases(client, plan, secret):
    """PostgreSQL cannot store U+0000; it used to answer 500 there and store it on SQLite."""
    before = Action.objects.filter(plan=plan).count()
    body = client.post(
        f"/api/v1/action-plans/{plan.pk}/actions",
        {"title": "Cykel\x00banor", "indicators": ["ok", "a\x00"]},
        content_type="application/json",
        **bearer(secret),
    )
    errors = assert_error_shape(body, 422)["errors"]
    assert [e["location"] for e in errors] == [["body", "title"], ["body", "indicators", 1]]
    assert errors[0]["message"] == "Text får inte innehålla NUL-tecknet (U+0000)."
    assert Action.objects.filter(plan=plan).count() == before
    query = client.get("/api/v1/actions", {"q": "cykel\x00"})
    assert [e["location"] for e in assert_error_shape(query, 422)["errors"]] == [["query", "q"]]
    path = client.get("/api/v1/networks/klimat%00kommunerna")
    assert [e["location"] for e in assert_error_shape(path, 422)["errors"]] == [["path", "slug"]]


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"title": ' + "9" * 5000 + "}"])
def test_a_body_nested_too_deep_or_with_a_number_too_long_is_a_json_400(client, plan, secret, text):
    response = client.post(
        f"/api/v1/action-plans/{plan.pk}/actions", text, content_type="application/json", **bearer(secret)
    )
    assert assert_error_shape(response, 400)["detail"] == "Förfrågans innehåll är inte giltig JSON."
