"""E-mail of the reporting loop through the real queue: a round opened, submitted, returned, accepted, reminders
before the deadline and a late report; each event and recipient once, whatever runs again."""

import datetime as dt

import pytest

from samverkan.notices.models import NoticeChoice
from samverkan.reporting import mail, services
from samverkan.reporting.models import ReportingRound
from tests.queue import run_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(person):
    return {"editor": person("editor"), "coordinator": person("coordinator")}


@pytest.fixture
def round(people, network, round_fields):
    """A round of Klimatkommunerna opened today, due in 20 days: its members Jönköping and Lund must report."""
    today = dt.date.today()
    fields = {**round_fields, "opens_on": today, "deadline": today + dt.timedelta(days=20)}
    return services.round_save(by=people["coordinator"], network=network, fields=fields)


def to(mailoutbox, address: str) -> list:
    return [message for message in mailoutbox if address in message.to]


def test_opening_a_round_tells_the_editors_of_each_member_once(round, mailoutbox):
    run_queue()
    received = to(mailoutbox, "editor@example.se")
    assert len(received) == 1
    assert "Klimatkommunerna" in received[0].subject and round.title in received[0].subject
    assert round.deadline.isoformat() in received[0].body
    assert "/organisationer/" in received[0].body and "/rapportering/" in received[0].body
    mail.round_opened(round)  # the daily job announces open rounds again: nothing new is sent
    mail.remind()
    run_queue()
    assert len(to(mailoutbox, "editor@example.se")) == 1


def test_a_round_that_opens_later_is_announced_on_its_day(people, network, round_fields, mailoutbox):
    today = dt.date.today()
    fields = {**round_fields, "opens_on": today + dt.timedelta(days=5), "deadline": today + dt.timedelta(days=40)}
    services.round_save(by=people["coordinator"], network=network, fields=fields)
    run_queue()
    assert to(mailoutbox, "editor@example.se") == []
    mail.remind(today=today + dt.timedelta(days=5))
    run_queue()
    assert len(to(mailoutbox, "editor@example.se")) == 1


def test_submitted_returned_and_accepted_reach_the_coordinators_and_the_editors(round, people, jonkoping, mailoutbox):
    run_queue()
    mailoutbox.clear()
    editor, coordinator = people["editor"], people["coordinator"]
    draft = services.draft_for(by=editor, round=round, organization=jonkoping)
    services.draft_save(by=editor, submission=draft, values={"informs": "ja"}, rationales={"informs": "Möten"})
    services.submit(by=editor, submission=draft)
    run_queue()
    [received] = to(mailoutbox, "coordinator@example.se")
    assert "Jönköpings kommun" in received.subject and "version 1" in received.body

    services.decide(by=coordinator, submission=draft, decision="returned", comment="Lägg till budgeten.")
    run_queue()
    [returned] = to(mailoutbox, "editor@example.se")
    assert "Lägg till budgeten." in returned.body and "returnerade" in returned.body

    draft.refresh_from_db()
    services.submit(by=editor, submission=draft)
    services.decide(by=coordinator, submission=draft, decision="accepted")
    run_queue()
    assert len(to(mailoutbox, "coordinator@example.se")) == 2  # version 1 and version 2
    accepted = to(mailoutbox, "editor@example.se")[-1]
    assert "godkände" in accepted.body
    assert len(to(mailoutbox, "editor@example.se")) == 2


def test_reminders_before_the_deadline_and_lateness_go_once_to_those_not_submitted(round, people, mailoutbox):
    run_queue()
    mailoutbox.clear()
    assert mail.remind(today=round.deadline - dt.timedelta(days=15)) == 0  # no reminder yet
    assert mail.remind(today=round.deadline - dt.timedelta(days=13)) == 2  # Jönköping and Lund have not submitted
    mail.remind(today=round.deadline - dt.timedelta(days=12))  # the 14-day reminder is not sent again
    run_queue()
    [first] = to(mailoutbox, "editor@example.se")
    assert "13 dagar" in first.subject  # the day the worker ran: the reminder caught up
    three_days_before = round.deadline - dt.timedelta(days=3)
    mail.remind(today=three_days_before)
    mail.remind(today=three_days_before)  # the worker's job run twice on the same day
    run_queue()
    reminder = to(mailoutbox, "editor@example.se")[-1]
    assert len(to(mailoutbox, "editor@example.se")) == 2
    assert "3 dagar" in reminder.subject and round.deadline.isoformat() in reminder.body
    mailoutbox.clear()

    mail.remind(today=round.deadline + dt.timedelta(days=1))
    mail.remind(today=round.deadline + dt.timedelta(days=2))
    run_queue()
    late = [m for m in mailoutbox if "är sen" in m.subject]
    assert sorted(address for m in late for address in m.to).count("editor@example.se") == 1
    assert any("coordinator@example.se" in m.to for m in late)


def test_a_person_who_turned_reminders_off_gets_none(round, people, mailoutbox):
    run_queue()
    mailoutbox.clear()
    NoticeChoice.objects.create(
        user=people["editor"], kind="deadline_reminder", wants=False, changed_at=dt.datetime.now(dt.UTC)
    )
    mail.remind(today=round.deadline - dt.timedelta(days=3))
    run_queue()
    assert to(mailoutbox, "editor@example.se") == []


def test_a_closed_round_sends_nothing_more(round, people, mailoutbox):
    run_queue()
    mailoutbox.clear()
    services.round_close(by=people["coordinator"], round=round)
    assert ReportingRound.objects.get(pk=round.pk).status == "closed"
    assert mail.remind(today=round.deadline + dt.timedelta(days=1)) == 0
    run_queue()
    assert mailoutbox == []
