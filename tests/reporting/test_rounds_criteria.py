"""The criteria that read reporting evaluate from the accepted submissions, in one query for all members."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from samverkan.networks.criteria import evaluate
from samverkan.networks.models import Criterion
from samverkan.reporting import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def members(network):
    found = list(
        network.memberships.filter(organization__territory__code__in=["0680", "1281"])
        .select_related("organization", "organization__territory")
        .prefetch_related("commitments")
        .order_by("organization__territory__code")
    )
    assert [m.organization.territory.code for m in found] == ["0680", "1281"]  # Jönköping, Lund
    return found


@pytest.fixture
def accepted_for_jonkoping(person, network, round_fields, jonkoping):
    coordinator, editor = person("coordinator"), person("editor")
    round = services.round_save(by=coordinator, network=network, fields=round_fields)
    draft = services.draft_for(by=editor, round=round, organization=jonkoping)
    services.draft_save(by=editor, submission=draft, values={"informs": "ja"})
    services.submit(by=editor, submission=draft)
    services.decide(by=coordinator, submission=draft, decision="accepted")
    return round


def results(criterion, members, today):
    found = evaluate([criterion], members, today=today)
    return [(found[m.pk][0].result, found[m.pk][0].reason) for m in members]


def test_without_rounds_the_reporting_rules_stay_unknown(network, members):
    latest = Criterion.objects.create(network=network, kind="reported_latest_round", name="Rapporterat")
    assert {r for r, _reason in results(latest, members, dt.date(2026, 6, 1))} == {"unknown"}


def test_reported_in_the_latest_round_reads_the_accepted_submission(network, members, accepted_for_jonkoping):
    latest = Criterion.objects.create(network=network, kind="reported_latest_round", name="Rapporterat")
    (jonkoping, lund) = results(latest, members, dt.date(2026, 6, 1))
    assert jonkoping == ("met", "The report in Årsrapport 2024 was accepted.")
    assert lund == ("not_met", "No accepted report in Årsrapport 2024, due 2026-03-31.")
    # Before the deadline a missing report is not yet a failure.
    assert results(latest, members, dt.date(2026, 2, 1))[1][0] == "unknown"
    # Before the round opens, the network has no round for its members.
    assert {r for r, _ in results(latest, members, dt.date(2025, 12, 1))} == {"unknown"}


def test_monitoring_every_n_years_reads_the_accepted_reports_year(network, members, accepted_for_jonkoping):
    every_two = Criterion.objects.create(network=network, kind="monitoring_every", years=2, name="Uppföljning")
    (jonkoping, lund) = results(every_two, members, dt.date(2026, 6, 1))
    assert jonkoping == ("met", "An accepted report on 2024; the rule asks for 2024 or later.")
    assert lund[0] == "not_met"
    # Three years on, the 2024 report is too old.
    assert results(every_two, members, dt.date(2027, 6, 1))[0] == (
        "not_met",
        "The latest accepted report is on 2024; the rule asks for 2025 or later.",
    )


def test_the_reporting_rules_take_one_query_for_all_members(network, members, accepted_for_jonkoping):
    criteria = [
        Criterion.objects.create(network=network, kind="reported_latest_round", name="Rapporterat"),
        Criterion.objects.create(network=network, kind="monitoring_every", years=2, name="Uppföljning"),
    ]
    counts = []
    for some in (members[:1], members):
        with CaptureQueriesContext(connection) as queries:
            evaluate(criteria, some, today=dt.date(2026, 6, 1))
        counts.append(len(queries))
    assert counts[0] == counts[1] == 1
