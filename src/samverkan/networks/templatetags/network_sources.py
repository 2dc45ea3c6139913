"""`source_page`: a network record's source with its source page named by title and linked (networks.sources)."""

from django import template

from samverkan.networks.sources import source_html

register = template.Library()


@register.filter
def source_page(text):
    return source_html(text or "")
