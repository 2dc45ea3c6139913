"""The layout at a phone's, a tablet's and a laptop's width, with no console error on the main pages."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MAIN_PAGES = [
    "/",
    "/kommuner/",
    "/kommuner/0680/",
    "/lan/",
    "/lan/06/",
    "/utslapp/",
    "/framsteg/",
    "/framsteg/metod/",
    "/natverk/",
    "/natverk/borgmastaravtalet/",
    "/natverk/klimatkommunerna/",
    "/atgarder/",
    "/atgarder/?q=bicycle",
    "/nyckeltal/",
    "/sverige/",
]


def visit(browser, url: str, width: int, language: str = "sv"):
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 844})
    if language == "en":
        context.add_cookies([{"name": "samverkan_language", "value": "en", "url": url}])
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(f"{page.url}: {message.text}"))
    return context, page, errors


@pytest.mark.parametrize(("width", "language"), [(390, "sv"), (1280, "sv"), (1280, "en")])
def test_the_main_pages_show_no_console_error_and_never_scroll_sideways(served_site, browser, width, language):
    context, page, errors = visit(browser, served_site.url, width, language)
    for path in MAIN_PAGES:
        response = page.goto(served_site.url + path)
        assert response.status == 200, path
        scroll_width, client_width = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll_width <= client_width, f"{path} at {width} px is {scroll_width} px wide"
    # An action of the JRC's, with its table of similar actions elsewhere.
    page.goto(served_site.url + "/atgarder/?q=bicycle")
    page.locator("#actions tbody tr").first.get_by_role("link").first.click()
    expect(page.locator("#similar")).to_be_visible()
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width, f"{page.url} at {width} px is {scroll_width} px wide"
    # The pages' scripts (htmx) at work: the search fills its results in place.
    page.goto(served_site.url + "/")
    page.locator("#municipality-search").press_sequentially("jön", delay=50)
    expect(page.locator("#search-results").get_by_role("link", name="Jönköping", exact=True)).to_be_visible()
    context.close()
    assert errors == []


@pytest.mark.parametrize(("width", "most"), [(1280, 70), (768, 130), (390, 160)])
def test_the_header_is_one_row_on_a_laptop_and_a_small_part_of_a_phone_screen(served_site, browser, width, most):
    for language in ("sv", "en"):
        context, page, _errors = visit(browser, served_site.url, width, language)
        page.goto(served_site.url + "/kommuner/0680/")
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= most, (language, header["height"])
        context.close()


@pytest.mark.parametrize("width", [390, 768, 1280])
def test_the_bundled_targets_table_on_the_method_page_can_be_read_to_its_last_column(served_site, browser, width):
    context, page, _errors = visit(browser, served_site.url, width)
    page.goto(served_site.url + "/framsteg/metod/")
    scroller = page.locator(".table-scroll", has=page.locator("#bundled-targets"))
    room, table = scroller.bounding_box()["width"], page.locator("#bundled-targets").bounding_box()["width"]
    assert room == pytest.approx(min(width - 32, 1120), abs=1)  # the page's width, not the text column's
    if width == 1280:
        assert table <= room  # nothing cut off at a laptop's width
    scroller.evaluate("element => { element.scrollLeft = element.scrollWidth; }")
    frame = scroller.bounding_box()
    source = page.locator("#bundled-targets tbody tr").first.locator("td").last.bounding_box()
    assert frame["x"] <= source["x"] and source["x"] + source["width"] <= frame["x"] + frame["width"] + 1
    context.close()


def test_a_wide_table_on_a_phone_shows_its_last_column_with_the_row_names_kept_in_view(served_site, browser):
    context, page, _errors = visit(browser, served_site.url, 390)
    page.goto(served_site.url + "/framsteg/")
    scroller = page.locator(".table-scroll").first
    scroller.evaluate("element => { element.scrollLeft = element.scrollWidth; }")
    frame = scroller.bounding_box()
    first_row = scroller.locator("tbody tr").first
    name, verdict = first_row.locator("th").bounding_box(), first_row.locator("td").last.bounding_box()
    expect(first_row.locator("th")).to_have_text("Ale")
    assert name["x"] == pytest.approx(frame["x"], abs=1)  # the name stays at the left edge
    assert name["x"] + name["width"] <= verdict["x"]  # the last column beside it, not under it
    assert verdict["x"] + verdict["width"] <= frame["x"] + frame["width"] + 1
    expect(first_row.locator("td").last).to_have_text("inte i fas")
    context.close()
