"""The drafts' API: JSON and xlsx, anonymous, and each bad input refused naming it."""

import io
import re
import zlib

import pytest
import python_calamine
from django.test import Client

from samverkan.core.formatting import format_number
from samverkan.places.models import Territory
from tests.reference import klimatkollen_total

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return Client()


def jonkoping_id() -> int:
    return Territory.objects.get(code="0680").authority_id


def url(organization_id: int, framework: str, suffix: str = "") -> str:
    return f"/api/v1/organizations/{organization_id}/reports/{framework}/draft{suffix}"


def test_the_covenant_draft_as_json_holds_the_inventories(api):
    answer = api.get(url(jonkoping_id(), "covenant-monitoring"), {"year": 2024, "release": "klimatkollen-2026"})
    assert answer.status_code == 200
    body = answer.json()
    mei = next(i for i in body["inventories"] if i["kind"] == "MEI")
    assert mei["total_t_co2e"] == pytest.approx(klimatkollen_total("klimatkollen-2026", "Jönköping", 2024), abs=0.01)
    assert body["releases"] == [{"slug": "klimatkollen-2026", "label": "Utgåvan 2026 (data t.o.m. 2024)"}]
    assert [d["key"] for d in body["deadlines"]] == ["action-plan", "monitoring", "inventory"]


def test_the_draft_as_xlsx_has_a_sheet_per_section_and_the_inventories(api):
    answer = api.get(url(jonkoping_id(), "covenant-monitoring", ".xlsx"))
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == f'attachment; filename="covenant-monitoring-{jonkoping_id()}-2024.xlsx"'
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(answer.content))
    assert workbook.sheet_names == ["Om rapporten", "Strategi", "Utsläppsinventering", "Åtgärder", "Inventeringar"]
    rows = workbook.get_sheet_by_name("Inventeringar").to_python()
    total = next(r for r in rows if r[0] == "MEI" and r[3] == "Totalt")
    assert total[5] == pytest.approx(klimatkollen_total("klimatkollen-2026", "Jönköping", 2024), abs=0.01)


def test_an_unknown_organization_is_a_404(api):
    answer = api.get(url(999_999, "aalborg-status"))
    assert answer.status_code == 404 and "999999" in answer.json()["detail"]


def test_an_unknown_framework_is_a_404_naming_the_known_ones(api):
    answer = api.get(url(jonkoping_id(), "annual-report"))
    assert answer.status_code == 404
    detail = answer.json()["detail"]
    assert "annual-report" in detail
    assert all(slug in detail for slug in ("klimatkommunerna-annual", "covenant-monitoring", "aalborg-status"))


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"release": "smhi-2099"}, "smhi-2099"),
        ({"year": 1989}, "1989"),
        ({"year": 2025, "release": "klimatkollen-2026"}, "2025"),
        ({"year": "i år"}, "year"),
    ],
)
def test_a_bad_year_or_release_is_a_422_naming_it(api, query, named):
    for suffix in ("", ".xlsx"):
        answer = api.get(url(jonkoping_id(), "klimatkommunerna-annual", suffix), query)
        assert answer.status_code == 422
        assert named in answer.json()["detail"]


def pdf_text(body: bytes) -> str:
    """The text a PDF of fpdf2 writes (its page streams inflated), enough to find a figure in it."""
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S):
        try:
            inflated = zlib.decompress(stream)
        except zlib.error:
            continue  # an image
        found = re.findall(rb"\(((?:[^\\)]|\\.)*)\) Tj", inflated)
        texts += [re.sub(r"\\(.)", r"\1", m.decode("latin-1")) for m in found]
    return "\n".join(texts)


def test_the_draft_as_pdf_is_a4_with_the_chart_and_the_right_total(api):
    stockholm = Territory.objects.get(code="0180").authority_id
    answer = api.get(url(stockholm, "klimatkommunerna-annual", ".pdf"))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF-")
    assert b"/MediaBox [0 0 595.28 841.89]" in answer.content  # A4
    assert answer.content.count(b"/Subtype /Image") == 1  # the emissions chart
    text = pdf_text(answer.content)
    total = format_number(klimatkollen_total("klimatkollen-2026", "Stockholm", 2024))
    assert total.replace("\u00a0", " ") in text.replace("\u00a0", " ")
    assert "Klimatkommunernas årsrapport" in text and "Utgåvan 2026 (data t.o.m. 2024) (klimatkollen-2026)" in text
    assert api.get(url(stockholm, "klimatkommunerna-annual", ".pdf"), {"year": 1989}).status_code == 422
