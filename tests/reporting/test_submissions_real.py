"""The reporting loop on the real Klimatkommunerna annual report, filled from Jönköping's own data."""

import datetime as dt
import re

import pytest

from samverkan.core.formatting import format_number
from samverkan.reporting import services
from samverkan.reporting.frameworks import FRAMEWORKS
from samverkan.reporting.models import SubmissionVersion
from samverkan.reporting.queries import items_of
from samverkan.reporting.services import ItemErrors
from tests.reference import klimatkollen_total

pytestmark = pytest.mark.django_db
SLUG = "klimatkommunerna-annual"


@pytest.fixture
def draft(person, network, jonkoping):
    fields = {
        "framework": SLUG,
        "year": 2024,
        "title": "Årsrapport 2024",
        "opens_on": dt.date(2026, 1, 1),
        "deadline": dt.date(2026, 3, 31),
        "roles": ["member"],
    }
    round = services.round_save(by=person("coordinator"), network=network, fields=fields)
    return services.draft_for(by=person("editor"), round=round, organization=jonkoping)


def items(content) -> dict:
    return {item["key"]: item for item in items_of(content)}


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_real_draft_names_each_missing_mandatory_item_and_freezes_when_complete(
    draft, jonkoping_revised, jonkoping
):
    editor = draft.organization.roles.get(role="editor").user
    total = klimatkollen_total("klimatkollen-2026", "Jönköping", 2024)
    assert items(draft.content)["inventory-total"]["value"] == pytest.approx(total, abs=0.01)
    missing = {
        key
        for key, item in items(draft.content).items()
        if item["mandatory"] and item["editable"] and item["value"] in (None, "")
    }
    with pytest.raises(ItemErrors) as caught:
        services.submit(by=editor, submission=draft)
    assert set(caught.value.errors) == missing
    for key in missing:
        assert items(draft.content)[key]["label"] in caught.value.message
    assert not SubmissionVersion.objects.exists()

    answers = {
        "plan-comment": "Hållbarhetsprogrammet följs upp årligen.",
        "informs-association": "ja",
        "information-channels": "Nätverksmöten och e-post.",
    }
    services.draft_save(by=editor, submission=draft, values={k: v for k, v in answers.items() if k in missing})
    version = services.submit(by=editor, submission=draft)
    assert version.releases[0]["slug"] == "klimatkollen-2026"
    frozen = (version.content, version.checksum)

    jonkoping_revised()  # a new release: Jönköping's 2024 transport emissions 1000 t higher
    refilled = FRAMEWORKS[SLUG].fill(jonkoping, year=2024, release="klimatkollen-2026-revised")
    assert items(refilled)["inventory-total"]["value"] == pytest.approx(total + 1000, abs=0.01)
    version = SubmissionVersion.objects.get(pk=version.pk)
    assert (version.content, version.checksum) == frozen
    assert services.checksum(version.content) == version.checksum


def test_the_real_draft_and_report_pages(client, draft):
    editor = draft.organization.roles.get(role="editor").user
    client.force_login(editor)
    url = f"/natverk/klimatkommunerna/rapportering/rapporter/{draft.pk}/utkast/"
    page = client.get(url)
    total = format_number(klimatkollen_total("klimatkollen-2026", "Jönköping", 2024), 1).replace("\xa0", " ")
    assert page.status_code == 200 and total in text(page) and "klimatkollen-2026" in text(page)
    sent = client.post(
        url,
        {
            "action": "submit",
            "inventory-continuous": "yes",
            "targets-set": "no",
            "plan-adopted": "yes",
            "actions-carried-out": "yes",
            "plan-comment": "Följs upp årligen.",
            "informs-association": "yes",
            "information-channels": "Nätverksmöten.",
        },
    )
    assert sent.status_code == 302, text(sent)[:3000]
    report = client.get(sent.url)
    assert report.status_code == 200 and total in text(report) and "Följs upp årligen." in text(report)
