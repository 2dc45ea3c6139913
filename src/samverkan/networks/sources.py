"""The five source pages the bundled network records cite as "(källsida 000)": named by title, with their site.

The records in `data/networks/networks.toml` keep the project's short reference; the pages show the page's title and
a link to the site that published it (the seeds hold the pages' text, not their addresses).
"""

import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class SourcePage:
    publisher: str
    title: str
    site: str

    @property
    def domain(self) -> str:
        return self.site.split("//", 1)[-1].removeprefix("www.").rstrip("/")


SOURCE_PAGES = {
    "000": SourcePage("Jönköpings kommun", "Samverkan inom miljömålsarbete", "https://www.jonkoping.se/"),
    "001": SourcePage("Haninge kommun", "Klimatsamarbeten", "https://www.haninge.se/"),
    "002": SourcePage("Klimatkommunerna", "Vad är Klimatkommunerna?", "https://www.klimatkommunerna.se/"),
    "003": SourcePage(
        "Energikontor Väst", "Kommunnätverket för hållbar utveckling", "https://www.energikontorvast.se/"
    ),
    "004": SourcePage(
        "Region Norrbotten", "Landstinget stöttar kommuner i klimatarbetet", "https://www.norrbotten.se/"
    ),
}
REFERENCE = re.compile(r"(?:: (?P<named>[^:()]+?))? \(källsida (?P<code>\d{3})\)")


def _page(match: re.Match) -> str:
    page = SOURCE_PAGES.get(match["code"])
    if page is None:  # not one of the five: the reference as written
        return match[0]
    link = format_html('<a href="{}" rel="external noopener">{}</a>', page.site, page.domain)
    return format_html(": ”{}” ({})", page.title, link)


def source_html(text: str) -> SafeString:
    """A record's source with each "(källsida 000)" written as the page's title and a link to its site:
    "Jönköpings kommun (källsida 000): undertecknade i oktober 2007" becomes
    "Jönköpings kommun: ”Samverkan inom miljömålsarbete” (jonkoping.se): undertecknade i oktober 2007"."""
    return mark_safe(REFERENCE.sub(_page, escape(text)))  # noqa: S308 (escaped above, the links built by format_html)
