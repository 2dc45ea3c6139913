"""Request bodies and queries as the API reads them: text the database cannot store is refused."""

from django.utils.translation import gettext as _
from ninja.errors import ValidationError
from ninja.parser import Parser

NUL = "string_contains_nul"


def _nul_errors(value, loc: tuple) -> list[dict]:
    if isinstance(value, str):
        if "\x00" in value:
            return [{"loc": loc, "msg": _("Text cannot contain the NUL character (U+0000)."), "type": NUL}]
        return []
    if isinstance(value, dict):
        return [e for key, item in value.items() for e in _nul_errors(key, loc) + _nul_errors(item, (*loc, key))]
    if isinstance(value, list):
        return [e for index, item in enumerate(value) for e in _nul_errors(item, (*loc, index))]
    return []


class TextParser(Parser):
    """PostgreSQL cannot store the NUL character and no text needs it: a 422 naming the field, on both databases.

    Ninja turns any failure to parse a body into a 400 whose cause is the exception raised here; the API's
    handler answers a refusal found here as the 422 it is (api/errors.py).
    """

    def parse_body(self, request):
        data = super().parse_body(request)
        errors = _nul_errors(data, ("body",))
        if errors:
            raise ValidationError(errors)
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        errors = _nul_errors(result, ("query",))
        if errors:
            raise ValidationError(errors)
        return result
