"""The limits on sign-in and password-reset e-mails: trusted client addresses, atomic counts, no lock-out."""

import json
import logging
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory

from samverkan.accounts import throttle
from samverkan.accounts.models import AttemptCounter
from tests.people import PASSWORD

pytestmark = pytest.mark.django_db
User = get_user_model()
ROOT = Path(__file__).resolve().parents[2]
ATTACKER, VICTIM, PROXY = "198.51.100.66", "203.0.113.5", "10.0.0.1"


def sign_in(client, email, password, remote=None, forwarded=None):
    headers = {}
    if remote:
        headers["REMOTE_ADDR"] = remote
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/konto/logga-in/", {"username": email, "password": password}, **headers)


# --- the client's address ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1, 2.2.2.2", PROXY),  # no proxy: the header is the client's own words
        (1, "1.1.1.1, 2.2.2.2", "2.2.2.2"),  # the one proxy appended the right-most entry
        (2, "1.1.1.1, 2.2.2.2", "1.1.1.1"),
        (3, "1.1.1.1, 2.2.2.2", PROXY),  # shorter than the chain of proxies: the socket's address
        (1, "", PROXY),
        (1, "1.1.1.1, inte-en-adress", PROXY),
        (1, "1.1.1.1, 198.51.100.7:5678", "198.51.100.7"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
    ],
)
def test_the_client_address_is_counted_from_the_right_past_the_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().post("/konto/logga-in/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert throttle.client_address(request) == expected


def test_forty_forged_forwarded_addresses_are_refused_after_the_address_limit(client, settings):
    assert settings.TRUSTED_PROXIES == 0 and settings.SIGN_IN_LIMIT_PER_ADDRESS == 30
    statuses = [
        sign_in(client, f"okand{index}@example.se", "fel", forwarded=f"192.0.2.{index + 1}").status_code
        for index in range(40)
    ]
    assert statuses == [401] * 30 + [429] * 10
    refused = sign_in(client, "okand0@example.se", "fel", forwarded="192.0.2.200")
    assert "För många misslyckade inloggningar från den här adressen" in refused.content.decode()
    assert 0 < int(refused["Retry-After"]) <= settings.SIGN_IN_WINDOW_SECONDS


def test_failures_sent_with_a_victims_forged_address_do_not_lock_out_the_victims_real_address(client, person):
    person("admin")
    for index in range(30):
        assert sign_in(client, f"okand{index}@example.se", "fel", remote=ATTACKER, forwarded=VICTIM).status_code == 401
    assert sign_in(client, "okand0@example.se", "fel", remote=ATTACKER, forwarded=VICTIM).status_code == 429
    response = sign_in(Client(), "admin@example.se", PASSWORD, remote=VICTIM)
    assert response.status_code == 302 and response["Location"] == "/konto/"


def test_behind_one_trusted_proxy_the_right_most_forwarded_entry_is_the_client(client, person, settings):
    settings.TRUSTED_PROXIES = 1
    person("admin")
    # The attacker writes the victim's address; the proxy appends the attacker's real one.
    for index in range(30):
        forged = f"{VICTIM}, {ATTACKER}"
        assert sign_in(client, f"okand{index}@example.se", "fel", remote=PROXY, forwarded=forged).status_code == 401
    assert (
        sign_in(client, "okand0@example.se", "fel", remote=PROXY, forwarded=f"{VICTIM}, {ATTACKER}").status_code == 429
    )
    response = sign_in(Client(), "admin@example.se", PASSWORD, remote=PROXY, forwarded=VICTIM)
    assert response.status_code == 302


def test_ipv6_addresses_share_the_limit_of_their_64_block(client, settings):
    settings.SIGN_IN_LIMIT_PER_ADDRESS = 3
    for index in range(3):
        sign_in(client, f"okand{index}@example.se", "fel", remote=f"2001:db8:1:2::{index + 1}")
    assert sign_in(client, "okand9@example.se", "fel", remote="2001:db8:1:2::99").status_code == 429
    assert sign_in(client, "okand9@example.se", "fel", remote="2001:db8:1:3::1").status_code == 401


# --- no lock-out: a growing wait per account and address ------------------------------------------------


def test_an_attacker_failing_for_an_administrator_cannot_lock_them_out(client, person, settings, caplog):
    person("admin")
    free = settings.SIGN_IN_FAILURES_BEFORE_DELAY
    with caplog.at_level(logging.WARNING, logger="samverkan.security"):
        statuses = [
            sign_in(client, "admin@example.se", f"fel-{index}", remote=ATTACKER).status_code for index in range(25)
        ]
    assert statuses == [401] * free + [429] * (25 - free)
    assert any("refused: sign-in for admin@example.se" in record.message for record in caplog.records)
    # The attacker's address is refused even with the right password, and told when to try again.
    refused = sign_in(client, "admin@example.se", PASSWORD, remote=ATTACKER)
    page = refused.content.decode()
    assert refused.status_code == 429 and "Försök igen om 1 minut eller återställ lösenordet" in page
    assert 0 < int(refused["Retry-After"]) <= settings.SIGN_IN_DELAY_SECONDS
    # The administrator, from an address that has not been failing, signs in.
    response = sign_in(Client(), "admin@example.se", PASSWORD, remote=VICTIM)
    assert response.status_code == 302 and response["Location"] == "/konto/"


def test_the_wait_doubles_with_each_failure_from_the_same_address_up_to_the_longest(client, person, settings):
    settings.SIGN_IN_MAX_DELAY_SECONDS = 200
    person("admin")
    pair = throttle._key("account-address", "admin@example.se", ATTACKER)
    for index in range(settings.SIGN_IN_FAILURES_BEFORE_DELAY):
        assert sign_in(client, "admin@example.se", f"fel-{index}", remote=ATTACKER).status_code == 401
    delays = [AttemptCounter.objects.get(key=pair).delay]
    for index in range(3):
        assert sign_in(client, "admin@example.se", "fel", remote=ATTACKER).status_code == 429
        AttemptCounter.objects.filter(key=pair).update(blocked_until=0)  # the wait has passed
        assert sign_in(client, "admin@example.se", f"fel-igen-{index}", remote=ATTACKER).status_code == 401
        delays.append(AttemptCounter.objects.get(key=pair).delay)
    assert delays == [60, 120, 200, 200]


def test_a_right_password_forgives_the_failures_before_it(client, person, settings):
    person("editor")
    free = settings.SIGN_IN_FAILURES_BEFORE_DELAY
    for round_ in range(3):
        for index in range(free - 1):
            assert sign_in(client, "editor@example.se", f"fel-{index}").status_code == 401, round_
        assert sign_in(client, "editor@example.se", PASSWORD).status_code == 302
        client.post("/konto/logga-ut/")
    assert not AttemptCounter.objects.filter(attempts__gt=0).exclude(key__startswith="account-address:").exists()


def _fresh_database(name: str):
    """An environment for a process of its own: a new PostgreSQL database when testing on PostgreSQL."""
    database = django_settings.DATABASES["default"]
    if "postgresql" not in database["ENGINE"]:
        return None, None
    import psycopg

    admin = psycopg.connect(
        dbname="postgres",
        user=database.get("USER") or "postgres",
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or "127.0.0.1",
        port=database.get("PORT") or 5432,
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    user, password = database.get("USER") or "postgres", database.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else f"{user}@"
    url = f"postgres://{credentials}{database.get('HOST') or '127.0.0.1'}:{database.get('PORT') or 5432}/{name}"
    return admin, url


def test_twenty_four_simultaneous_wrong_passwords_get_no_more_password_checks_than_the_limit(tmp_path):
    name = f"samverkan_race_{uuid.uuid4().hex[:12]}"
    admin, url = _fresh_database(name)
    env = {key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env["SAMVERKAN_HOME"] = str(tmp_path)
    if url:
        env["DATABASE_URL"] = url
    try:
        result = subprocess.run(
            [sys.executable, "-m", "tests.accounts.concurrent_sign_in", "24"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        if admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()
    assert result.returncode == 0, result.stderr[-3000:]
    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    checked = statuses.count(401)  # a password was checked, and was wrong
    assert len(statuses) == 24 and set(statuses) <= {401, 429}
    assert 1 <= checked <= django_settings.SIGN_IN_FAILURES_BEFORE_DELAY, statuses
    assert "Traceback" not in result.stderr


# --- password-reset e-mails ------------------------------------------------------------------------------


def reset(client, email, remote=None):
    return client.post("/konto/losenord/", {"email": email}, **({"REMOTE_ADDR": remote} if remote else {}))


def test_twelve_reset_requests_for_one_address_send_at_most_the_limit_and_answer_the_same(
    client, person, settings, mailoutbox
):
    person("editor")
    responses = [reset(client, "editor@example.se", remote=f"192.0.2.{index + 1}") for index in range(12)]
    assert len(mailoutbox) == settings.PASSWORD_RESET_LIMIT_PER_RECIPIENT == 3
    assert {(response.status_code, response["Location"]) for response in responses} == {
        (302, "/konto/losenord/skickat/")
    }
    assert all(message.to == ["editor@example.se"] for message in mailoutbox)
    # An address without an account answers the same page too.
    assert reset(client, "ingen@example.se")["Location"] == "/konto/losenord/skickat/"


def test_reset_requests_from_one_client_address_send_at_most_its_limit(client, settings, mailoutbox):
    for index in range(12):
        User.objects.create_user(username=f"p{index}@example.se", email=f"p{index}@example.se", password=PASSWORD)
    responses = [reset(client, f"p{index}@example.se", remote=ATTACKER) for index in range(12)]
    assert len(mailoutbox) == settings.PASSWORD_RESET_LIMIT_PER_ADDRESS == 10
    assert {response["Location"] for response in responses} == {"/konto/losenord/skickat/"}
    # Another address still gets its e-mail, and the link in it works.
    reset(client, "p11@example.se", remote=VICTIM)
    assert len(mailoutbox) == 11 and mailoutbox[-1].to == ["p11@example.se"]
    assert re.search(r"http://testserver(/konto/losenord/\S+/)", mailoutbox[-1].body)
