"""Reporting rounds: the coordinators open, edit and close them; every bad case refused with nothing changed."""

import datetime as dt

import pytest

from samverkan.core.errors import Forbidden, Invalid
from samverkan.networks.models import Network
from samverkan.reporting import services
from samverkan.reporting.models import ReportingRound
from samverkan.reporting.services import events

pytestmark = pytest.mark.django_db


def rounds() -> list:
    return list(ReportingRound.objects.values_list("id", "title", "deadline", "status"))


def test_a_coordinator_opens_edits_and_closes_a_round_with_history(person, network, round_fields):
    coordinator = person("coordinator")
    round = services.round_save(by=coordinator, network=network, fields=round_fields)
    assert round.network == network and round.roles == ["member"] and round.status == "open"
    services.round_save(by=coordinator, network=network, round=round, fields={"deadline": dt.date(2026, 4, 30)})
    round.refresh_from_db()
    assert round.deadline == dt.date(2026, 4, 30)
    services.round_close(by=coordinator, round=round)
    round.refresh_from_db()
    assert round.status == "closed"
    assert [h.history_user for h in round.history.all()] == [coordinator] * 3
    assert network.reporting_rounds.get() == round


def test_opening_a_round_announces_it_once_after_commit(
    person, network, round_fields, django_capture_on_commit_callbacks
):
    sent = []

    def receiver(sender, **kwargs):
        sent.append((sender, kwargs["round"].title))

    events.reporting_event.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.round_save(by=person("coordinator"), network=network, fields=round_fields)
    finally:
        events.reporting_event.disconnect(receiver)
    assert sent == [("round_opened", "Årsrapport 2024")]


def test_a_deadline_before_the_opening_is_422_and_nothing_is_saved(person, network, round_fields):
    before = rounds()
    with pytest.raises(Invalid) as caught:
        services.round_save(
            by=person("coordinator"), network=network, fields={**round_fields, "deadline": dt.date(2025, 12, 31)}
        )
    assert caught.value.status == 422
    assert "2025-12-31" in caught.value.message and "2026-01-01" in caught.value.message
    assert rounds() == before


def test_a_framework_the_network_does_not_use_is_422_naming_it(person, round_fields):
    other = Network.objects.get(slug="sveriges-ekokommuner")
    superuser = person("superuser")
    with pytest.raises(Invalid) as caught:
        services.round_save(by=superuser, network=other, fields=round_fields)
    assert "Testrapport" in caught.value.message and str(other) in caught.value.message
    with pytest.raises(Invalid) as unknown:
        services.round_save(by=superuser, network=other, fields={**round_fields, "framework": "no-such"})
    assert "no-such" in unknown.value.message
    assert rounds() == []


def test_unknown_roles_and_no_roles_are_refused(person, network, round_fields):
    coordinator = person("coordinator")
    with pytest.raises(Invalid) as caught:
        services.round_save(by=coordinator, network=network, fields={**round_fields, "roles": ["member", "boss"]})
    assert "boss" in caught.value.message
    with pytest.raises(Invalid):
        services.round_save(by=coordinator, network=network, fields={**round_fields, "roles": []})
    assert rounds() == []


def test_only_the_networks_coordinators_manage_its_rounds(person, network, round_fields):
    with pytest.raises(Forbidden):
        services.round_save(by=person("editor"), network=network, fields=round_fields)
    other = Network.objects.get(slug="sveriges-ekokommuner")
    coordinator = person("coordinator")
    round = services.round_save(by=coordinator, network=network, fields=round_fields)
    with pytest.raises(Forbidden):
        services.round_save(by=coordinator, network=other, round=round, fields={"title": "x"})
    before = rounds()
    with pytest.raises(Forbidden):
        services.round_close(by=person("admin"), round=round)
    assert rounds() == before
