"""The Aalborg status report and the Covenant's monitoring report go through the whole loop: every choice item set,
submitted, frozen, accepted; and a report filled in one language renders as PDF in the other."""

import datetime as dt

import pytest
from django.utils import translation

from samverkan.accounts.models import NetworkRole
from samverkan.core.formatting import format_number
from samverkan.networks.models import Network
from samverkan.reporting import services
from samverkan.reporting.exports import pdf_bytes
from samverkan.reporting.frameworks import FRAMEWORKS, missing_mandatory
from samverkan.reporting.models import Submission
from samverkan.reporting.queries import items_of
from samverkan.reporting.services import ItemErrors
from tests.reference import klimatkollen_total
from tests.reporting.test_frameworks_api import pdf_text

pytestmark = pytest.mark.django_db


def answer(item: dict):
    """A member's answer of the item's kind: the last choice offered, yes, a date, a number or a text."""
    kind = item["kind"]
    if kind == "choice":
        return item["choices"][-1]["value"]
    return {"yesno": "ja", "date": "2026-01-15", "number": "1 205,5"}.get(kind, "Beskrivet i årsredovisningen.")


@pytest.mark.parametrize(
    ("slug", "network_slug", "role"),
    [("aalborg-status", "aalborg-commitments", "signatory"), ("covenant-monitoring", "borgmastaravtalet", "signatory")],
)
def test_every_choice_is_set_and_the_report_submitted_and_accepted(person, jonkoping, slug, network_slug, role):
    network = Network.objects.get(slug=network_slug)
    editor, coordinator = person("editor"), person("coordinator")
    NetworkRole.objects.create(user=coordinator, network=network, role="coordinator")
    fields = {
        "framework": slug,
        "year": 2024,
        "title": "Rapport 2024",
        "opens_on": dt.date(2026, 1, 1),
        "deadline": dt.date(2026, 6, 30),
        "roles": [role],
    }
    round = services.round_save(by=coordinator, network=network, fields=fields)
    draft = services.draft_for(by=editor, round=round, organization=jonkoping)
    missing = missing_mandatory(draft.content)
    assert missing  # the member's own statuses and texts
    choices = [i for i in items_of(draft.content) if i["kind"] == "choice" and i["editable"]]
    assert choices and all(isinstance(c, dict) for i in choices for c in i["choices"])

    bad = {choices[0]["key"]: "inte-ett-val"}
    with pytest.raises(ItemErrors) as caught:
        services.draft_save(by=editor, submission=draft, values=bad)
    assert choices[0]["key"] in caught.value.errors
    assert Submission.objects.get(pk=draft.pk).content == draft.content  # nothing changed

    wanted = {i["key"]: answer(i) for i in items_of(draft.content) if i["editable"] and i["kind"] != "table"}
    services.draft_save(by=editor, submission=draft, values=wanted)
    draft.refresh_from_db()
    version = services.submit(by=editor, submission=draft)
    saved = {i["key"]: i["value"] for i in items_of(version.content)}
    for item in choices:
        assert saved[item["key"]] == item["choices"][-1]["value"]
    services.decide(by=coordinator, submission=draft, decision="accepted")
    assert Submission.objects.get(pk=draft.pk).state == "accepted"


def test_a_report_filled_in_english_renders_as_pdf_in_swedish(stockholm):
    with translation.override("en"):
        content = FRAMEWORKS["klimatkommunerna-annual"].fill(stockholm, year=2024)
    with translation.override("sv"):
        document = pdf_bytes(content)
    total = format_number(klimatkollen_total("klimatkollen-2026", "Stockholm", 2024)).replace("\u00a0", " ")
    assert document.startswith(b"%PDF-") and total in pdf_text(document).replace("\u00a0", " ")
    assert document.count(b"/Subtype /Image") == 1  # the chart found its total column
