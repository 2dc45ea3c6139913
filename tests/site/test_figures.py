"""Figures that no longer contradict each other (issue 15): one headline rate with the other one named, net zero as
a year, a met target with the year since when, years on a time axis, and the pages that now show Sweden's progress,
Sweden's total on the home page and a municipality's climate plan with its networks' standing.

Every expected figure is computed here from the raw bundled files, apart from the importers and the engine."""

import json
import re

import pytest

from samverkan.actions.models import Action, ActionPlan
from samverkan.core.charts import stacked_sector_chart
from samverkan.networks.presentation import combined_section
from samverkan.networks.queries import network_detail
from tests.conftest import DATA
from tests.reference import klimatkollen_sectors, lad_by_enumeration

pytestmark = pytest.mark.django_db
RELEASE = "klimatkollen-2026"
NBSP = "\u00a0"


def swedish(value: float, decimals: int, signed: bool = False) -> str:
    text = f"{value:{'+' if signed else ''},.{decimals}f}".replace(",", " ").replace(".", ",")
    return text.replace("-", "−").replace(" ", NBSP) if decimals else text.replace("-", "−")


def percent(value: float) -> str:
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{abs(value):.1f}".replace(".", ",") + f"{NBSP}%"


def rates(totals: dict[int, float]) -> dict:
    """The trend (the middle of the LAD slopes from 2015) and the compound change between 2015 and the last year."""
    fit = {year: value for year, value in totals.items() if year >= 2015}
    low, high = lad_by_enumeration(fit)
    slope = (low + high) / 2
    last = max(fit)
    return {
        "slope": slope,
        "trend_percent": slope / fit[last] * 100,
        "end_years_percent": ((fit[last] / fit[2015]) ** (1 / (last - 2015)) - 1) * 100,
        "since_2015_percent": (fit[last] / fit[2015] - 1) * 100,
        "net_zero_year": int(last - fit[last] / slope),
        "last": last,
    }


def jonkoping_totals() -> dict[int, float]:
    return {year: sum(sectors.values()) for year, sectors in klimatkollen_sectors(RELEASE, "Jönköping").items()}


def sweden_totals() -> dict[int, float]:
    items = json.loads((DATA / RELEASE / "national-sector-emissions.json").read_text(encoding="utf-8"))
    sectors = next(item for item in items if item["name"] == "Sverige")["sectors"]
    return {int(year): sum(values.values()) for year, values in sectors.items()}


def test_jonkoping_shows_the_trend_as_the_headline_rate_and_names_the_change_between_the_end_years(client):
    expected = rates(jonkoping_totals())
    assert round(expected["trend_percent"], 1) == -2.2  # the figures
    assert round(expected["end_years_percent"], 1) == 0.0 and round(expected["since_2015_percent"], 1) == 0.3
    html = client.get("/kommuner/0680/", {"per": 2026}).content.decode()
    verdict = re.search(r'<div class="verdict" id="progress-verdict">(.*?)</div>', html, re.S).group(1)
    assert f"minskar utsläppen med 2,2{NBSP}% per år" in verdict
    assert f'id="progress-rate">{percent(expected["trend_percent"])}<' in html
    note = re.search(r'<p class="note" id="progress-rates">(.*?)</p>', html, re.S).group(1)
    assert f"Takten i rubriken, {percent(expected['trend_percent'])} per år, är trenden" in note
    assert f"Förändringen mellan enbart ändåren (0,0{NBSP}% per år från 2015 till 2024" in note
    assert 'href="/framsteg/metod/"' in note
    assert f'id="change-2015">{percent(expected["since_2015_percent"])}<' in html
    # The old box "Förändring per år 2015–2024: 0,0 %" beside the verdict is gone.
    assert "Förändring per år 2015–2024" not in html


def test_net_zero_is_a_year_on_the_pages_and_a_date_in_the_api(client):
    expected = rates(jonkoping_totals())["net_zero_year"]
    assert expected == 2068
    html = client.get("/kommuner/0680/", {"per": 2026}).content.decode()
    assert "och når noll år 2068." in html
    assert 'id="progress-net-zero">2068<' in html
    assert "december 2068" not in html
    api = client.get("/api/v1/municipalities/0680/progress", {"as_of": 2026}).json()
    assert api["net_zero_date"] == "2068-12-29"
    table = client.get("/framsteg/", {"per": 2026}).content.decode()
    row = re.search(r'<a href="/kommuner/0680/[^"]*">Jönköping</a>.*?</tr>', table, re.S).group(0)
    assert ">2068<" in row and "2068-12-29" not in row


def test_a_met_target_says_it_is_met_and_since_when(client):
    totals = jonkoping_totals()
    level = totals[1990] * 0.8  # the Covenant of Mayors 2020: −20 % from 1990
    since = None
    for year in sorted(totals, reverse=True):
        if totals[year] > level:
            break
        since = year
    assert since == 2015  # 2010 was above the level; 2015 and every year with data since are below it
    html = client.get("/kommuner/0680/", {"per": 2026}).content.decode()
    assert (
        "Målet ”Borgmästaravtalet: −20 % till 2020” är nått: utsläppen har legat på eller under dess nivå varje år "
        "med data sedan 2015." in html
    )
    row = re.search(r"<th scope=\"row\">Borgmästaravtalet: −20 % till 2020.*?</tr>", html, re.S).group(0)
    assert "nått sedan 2015" in row and ">2024<" not in row


def test_the_same_in_english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/kommuner/0680/", {"per": 2026}).content.decode()
    assert "and reach zero in 2068." in html
    assert "Trend, change a year" in html and "The headline rate, -2.2" in html
    assert "met since 2015" in html and "How the rates are computed" in html
    assert "Climate plan" in html and "The plan document" in html


def test_the_sector_chart_spaces_years_as_time():
    chart = stacked_sector_chart(
        years=[1990, 2000, 2005, 2020, 2021],
        sectors=[("Transporter", {1990: 3.0, 2000: 2.0, 2005: 2.0, 2020: 1.0, 2021: 1.0})],
        total={1990: 3.0, 2000: 2.0, 2005: 2.0, 2020: 1.0, 2021: 1.0},
        title="t",
        description="d",
        value_title="t CO2e",
        year_title="År",
        total_label="Streckad linje: totalt",
        columns=["År", "Transporter"],
        rows=[],
    )
    bars, line = chart.spec["layer"]
    for layer in (bars, line):
        assert layer["encoding"]["x"]["type"] == "quantitative"
        assert layer["encoding"]["x"]["scale"]["domain"] == [1989.5, 2021.5]
    assert [value["year"] for value in bars["data"]["values"]] == [1990, 2000, 2005, 2020, 2021]
    assert bars["mark"]["size"] == 14  # 70 % of a year's width: 640 px over the 32 years 1990–2021


def test_a_networks_summed_emissions_are_a_line_from_zero_with_the_years_of_data(client):
    section = combined_section(network_detail("klimatkommunerna", country="SE"))
    spec = section["chart"].spec
    assert spec["encoding"]["y"]["scale"]["zero"] is True
    values = spec["data"]["values"]
    assert all(point["value"] is not None for point in values)  # joined, not isolated dots between gaps
    years = sorted(jonkoping_totals())  # every municipality has the same years in the release
    assert [point["year"] for point in values] == years
    assert section["years_with_data"] == "1990, 2000, 2005, 2010, 2015, 2020–2024"
    html = client.get("/natverk/klimatkommunerna/").content.decode()
    assert "År med data: 1990, 2000, 2005, 2010, 2015, 2020–2024." in html


def test_sweden_shows_its_progress_against_its_own_targets(client):
    expected = rates(sweden_totals())
    html = client.get("/sverige/", {"per": 2026}).content.decode()
    assert 'id="progress-verdict"' in html
    assert f'id="progress-rate">{percent(expected["trend_percent"])}<' in html
    assert f'id="progress-net-zero">{expected["net_zero_year"]}<' in html
    targets = re.search(r'<table class="data" id="progress-targets">.*?</table>', html, re.S).group(0)
    assert "Sverige: netto noll 2045" in targets and "Sverige: inrikes transporter −70 % till 2030" in targets
    level = sweden_totals()[1990] * 0.15
    assert f'<td class="num">{swedish(level, 0).replace(" ", NBSP)}</td>' in targets
    assert "Sveriges egna mål, mätta på hela landets territoriella utsläpp" in html
    assert "tillämpas på kommunens egna utsläpp" not in html


def test_a_wrong_as_of_year_on_swedens_page_is_refused(client):
    response = client.get("/sverige/", {"per": "tjugo"})
    assert response.status_code == 400
    assert "tjugo" in response.content.decode()


def test_the_home_page_gives_swedens_latest_total_with_its_year_and_source(client):
    totals = sweden_totals()
    latest = max(totals)
    html = client.get("/").content.decode()
    assert f"Utsläpp av växthusgaser {latest} (t CO2e)" in html
    figure = re.search(r'<dd id="national-emissions"><a href="/sverige/">(.*?)</a></dd>', html).group(1)
    assert figure == swedish(totals[latest], 0).replace(" ", NBSP) == f"47{NBSP}649{NBSP}264"
    source = re.search(r'<p class="sources-line" id="national-emissions-source">(.*?)</p>', html, re.S).group(1)
    assert "Källa för utsläppen:" in source and "Klimatkollen" in source and "Utgåvan 2026" in source
    # The same figure as on Sweden's own page.
    assert f'id="emissions-latest">{figure}<' in client.get("/sverige/").content.decode()


def test_a_municipality_shows_its_climate_plan_and_its_networks_standing(client):
    html = client.get("/kommuner/0680/").content.decode()
    plan = re.search(r'<section aria-labelledby="plan-heading">.*?</section>', html, re.S).group(0)
    assert "Hållbarhetsprogram 2022–2030" in plan
    assert "<dt>Antagen år</dt><dd>2022</dd>" in plan and "<dt>Period</dt><dd>2022–2030</dd>" in plan
    assert 'class="plan-actions">0<' in plan and "Ingen åtgärd i planen är registrerad i Samverkan ännu." in plan
    assert 'href="https://www.jonkoping.se/download/' in plan and "Plandokumentet" in plan
    # The actions it reported to the Covenant (data brief 933) are named as such, not as a second climate plan.
    assert plan.count('<div class="plan"') == 1
    reported = ActionPlan.objects.get(organization__territory__code="0680", is_example=True)
    assert f"{reported.actions.filter(public=True).count()} åtgärder." in plan.replace("\xa0", " ")
    networks = re.search(r'<ul class="memberships" id="municipality-networks">.*?</ul>', html, re.S).group(0)
    assert 'Borgmästaravtalet 2020 (<span class="criterion criterion-met">i fas</span>)' in networks
    assert re.search(r"Borgmästaravtalet</a>: undertecknare sedan 2009-09-24.*?5 kriterier: ", networks, re.S)


def test_the_plan_counts_its_actions_by_status(client):
    plan = ActionPlan.objects.get(
        organization__territory__code="0680", organization__kind="municipality", is_example=False
    )
    for title, status in [("Laddstolpar", "ongoing"), ("Solceller", "ongoing"), ("Cykelbana", "completed")]:
        Action.objects.create(plan=plan, title=title, status=status)
    Action.objects.create(plan=plan, title="Utkast", status="not_started", public=False)
    html = client.get("/kommuner/0680/").content.decode()
    section = re.search(r'<section aria-labelledby="plan-heading">.*?</section>', html, re.S).group(0)
    assert 'class="plan-actions">3<' in section
    statuses = re.search(r'<p class="plan-statuses">(.*?)</p>', section, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", statuses) == "Pågår: 2 · Genomförd: 1"
