"""Pages: content from the real data, sv-SE numbers, language switch, 404, htmx fragments, headers."""

import re

import pytest
from django.conf import settings

from samverkan.sources.models import Release
from tests.reference import population_2025_by_code

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def sv_number(value: int) -> str:
    return f"{value:,}".replace(",", NBSP)


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_home_page_shows_search_counties_and_national_figures(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):  # 4, and 2 for Sweden's latest emissions (the releases, the sum)
        response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="sv"' in html
    assert 'type="search"' in html and 'name="q"' in html
    assert ">290<" in html and ">21<" in html
    assert sv_number(sum(population_2025_by_code().values())) in html
    assert html.count('class="county-card"') == 21
    assert 'href="/kommuner/0680/"' in html and 'href="/lan/06/"' in html
    assert "Källa: SCB" in html


def test_home_page_is_swedish_even_when_the_browser_prefers_english(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="sv"' in html and "Kommuner" in html


def test_municipality_page_shows_population_chart_table_and_source(client, django_assert_max_num_queries):
    # 12, 2 for the key indicators with the place among all, and 18 for the climate plan (its organization, plans and
    # their actions' statuses) and the networks' standing (`organization_standing`: criteria and commitments' progress),
    # with one for the reporting rounds the criteria on reporting read
    with django_assert_max_num_queries(33):
        response = client.get("/kommuner/0680/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Jönköping</h1>" in html
    assert "Jönköpings län" in html and "Jönköpings kommun" in html
    latest = population_2025_by_code()["0680"]
    assert f'id="latest-population">{sv_number(latest)}<' in html
    assert re.search(r'<svg role="img" aria-label="Linjediagram: folkmängden i Jönköping, 1950 till 2025', html)
    assert '<th scope="row">1950</th>' in html
    assert f'<th scope="row">2025</th><td class="num">{sv_number(latest)}</td>' in html
    assert "Källa: SCB (Statistiska centralbyrån)" in html


def test_municipality_page_in_english_uses_english_words_and_number_format(client):
    html = english(client).get("/kommuner/0680/").content.decode()
    assert 'lang="en"' in html
    assert "Jönköping County" in html and "Population" in html and "Source: SCB" in html
    assert f"{population_2025_by_code()['0680']:,}" in html


def test_unknown_municipality_gives_a_helpful_404_page(client):
    response = client.get("/kommuner/9999/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Det finns ingen kommun med koden 9999." in html
    assert 'name="q"' in html  # a search box to find the right place


def test_unknown_address_gives_the_404_page(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Det finns ingen sida på den här adressen." in response.content.decode()


def test_county_page_lists_municipalities_with_population(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        response = client.get("/lan/06/")
    html = response.content.decode()
    assert "<h1>Jönköpings län</h1>" in html and "Region Jönköpings län" in html
    raw = population_2025_by_code()
    for code in ("0680", "0604", "0685"):
        assert f'href="/kommuner/{code}/"' in html
        assert sv_number(raw[code]) in html
    assert sv_number(sum(v for c, v in raw.items() if c.startswith("06"))) in html


def test_unknown_county_is_404(client):
    response = client.get("/lan/99/")
    assert response.status_code == 404
    assert "Det finns inget län med koden 99." in response.content.decode()


def test_county_list_has_all_21(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        html = client.get("/lan/").content.decode()
    assert len(re.findall(r'href="/lan/\d\d/"', html)) == 21


def test_search_page_finds_jonkoping_without_diacritics(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        html = client.get("/kommuner/", {"q": "Jonkoping"}).content.decode()
    first_link = re.search(r'<th scope="row"><a href="/kommuner/(\d{4})/">', html)
    assert first_link.group(1) == "0680"


def test_search_from_htmx_returns_only_the_results_fragment(client):
    response = client.get("/kommuner/", {"q": "0680"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "<header" not in html
    assert 'href="/kommuner/0680/"' in html
    assert "1 kommun matchar" in html


def test_search_with_hostile_input_is_escaped_and_finds_nothing(client):
    response = client.get("/kommuner/", {"q": "<script>alert(1)</script>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "Ingen kommun matchar" in html


def test_language_switch_sets_english_and_returns_to_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/kommuner/0680/"})
    assert response.status_code == 302 and response["Location"] == "/kommuner/0680/"
    html = client.get("/kommuner/0680/").content.decode()
    assert 'lang="en"' in html and "Inhabitants, 2025" in html
    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert "Invånare 2025" in client.get("/kommuner/0680/").content.decode()


def test_language_switch_refuses_unknown_language_and_foreign_next(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302 and not response["Location"].startswith("https://evil")
    assert 'lang="sv"' in client.get("/").content.decode()


def test_pages_send_security_headers(client):
    response = client.get("/kommuner/0680/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script(client):
    for path in ["/", "/kommuner/0680/", "/lan/06/", "/kommuner/?q=a", "/kommuner/9999/"]:
        html = client.get(path).content.decode()
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag, (path, tag)


def test_static_files_are_served_by_the_app(client):
    assert client.get("/static/core/site.css").status_code == 200
    assert client.get("/static/django_htmx/htmx-2.min.js").status_code == 200


def test_sources_are_named_in_the_page_language(client):
    assert "SCB: Folkmängd per kommun" in client.get("/kommuner/0680/").content.decode()
    html = english(client).get("/kommuner/0680/").content.decode()
    assert "Statistics Sweden: population by municipality" in html


def test_admin_lists_municipalities_and_keeps_releases_read_only(admin_client):
    response = admin_client.get("/admin/places/municipality/", {"q": "Jönköping"})
    assert response.status_code == 200 and "0680" in response.content.decode()
    assert admin_client.get("/admin/sources/release/add/").status_code == 403
    release = Release.objects.first()
    response = admin_client.post(f"/admin/sources/release/{release.pk}/change/", {"label": "changed"})
    assert response.status_code == 403
    release.refresh_from_db()
    assert release.label != "changed"


def test_admin_requires_sign_in(client):
    response = client.get("/admin/places/municipality/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
