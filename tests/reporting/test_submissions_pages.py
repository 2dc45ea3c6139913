"""The reporting pages: the coordinator's rounds and follow-up, the editor's draft, the report with its versions."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.accounts.models import NetworkRole
from samverkan.core.formatting import format_number
from samverkan.networks.models import Membership, MembershipRole, Network
from samverkan.reporting import services
from samverkan.reporting.models import ReportingRound, Submission
from samverkan.reporting.queries import follow_up
from tests.reference import covenant_swedish_rows, klimatkollen_total

pytestmark = pytest.mark.django_db
BASE = "/natverk/klimatkommunerna/rapportering/"
FORM = {
    "framework": "test-annual",
    "year": "2024",
    "title": "Årsrapport 2024",
    "opens_on": "2026-01-01",
    "deadline": "2026-03-31",
    "roles": ["member"],
    "public": "on",
}


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_loop_through_the_pages(client, person, jonkoping, test_framework):
    coordinator, editor = person("coordinator"), person("editor")
    client.force_login(coordinator)
    early = client.post(f"{BASE}omgangar/ny/", {**FORM, "deadline": "2025-12-01"})
    assert early.status_code == 422 and not ReportingRound.objects.exists()
    opened = client.post(f"{BASE}omgangar/ny/", FORM)
    assert opened.status_code == 302, text(opened)[:2000]
    round = ReportingRound.objects.get()
    assert round.public and round.roles == ["member"]
    listing = client.get(BASE)
    assert listing.status_code == 200 and "Årsrapport 2024" in text(listing)

    client.force_login(editor)
    reports = client.get(f"/organisationer/{jonkoping.pk}/rapportering/")
    assert reports.status_code == 200 and "Årsrapport 2024" in text(reports)
    started = client.post(f"{BASE}omgangar/{round.pk}/starta/{jonkoping.pk}/")
    submission = Submission.objects.get()
    assert started.url == f"{BASE}rapporter/{submission.pk}/utkast/"
    page = client.get(started.url)
    total = klimatkollen_total("klimatkollen-2026", "Jönköping", 2024)
    assert page.status_code == 200 and format_number(total, 1).replace("\xa0", " ") in text(page)
    # Submitting without the mandatory answer: 422, the message at the item, nothing submitted.
    refused = client.post(started.url, {"action": "submit", "budget": "1 205,5", "informs": ""})
    assert refused.status_code == 422 and "Informerar föreningen måste fyllas i" in text(refused)
    submission.refresh_from_db()
    assert submission.state == "draft" and not submission.versions.exists()
    bad = client.post(started.url, {"action": "save", "budget": "1.205"})
    assert bad.status_code == 422 and "1205" in text(bad)
    sent = client.post(
        started.url, {"action": "submit", "budget": "1 205,5", "informs": "yes", "informs__rationale": "Möten"}
    )
    assert sent.status_code == 302 and sent.url == f"{BASE}rapporter/{submission.pk}/"
    # Anonymous readers do not see a report that is not accepted.
    client.logout()
    assert client.get(sent.url).status_code == 404

    client.force_login(coordinator)
    page = client.get(sent.url)
    assert page.status_code == 200 and "1 205,5" in text(page)
    client.post(
        f"{BASE}rapporter/{submission.pk}/beslut/", {"decision": "returned", "comment": "Ange budgeten i kronor."}
    )
    submission.refresh_from_db()
    assert submission.state == "returned"

    client.force_login(editor)
    draft = client.get(f"{BASE}rapporter/{submission.pk}/utkast/")
    assert "Ange budgeten i kronor." in text(draft) and "ändrad efter ifyllning" in text(draft)
    client.post(draft.request["PATH_INFO"], {"action": "submit", "budget": "1 205 500", "informs": "yes"})
    submission.refresh_from_db()
    assert submission.state == "submitted" and submission.versions.count() == 2

    client.force_login(coordinator)
    client.post(f"{BASE}rapporter/{submission.pk}/beslut/", {"decision": "accepted", "comment": ""})
    submission.refresh_from_db()
    assert submission.state == "accepted"
    page = text(client.get(f"{BASE}rapporter/{submission.pk}/"))
    assert "Vad som ändrades i version 2" in page and "1 205 500" in page

    pdf = client.get(f"{BASE}rapporter/{submission.pk}/rapport.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and "-v2.pdf" in pdf["Content-Disposition"]

    client.logout()
    public = client.get(f"{BASE}rapporter/{submission.pk}/")
    assert public.status_code == 200 and "Ange budgeten" not in text(public)
    assert client.get(f"{BASE}rapporter/{submission.pk}/rapport.xlsx").status_code == 200


def test_only_coordinators_see_the_rounds_and_the_follow_up(client, person, test_framework):
    for kind in ("editor", "other_admin"):
        client.force_login(person(kind))
        assert client.get(BASE).status_code == 403
        assert client.get(f"{BASE}uppfoljning/").status_code == 403
        assert client.post(f"{BASE}omgangar/ny/", FORM).status_code == 403
    assert not ReportingRound.objects.exists()


def test_the_follow_up_gives_states_and_lateness_in_a_constant_number_of_queries(
    client, person, network, round_fields, jonkoping
):
    coordinator, editor = person("coordinator"), person("editor")
    round = services.round_save(by=coordinator, network=network, fields=round_fields)
    draft = services.draft_for(by=editor, round=round, organization=jonkoping)
    _rounds, rows = follow_up(network, today=dt.date(2026, 4, 10))
    states = {
        row.membership.organization.territory.code: (row.cells[0].state, row.cells[0].late_days)
        for row in rows
        if row.membership.organization.territory
    }
    assert states == {"0680": ("draft", 10), "1281": ("not_started", 10)}
    services.draft_save(by=editor, submission=draft, values={"informs": "nej"})
    services.submit(by=editor, submission=draft)
    _rounds, rows = follow_up(network, today=dt.date(2026, 4, 10))
    jonkoping_cell = next(r.cells[0] for r in rows if r.membership.organization_id == jonkoping.pk)
    # Submitted today (after the deadline of 31 March): late by the days between.
    late = (dt.date.today() - dt.date(2026, 3, 31)).days
    assert jonkoping_cell.state == "submitted" and jonkoping_cell.late_days == late

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            follow_up(network, today=dt.date(2026, 4, 10))
        return len(queries)

    before = count()
    for code in ("0180", "1480", "0580"):
        Membership.objects.create(
            organization=jonkoping.__class__.objects.get(territory__code=code, kind="municipality"),
            network=network,
            role=MembershipRole.MEMBER,
            status="active",
        )
    assert count() == before <= 4
    client.force_login(coordinator)
    page = client.get(f"{BASE}uppfoljning/")
    lund = re.search(r"Lunds kommun.*?</tr>", page.content.decode(), re.S).group(0)
    assert page.status_code == 200 and 'data-state="not_started"' in lund and "ej påbörjad" in lund
    assert f"{(dt.date.today() - dt.date(2026, 3, 31)).days} dagar sen" in lund


def test_a_frozen_report_reads_the_same_after_a_new_release(
    client, person, network, round_fields, jonkoping, jonkoping_revised
):
    coordinator, editor = person("coordinator"), person("editor")
    round = services.round_save(by=coordinator, network=network, fields=round_fields)
    draft = services.draft_for(by=editor, round=round, organization=jonkoping)
    services.draft_save(by=editor, submission=draft, values={"informs": "ja"})
    version = services.submit(by=editor, submission=draft)
    total = klimatkollen_total("klimatkollen-2026", "Jönköping", 2024)
    shown = format_number(total, 1).replace("\xa0", " ")
    client.force_login(coordinator)
    url = f"{BASE}rapporter/{draft.pk}/"
    before = text(client.get(url))
    jonkoping_revised()
    after = text(client.get(url))
    assert shown in before and shown in after and version.checksum in after
    assert format_number(total + 1000, 1).replace("\xa0", " ") not in after


def test_the_follow_up_gives_each_covenant_signatorys_own_due_dates_from_its_adhesion(client, person):
    covenant = Network.objects.get(slug="borgmastaravtalet")
    raw = next(row for row in covenant_swedish_rows() if row["organisation_name"] == "Linköping")
    adhesion = raw["date_of_adhesion"]  # 2008-12-16 in the JRC's list
    today = dt.date(2026, 12, 8)
    _rounds, rows = follow_up(covenant, today=today)
    linkoping = next(r for r in rows if r.membership.organization.name == "Linköpings kommun")
    due = {d["key"]: d for d in linkoping.due}
    assert due["action-plan"]["due"] == adhesion.replace(year=adhesion.year + 2).isoformat()
    assert due["action-plan"]["passed"] is True
    monitoring = dt.date.fromisoformat(due["monitoring"]["due"])
    assert monitoring >= today and (monitoring.year - adhesion.year) % 2 == 0
    assert (monitoring.month, monitoring.day) == (adhesion.month, adhesion.day)

    coordinator = person("editor")  # any account, given the coordinator's role in the Covenant
    NetworkRole.objects.create(user=coordinator, network=covenant, role="coordinator")
    client.force_login(coordinator)
    html = client.get("/natverk/borgmastaravtalet/rapportering/uppfoljning/").content.decode()
    assert "Egna förfallodagar" in html and adhesion.replace(year=adhesion.year + 2).isoformat() in html


def test_the_draft_downloads_as_saved_for_the_organization_only(client, person, network, round_fields, jonkoping):
    coordinator, editor = person("coordinator"), person("editor")
    round = services.round_save(by=coordinator, network=network, fields=round_fields)
    draft = services.draft_for(by=editor, round=round, organization=jonkoping)
    services.draft_save(by=editor, submission=draft, values={"budget": "1 205,5"})
    base = f"/natverk/klimatkommunerna/rapportering/rapporter/{draft.pk}"
    client.force_login(editor)
    assert f'href="{base}/utkast.pdf"' in client.get(f"{base}/utkast/").content.decode()
    workbook = client.get(f"{base}/utkast.xlsx")
    assert workbook.status_code == 200 and "-utkast.xlsx" in workbook["Content-Disposition"]
    cells = [c for sheet in openpyxl.load_workbook(io.BytesIO(workbook.content)) for row in sheet.values for c in row]
    assert 1205.5 in cells
    assert client.get(f"{base}/utkast.pdf").content.startswith(b"%PDF-")
    client.force_login(coordinator)  # the coordinators read what is submitted, never a draft
    assert client.get(f"{base}/utkast.pdf").status_code == 404
    client.logout()
    assert client.get(f"{base}/utkast.xlsx").status_code == 404
