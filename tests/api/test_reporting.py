"""The reporting API: rounds with a network's token, the organization's draft, submit, return, accept, reads."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samverkan.accounts.models import ApiToken
from samverkan.accounts.services import token_create
from samverkan.api.auth import token_authenticate
from samverkan.reporting.models import ReportingRound, Submission, SubmissionVersion
from tests.reference import klimatkollen_total
from tests.reporting.conftest import jonkoping_revised, test_framework  # noqa: F401

pytestmark = pytest.mark.django_db
ROUNDS = "/api/v1/networks/klimatkommunerna/reporting-rounds"


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def secrets(person, network, jonkoping, test_framework):  # noqa: F811
    coordinator, admin = person("coordinator"), person("admin")
    return {
        "network": token_create(by=coordinator, name="Föreningens register", network=network)[1],
        "jonkoping": token_create(by=admin, name="Rapportverktyget", organization=jonkoping)[1],
    }


ROUND = {
    "framework": "test-annual",
    "year": 2024,
    "title": "Årsrapport 2024",
    "opens_on": "2026-01-01",
    "deadline": "2026-03-31",
    "roles": ["member"],
    "public": True,
}


def post(client, path, body, secret):
    return client.post(path, body, content_type="application/json", **bearer(secret))


def snapshot():
    return (
        list(ReportingRound.objects.values_list("id", "title", "status")),
        list(Submission.objects.values_list("id", "state", "content")),
        list(SubmissionVersion.objects.values_list("id", "checksum", "decision")),
    )


def test_the_whole_loop_through_the_api(client, secrets, jonkoping):
    opened = post(client, ROUNDS, ROUND, secrets["network"])
    assert opened.status_code == 201, opened.content
    round = opened.json()
    assert round["network"] == "klimatkommunerna" and round["roles"] == ["member"] and round["status"] == "open"
    listed = client.get(ROUNDS).json()
    assert listed["count"] == 1 and [r["id"] for r in listed["items"]] == [round["id"]]
    assert client.get(ROUNDS, {"limit": 501}).status_code == 422  # paged as every list, at most 500

    path = f"/api/v1/organizations/{jonkoping.pk}/submissions"
    created = post(client, path, {"round_id": round["id"]}, secrets["jonkoping"])
    assert created.status_code == 201, created.content
    draft = created.json()
    total = next(i for s in draft["content"]["sections"] for i in s["items"] if i["key"] == "total")["value"]
    assert total == pytest.approx(klimatkollen_total("klimatkollen-2026", "Jönköping", 2024), abs=0.01)
    ident = draft["id"]
    # The draft is the organization's: anonymous readers and other networks do not see it.
    assert client.get(f"/api/v1/submissions/{ident}").status_code == 404

    missing = post(client, f"/api/v1/submissions/{ident}/submit", {}, secrets["jonkoping"])
    assert missing.status_code == 422 and missing.json()["errors"][0]["location"] == ["body", "values", "informs"]

    saved = post(
        client, path, {"round_id": round["id"], "values": {"informs": "ja", "budget": "1 500"}}, secrets["jonkoping"]
    )
    assert saved.status_code == 200 and sorted(saved.json()["changed"]) == ["budget", "informs"]
    submitted = post(client, f"/api/v1/submissions/{ident}/submit", {}, secrets["jonkoping"])
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    first = submitted.json()["versions"][0]["checksum"]

    before = snapshot()
    assert post(client, f"/api/v1/submissions/{ident}/submit", {}, secrets["jonkoping"]).status_code == 409
    assert (
        post(client, path, {"round_id": round["id"], "values": {"budget": "2"}}, secrets["jonkoping"]).status_code
        == 409
    )
    # The organization's token cannot decide; the network's token cannot submit.
    assert post(client, f"/api/v1/submissions/{ident}/accept", {}, secrets["jonkoping"]).status_code == 403
    assert post(client, f"/api/v1/submissions/{ident}/submit", {}, secrets["network"]).status_code == 403
    assert post(client, f"/api/v1/submissions/{ident}/return", {"comment": ""}, secrets["network"]).status_code == 422
    assert snapshot() == before

    returned = post(
        client, f"/api/v1/submissions/{ident}/return", {"comment": "Ange budgeten i kronor."}, secrets["network"]
    )
    assert returned.status_code == 200 and returned.json()["versions"][0]["comment"] == "Ange budgeten i kronor."
    assert (
        post(client, path, {"round_id": round["id"], "values": {"budget": "1500000"}}, secrets["jonkoping"]).status_code
        == 200
    )
    assert post(client, f"/api/v1/submissions/{ident}/submit", {}, secrets["jonkoping"]).status_code == 200
    accepted = post(client, f"/api/v1/submissions/{ident}/accept", {}, secrets["network"])
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    assert [v["number"] for v in accepted.json()["versions"]] == [1, 2]
    assert accepted.json()["versions"][0]["checksum"] == first

    # Published: the accepted version, read without a token; the draft's own edits are not shown.
    public = client.get(f"/api/v1/submissions/{ident}").json()
    assert [v["number"] for v in public["versions"]] == [2] and public["changed"] == []
    listed = client.get(f"/api/v1/reporting-rounds/{round['id']}/submissions").json()["items"]
    assert [(s["id"], s["state"]) for s in listed] == [(ident, "accepted")]
    assert post(client, f"/api/v1/submissions/{ident}/accept", {}, secrets["network"]).status_code == 409


def test_bad_rounds_are_refused_and_nothing_is_opened(client, secrets):
    before = snapshot()
    early = post(client, ROUNDS, {**ROUND, "deadline": "2025-12-01"}, secrets["network"])
    assert early.status_code == 422 and "2025-12-01" in early.json()["detail"]
    other = post(client, "/api/v1/networks/sveriges-ekokommuner/reporting-rounds", ROUND, secrets["network"])
    assert other.status_code == 403
    unknown = post(client, ROUNDS, {**ROUND, "framework": "okänd"}, secrets["network"])
    assert unknown.status_code == 422 and "okänd" in unknown.json()["detail"]
    assert post(client, ROUNDS, ROUND, secrets["jonkoping"]).status_code == 403
    assert snapshot() == before


def test_drafts_of_other_organizations_and_unknown_ids(client, secrets, stockholm):
    opened = post(client, ROUNDS, ROUND, secrets["network"]).json()
    before = snapshot()
    other = post(
        client, f"/api/v1/organizations/{stockholm.pk}/submissions", {"round_id": opened["id"]}, secrets["jonkoping"]
    )
    assert other.status_code == 403
    assert client.get("/api/v1/reporting-rounds/999999/submissions").status_code == 404
    assert client.get("/api/v1/submissions/999999").status_code == 404
    assert snapshot() == before


def test_the_token_command_prints_a_working_token(person, jonkoping, network):
    person("superuser")
    out, err = io.StringIO(), io.StringIO()
    call_command("token", "create", "--organization", str(jonkoping.pk), "--name", "Automat", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    token = token_authenticate(secret)
    assert token.organization == jonkoping and token.name == "Automat" and secret.startswith("sv_")
    coordinator = person("coordinator")
    out = io.StringIO()
    call_command(
        "token",
        "create",
        "--network",
        "klimatkommunerna",
        "--name",
        "Register",
        "--by",
        coordinator.email,
        stdout=out,
        stderr=err,
    )
    assert token_authenticate(out.getvalue().strip()).network == network
    count = ApiToken.objects.count()
    with pytest.raises(CommandError, match="999999"):
        call_command("token", "create", "--organization", "999999", "--name", "x", stdout=out, stderr=err)
    with pytest.raises(CommandError):
        call_command(
            "token",
            "create",
            "--network",
            "klimatkommunerna",
            "--name",
            "x",
            "--by",
            "editor@example.se",
            stdout=out,
            stderr=err,
        )
    assert ApiToken.objects.count() == count


def test_a_frozen_report_downloads_with_the_same_figures_after_a_new_release(
    client,
    secrets,
    jonkoping,
    jonkoping_revised,  # noqa: F811
):
    round = post(client, ROUNDS, ROUND, secrets["network"]).json()
    path = f"/api/v1/organizations/{jonkoping.pk}/submissions"
    ident = post(client, path, {"round_id": round["id"], "values": {"informs": "ja"}}, secrets["jonkoping"]).json()[
        "id"
    ]
    assert client.get(f"/api/v1/submissions/{ident}.xlsx").status_code == 404  # a draft is its organization's
    assert post(client, f"/api/v1/submissions/{ident}/submit", {}, secrets["jonkoping"]).status_code == 200

    def cells() -> list:
        response = client.get(f"/api/v1/submissions/{ident}.xlsx", **bearer(secrets["network"]))
        assert response.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        return [[cell.value for cell in row] for sheet in book for row in sheet.iter_rows()]

    before = cells()
    total = klimatkollen_total("klimatkollen-2026", "Jönköping", 2024)
    assert any(isinstance(v, float) and abs(v - total) < 0.01 for row in before for v in row)
    pdf = client.get(f"/api/v1/submissions/{ident}.pdf", **bearer(secrets["network"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    jonkoping_revised()
    assert cells() == before
    # The refilled draft would hold the new figure; the frozen version does not.
    assert not any(isinstance(v, float) and abs(v - total - 1000) < 0.01 for row in cells() for v in row)
