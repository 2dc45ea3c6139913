"""The limits on sign-in and password-reset e-mails: trusted client addresses, atomic counts, no lock-out."""

import json
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import authenticate, get_user_model
from django.test import Client, RequestFactory

from samverkan.accounts import throttle
from samverkan.accounts.models import AttemptCounter
from tests.conftest import site_database
from tests.people import PASSWORD
from tests.queue import run_queue

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


def test_twenty_four_simultaneous_wrong_passwords_get_no_more_password_checks_than_the_limit(tmp_path):
    # A process of its own, on a fresh database: the test's SQLite database lives in one connection's transaction.
    with site_database(tmp_path, "race") as env:
        result = subprocess.run(
            [sys.executable, "-m", "tests.accounts.concurrent_sign_in", "24"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    checked = statuses.count(401)  # a password was checked, and was wrong
    assert len(statuses) == 24 and set(statuses) <= {401, 429}
    assert 1 <= checked <= django_settings.SIGN_IN_FAILURES_BEFORE_DELAY, statuses
    assert "Traceback" not in result.stderr


# --- every way of signing in is counted ------------------------------------------------------------------


def admin_sign_in(client, email, password, remote):
    return client.post(
        "/admin/login/?next=/admin/", {"username": email, "password": password, "next": "/admin/"}, REMOTE_ADDR=remote
    )


def test_the_admin_login_refuses_after_the_limits_like_the_sign_in_page(client, person, settings):
    person("superuser")
    assert 'id="login-form"' in client.get("/admin/login/?next=/admin/").content.decode()  # admin's own page
    free = settings.SIGN_IN_FAILURES_BEFORE_DELAY
    statuses = [
        admin_sign_in(client, "superuser@example.se", f"fel-{index}", ATTACKER).status_code for index in range(25)
    ]
    assert statuses == [200] * free + [429] * (25 - free)  # admin's own form answers a wrong password with 200
    # The right password from the failing address is refused too, with the sign-in page's message.
    refused = admin_sign_in(client, "superuser@example.se", PASSWORD, ATTACKER)
    page = refused.content.decode()
    assert refused.status_code == 429 and "Försök igen om 1 minut eller återställ lösenordet" in page
    assert 0 < int(refused["Retry-After"]) <= settings.SIGN_IN_DELAY_SECONDS
    assert 'name="next" value="/admin/"' in page
    assert AttemptCounter.objects.get(key=throttle._key("address", ATTACKER)).attempts == 26
    # The owner, from an address that has not been failing, gets into the admin.
    response = admin_sign_in(Client(), "superuser@example.se", PASSWORD, VICTIM)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_the_admin_login_counts_towards_the_address_limit_of_the_sign_in_page(client, person, settings):
    person("superuser")
    limit = settings.SIGN_IN_LIMIT_PER_ADDRESS
    for index in range(limit):
        admin_sign_in(client, f"okand{index}@example.se", "fel", ATTACKER)
    refused = sign_in(client, "superuser@example.se", PASSWORD, remote=ATTACKER)
    assert refused.status_code == 429 and "från den här adressen" in refused.content.decode()
    assert admin_sign_in(client, "okand0@example.se", "fel", ATTACKER).status_code == 429


def test_authenticate_without_a_request_is_counted_too(person, settings):
    person("admin")
    free = settings.SIGN_IN_FAILURES_BEFORE_DELAY
    results = [authenticate(username="admin@example.se", password=f"fel-{index}") for index in range(free + 1)]
    assert results == [None] * (free + 1)
    assert AttemptCounter.objects.get(key=throttle._key("account", "admin@example.se")).attempts == free
    assert authenticate(username="admin@example.se", password=PASSWORD) is None  # waiting, unchecked


def test_a_right_password_forgives_only_what_the_current_address_window_counted(client, person, settings):
    person("editor")
    address = throttle._key("address", ATTACKER)
    for index in range(3):
        assert sign_in(client, "editor@example.se", f"fel-{index}", remote=ATTACKER).status_code == 401
    AttemptCounter.objects.filter(key=address).update(expires_at=0)  # the address's window ends
    for index in range(10):
        assert sign_in(client, f"okand{index}@example.se", "fel", remote=ATTACKER).status_code == 401
    assert sign_in(client, "editor@example.se", PASSWORD, remote=ATTACKER).status_code == 302
    # Only the right password itself is forgiven; the three failures belonged to the window that ended.
    assert AttemptCounter.objects.get(key=address).attempts == 10
    assert not AttemptCounter.objects.filter(key=throttle._key("account-address", "editor@example.se", ATTACKER))


# --- password-reset e-mails ------------------------------------------------------------------------------


def reset(client, email, remote=None):
    return client.post("/konto/losenord/", {"email": email}, **({"REMOTE_ADDR": remote} if remote else {}))


def test_twelve_reset_requests_for_one_address_send_at_most_the_limit_and_answer_the_same(
    client, person, settings, mailoutbox
):
    person("editor")
    responses = [reset(client, "editor@example.se", remote=f"192.0.2.{index + 1}") for index in range(12)]
    run_queue()
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
    run_queue()
    assert len(mailoutbox) == settings.PASSWORD_RESET_LIMIT_PER_ADDRESS == 10
    assert {response["Location"] for response in responses} == {"/konto/losenord/skickat/"}
    # Another address still gets its e-mail, and the link in it works.
    reset(client, "p11@example.se", remote=VICTIM)
    run_queue()
    assert len(mailoutbox) == 11 and mailoutbox[-1].to == ["p11@example.se"]
    assert re.search(r"http://testserver(/konto/losenord/\S+/)", mailoutbox[-1].body)
