"""The reporting loop in a browser: a coordinator opens a round, an editor fills and submits, the coordinator
returns it with a comment, the editor resubmits, the coordinator accepts; every page has no axe violation."""

import re

import pytest
from playwright.sync_api import expect

from .test_accessibility import violations
from .test_site import sign_in

pytestmark = pytest.mark.browser

PEOPLE = """
from django.contrib.auth import get_user_model
from samverkan.accounts.models import NetworkRole, OrganizationRole
from samverkan.networks.models import Network
from samverkan.places.models import Organization

def person(email, password):
    user, created = get_user_model().objects.get_or_create(username=email, defaults={"email": email})
    user.set_password(password)
    user.save()
    return user

editor = person("miljo@jonkoping.example.se", "jonkoping-rapport-2026")
jonkoping = Organization.objects.get(territory__code="0680", kind="municipality")
OrganizationRole.objects.get_or_create(user=editor, organization=jonkoping, role="editor")
office = person("kansli@klimatkommunerna.example.se", "klimat-kansli-2026")
NetworkRole.objects.get_or_create(user=office, network=Network.objects.get(slug="klimatkommunerna"), role="coordinator")
"""
COORDINATOR = ("kansli@klimatkommunerna.example.se", "klimat-kansli-2026")
EDITOR = ("miljo@jonkoping.example.se", "jonkoping-rapport-2026")


def checked(page, pages: list) -> None:
    """No axe violation on the page as it stands; its address kept to visit again at a phone's width."""
    assert violations(page) == [], page.url
    pages.append(page.url)


def sign_out(page):
    page.get_by_role("button", name="Logga ut").click()


def test_the_reporting_loop(served_site, browser):
    served_site.command("shell", "-c", PEOPLE)
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    # The refused submission answers 422 on purpose: the browser logs that status, which is no error of the page.
    page.on(
        "console",
        lambda message: message.type == "error" and "status of 422" not in message.text and errors.append(message.text),
    )
    pages: list[str] = []

    sign_in(page, served_site.url, *COORDINATOR)
    page.get_by_role("link", name="Rapporteringsomgångar").click()
    checked(page, pages)
    page.get_by_role("link", name="Öppna en rapporteringsomgång").click()
    page.get_by_label("Ramverk").select_option("klimatkommunerna-annual")
    page.get_by_label("Rapporterat år").fill("2024")
    page.get_by_label("Titel").fill("Årsrapport 2024")
    page.get_by_label("Öppnar").fill("2026-01-01")
    page.get_by_label("Sista dag").fill("2026-03-31")
    checked(page, pages)
    page.get_by_role("button", name="Öppna omgången").click()
    expect(page.get_by_role("status").first).to_contain_text("Sparat")
    checked(page, pages)
    sign_out(page)

    sign_in(page, served_site.url, *EDITOR)
    page.get_by_role("link", name="Rapporter från Jönköpings kommun").click()
    checked(page, pages)
    page.get_by_role("button", name="Börja rapportera Årsrapport 2024").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("utkast från Jönköpings kommun")
    checked(page, pages)
    page.get_by_role("button", name="Spara och lämna in").click()
    expect(page.locator(".form-errors")).to_be_visible()
    expect(page.locator("#item-information-channels")).to_contain_text("måste fyllas i")
    checked(page, pages)
    page.locator("#item-informs-association").get_by_label("ja").check()
    page.locator("#item-information-channels textarea").fill("Nätverksmöten och e-post.")
    page.locator("#item-plan-comment textarea").fill("Hållbarhetsprogrammet följs upp årligen.")
    page.get_by_role("button", name="Spara och lämna in").click()
    expect(page.get_by_role("status").first).to_contain_text("Rapporten är inlämnad")
    expect(page.locator("#frozen")).to_contain_text("Version 1")
    checked(page, pages)
    sign_out(page)

    sign_in(page, served_site.url, *COORDINATOR)
    page.get_by_role("link", name="Uppföljning av rapporterna").click()
    checked(page, pages)
    page.locator("#follow-up").get_by_role("link", name="inskickad").click()
    checked(page, pages)
    page.get_by_label("Skicka tillbaka med en kommentar").check()
    page.get_by_label("Kommentar till medlemmen").fill("Beskriv kanalerna närmare.")
    page.get_by_role("button", name="Spara beslutet").click()
    expect(page.get_by_role("status").first).to_contain_text("Beslutet är sparat")
    sign_out(page)

    sign_in(page, served_site.url, *EDITOR)
    page.get_by_role("link", name="Rapporter från Jönköpings kommun").click()
    page.get_by_role("link", name=re.compile("redigera utkastet")).click()
    expect(page.locator("#returned")).to_contain_text("Beskriv kanalerna närmare.")
    checked(page, pages)
    page.locator("#item-information-channels textarea").fill("Nätverksmöten, nyhetsbrev och e-post.")
    page.get_by_role("button", name="Spara och lämna in").click()
    expect(page.locator("#frozen")).to_contain_text("Version 2")
    sign_out(page)

    sign_in(page, served_site.url, *COORDINATOR)
    page.get_by_role("link", name="Uppföljning av rapporterna").click()
    page.locator("#follow-up").get_by_role("link", name="inskickad").click()
    expect(page.locator("#version-2 ~ div table")).to_contain_text("Nätverksmöten, nyhetsbrev och e-post.")
    page.get_by_label("Acceptera").check()
    page.get_by_role("button", name="Spara beslutet").click()
    expect(page.get_by_text("Läge: accepterad.")).to_be_visible()
    checked(page, pages)
    context.close()
    assert errors == [], errors

    # The same pages at a phone's width: no violation, no sideways scrolling.
    phone = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    small = phone.new_page()
    sign_in(small, served_site.url, *COORDINATOR)
    for url in pages:
        if "/organisationer/" in url or "/utkast/" in url:
            continue  # the editor's pages, visited as the editor below
        small.goto(url)
        assert violations(small) == [], url
        width = small.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], url
    sign_out(small)
    sign_in(small, served_site.url, *EDITOR)
    for url in [u for u in pages if "/organisationer/" in u]:
        small.goto(url)
        assert violations(small) == [], url
        width = small.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], url
    phone.close()
