"""Notices are sent once, through the real database queue, whatever retries or second workers happen."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samverkan.notices import schedule, services, tasks
from samverkan.notices.models import DailyRun, Notice, NoticeChoice
from samverkan.notices.worker import run_pending
from tests.notices.flaky import FirstSendFails
from tests.queue import commit, run_queue

pytestmark = pytest.mark.django_db


def notify(recipients, key="test:1", kind="application_received"):
    return services.notify(
        kind=kind, key=key, recipients=recipients, subject="Ämne", body="Hej.\nEn rad till.", headers={"X-Test": "1"}
    )


def test_notify_twice_sends_one_e_mail(mailoutbox):
    assert len(notify(["Någon@Example.se"])) == 1
    assert notify(["någon@example.se"]) == [] and notify([" NÅGON@EXAMPLE.SE "]) == []
    assert mailoutbox == []  # nothing is sent in the caller's transaction
    assert run_queue() == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["någon@example.se"] and message.subject == "Ämne" and message.extra_headers["X-Test"] == "1"
    assert message.body.startswith("Hej.\nEn rad till.\n\n-- \n")
    assert "http://127.0.0.1:8000/konto/meddelanden/" in message.body  # where to turn the kind off
    notice = Notice.objects.get()
    assert notice.sent_at is not None and notice.attempts == 1 and notice.claimed_at is None
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    notify(["någon@example.se"])
    assert run_queue() == 0 and len(mailoutbox) == 1


def test_a_failed_send_is_retried_once_and_sent_once(settings, mailoutbox):
    settings.MAILERS = {"default": {"BACKEND": "tests.notices.flaky.FirstSendFails"}}
    settings.NOTICE_RETRY_SECONDS = 60
    FirstSendFails.failures = 0
    notify(["a@example.se"])
    assert run_queue() == 1  # the first attempt fails and queues its retry a minute later
    notice = Notice.objects.get()
    assert notice.sent_at is None and notice.claimed_at is None and notice.attempts == 1
    assert notice.last_error == "ConnectionError: the mail server hung up"
    assert mailoutbox == [] and run_pending() == 0  # the retry waits for its time
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now() + dt.timedelta(seconds=50)
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    assert run_pending() == 1
    notice.refresh_from_db()
    assert len(mailoutbox) == 1 and notice.sent_at is not None and notice.attempts == 2
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED", "SUCCESSFUL"]
    assert run_pending() == 0 and len(mailoutbox) == 1  # no third attempt


def test_two_workers_running_the_send_task_for_one_notice_send_one_e_mail(mailoutbox):
    (notice,) = notify(["a@example.se"])
    commit()
    tasks.send_notice.enqueue(notice.pk)  # a second worker, or a duplicate in the queue
    assert DBTaskResult.objects.filter(status="READY").count() == 2
    assert run_pending() == 2
    assert len(mailoutbox) == 1
    assert sorted(DBTaskResult.objects.values_list("return_value", flat=True)) == ["already sent or being sent", "sent"]


def test_a_claim_held_by_a_live_worker_is_not_taken_and_a_stale_one_is(settings, mailoutbox):
    (notice,) = notify(["a@example.se"])
    now = timezone.now()
    assert tasks.claim(notice.pk, now=now) is True
    assert tasks.claim(notice.pk, now=now + dt.timedelta(seconds=10)) is False  # another worker races: refused
    later = now + dt.timedelta(seconds=settings.NOTICE_CLAIM_SECONDS + 1)
    assert tasks.claim(notice.pk, now=later) is True  # the first worker died: its claim expired
    notice.refresh_from_db()
    assert notice.attempts == 2 and notice.claimed_at == later and mailoutbox == []


def test_a_notice_is_given_up_after_the_most_attempts(settings, mailoutbox):
    settings.MAILERS = {"default": {"BACKEND": "tests.notices.flaky.FirstSendFails"}}
    settings.NOTICE_MAX_ATTEMPTS = 1
    FirstSendFails.failures = 0
    notify(["a@example.se"])
    assert run_queue() == 1 and run_pending() == 0
    notice = Notice.objects.get()
    assert notice.attempts == 1 and notice.sent_at is None and DBTaskResult.objects.count() == 1
    assert services.queue_stalled(now=timezone.now() + dt.timedelta(days=1)) == 0


def test_a_person_who_turned_a_kind_off_gets_none(person, mailoutbox):
    coordinator, editor = person("coordinator"), person("editor")
    NoticeChoice.objects.create(user=coordinator, kind="application_received", wants=False, changed_at=timezone.now())
    created = notify([coordinator, editor, "editor@example.se"])
    assert [notice.recipient for notice in created] == ["editor@example.se"]
    run_queue()
    assert [message.to for message in mailoutbox] == [["editor@example.se"]]
    # by address too: the address belongs to the coordinator, who said no
    assert notify(["Coordinator@example.se"], key="test:2") == []


def test_a_closed_account_gets_no_optional_notice_but_account_messages_still_go(person, mailoutbox):
    editor = person("editor")
    editor.is_active = False
    editor.save()
    assert notify([editor]) == []
    assert len(services.notify(kind="password_reset", key="k", recipients=[editor], subject="S", body="B")) == 1


def test_an_unknown_kind_is_refused():
    from samverkan.core.errors import Invalid

    with pytest.raises(Invalid, match="spam"):
        notify(["a@example.se"], kind="spam")
    assert not Notice.objects.exists()


def test_a_secret_text_is_deleted_once_sent_and_other_texts_after_the_keeping_days(settings, mailoutbox):
    services.notify(kind="password_reset", key="reset:1", recipients=["a@example.se"], subject="S", body="länk")
    notify(["b@example.se"])
    run_queue()
    assert mailoutbox[0].body == "länk" and len(mailoutbox) == 2
    secret, other = Notice.objects.order_by("kind")
    assert secret.kind == "application_received" or other.kind == "password_reset"
    assert Notice.objects.get(kind="password_reset").body == ""
    assert Notice.objects.get(kind="application_received").body.startswith("Hej.")
    in_a_month = timezone.now() + dt.timedelta(days=settings.NOTICE_KEEP_DAYS, hours=1)
    assert services.forget_sent_texts(now=in_a_month) == 2
    kept = Notice.objects.get(kind="application_received")
    assert (kept.recipient, kept.subject, kept.body, kept.headers) == ("", "", "", {})
    assert kept.key == "test:1" and kept.sent_at is not None
    assert notify(["b@example.se"]) == []  # still sent once: the address's hash is kept


def test_the_daily_jobs_are_queued_once_a_day_for_all_workers(settings):
    calls = []
    job = schedule.daily(lambda: calls.append(1) or "done")
    try:
        morning = timezone.make_aware(dt.datetime(2026, 12, 8, settings.DAILY_HOUR, 5))
        night = morning - dt.timedelta(hours=1)  # the same day, before the hour
        assert schedule.queue_daily_if_due(now=night) is False
        assert schedule.queue_daily_if_due(now=morning) is True
        assert schedule.queue_daily_if_due(now=morning + dt.timedelta(hours=3)) is False  # a second worker
        assert DailyRun.objects.get().day == dt.date(2026, 12, 8)
        assert run_pending() == 1 and calls == [1]
        result = DBTaskResult.objects.get(task_path="samverkan.notices.schedule.run_daily").return_value
        assert result["samverkan.notices.jobs.forget_sent_texts"] == "0"
        assert schedule.queue_daily_if_due(now=morning + dt.timedelta(days=1)) is True
    finally:
        schedule.JOBS.pop(f"{job.__module__}.{job.__qualname__}")


def test_the_daily_job_queues_a_notice_whose_worker_died_after_its_claim(settings, mailoutbox):
    (notice,) = notify(["a@example.se"])
    commit()
    DBTaskResult.objects.all().delete()  # the task is lost with the worker
    long_ago = timezone.now() - dt.timedelta(seconds=settings.NOTICE_CLAIM_SECONDS + 60)
    Notice.objects.filter(pk=notice.pk).update(claimed_at=long_ago, created_at=long_ago, attempts=1)
    assert services.queue_stalled() == 1
    assert run_pending() == 1 and len(mailoutbox) == 1
    notice.refresh_from_db()
    assert notice.attempts == 2 and notice.sent_at is not None


def test_worker_once_runs_the_pending_tasks(mailoutbox):
    DailyRun.objects.create(day=timezone.localdate(), enqueued_at=timezone.now())  # today's jobs already ran
    notify(["a@example.se"])
    notify(["b@example.se"], key="test:2")
    commit()
    from io import StringIO

    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert "2" in out.getvalue() and sorted(m.to[0] for m in mailoutbox) == ["a@example.se", "b@example.se"]
    assert Notice.objects.filter(sent_at__isnull=True).count() == 0


def test_with_the_immediate_backend_a_notice_is_sent_at_commit_and_the_worker_refuses(settings, mailoutbox):
    from django.core.management.base import CommandError

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    notify(["a@example.se"])
    assert mailoutbox == []
    commit()
    assert [message.to for message in mailoutbox] == [["a@example.se"]]
    assert not DBTaskResult.objects.exists()
    with pytest.raises(CommandError, match="SAMVERKAN_TASKS"):
        call_command("worker", "--once")


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SAMVERKAN_TASKS", "redis", "SAMVERKAN_TASKS must be database or immediate; found 'redis'."),
        ("SAMVERKAN_DAILY_HOUR", "24", "SAMVERKAN_DAILY_HOUR must be an hour from 0 to 23; found 24."),
        ("SAMVERKAN_NOTICE_MAX_ATTEMPTS", "0", "SAMVERKAN_NOTICE_MAX_ATTEMPTS must be at least 1; found 0."),
    ],
)
def test_a_wrong_queue_setting_refuses_to_start_naming_it(tmp_path, variable, value, message):
    import os
    import subprocess
    import sys

    env = {key: item for key, item in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env.update({"SAMVERKAN_HOME": str(tmp_path), variable: value})
    result = subprocess.run(
        [sys.executable, "-m", "samverkan", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1 and result.stderr.strip() == f"samverkan: {message}"
