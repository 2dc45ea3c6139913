"""axe-core (vendored in tests/browser/vendor, MPL-2.0) finds no WCAG 2.1 A or AA violation on the main pages,
in Swedish and in English, at a phone's and a laptop's width."""

from pathlib import Path

import pytest

from .test_layout import MAIN_PAGES

pytestmark = pytest.mark.browser
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[str]:
    """Each violation as "rule: the first elements", run on the page as it stands."""
    page.evaluate(AXE)  # evaluated by the browser's debugger, so the site's Content-Security-Policy stays as it is
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(result => result.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target).join(' | ')))",
        WCAG_AA,
    )


@pytest.mark.parametrize(("width", "language"), [(390, "sv"), (1280, "sv"), (1280, "en")])
def test_the_main_pages_have_no_accessibility_violations(served_site, browser, width, language):
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 844})
    if language == "en":
        context.add_cookies([{"name": "samverkan_language", "value": "en", "url": served_site.url}])
    page = context.new_page()
    found = {}
    for path in [*MAIN_PAGES, "/natverk/klimatkommunerna/medlemstest/"]:
        page.goto(served_site.url + path)
        if problems := violations(page):
            found[path] = problems
    context.close()
    assert found == {}


def test_the_check_finds_an_unlabelled_field_and_an_image_without_text(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content('<html lang="sv"><title>Prov</title><main><img src="x.png"><input type="text"></main></html>')
    found = violations(page)
    context.close()
    assert {problem.split(":")[0] for problem in found} >= {"image-alt", "label"}


@pytest.mark.parametrize(("width", "language"), [(390, "sv"), (1280, "sv"), (1280, "en")])
def test_the_regional_coordination_page_has_no_accessibility_violations(served_site, browser, width, language):
    """Region Norrbotten's view of its Covenant municipalities, reached from the network page's coordinator entry."""
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 844})
    if language == "en":
        context.add_cookies([{"name": "samverkan_language", "value": "en", "url": served_site.url}])
    page = context.new_page()
    page.goto(served_site.url + "/natverk/borgmastaravtalet/")
    href = page.get_attribute('a[href*="/koordinator/"]', "href")
    response = page.goto(served_site.url + href)
    assert response.status == 200
    found = violations(page)
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    context.close()
    assert found == []
    assert scroll_width <= client_width
