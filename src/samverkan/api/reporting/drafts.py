"""A framework's draft filled from an organization's data, as JSON, xlsx and PDF: anonymous reads, since a draft is
built from public data only (public actions, published targets, official releases)."""

from typing import Annotated, Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from samverkan.core.errors import NotFound
from samverkan.core.validation import Id, Slug
from samverkan.places.queries import organization_or_404
from samverkan.reporting import exports
from samverkan.reporting.frameworks import FRAMEWORKS, Framework

router = Router(tags=["reporting"])

PATH = "/organizations/{organization_id}/reports/{framework}/draft"


class DraftQuery(Schema):
    year: Annotated[int, Field(ge=1900, le=2100)] | None = Field(
        None, description="The report's year (the monitoring inventory's); default the release's last year"
    )
    release: Annotated[str, Field(max_length=80)] | None = Field(
        None, description="An emission release's identifier; default the newest official one"
    )


class DraftOut(Schema):
    """The content of `reporting.frameworks` (see its docstring): framework, version, organization, year,
    releases, sections of items, and the framework's own keys (the Covenant's inventories, deadlines)."""

    framework: str
    version: int
    organization: dict[str, Any]
    territory: dict[str, Any] | None
    year: int
    filled_on: str
    releases: list[dict[str, Any]]
    sections: list[dict[str, Any]]
    inventories: list[dict[str, Any]] | None = None
    sector_mapping: list[dict[str, Any]] | None = None
    deadlines: list[dict[str, Any]] | None = None
    theme_mapping: dict[str, Any] | None = None


def framework_or_404(slug: str) -> Framework:
    framework = FRAMEWORKS.get(slug)
    if framework is None:
        raise NotFound(
            _("There is no report framework %(slug)s. Frameworks: %(known)s.")
            % {"slug": slug[:80], "known": ", ".join(sorted(FRAMEWORKS))}
        )
    return framework


def _draft(organization_id: int, framework: Slug, query: DraftQuery) -> dict:
    chosen = framework_or_404(framework)
    organization = organization_or_404(organization_id)
    return chosen.fill(organization, year=query.year, release=query.release)


@router.get(PATH, response=DraftOut, summary="A framework's draft filled from the organization's data")
def draft(request, organization_id: Id, framework: Slug, query: Query[DraftQuery]):
    return _draft(organization_id, framework, query)


def _file(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _binary(content_type: str, description: str) -> dict:
    """The OpenAPI answer of a file download."""
    schema = {"type": "string", "format": "binary"}
    return {"responses": {200: {"description": description, "content": {content_type: {"schema": schema}}}}}


@router.get(
    PATH + ".xlsx",
    summary="The draft as an xlsx workbook in the framework's structure",
    openapi_extra=_binary(exports.XLSX_CONTENT_TYPE, "One sheet per section, the inventories as a table"),
)
def draft_xlsx(request, organization_id: Id, framework: Slug, query: Query[DraftQuery]):
    content = _draft(organization_id, framework, query)
    return _file(exports.xlsx_bytes(content), exports.XLSX_CONTENT_TYPE, exports.file_name(content, "xlsx"))


@router.get(
    PATH + ".pdf",
    summary="The draft as a print-ready A4 PDF, with the emissions chart and the sources",
    openapi_extra=_binary(exports.PDF_CONTENT_TYPE, "A4, the chart with its table, every item with its source"),
)
def draft_pdf(request, organization_id: Id, framework: Slug, query: Query[DraftQuery]):
    content = _draft(organization_id, framework, query)
    return _file(exports.pdf_bytes(content), exports.PDF_CONTENT_TYPE, exports.file_name(content, "pdf"))
