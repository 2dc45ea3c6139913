"""The site in Debian's Chromium, served by `samverkan serve` as a user starts it."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.reference import population_2025_by_code

pytestmark = pytest.mark.browser
NBSP = "\u00a0"


def sv_number(value: int) -> str:
    return f"{value:,}".replace(",", NBSP)


def test_search_for_jonkoping_from_the_home_page_and_read_its_2025_population(served_site, page):
    page.goto(served_site.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.get_by_label("Hitta en kommun med namn eller kommunkod").fill("jonkoping")
    results = page.locator("#search-results")
    expect(results.get_by_role("link", name="Jönköping", exact=True)).to_be_visible()
    results.get_by_role("link", name="Jönköping", exact=True).click()
    expect(page).to_have_url(re.compile(r"/kommuner/0680/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Jönköping")
    expected = sv_number(population_2025_by_code()["0680"])
    expect(page.locator("#latest-population")).to_have_text(expected)
    population = page.locator("section", has=page.get_by_role("heading", name="Befolkning", exact=True))
    population.get_by_text("Visa siffrorna som tabell").click()
    row = population.locator("table tr", has=page.locator("th", has_text=re.compile(r"^2025$")))
    expect(row.locator("td")).to_have_text(expected)
    expect(population.locator(".chart svg[role=img]")).to_be_visible()
    assert page.console_errors == []


def test_search_works_without_javascript(served_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site.url + "/")
    page.get_by_label("Hitta en kommun med namn eller kommunkod").fill("0680")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/kommuner/\?q=0680$"))
    page.get_by_role("link", name="Jönköping", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jönköping")
    context.close()


def test_language_switch_translates_the_page_and_its_numbers(served_site, page):
    page.goto(served_site.url + "/kommuner/0680/")
    expect(page.get_by_role("heading", name="Befolkning", exact=True)).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/kommuner/0680/$"))
    expect(page.get_by_role("heading", name="Population", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Jönköping County").first).to_be_visible()
    expect(page.locator("#latest-population")).to_have_text(f"{population_2025_by_code()['0680']:,}")
    page.get_by_role("button", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert page.console_errors == []


def test_keyboard_user_can_skip_to_content_and_reach_the_search(served_site, page):
    page.goto(served_site.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_every_page_loads_without_console_errors(served_site, page):
    for path in [
        "/",
        "/kommuner/",
        "/kommuner/0180/",
        "/lan/",
        "/lan/25/",
        "/framsteg/",
        "/framsteg/metod/",
        "/atgarder/?q=cykelbanor",
        "/nyckeltal/",
        "/nyckeltal/cykelvag-per-invanare/",
        "/api/v1/docs",
    ]:
        response = page.goto(served_site.url + path)
        assert response.status == 200, path
    assert page.console_errors == []


def test_unknown_municipality_shows_the_404_page(served_site, page):
    response = page.goto(served_site.url + "/kommuner/9999/")
    assert response.status == 404
    expect(page.get_by_text("Det finns ingen kommun med koden 9999.")).to_be_visible()


def test_emissions_section_ranking_and_release_comparison(served_site, page):
    page.goto(served_site.url + "/kommuner/0180/")
    expect(page.locator("#emissions-latest")).to_have_text(f"1{NBSP}021{NBSP}234")
    page.get_by_label("Datakälla och utgåva").select_option("klimatkollen-2025")
    page.get_by_role("button", name="Visa", exact=True).click()
    expect(page.locator("#emissions-latest")).to_have_text(f"1{NBSP}008{NBSP}396")
    page.get_by_role("link", name="Jämför utgåvor").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stockholm")
    expect(page.locator("#comparison")).to_contain_text(f"977{NBSP}958")
    page.goto(served_site.url + "/utslapp/")
    page.get_by_label("Län", exact=True).select_option("06")
    page.get_by_label("Sortera efter").select_option("name")
    page.get_by_label("Ordning").select_option("stigande")
    page.get_by_role("button", name="Visa", exact=True).click()
    expect(page.locator("#ranking tbody tr")).to_have_count(13)
    expect(page.locator("#ranking tbody tr").first.get_by_role("link")).to_have_text("Aneby")
    page.locator("#ranking tbody tr").first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aneby")
    assert page.console_errors == []


def test_progress_overview_to_a_municipality_and_its_verdict(served_site, page):
    page.goto(served_site.url + "/")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Framsteg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alla kommuners framsteg")
    page.get_by_label("Län", exact=True).select_option("06")
    page.get_by_label("Räknat från").fill("2026")
    page.get_by_role("button", name="Visa", exact=True).click()
    rows = page.locator("#progress-table tbody tr")
    expect(rows).to_have_count(13)
    page.get_by_role("link", name="Netto noll enligt trenden").click()
    expect(page.locator("#progress-table thead th[aria-sort=ascending]")).to_contain_text("Netto noll")
    # Gnosjö: the earliest net-zero date on the trend in Jönköping county (1 of its 13 is Paris-aligned).
    expect(rows.first.get_by_role("link")).to_have_text("Gnosjö")
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gnosjö")
    progress = page.locator("section.progress")
    expect(progress.locator("#progress-verdict")).to_contain_text("Med nuvarande trend minskar utsläppen")
    expect(progress.locator("#progress-paris")).to_have_text("ja")
    expect(progress.locator(".chart svg[role=img]")).to_be_visible()
    progress.get_by_text("Visa siffrorna som tabell").click()
    expect(
        progress.locator(".chart-table table tr", has=page.locator("th", has_text=re.compile("^2050$")))
    ).to_be_visible()
    expect(progress.locator("#progress-targets tbody tr")).to_have_count(2)
    progress.get_by_role("link", name="Så beräknas trenden och Koldioxidlagens bana").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Så beräknas framstegen")
    assert page.console_errors == []


def test_invite_accept_sign_in_edit_a_target_and_see_it_in_the_history(served_site, page):
    """A platform administrator invites a strategist; she joins, adds and edits a target, and reads its history."""
    served_site.command(
        "createsuperuser",
        "--noinput",
        "--username",
        "admin@example.se",
        "--email",
        "admin@example.se",
        extra_env={"DJANGO_SUPERUSER_PASSWORD": "ett-långt-admin-lösen"},
    )
    page.goto(served_site.url + "/")
    page.get_by_role("link", name="Logga in").click()
    page.get_by_label("E-postadress").fill("admin@example.se")
    page.get_by_label("Password").or_(page.get_by_label("Lösenord")).fill("ett-långt-admin-lösen")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina organisationer och nätverk")
    page.goto(served_site.url + "/kommuner/0680/")
    page.get_by_role("link", name="Jönköpings kommun").click()
    page.get_by_role("link", name="Personer").click()
    page.get_by_label("E-postadress").fill("strateg@jonkoping.example.se")
    page.get_by_label("Roll", exact=True).select_option("editor")
    page.get_by_role("button", name="Skicka inbjudan").click()
    expect(page.get_by_role("status")).to_contain_text("En inbjudan skickades till strateg@jonkoping.example.se")
    page.get_by_role("button", name="Logga ut").click()

    message = served_site.mail_to("strateg@jonkoping.example.se")
    link = re.search(r"(http://\S+/inbjudan/\S+/)", message).group(1)
    page.goto(link)
    page.get_by_label("Ditt namn").fill("Karin Strateg")
    page.get_by_label("Välj ett lösenord").fill("klimat-strategi-2026")
    page.get_by_role("button", name="Skapa mitt konto").click()
    expect(page.get_by_role("status")).to_contain_text("Välkommen till Samverkan")
    expect(page.locator("#my-organizations")).to_contain_text("redaktör")
    page.get_by_role("button", name="Logga ut").click()

    page.get_by_role("link", name="Logga in").click()
    page.get_by_label("E-postadress").fill("strateg@jonkoping.example.se")
    page.get_by_label("Password").or_(page.get_by_label("Lösenord")).fill("klimat-strategi-2026")
    page.get_by_role("button", name="Logga in").click()
    page.locator("#my-organizations").get_by_role("link", name="Jönköpings kommun", exact=True).click()
    page.get_by_role("link", name="Lägg till ett mål").click()
    page.get_by_label("Namn", exact=True).fill("Jönköping: −50 % till 2030")
    page.get_by_label("Typ", exact=True).select_option("relative")
    page.get_by_label("Basår", exact=True).fill("1990")
    page.get_by_label("Målår", exact=True).fill("2030")
    page.get_by_label("Värde", exact=True).fill("50")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#organization-targets")).to_contain_text("Jönköping: −50 % till 2030")
    page.locator("#organization-targets").get_by_role("link", name="Redigera").click()
    page.get_by_label("Värde", exact=True).fill("60")
    page.get_by_role("button", name="Spara").click()
    page.locator("#organization-targets").get_by_role("link", name="Historik").click()
    history = page.locator("#history")
    expect(history.locator("> li")).to_have_count(2)
    first = history.locator("> li").first
    expect(first).to_contain_text("Ändrad")
    expect(first).to_contain_text("Karin Strateg")
    expect(first.locator("tr", has_text="Värde").locator("td")).to_have_text(["50", "60"])
    page.goto(served_site.url + "/kommuner/0680/?per=2026")
    expect(page.locator("#progress-targets")).to_contain_text("Jönköping: −50 % till 2030")
    assert page.console_errors == []


PEOPLE_FOR_THE_APPLICATION = """
from django.contrib.auth.models import User
from samverkan.accounts.models import NetworkRole, OrganizationRole
from samverkan.networks.models import Network
from samverkan.places.models import Organization


def person(email, password):
    # The site is shared by the browser tests: a second test finds the people the first made.
    return User.objects.filter(username=email).first() or User.objects.create_user(email, email, password)


strategist = person("strateg@stockholm.example.se", "klimat-strategi-2026")
stockholm = Organization.objects.get(territory__code="0180", kind="municipality")
OrganizationRole.objects.get_or_create(user=strategist, organization=stockholm, role="editor")
office = person("kansli@klimatkommunerna.example.se", "klimat-kansli-2026")
network = Network.objects.get(slug="klimatkommunerna")
NetworkRole.objects.get_or_create(user=office, network=network, role="coordinator")
"""


def sign_in(page, url, email, password):
    page.goto(url + "/konto/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina organisationer och nätverk")


def test_apply_to_klimatkommunerna_with_a_self_assessment_and_be_approved_as_observer(served_site, page):
    served_site.command("shell", "-c", PEOPLE_FOR_THE_APPLICATION)
    sign_in(page, served_site.url, "strateg@stockholm.example.se", "klimat-strategi-2026")
    page.goto(served_site.url + "/natverk/klimatkommunerna/")
    page.get_by_role("link", name="Självskattningen (medlemstestet)").click()
    # Filled in from what Samverkan holds about Stockholm; the strategist answers for themself instead.
    expect(page.locator("#assessment-prefilled")).to_contain_text("Stockholms kommun")
    expect(page.get_by_label("Fullmäktige har beslutat att kontinuerligt inventera kommunens utsläpp")).to_be_checked()
    boxes = page.locator("fieldset.assessment-area input[type=checkbox]")
    for index in range(boxes.count()):
        boxes.nth(index).uncheck()
    page.get_by_label("Kommunen har antagna mål för att minska utsläppen.").check()
    page.get_by_label("Kommunen har en antagen handlingsplan med åtgärder för att minska utsläppen.").check()
    page.get_by_role("button", name="Spara svaren").click()
    expect(page.locator("#assessment-total")).to_have_text("8 av 66 poäng")
    page.goto(served_site.url + "/natverk/klimatkommunerna/")
    page.get_by_text("Ansök om medlemskap").click()
    page.get_by_label("Er ansökan").fill("Stockholm vill gå med i Klimatkommunerna.")
    page.get_by_role("button", name="Skicka ansökan").click()
    expect(page.get_by_role("status")).to_contain_text("Ansökan från Stockholms kommun skickades")
    expect(page.locator("#organization-networks")).to_contain_text("har ansökt")
    page.get_by_role("button", name="Logga ut").click()

    sign_in(page, served_site.url, "kansli@klimatkommunerna.example.se", "klimat-kansli-2026")
    page.goto(served_site.url + "/natverk/klimatkommunerna/")
    page.get_by_role("link", name="Ansökningar och observatörer").click()
    application = page.locator("article.application", has_text="Stockholms kommun")
    expect(application).to_contain_text("Självskattning: 8 av 66 poäng")
    application.get_by_label("Godkänn som observatör").check()
    application.get_by_role("button", name="Spara beslutet").click()
    expect(page.get_by_role("status")).to_contain_text("Beslutet om Stockholms kommun sparades")
    today = dt.date.today()
    until = today.replace(year=today.year + 1).isoformat()  # a year by default, the date shown
    expect(page.locator("#decided-heading + ul")).to_contain_text(f"Stockholms kommun, observatör till {until}")
    assert page.console_errors == []


def test_a_coordinator_adds_a_working_group_and_places_a_member_in_it(served_site, page):
    served_site.command("shell", "-c", PEOPLE_FOR_THE_APPLICATION)
    sign_in(page, served_site.url, "kansli@klimatkommunerna.example.se", "klimat-kansli-2026")
    page.goto(served_site.url + "/natverk/klimatkommunerna/")
    page.get_by_role("link", name="Hantera nätverket").click()
    page.get_by_label("Ny arbetsgrupp").fill("Transportgruppen")
    page.get_by_label("Ny arbetsgrupp").press("Enter")  # the keyboard is enough
    expect(page.get_by_role("status")).to_contain_text("Arbetsgruppen Transportgruppen sparades")
    page.locator("#memberships").get_by_role("link", name="Jönköpings kommun", exact=True).click()
    page.get_by_label("Representant").fill("Ann-Marie Nilsson, kommunalråd")
    page.get_by_label("Transportgruppen").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_contain_text("Sparat")
    page.get_by_role("link", name="Historik för Jönköpings kommun").click()
    latest = page.locator("#history > li").first
    expect(latest).to_contain_text("Ändrad")
    expect(latest.locator("tr", has_text="Arbetsgrupper").locator("td")).to_have_text(["–", "Transportgruppen"])
    # The organization's page shows the group and the representative.
    page.goto(served_site.url + "/kommuner/0680/")
    page.get_by_role("link", name="Jönköpings kommun").first.click()
    row = page.locator("#organization-networks tr", has_text="Klimatkommunerna")
    expect(row).to_contain_text("Arbetsgrupper: Transportgruppen")
    expect(row).to_contain_text("Ann-Marie Nilsson, kommunalråd")
    for path in ["/natverk/klimatkommunerna/historik/", "/natverk/borgmastaravtalet/"]:
        assert page.goto(served_site.url + path).status == 200, path
    assert page.console_errors == []


def test_an_editor_makes_a_plan_with_two_actions_reports_on_one_and_finds_it_in_the_library(served_site, page):
    served_site.command("shell", "-c", PEOPLE_FOR_THE_APPLICATION)
    sign_in(page, served_site.url, "strateg@stockholm.example.se", "klimat-strategi-2026")
    page.goto(served_site.url + "/kommuner/0180/")
    page.get_by_role("link", name="Stockholms kommun").first.click()
    page.get_by_role("link", name="Lägg till en handlingsplan").click()
    page.get_by_label("Titel").fill("Klimathandlingsplan 2026–2030")
    page.get_by_label("Status").select_option("adopted")
    page.get_by_label("År för antagande").fill("2026")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Klimathandlingsplan 2026–2030")
    for title, area in [
        ("Laddgator för elbussar i innerstaden", "Elfordon och laddinfrastruktur"),
        ("Sammanhängande cykelbanor till Kista", "Överflyttning till gång och cykel"),
    ]:
        page.get_by_role("link", name="Lägg till en åtgärd").click()
        page.get_by_label("Titel").fill(title)
        page.get_by_label("Insatsområde").select_option(label=area)
        page.get_by_label("Förväntad effekt (t CO2e per år)").fill("120")
        if "cykelbanor" in title:
            page.get_by_label("Cykelväg per invånare").check()  # followed up with a key indicator
        page.get_by_role("button", name="Spara").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        if "cykelbanor" in title:
            expect(page.locator("#indicator-values")).to_contain_text("Cykelväg per invånare")
        page.get_by_role("link", name="Klimathandlingsplan 2026–2030").click()
    # In place in the plan's table (htmx): the charging action is done.
    page.get_by_role("link", name="Ändra Laddgator för elbussar i innerstaden").click()
    editing = page.locator("tr.editing")
    editing.get_by_label("Status").select_option("completed")
    editing.get_by_role("button", name="Spara").click()
    expect(page.locator("tr", has_text="Laddgator för elbussar i innerstaden")).to_contain_text("genomförd")
    page.get_by_role("link", name="Sammanhängande cykelbanor till Kista", exact=True).click()
    page.get_by_label("Status").select_option("ongoing")
    page.get_by_label("Genomfört (%)").fill("30")
    page.get_by_label("Anmärkning").fill("Första etappen byggd.")
    page.get_by_role("button", name="Spara lägesrapporten").click()
    expect(page.locator("#updates")).to_contain_text("Första etappen byggd.")  # swapped in by htmx
    page.goto(served_site.url + "/atgarder/")
    page.get_by_label("Sökord").fill("cykelbana kista")
    page.get_by_role("button", name="Sök").click()
    results = page.locator("#actions tbody tr")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Sammanhängande cykelbanor till Kista")
    expect(results.first).to_contain_text("pågår")
    assert page.console_errors == []
