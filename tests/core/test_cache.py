"""Cached figures follow the data: every import and every public edit starts a new data generation."""

import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from samverkan.actions.models import Action, ActionPlan
from samverkan.core.cache import GENERATION_KEY, bump_generation, content_key, data_key, generation
from samverkan.emissions.services import emissions_import
from samverkan.sources.services import ReleaseInfo
from samverkan.targets.models import Target
from samverkan.targets.services import target_create, target_update

pytestmark = pytest.mark.django_db
REVISED = ReleaseInfo(
    dataset="smhi-ghg", dataset_name="x", publisher="x", slug="kk-revised", label="x", unit="t CO2e", gases="ghg"
)


def test_a_key_differs_between_generations_and_languages_but_not_within_one():
    first = data_key("ranking", 17, 2024, None)
    assert data_key("ranking", 17, 2024, None) == first
    assert data_key("ranking", 17, 2023, None) != first
    with translation.override("en"):
        assert data_key("ranking", 17, 2024, None) != first
    chart = content_key("chart-svg", '{"rows": [1]}', "sv-SE", "4")
    bump_generation()
    assert data_key("ranking", 17, 2024, None) != first
    assert content_key("chart-svg", '{"rows": [1]}', "sv-SE", "4") == chart  # a chart is its inputs


def test_a_lost_generation_is_replaced_by_one_never_used_before():
    seen = {generation()}
    bump_generation()
    seen.add(generation())
    cache.delete(GENERATION_KEY)  # culled or cleared
    assert generation() not in seen and len(seen) == 2
    assert generation() == cache.get(GENERATION_KEY)  # every process reads the same token


def test_inside_a_transaction_the_generation_changes_at_once_and_again_on_commit(django_capture_on_commit_callbacks):
    before = generation()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        bump_generation()
        during = generation()
        bump_generation()
    assert before != during and generation() not in (before, during)
    assert len(callbacks) == 1  # several edits in one transaction: one more bump when it commits


def stockholm_total(html: str) -> int:
    row = html.split('<a href="/kommuner/0180/')[1].split("</tr>")[0]
    return int(re.findall(r'<td class="num">([^<]+)</td>', row)[0].replace("\xa0", "").replace(" ", ""))


def test_a_cached_ranking_page_shows_the_figures_of_a_new_import(client, klimatkollen_revised):
    before = client.get("/utslapp/").content.decode()
    assert stockholm_total(client.get("/utslapp/").content.decode()) == stockholm_total(before) == 1021234  # cached
    generation_before = generation()
    emissions_import(path=klimatkollen_revised, info=REVISED)
    assert generation() != generation_before
    after = client.get("/utslapp/").content.decode()
    assert stockholm_total(after) == 1021234 + 1000  # the new release is the newest: its ranking, not the cached one
    cache.clear()
    assert stockholm_total(client.get("/utslapp/").content.decode()) == stockholm_total(after)


def on_track(html: str) -> tuple[str, int]:
    found = re.search(r"<dt>I fas med Sveriges mål ”([^”]+)”</dt><dd id=\"count-on-track\">(\d+)<", html)
    return found.group(1), int(found.group(2))


def test_a_cached_progress_page_follows_an_edit_of_the_national_target(client, admin_user):
    page = {"per": 2026}
    assert on_track(client.get("/framsteg/", page).content.decode()) == ("Sverige: netto noll 2045", 76)
    national = Target.objects.get(name="Sverige: netto noll 2045")
    target_update(by=admin_user, target=national, fields={"name": "Sverige: netto noll 2060", "target_year": 2060})
    edited = on_track(client.get("/framsteg/", page).content.decode())
    assert edited[0] == "Sverige: netto noll 2060" and edited[1] > 76  # a later deadline: more are on track
    cache.clear()
    assert on_track(client.get("/framsteg/", page).content.decode()) == edited


def test_a_cached_progress_page_follows_a_change_in_the_admin(admin_client, client):
    page = {"per": 2026}
    assert on_track(client.get("/framsteg/", page).content.decode())[1] == 76
    national = Target.objects.get(name="Sverige: netto noll 2045")
    response = admin_client.post(f"/admin/targets/target/{national.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    html = client.get("/framsteg/", page).content.decode()
    assert 'id="count-on-track"' not in html and "Sverige: netto noll 2045" not in html


def trend_in(html: str, target: str) -> str:
    row = html.split(f'<th scope="row">{target}</th>')[1].split("</tr>")[0]
    return re.findall(r'<td class="num">([^<]+)</td>', row)[2]  # year, level, trend


def test_a_plans_cached_gap_to_its_target_follows_a_new_import(client, stockholm, klimatkollen_revised):
    """The gap is cached by municipality alone: only the new generation tells it that the trend moved."""
    target_create(
        organization=stockholm,
        name="Stockholm: −90 % till 2028",
        kind="relative",
        base_year=1990,
        target_year=2028,
        value=90,
        published=True,
    )
    plan = ActionPlan.objects.get(organization=stockholm, is_example=False)
    Action.objects.create(plan=plan, title="Elbussar", status="ongoing", effect_t_co2e=500)
    before = trend_in(client.get(f"/planer/{plan.pk}/").content.decode(), "Stockholm: −90 % till 2028")
    emissions_import(path=klimatkollen_revised, info=REVISED)
    after = trend_in(client.get(f"/planer/{plan.pk}/").content.decode(), "Stockholm: −90 % till 2028")
    assert after != before
    cache.clear()
    assert trend_in(client.get(f"/planer/{plan.pk}/").content.decode(), "Stockholm: −90 % till 2028") == after
