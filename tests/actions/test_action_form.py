"""The action form: areas of intervention follow the chosen sector; a status update changes the header at once."""

import re

import pytest
from django.db.models import Q

from samverkan.actions.models import Action, InterventionArea
from samverkan.emissions.models import Sector

pytestmark = pytest.mark.django_db


def area_options(html: str) -> list[str]:
    select = re.search(r'<select name="area"[^>]*id="id_area"[^>]*>(.*?)</select>', html, re.S)
    return [value for value in re.findall(r'<option value="([^"]*)"', select[1]) if value]


def test_the_form_lists_all_63_areas_until_a_sector_is_chosen_then_only_its_own(client, person, plan):
    client.force_login(person("editor"))
    html = client.get(f"/planer/{plan.pk}/atgarder/ny/").content.decode()
    assert len(area_options(html)) == InterventionArea.objects.count() == 63
    assert f'hx-get="/planer/{plan.pk}/atgarder/ny/"' in html and 'hx-select="#id_area"' in html
    transport = Sector.objects.get(slug="transporter", parent=None)
    # What htmx asks for when the sector changes (and what a page without JavaScript shows after a refusal).
    html = client.get(f"/planer/{plan.pk}/atgarder/ny/", {"sector": transport.pk}, HTTP_HX_REQUEST="true").content
    shown = area_options(html.decode())
    expected = InterventionArea.objects.filter(Q(sector=transport) | Q(sector=None))
    assert sorted(shown) == sorted(expected.values_list("code", flat=True))
    assert "TRANSPORT_CLEANER_EFFICIENT_VEHICLES" in shown and "LOCAL_ELECTRICITY_PRODUCTION_PHOTOVOLTAICS" not in shown
    assert 0 < len(shown) < 63


def test_without_javascript_an_area_of_another_sector_is_refused_and_the_right_areas_shown(client, person, plan):
    client.force_login(person("editor"))
    transport = Sector.objects.get(slug="transporter", parent=None)
    data = {"title": "Elbussar", "status": "not_started", "public": "on", "sector": transport.pk}
    refused = client.post(
        f"/planer/{plan.pk}/atgarder/ny/", {**data, "area": "LOCAL_ELECTRICITY_PRODUCTION_PHOTOVOLTAICS"}
    )
    assert refused.status_code == 422 and "Välj ett giltigt alternativ" in refused.content.decode()
    assert "LOCAL_ELECTRICITY_PRODUCTION_PHOTOVOLTAICS" not in area_options(refused.content.decode())
    saved = client.post(f"/planer/{plan.pk}/atgarder/ny/", {**data, "area": "TRANSPORT_CLEANER_EFFICIENT_VEHICLES"})
    assert saved.status_code == 302
    assert Action.objects.get(title="Elbussar").area_id == "TRANSPORT_CLEANER_EFFICIENT_VEHICLES"


def test_the_edit_form_lists_the_areas_of_the_actions_sector(client, person, plan):
    client.force_login(person("editor"))
    transport = Sector.objects.get(slug="transporter", parent=None)
    action = plan.actions.create(title="Elbilar i hemtjänsten", status="ongoing", sector=transport)
    shown = area_options(client.get(f"/atgarder/{action.pk}/redigera/").content.decode())
    assert "TRANSPORT_CLEANER_EFFICIENT_VEHICLES" in shown and len(shown) < 63
    unsorted = plan.actions.get(title="Laddstolpar vid stationen")  # no sector yet: every area
    assert len(area_options(client.get(f"/atgarder/{unsorted.pk}/redigera/").content.decode())) == 63


def test_a_status_update_of_45_percent_changes_the_header_at_once(client, person, plan):
    client.force_login(person("editor"))
    action = plan.actions.get(title="Laddstolpar vid stationen")
    client.post(f"/atgarder/{action.pk}/lagesrapport/", {"date": "2026-10-01", "status": "ongoing", "completion": "30"})
    assert '<dd id="action-status">Pågår, 30 %</dd>' in client.get(f"/atgarder/{action.pk}/").content.decode()
    response = client.post(
        f"/atgarder/{action.pk}/lagesrapport/",
        {"date": "2026-11-20", "status": "ongoing", "completion": "45"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<dd id="action-status" hx-swap-oob="true">Pågår, 45 %</dd>' in html  # htmx swaps it into the header
    assert '<dd id="action-status">Pågår, 45 %</dd>' in client.get(f"/atgarder/{action.pk}/").content.decode()
    refused = client.post(
        f"/atgarder/{action.pk}/lagesrapport/",
        {"date": "2026-11-21", "status": "ongoing", "completion": "140"},
        HTTP_HX_REQUEST="true",
    )
    assert refused.status_code == 422 and "hx-swap-oob" not in refused.content.decode()
