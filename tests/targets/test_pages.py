"""Progress pages: the municipality section, the national overview, county pages and the method."""

import re

import pytest
from django.utils import translation

from samverkan.targets import progress as engine
from samverkan.targets.models import Target
from samverkan.targets.presentation import ProgressStatus, status_label
from samverkan.targets.services import target_create

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def test_municipality_page_has_the_progress_section(client, django_assert_max_num_queries):
    # progress: targets, sectors; indicators; 17 for the climate plan and the networks' standing (criteria with the
    # reporting rounds, progress)
    with django_assert_max_num_queries(31):
        html = client.get("/kommuner/0180/", {"per": 2026}).content.decode()
    verdict = re.search(r'<div class="verdict" id="progress-verdict">(.*?)</div>', html, re.S).group(1)
    # −132 462 t a year from 1 021 234 t is 13,0 % of the last year's emissions.
    assert f"Med nuvarande trend minskar utsläppen med 13,0{NBSP}% per år och når noll år 2031." in verdict
    assert "Parisavtalet" in verdict
    assert "Sverige: netto noll 2045" in verdict
    assert f'id="progress-slope">\u2212132{NBSP}462<' in html
    assert 'id="progress-paris">ja<' in html
    assert 'id="progress-targets"' in html and "Riksdagen" in html
    assert "Linjediagram: utsläppen i Stockholm" in html
    assert "<svg" in html
    assert "<title>Stockholm – Samverkan</title>" in html


def test_the_section_in_english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/kommuner/0180/", {"per": 2026}).content.decode()
    assert "On the current trend, emissions fall by 13.0" in html
    assert "Sweden: net zero by 2045" in html


def test_a_wrong_as_of_year_on_a_page_is_refused(client):
    response = client.get("/kommuner/0180/", {"per": 2020})
    assert response.status_code == 422
    assert "2024" in response.content.decode()
    response = client.get("/framsteg/", {"per": "tjugo"})
    assert response.status_code == 400
    assert "tjugo" in response.content.decode()


def test_overview_lists_every_municipality_and_sorts(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        html = client.get("/framsteg/", {"per": 2026}).content.decode()
    assert html.count('<th scope="row"><a href="/kommuner/') == 290
    assert 'id="count-paris">19<' in html or re.search(r'id="count-paris">\d+<', html)
    html = client.get("/framsteg/", {"per": 2026, "sortera": "nettonoll"}).content.decode()
    first = re.search(r'<th scope="row"><a href="/kommuner/(\d{4})/', html).group(1)
    assert first == "0840"  # Mörbylånga: the earliest net-zero date on the trend
    assert 'aria-sort="ascending"' in html


def test_overview_by_county_and_sector(client):
    html = client.get("/framsteg/", {"per": 2026, "lan": "06", "sektor": "transporter"}).content.decode()
    assert html.count('<th scope="row"><a href="/kommuner/') == 13
    assert "Sverige: inrikes transporter" in html


def test_overview_partial_for_htmx(client):
    html = client.get("/framsteg/", {"per": 2026}, HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<div id="overview-table">') and "<html" not in html


def test_county_page_lists_its_municipalities_progress(client):
    html = client.get("/lan/06/", {"per": 2026}).content.decode()
    section = html[html.index('id="county-progress-heading"') :]
    assert section.count('<th scope="row"><a href="/kommuner/') == 13
    assert "Jönköping" in section


def test_method_page_lists_the_bundled_targets_with_sources(client):
    html = client.get("/framsteg/metod/").content.decode()
    assert "11,72" in html
    table = html[html.index('id="bundled-targets"') :]
    assert table.count("<tr>") == 6  # the heading and five targets
    assert "Borgmästaravtalet: −40 % till 2030" in table
    assert "naturvardsverket.se" in table


def admin_form(organization_id: int, **overrides) -> dict:
    form = {
        "name": "Jönköping: −60 % till 2030",
        "name_en": "",
        "organization": organization_id,
        "commitment": "",
        "kind": "relative",
        "base_year": "1990",
        "target_year": "2030",
        "value": "60",
        "decision_body": "Kommunfullmäktige",
        "decision_date": "2021-04-29",
        "decision_url": "https://www.jonkoping.se/",
        "source": "Jönköpings kommun",
        "source_url": "",
        "note": "",
        "note_en": "",
        "published": "on",
    }
    form.update(overrides)
    return form


def test_a_municipalitys_own_target_added_in_the_admin_shows_on_its_page(admin_client, client):
    from samverkan.places.models import Organization
    from samverkan.targets.models import Target

    jonkoping = Organization.objects.get(territory__code="0680", kind="municipality")
    response = admin_client.post("/admin/targets/target/add/", admin_form(jonkoping.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    target = Target.objects.get(name="Jönköping: −60 % till 2030")
    assert target.organization == jonkoping and target.sectors.count() == 0
    html = client.get("/kommuner/0680/", {"per": 2026}).content.decode()
    assert "Jönköping: −60 % till 2030" in html and "Kommunfullmäktige" in html
    # Not on another municipality's page.
    assert "Jönköping: −60 % till 2030" not in client.get("/kommuner/0180/", {"per": 2026}).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"base_year": ""}, "En minskning i procent behöver ett basår."),
        ({"target_year": "1980"}, "1990"),
        ({"value": "140"}, "högst 100"),
        ({"kind": "sideways"}, "sideways"),
        ({"name": "x" * 201}, "200"),
        ({"decision_url": "javascript:alert(1)"}, "giltig"),
    ],
)
def test_invalid_targets_posted_in_the_admin_are_refused_and_nothing_is_written(admin_client, overrides, message):
    from samverkan.places.models import Organization
    from samverkan.targets.models import Target

    jonkoping = Organization.objects.get(territory__code="0680", kind="municipality")
    before = Target.objects.count()
    response = admin_client.post("/admin/targets/target/add/", admin_form(jonkoping.pk, **overrides))
    assert response.status_code == 200  # the form again, with the error
    assert message in response.content.decode()
    assert Target.objects.count() == before


SWEDISH_STATUSES = {"achieved": "nått", "on_track": "i fas", "off_track": "inte i fas", "unknown": "kan inte bedömas"}


def test_the_progress_statuses_are_named_by_their_choices_in_the_section_too(client):
    with translation.override("sv"):
        assert {s: status_label(s) for s in SWEDISH_STATUSES} == SWEDISH_STATUSES
        assert status_label(None) == "–"
    assert sorted(ProgressStatus.values) == sorted([engine.ACHIEVED, engine.ON_TRACK, engine.OFF_TRACK, engine.UNKNOWN])
    html = client.get("/kommuner/0180/", {"per": 2026}).content.decode()
    cells = re.findall(r'<span class="status status-(\w+)">([^<]*)</span>', html)
    assert cells and all(SWEDISH_STATUSES[status] == label for status, label in cells)


def test_deleting_and_restoring_a_target_take_a_post_and_its_history_a_signed_in_reader(client, person, jonkoping):
    target = target_create(organization=jonkoping, name="Mål", kind="net_zero", target_year=2045)
    history = client.get(f"/mal/{target.pk}/historik/")
    assert history.status_code == 302 and history["Location"].startswith("/konto/logga-in/?next=")
    client.force_login(person("editor"))
    assert client.get(f"/mal/{target.pk}/radera/").status_code == 405
    assert client.get(f"/mal/{target.pk}/aterstall/").status_code == 405
    assert Target.objects.filter(pk=target.pk).exists()
    assert client.get(f"/mal/{target.pk}/historik/").status_code == 200
