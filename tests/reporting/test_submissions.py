"""Submissions: a draft filled from the organization's data, edited, submitted (frozen), returned, accepted."""

import datetime as dt
import hashlib
import json

import pytest
from django.core.exceptions import ValidationError

from samverkan.core.errors import Forbidden, Invalid
from samverkan.reporting import services
from samverkan.reporting.models import ReportingRound, Submission, SubmissionVersion
from samverkan.reporting.queries import changed_keys, diff, items_of, previous_accepted
from samverkan.reporting.services import Conflict, ItemErrors
from tests.reference import klimatkollen_total

from .conftest import fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def round(person, network, round_fields):
    return services.round_save(by=person("coordinator"), network=network, fields=round_fields)


@pytest.fixture
def editor(person):
    return person("editor")


@pytest.fixture
def coordinator(network):
    return network.roles.get(role="coordinator").user  # made by the round fixture


@pytest.fixture
def draft(round, editor, jonkoping):
    return services.draft_for(by=editor, round=round, organization=jonkoping)


def item(content, key):
    return next(i for i in items_of(content) if i["key"] == key)


def state(submission) -> tuple:
    """Everything a refused step must leave as it was."""
    submission = Submission.objects.get(pk=submission.pk)
    versions = list(
        SubmissionVersion.objects.filter(submission=submission).values_list("number", "checksum", "decision", "comment")
    )
    return submission.state, submission.content, versions, submission.history.count()


def filled_and_submitted(editor, draft):
    services.draft_save(
        by=editor, submission=draft, values={"informs": "ja"}, rationales={"informs": "Via nätverksmötena"}
    )
    return services.submit(by=editor, submission=draft)


def test_the_draft_is_filled_from_the_organizations_own_data(draft, jonkoping):
    expected = klimatkollen_total("klimatkollen-2026", "Jönköping", 2024)
    assert item(draft.content, "total")["value"] == pytest.approx(expected, abs=0.01)
    assert draft.content == draft.filled and draft.state == "draft"
    assert draft.content["organization"] == {"id": jonkoping.pk, "name": jonkoping.name}
    assert changed_keys(draft) == set()


def test_the_draft_is_private_to_the_organizations_editors(round, person, jonkoping):
    before = Submission.objects.count()
    for kind in ("viewer", "other_admin"):
        with pytest.raises(Forbidden):
            services.draft_for(by=person(kind), round=round, organization=jonkoping)
    assert Submission.objects.count() == before


def test_an_organization_not_asked_to_report_gets_no_draft(round, person, stockholm):
    with pytest.raises(Invalid) as caught:
        services.draft_for(by=person("other_admin"), round=round, organization=stockholm)
    assert stockholm.name in caught.value.message
    assert not Submission.objects.exists()


def test_editing_keeps_history_and_marks_what_changed_after_filling(draft, editor):
    services.draft_save(by=editor, submission=draft, values={"budget": "1 205,5", "comment": " Bra år "})
    draft.refresh_from_db()
    assert item(draft.content, "budget")["value"] == 1205.5
    assert item(draft.content, "comment")["value"] == "Bra år"
    assert changed_keys(draft) == {"budget", "comment"}
    assert item(draft.filled, "budget")["value"] is None  # the fill is kept as it was
    assert draft.history.count() == 2 and draft.history.first().history_user == editor


@pytest.mark.parametrize(
    ("values", "status", "named"),
    [
        ({"nosuch": "1", "other": "2"}, 422, ["nosuch", "other"]),
        ({"total": 1}, 422, ["total"]),
        ({"budget": "1.205"}, 422, ["Budget för klimatarbetet", "1205"]),
        ({"budget": "tolv"}, 422, ["tolv"]),
        ({"informs": "kanske"}, 422, ["Informerar föreningen"]),
    ],
)
def test_bad_edits_are_422_naming_the_item_and_change_nothing(draft, editor, values, status, named):
    before = state(draft)
    with pytest.raises(Invalid) as caught:
        services.draft_save(by=editor, submission=draft, values=values)
    assert caught.value.status == status
    for name in named:
        assert name in caught.value.message
    assert state(draft) == before


def test_submitting_with_mandatory_items_missing_is_422_naming_each(draft, editor):
    before = state(draft)
    with pytest.raises(ItemErrors) as caught:
        services.submit(by=editor, submission=draft)
    assert caught.value.status == 422 and "Informerar föreningen" in caught.value.message
    assert set(caught.value.errors) == {"informs"}
    assert state(draft) == before


def test_submitting_freezes_a_version_with_the_checksum_of_its_canonical_json(draft, editor):
    version = filled_and_submitted(editor, draft)
    draft.refresh_from_db()
    assert draft.state == "submitted" and version.number == 1 and version.submitted_by == editor
    canonical = json.dumps(version.content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert version.checksum == hashlib.sha256(canonical.encode()).hexdigest()
    assert version.content == draft.content
    assert version.releases == [{"slug": "klimatkollen-2026", "label": version.releases[0]["label"]}]


def test_submitting_twice_and_editing_a_submitted_report_are_409_and_change_nothing(draft, editor):
    filled_and_submitted(editor, draft)
    before = state(draft)
    with pytest.raises(Conflict) as twice:
        services.submit(by=editor, submission=draft)
    assert twice.value.status == 409
    with pytest.raises(Conflict) as editing:
        services.draft_save(by=editor, submission=draft, values={"comment": "ändrat"})
    assert editing.value.status == 409
    assert state(draft) == before


def test_a_version_is_never_changed_or_deleted(draft, editor):
    version = filled_and_submitted(editor, draft)
    version.content = {"changed": True}
    version.comment = "ok"
    version.save()
    version.refresh_from_db()
    assert version.content != {"changed": True} and version.comment == "ok"
    with pytest.raises(ValidationError):
        version.delete()
    with pytest.raises(ValidationError):
        SubmissionVersion.objects.filter(pk=version.pk).delete()
    with pytest.raises(ValidationError):
        SubmissionVersion.objects.filter(pk=version.pk).update(content={})
    assert SubmissionVersion.objects.filter(pk=version.pk).exists()


def test_return_resubmit_accept_with_a_new_version_and_the_diff(draft, editor, coordinator):
    first = filled_and_submitted(editor, draft)
    services.decide(by=coordinator, submission=draft, decision="returned", comment="Ange budgeten.")
    draft.refresh_from_db()
    first.refresh_from_db()
    assert draft.state == "returned" and first.decision == "returned" and first.comment == "Ange budgeten."
    services.draft_save(by=editor, submission=draft, values={"budget": "250 000"})
    second = services.submit(by=editor, submission=draft)
    assert second.number == 2 and second.checksum != first.checksum
    services.decide(by=coordinator, submission=draft, decision="accepted")
    draft.refresh_from_db()
    assert draft.state == "accepted" and draft.versions.get(number=2).decided_by == coordinator
    changes = diff(first.content, second.content)
    assert [(c.key, c.before, c.after) for c in changes] == [("budget", None, 250000.0)]


def test_deciding_needs_a_submitted_report_and_the_networks_own_coordinator(draft, editor, person):
    before = state(draft)
    coordinator = draft.round.network.roles.get(role="coordinator").user
    with pytest.raises(Conflict) as not_submitted:
        services.decide(by=coordinator, submission=draft, decision="accepted")
    assert not_submitted.value.status == 409 and state(draft) == before
    filled_and_submitted(editor, draft)
    before = state(draft)
    other = person("other_admin")
    other_network = draft.round.network.__class__.objects.get(slug="sveriges-ekokommuner")
    other.network_roles.create(network=other_network, role="coordinator")
    for who in (other, editor):
        with pytest.raises(Forbidden) as caught:
            services.decide(by=who, submission=draft, decision="accepted")
        assert caught.value.status == 403
    with pytest.raises(Invalid):
        services.decide(by=coordinator, submission=draft, decision="returned", comment="  ")
    assert state(draft) == before


def test_the_previous_rounds_accepted_report_is_found_for_the_diff(draft, editor, coordinator, network, round_fields):
    filled_and_submitted(editor, draft)
    services.decide(by=coordinator, submission=draft, decision="accepted")
    later = services.round_save(
        by=coordinator,
        network=network,
        fields={**round_fields, "title": "Årsrapport 2024, uppföljning", "deadline": dt.date(2026, 12, 31)},
    )
    second = services.draft_for(by=editor, round=later, organization=draft.organization)
    found = previous_accepted(second)
    assert found.submission == draft and found.number == 1
    changes = diff(found.content, second.content)
    # The same official total is filled again; the member's own answer is not.
    assert [(c.key, c.after) for c in changes] == [("informs", None), ("informs", "")]
    assert (changes[0].before, changes[1].before) == (True, "Via nätverksmötena")
    assert item(second.content, "total")["value"] == pytest.approx(
        klimatkollen_total("klimatkollen-2026", "Jönköping", 2024), abs=0.01
    )


def test_a_round_on_a_year_the_official_inventory_does_not_cover_is_refused(round, coordinator, network, round_fields):
    before = ReportingRound.objects.count()
    with pytest.raises(Invalid) as caught:
        services.round_save(by=coordinator, network=network, fields={**round_fields, "year": 2025})
    assert "2024" in caught.value.message and "2025" in caught.value.message
    assert ReportingRound.objects.count() == before


def test_a_frozen_submission_is_unchanged_after_a_new_release(draft, editor, jonkoping, jonkoping_revised):
    version = filled_and_submitted(editor, draft)
    frozen = (version.content, version.checksum)
    jonkoping_revised()
    refilled = fill(jonkoping, year=2024, release="klimatkollen-2026-revised")
    assert item(refilled, "total")["value"] == pytest.approx(item(version.content, "total")["value"] + 1000)
    version = SubmissionVersion.objects.get(pk=version.pk)
    assert (version.content, version.checksum) == frozen
    assert services.checksum(version.content) == version.checksum
