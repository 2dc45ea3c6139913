"""Template tags: sv-SE numbers, the chart component (a chart always with its table) and texts marked by language."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language, pgettext_lazy

from samverkan.core.charts import Chart
from samverkan.core.formatting import format_number, format_percent
from samverkan.core.text import language_of

register = template.Library()


@register.filter
def num(value, decimals=0):
    if isinstance(value, str):  # already formatted, e.g. a table cell with its own precision
        return value
    return format_number(value, int(decimals))


@register.filter
def percent(value, decimals=1):
    return format_percent(value, int(decimals))


@register.filter
def change(value, decimals=1):
    """A change in per cent, with its sign: "+0,3 %", "−22,9 %"."""
    return format_percent(value, int(decimals), signed=True)


@register.inclusion_tag("core/components/chart.html")
def chart(chart: Chart, table_open: bool = False):
    return {"chart": chart, "table_open": table_open}


@register.filter
def dict_get(mapping, key):
    """mapping[key] in a template, None when absent."""
    return mapping.get(key) if mapping else None


# The small label beside a text shown in another language than the page's.
LANGUAGE_LABELS = {
    "sv": pgettext_lazy("language of a text", "Swedish"),
    "en": pgettext_lazy("language of a text", "English"),
}


@register.simple_tag
def in_lang(text, lang):
    """A text known to be in `lang` ("sv" or "en"): on a page in the other language it carries `lang` and a small
    label naming its language, so that screen readers read it right and readers know why it is not translated."""
    if not text:
        return ""
    if lang not in LANGUAGE_LABELS or lang == (get_language() or "sv").split("-")[0]:
        return conditional_escape(text)
    return format_html(
        '<span lang="{}">{}</span> <small class="lang-label">{}</small>', lang, text, LANGUAGE_LABELS[lang]
    )


@register.simple_tag
def bilingual(swedish, english):
    """The English text on English pages when there is one, else the Swedish: marked when the page is English."""
    return in_lang(english if language_of(swedish, english) == "en" else swedish, language_of(swedish, english))
