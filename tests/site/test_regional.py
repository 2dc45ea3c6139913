"""The regional coordinator's page: Region Norrbotten and its Covenant municipalities (seed 004).

The municipalities, their emissions added up and the trend are checked against the raw bundled files: the JRC's
signatory list, SCB's municipality codes and Klimatkollen's JSON, read apart from the product's code.
"""

import csv
import datetime as dt
import html as html_lib
import re
import tomllib

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from samverkan.accounts.models import NetworkRole, OrganizationRole
from samverkan.networks.models import Membership, Network
from samverkan.places.models import Organization
from samverkan.reporting.models import ReportingRound, Submission, SubmissionVersion
from samverkan.targets import progress as engine
from samverkan.targets.services import target_create
from tests.conftest import DATA
from tests.reference import covenant_swedish_rows, klimatkollen_sectors, klimatkollen_total, lad_by_enumeration

pytestmark = pytest.mark.django_db
RELEASE = "klimatkollen-2026"
IN_FORCE = {"published", "on_hold", "suspended"}  # the JRC's words for a signatory in force
NBSP = "\u00a0"


def region():
    return Organization.objects.get(name="Region Norrbotten")


def url(organization_id: int, slug: str = "borgmastaravtalet") -> str:
    return f"/natverk/{slug}/koordinator/{organization_id}/"


def norrbotten_signatories() -> dict[str, str]:
    """{code: name} of the county's municipalities that are Covenant signatories in force, from the raw files:
    SCB's list of municipalities (county 25) and the JRC's list (its names sometimes in the genitive, "Arjeplogs")."""
    with open(DATA / "se-reference/municipalities.csv", encoding="utf-8", newline="") as handle:
        county = {row["Kod"]: row["Kommun"] for row in csv.DictReader(handle) if row["Kod"].startswith("25")}
    names = {row["organisation_name"] for row in covenant_swedish_rows() if row["signatory_status"] in IN_FORCE}
    return {code: name for code, name in county.items() if name in names or f"{name}s" in names}


def raw_combined() -> dict[int, float]:
    """The municipalities' totals added up by year, each the sum of its sectors in Klimatkollen's JSON."""
    combined: dict[int, float] = {}
    for name in norrbotten_signatories().values():
        for year in klimatkollen_sectors(RELEASE, name):
            combined[year] = combined.get(year, 0.0) + klimatkollen_total(RELEASE, name, year)
    return combined


def swedish_number(value: float) -> str:
    return f"{value:,.0f}".replace(",", NBSP)


def test_the_page_lists_the_covenant_signatories_in_norrbotten_as_the_raw_list_has_them(client):
    expected = norrbotten_signatories()
    raw_coordinated = [r for r in covenant_swedish_rows() if r["coordinator_name"] == "County council of Norrbotten"]
    assert len(expected) == len(raw_coordinated) == 8  # "its eight Covenant municipalities"
    response = client.get(url(region().pk))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert sorted(row["territory"].code for row in rows) == sorted(expected)
    page = response.content.decode()
    table = page[page.index('id="regional-municipalities"') : page.index("</table>", page.index("regional-muni"))]
    for code in expected:
        assert f'href="/kommuner/{code}/"' in table
    # Kiruna is on hold in the JRC's list: listed, with its status.
    kiruna = next(row for row in rows if row["territory"].code == "2584")
    assert kiruna["membership"].status == "on_hold"
    lulea = next(row for row in rows if row["territory"].code == "2580")
    assert lulea["membership"].since_text == "2015-01-26"
    assert "<h1>Regional samordning: " in page


def test_each_municipality_shows_its_latest_official_total_and_its_plan(client):
    response = client.get(url(region().pk))
    rows = {row["territory"].code: row for row in response.context["rows"]}
    names = norrbotten_signatories()
    for code, name in names.items():
        last = max(klimatkollen_sectors(RELEASE, name))
        assert rows[code]["latest_year"] == last
        assert rows[code]["latest_total"] == pytest.approx(klimatkollen_total(RELEASE, name, last))
        change = (klimatkollen_total(RELEASE, name, last) / klimatkollen_total(RELEASE, name, 1990) - 1) * 100
        assert rows[code]["change_since_1990"] == pytest.approx(change)
    lulea = rows["2580"]
    page = html_lib.unescape(response.content.decode())
    assert swedish_number(lulea["latest_total"]) in page
    plan = lulea["plan"]
    assert plan is not None and plan.organization_id == lulea["membership"].organization_id
    assert f'href="/planer/{plan.pk}/"' in page


def test_the_combined_emissions_are_the_sum_of_each_municipalitys_raw_total(client):
    expected = raw_combined()
    response = client.get(url(region().pk))
    combined = response.context["combined"]
    assert combined.release.slug == RELEASE
    assert combined.years == sorted(expected)
    for year, value in expected.items():
        assert combined.total[year] == pytest.approx(value)
    last = max(expected)
    page = response.content.decode()
    assert f'id="regional-latest">{swedish_number(expected[last])}<' in page
    # The chart has its table: every year with its value.
    chart_table = page[page.index('id="regional-combined-heading"') :]
    assert f'<th scope="row">2015</th><td class="num">{swedish_number(expected[2015])}</td>' in chart_table


def test_the_trend_of_the_combined_series_is_the_engines(client):
    expected = raw_combined()
    years = sorted(expected)
    as_of = 2026
    result = engine.compute_progress(years, np.array([[expected[year] for year in years]]), as_of=as_of)
    response = client.get(url(region().pk), {"per": as_of})
    total = response.context["progress"].total
    assert total.slope == pytest.approx(float(result.slope[0]))
    assert total.net_zero_date == engine.fractional_year_to_date(float(result.net_zero_year[0]))
    assert total.paris_aligned == bool(result.paris_aligned[0])
    low, high = lad_by_enumeration({year: value for year, value in expected.items() if year >= 2015})
    assert low - 1e-6 <= total.slope <= high + 1e-6  # checked apart from the engine, with plain loops
    assert 'id="progress-slope">' in response.content.decode()


def test_without_a_target_of_its_own_the_page_says_so_and_where_its_editors_add_one(client):
    page = client.get(url(region().pk), {"per": 2026}).content.decode()
    assert "Region Norrbotten har inget eget mål ännu." in page
    assert f'href="/organisationer/{region().pk}/"' in page
    editor = get_user_model().objects.create_user(username="redaktor@example.se", password="ett-långt-lösenord-2026")
    OrganizationRole.objects.create(user=editor, organization=region(), role="editor")
    client.force_login(editor)
    page = client.get(url(region().pk), {"per": 2026}).content.decode()
    assert f'href="/organisationer/{region().pk}/mal/nytt/"' in page


def test_a_target_the_regions_editors_enter_gets_its_status_on_the_combined_series(client):
    editor = get_user_model().objects.create_user(username="redaktor@example.se", password="ett-långt-lösenord-2026")
    OrganizationRole.objects.create(user=editor, organization=region(), role="editor")
    target = target_create(
        by=editor,
        organization=region(),
        name="Länets utsläpp minskar med 63 procent",
        kind="relative",
        base_year=1990,
        target_year=2030,
        value=63,
    )
    expected = raw_combined()
    years = sorted(expected)
    result = engine.compute_progress(years, np.array([[expected[year] for year in years]]), as_of=2026)
    level = expected[1990] * (1 - 0.63)
    status = engine.evaluate_targets(result, series=[0], levels=[level], target_years=[2030]).status[0]
    response = client.get(url(region().pk), {"per": 2026})
    found = response.context["progress"].targets
    assert [t.id for t in found] == [target.pk]
    assert found[0].level == pytest.approx(level)
    assert found[0].status == str(status)
    labels = {"achieved": "nått", "on_track": "i fas", "off_track": "inte i fas", "unknown": "kan inte bedömas"}
    page = response.content.decode()
    assert f'<span class="status status-{status}">{labels[str(status)]}</span>' in page
    assert "har inget eget mål ännu" not in page


@pytest.mark.parametrize(
    ("who", "slug", "message"),
    [
        ("unknown", "borgmastaravtalet", "Det finns ingen organisation 99999999."),
        ("NENET", "borgmastaravtalet", "är inte samordnare för Borgmästaravtalet"),
        ("Region Norrbotten", "klimatkommunerna", "Region Norrbotten är inte samordnare för Klimatkommunerna"),
        ("Region Norrbotten", "finns-inte", "Det finns inget nätverk finns-inte."),
    ],
)
def test_an_unknown_organization_or_one_that_is_not_a_coordinator_is_a_404_naming_it(client, who, slug, message):
    if who == "unknown":
        pk = 99999999
    elif who == "NENET":
        pk = Organization.objects.get(name="Norrbottens energikontor AB, NENET").pk
    else:
        pk = region().pk
    response = client.get(url(pk, slug))
    assert response.status_code == 404
    assert message in html_lib.unescape(response.content.decode())


def test_the_network_page_and_the_regions_page_link_to_the_regional_view(client):
    link = f'href="{url(region().pk)}"'
    assert link in client.get("/natverk/borgmastaravtalet/").content.decode()
    assert link in client.get(f"/organisationer/{region().pk}/").content.decode()
    # NENET is a supporter, not a coordinator: no link to a regional view of it.
    nenet = Organization.objects.get(name="Norrbottens energikontor AB, NENET")
    assert url(nenet.pk) not in client.get(f"/organisationer/{nenet.pk}/").content.decode()


def test_the_page_holds_its_work_to_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    client.get(url(region().pk))  # the releases and the charts' first build
    with django_assert_max_num_queries(14):
        response = client.get(url(region().pk))
    assert response.status_code == 200
    assert Membership.objects.filter(network__slug="borgmastaravtalet", organization=region()).exists()


def test_an_as_of_year_before_the_data_is_a_422_naming_it(client):
    response = client.get(url(region().pk), {"per": 2000})
    assert response.status_code == 422
    assert "2000" in html_lib.unescape(response.content.decode())
    assert re.search(r"klimatkollen-2026", response.content.decode())


def raw_members_in_county(network: str, county: str) -> list[str]:
    """The municipality codes the raw networks file makes members of a network in a county."""
    data = tomllib.loads((DATA / "networks/networks.toml").read_text(encoding="utf-8"))
    return sorted(
        m["municipality"]
        for m in data["membership"]
        if m["network"] == network and m.get("municipality", "").startswith(county) and m["role"] == "member"
    )


@pytest.mark.parametrize(
    ("network", "coordinator", "county", "county_name"),
    [
        ("klimatradet-jonkopings-lan", "Länsstyrelsen i Jönköpings län", "06", "Jönköpings län"),
        ("kommunnatverket-hallbar-utveckling", "Energikontor Väst", "14", "Västra Götalands län"),
    ],
)
def test_other_coordinators_get_the_same_view_of_their_county(client, network, coordinator, county, county_name):
    organization = Organization.objects.get(name=coordinator)
    response = client.get(url(organization.pk, network))
    assert response.status_code == 200
    expected = raw_members_in_county(network, county)
    assert [row["territory"].code for row in response.context["rows"]] == expected
    page = response.content.decode()
    if expected:
        assert f"{len(expected) if len(expected) > 1 else 'En'} av dem" in page
    else:
        assert f"Ingen kommun i {county_name} är medlem i nätverket." in page


def late(days: int) -> str:
    return f"{days} dag sen" if days == 1 else f"{days} dagar sen"


@pytest.fixture
def rounds():
    """Two Covenant rounds past their deadline, one whose accepted reports are public: Luleå's report accepted and
    Piteå's submitted in the public one (both on 1 May 2025, in time), Boden's accepted in the other (submitted on
    1 May 2025, 31 days after its deadline). The rows the reporting app writes."""
    network = Network.objects.get(slug="borgmastaravtalet")
    common = {"network": network, "framework": "covenant-monitoring", "roles": ["signatory"], "year": 2024}
    public = ReportingRound.objects.create(
        title="Uppföljning 2024", opens_on=dt.date(2025, 1, 1), deadline=dt.date(2025, 6, 30), public=True, **common
    )
    private = ReportingRound.objects.create(
        title="Handlingsplaner 2024", opens_on=dt.date(2025, 1, 1), deadline=dt.date(2025, 3, 31), **common
    )

    def submission(round, code, state):
        organization = Organization.objects.get(territory__code=code, kind="municipality")
        found = Submission.objects.create(round=round, organization=organization, state=state)
        SubmissionVersion.objects.create(
            submission=found,
            number=1,
            content={},
            checksum="0" * 64,
            submitted_at=dt.datetime(2025, 5, 1, 12, tzinfo=dt.UTC),
            decision="accepted" if state == "accepted" else "",
        )
        return found

    return {
        "lulea": submission(public, "2580", "accepted"),
        "pitea": submission(public, "2581", "submitted"),
        "boden": submission(private, "2582", "accepted"),
        "public": public,
        "private": private,
    }


def report_cells(page: str) -> dict[str, list[str]]:
    """The reports table as {municipality: [cell text, …]}, tags removed."""
    table = page[page.index('id="regional-reports"') : page.index("</table>", page.index('id="regional-reports"'))]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        head = re.search(r'<th scope="row">(.*?)</th>', row, re.S)
        if head:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            texts = [html_lib.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in cells]
            rows[head.group(1).strip()] = [" ".join(text.split()) for text in texts]
    return rows


def test_everyone_sees_only_the_accepted_reports_of_a_public_round(client, rounds):
    page = client.get(url(region().pk)).content.decode()
    cells = report_cells(page)
    # Rounds latest deadline first: the public round, then the other.
    assert cells["Luleå kommun"] == ["accepterad", "–"]
    assert cells["Piteå kommun"] == ["–", "–"]  # submitted, not yet accepted
    assert cells["Bodens kommun"] == ["–", "–"]  # accepted, but the round is not public
    assert len(cells) == 8
    assert f'href="/natverk/borgmastaravtalet/rapportering/rapporter/{rounds["lulea"].pk}/"' in page
    assert "dagar sen" not in page


def test_the_regions_people_and_the_networks_coordinators_see_every_state(client, rounds):
    today = timezone.localdate()
    late_public, late_private = (today - dt.date(2025, 6, 30)).days, (today - dt.date(2025, 3, 31)).days
    viewer = get_user_model().objects.create_user(username="lasare@example.se", password="ett-långt-lösenord-2026")
    OrganizationRole.objects.create(user=viewer, organization=region(), role="viewer")
    client.force_login(viewer)
    page = client.get(url(region().pk)).content.decode()
    cells = report_cells(page)
    assert cells["Luleå kommun"] == ["accepterad", f"ej påbörjad {late(late_private)}"]
    assert cells["Piteå kommun"] == ["inskickad", f"ej påbörjad {late(late_private)}"]
    assert cells["Bodens kommun"] == [f"ej påbörjad {late(late_public)}", f"accepterad {late(31)}"]
    # The region's people read its municipalities' submitted reports (not their drafts), as the coordinators do.
    report = f"/natverk/borgmastaravtalet/rapportering/rapporter/{rounds['pitea'].pk}/"
    assert f'href="{report}"' in page
    assert client.get(report).status_code == 200
    stockholm = Organization.objects.get(territory__code="0180", kind="municipality")
    elsewhere = Submission.objects.create(round=rounds["public"], organization=stockholm, state="submitted")
    SubmissionVersion.objects.create(
        submission=elsewhere,
        number=1,
        content={},
        checksum="0" * 64,
        submitted_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC),
    )
    assert client.get(f"/natverk/borgmastaravtalet/rapportering/rapporter/{elsewhere.pk}/").status_code == 404
    draft = Submission.objects.create(
        round=rounds["private"], organization=Organization.objects.get(territory__code="2584"), state="draft"
    )
    assert client.get(f"/natverk/borgmastaravtalet/rapportering/rapporter/{draft.pk}/").status_code == 404
    coordinator = get_user_model().objects.create_user(username="samordnare@example.se", password="ett-långt-2026")
    NetworkRole.objects.create(user=coordinator, network=rounds["public"].network, role="coordinator")
    client.force_login(coordinator)
    page = client.get(url(region().pk)).content.decode()
    assert f'href="/natverk/borgmastaravtalet/rapportering/rapporter/{rounds["pitea"].pk}/"' in page
    assert f'href="/natverk/borgmastaravtalet/rapportering/rapporter/{rounds["boden"].pk}/"' in page
    assert report_cells(page)["Bodens kommun"] == cells["Bodens kommun"]


def test_without_rounds_the_page_says_so(client):
    page = client.get(url(region().pk)).content.decode()
    assert "Nätverket har inga rapporteringsomgångar ännu." in page
