"""Invitations, sign-in and its limit, tokens and the write API, history and restore, a person's own data."""

import datetime as dt
import json
import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from samverkan.accounts.models import ApiToken, Invitation, OrganizationRole
from samverkan.accounts.services import invitation_create, token_create, token_revoke
from samverkan.targets.models import Target
from samverkan.targets.services import target_create
from tests.people import PASSWORD
from tests.queue import run_queue

pytestmark = pytest.mark.django_db
User = get_user_model()


def invite(person, jonkoping, role="editor", email="ny@example.se"):
    admin = person("admin")
    return invitation_create(
        inviter=admin, email=email, role=role, organization=jonkoping, accept_url_for=lambda s: f"/inbjudan/{s}/"
    )


# --- invitations ----------------------------------------------------------------------------------------


def test_accepting_an_invitation_creates_the_account_with_its_role(client, person, jonkoping, mailoutbox):
    invitation, link = invite(person, jonkoping)
    assert mailoutbox == [] and run_queue() == 1  # sent by the worker, once the invitation is committed
    assert link in mailoutbox[0].body and "Jönköpings kommun" in mailoutbox[0].subject
    page = client.get(link)
    assert page.status_code == 200 and "Jönköpings kommun" in page.content.decode()
    response = client.post(link, {"name": "Karin Lund", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/konto/"
    user = User.objects.get(email="ny@example.se")
    assert user.first_name == "Karin Lund" and user.check_password(PASSWORD)
    assert OrganizationRole.objects.get(user=user).role == "editor"
    home = client.get("/konto/").content.decode()
    assert "Jönköpings kommun" in home and "redaktör" in home
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_an_invitation_link_works_once(client, person, jonkoping):
    _invitation, link = invite(person, jonkoping)
    client.post(link, {"name": "Karin Lund", "password": PASSWORD})
    other = Client()
    response = other.get(link)
    assert response.status_code == 403 and "redan accepterats" in response.content.decode()
    assert other.post(link, {"name": "Någon annan", "password": PASSWORD}).status_code == 403
    assert User.objects.filter(email="ny@example.se").count() == 1


def test_an_expired_invitation_is_refused_and_logged(client, person, jonkoping, caplog):
    invitation, link = invite(person, jonkoping)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    with caplog.at_level(logging.WARNING, logger="samverkan.security"):
        response = client.post(link, {"name": "Karin Lund", "password": PASSWORD})
    assert response.status_code == 403 and "gick ut" in response.content.decode()
    assert not User.objects.filter(email="ny@example.se").exists()
    assert any("expired" in record.message for record in caplog.records)


def test_a_forged_invitation_link_is_404(client):
    response = client.get("/inbjudan/inte-en-riktig-inbjudan/")
    assert response.status_code == 404 and "inte giltig" in response.content.decode()


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"name": "", "password": PASSWORD}, "Detta fält måste fyllas i."),
        ({"name": "x" * 151, "password": PASSWORD}, "150"),
        ({"name": "Karin", "password": "12345678"}, "lösenord"),
    ],
)
def test_accepting_with_bad_fields_is_422_and_creates_nothing(client, person, jonkoping, form, message):
    _invitation, link = invite(person, jonkoping)
    response = client.post(link, form)
    assert response.status_code == 422 and message in response.content.decode()
    assert not User.objects.filter(email="ny@example.se").exists()


def test_a_signed_in_person_accepts_an_invitation_for_their_own_address_only(client, person, jonkoping, stockholm):
    viewer = person("viewer")
    admin_b = person("other_admin")
    _invitation, link = invitation_create(inviter=admin_b, email=viewer.email, role="editor", organization=stockholm)
    client.force_login(person("editor"))  # someone else
    assert client.post(f"/inbjudan/{link}/").status_code == 403
    client.force_login(viewer)
    assert client.post(f"/inbjudan/{link}/").status_code == 302
    assert OrganizationRole.objects.get(user=viewer, organization=stockholm).role == "editor"


@pytest.mark.parametrize("email", ["inte-en-adress", "a" * 250 + "@example.se"])
def test_inviting_a_malformed_address_is_422(client, person, jonkoping, email):
    client.force_login(person("admin"))
    response = client.post(f"/organisationer/{jonkoping.pk}/personer/", {"email": email, "role": "editor"})
    assert response.status_code == 422 and not Invitation.objects.exists()


def test_inviting_with_a_role_that_does_not_exist_is_422(client, person, jonkoping):
    client.force_login(person("admin"))
    response = client.post(f"/organisationer/{jonkoping.pk}/personer/", {"email": "a@example.se", "role": "kung"})
    assert response.status_code == 422 and not Invitation.objects.exists()


def test_the_last_administrator_cannot_be_removed(client, person, jonkoping):
    admin = person("admin")
    client.force_login(admin)
    role = OrganizationRole.objects.get(user=admin)
    response = client.post(f"/organisationer/{jonkoping.pk}/personer/{role.pk}/", {"remove": "1"})
    assert response.status_code == 422 and OrganizationRole.objects.filter(pk=role.pk).exists()
    editor = OrganizationRole.objects.get(user=person("editor"))
    client.post(f"/organisationer/{jonkoping.pk}/personer/{editor.pk}/", {"role": "viewer"})
    editor.refresh_from_db()
    assert editor.role == "viewer"


# --- signing in -----------------------------------------------------------------------------------------


def test_sign_in_with_email_in_any_case_and_sign_out(client, person):
    person("editor")
    response = client.post("/konto/logga-in/", {"username": "Editor@Example.se", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/konto/"
    assert "Logga ut" in client.get("/konto/").content.decode()
    client.post("/konto/logga-ut/")
    assert client.get("/konto/").status_code == 302


def test_failed_sign_ins_are_limited_per_address(client, person, settings):
    settings.SIGN_IN_LIMIT_PER_ADDRESS = 3
    person("editor")
    for index in range(3):
        client.post("/konto/logga-in/", {"username": f"okand{index}@example.se", "password": "fel"})
    response = client.post("/konto/logga-in/", {"username": "editor@example.se", "password": PASSWORD})
    assert response.status_code == 429


def test_password_reset_by_email(client, person, mailoutbox):
    person("editor")
    response = client.post("/konto/losenord/", {"email": "editor@example.se"})
    assert response.status_code == 302
    assert mailoutbox == [] and run_queue() == 1  # through the queue, not in the request
    link = re.search(r"http://testserver(/konto/losenord/\S+/)", mailoutbox[0].body).group(1)
    form = client.get(link, follow=True)
    confirm = form.redirect_chain[-1][0]
    response = client.post(
        confirm, {"new_password1": "ett-annat-långt-lösen", "new_password2": "ett-annat-långt-lösen"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="editor@example.se").check_password("ett-annat-långt-lösen")


def test_forms_refuse_a_post_without_the_csrf_token(person, jonkoping):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person("admin"))
    response = client.post(f"/organisationer/{jonkoping.pk}/personer/", {"email": "a@example.se", "role": "editor"})
    assert response.status_code == 403 and not Invitation.objects.exists()
    response = Client(enforce_csrf_checks=True).post("/konto/logga-in/", {"username": "a@example.se", "password": "x"})
    assert response.status_code == 403


def test_security_headers(client):
    response = client.get("/konto/logga-in/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy


def test_passwords_are_hashed_with_argon2_in_the_real_settings():
    from django.contrib.auth.hashers import Argon2PasswordHasher

    import samverkan.settings as real

    assert real.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    encoded = Argon2PasswordHasher().encode("lösenord", Argon2PasswordHasher().salt())
    assert encoded.startswith("argon2$argon2id$") and Argon2PasswordHasher().verify("lösenord", encoded)


# --- API tokens and writes ---------------------------------------------------------------------------


def api(client, method, path, token=None, body=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return getattr(client, method)(path, data=json.dumps(body or {}), content_type="application/json", **headers)


NEW_TARGET = {
    "name": "Jönköping: −60 % till 2030",
    "kind": "relative",
    "base_year": 1990,
    "target_year": 2030,
    "value": 60,
    "sectors": ["transporter"],
    "decision_body": "Kommunfullmäktige",
}


def test_an_organizations_token_writes_its_targets_with_history(client, person, jonkoping):
    admin = person("admin")
    token, secret = token_create(by=admin, name="Rapportsystemet", organization=jonkoping)
    response = api(client, "post", f"/api/v1/organizations/{jonkoping.pk}/targets", secret, NEW_TARGET)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["sectors"] == ["transporter"] and created["organization"] == jonkoping.pk
    response = api(client, "patch", f"/api/v1/targets/{created['id']}", secret, {"value": 65})
    assert response.status_code == 200 and response.json()["value"] == 65
    assert client.get(f"/api/v1/organizations/{jonkoping.pk}/targets").json()["items"][0]["value"] == 65
    history = list(Target.history.filter(id=created["id"]).order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert history[-1].history_user == admin and "Rapportsystemet" in history[-1].history_change_reason
    response = api(client, "delete", f"/api/v1/targets/{created['id']}", secret)
    assert response.status_code == 204 and not Target.objects.filter(pk=created["id"]).exists()
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_for_another_organization_is_refused(client, person, jonkoping, stockholm, caplog):
    _token, secret = token_create(by=person("other_admin"), name="Stockholms system", organization=stockholm)
    with caplog.at_level(logging.WARNING, logger="samverkan.security"):
        response = api(client, "post", f"/api/v1/organizations/{jonkoping.pk}/targets", secret, NEW_TARGET)
    assert response.status_code == 403 and "detail" in response.json()
    assert any("another organization" in record.message for record in caplog.records)
    target = target_create(organization=jonkoping, name="Jönköpings mål", kind="net_zero", target_year=2045)
    assert api(client, "patch", f"/api/v1/targets/{target.pk}", secret, {"value": 1}).status_code == 403
    assert api(client, "delete", f"/api/v1/targets/{target.pk}", secret).status_code == 403
    assert Target.objects.get(pk=target.pk).value is None


def test_revoked_missing_and_forged_tokens_are_401(client, person, jonkoping):
    admin = person("admin")
    token, secret = token_create(by=admin, name="Gammalt", organization=jonkoping)
    token_revoke(by=admin, token=token)
    before = Target.objects.count()
    for sent in (secret, None, "sv_påhittad"):
        response = api(client, "post", f"/api/v1/organizations/{jonkoping.pk}/targets", sent, NEW_TARGET)
        assert response.status_code == 401
    assert Target.objects.count() == before
    page = client.get(f"/organisationer/{jonkoping.pk}/api-nycklar/")
    assert page.status_code == 302  # not signed in


def test_tokens_are_stored_as_hashes_and_revoked_from_the_page(client, person, jonkoping):
    client.force_login(person("admin"))
    html = client.post(f"/organisationer/{jonkoping.pk}/api-nycklar/", {"name": "Rapportsystemet"}).content.decode()
    secret = re.search(r"<code>(sv_[\w-]+)</code>", html).group(1)
    token = ApiToken.objects.get()
    assert secret not in (token.token_hash, token.prefix) and secret.startswith(token.prefix)
    client.post(f"/organisationer/{jonkoping.pk}/api-nycklar/", {"revoke": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({**NEW_TARGET, "name": "x" * 201}, 422, "200"),
        ({**NEW_TARGET, "kind": "sideways"}, 422, "kind"),
        ({**NEW_TARGET, "sectors": ["finns-inte"]}, 422, "finns-inte"),
        ({**NEW_TARGET, "base_year": None}, 422, "basår"),
        ({**NEW_TARGET, "value": 150}, 422, "100"),
    ],
)
def test_bad_target_bodies_are_422_and_change_nothing(client, person, jonkoping, body, status, message):
    _token, secret = token_create(by=person("admin"), name="System", organization=jonkoping)
    before = Target.objects.count()
    response = api(client, "post", f"/api/v1/organizations/{jonkoping.pk}/targets", secret, body)
    assert response.status_code == status and message in json.dumps(response.json(), ensure_ascii=False)
    assert Target.objects.count() == before


def test_unknown_ids_in_the_target_api_are_404(client, person, jonkoping):
    _token, secret = token_create(by=person("admin"), name="System", organization=jonkoping)
    assert api(client, "post", "/api/v1/organizations/999999/targets", secret, NEW_TARGET).status_code == 404
    assert api(client, "patch", "/api/v1/targets/999999", secret, {"value": 1}).status_code == 404
    assert client.get("/api/v1/targets/999999").status_code == 404


# --- history, restore, a person's data ----------------------------------------------------------------


def test_history_keeps_who_when_before_and_after_and_a_deleted_target_comes_back(client, person, jonkoping):
    editor = person("editor")
    client.force_login(editor)
    client.post(
        f"/organisationer/{jonkoping.pk}/mal/nytt/",
        {
            "name": "Jönköping: −50 % till 2030",
            "kind": "relative",
            "base_year": "1990",
            "target_year": "2030",
            "value": "50",
            "sectors": [],
            "published": "on",
        },
    )
    target = Target.objects.get(name="Jönköping: −50 % till 2030")
    transport = target.__class__._meta.get_field("sectors").related_model.objects.get(slug="transporter")
    client.post(
        f"/mal/{target.pk}/andra/",
        {
            "name": "Jönköping: −60 % till 2030",
            "kind": "relative",
            "base_year": "1990",
            "target_year": "2030",
            "value": "60",
            "sectors": [transport.pk],
            "published": "on",
        },
    )
    html = client.get(f"/mal/{target.pk}/historik/").content.decode()
    assert html.count('<li>\n    <p class="history-head">') == 2
    changed = html[: html.index("Skapad")] if "Skapad" in html else html
    assert "Ändrad" in html and "Editor" in html
    assert "−50 % till 2030" in changed and "−60 % till 2030" in changed
    assert re.search(r'<th scope="row">Värde</th><td>50</td><td>60</td>', changed) and "Transporter" in changed
    client.post(f"/mal/{target.pk}/radera/")
    assert not Target.objects.filter(pk=target.pk).exists()
    assert "Jönköping: −60 % till 2030" in client.get(f"/organisationer/{jonkoping.pk}/").content.decode()
    client.post(f"/mal/{target.pk}/aterstall/")
    restored = Target.objects.get(pk=target.pk)
    assert restored.value == 60 and list(restored.sectors.values_list("slug", flat=True)) == ["transporter"]
    assert [h.history_type for h in Target.history.filter(id=target.pk).order_by("history_date")] == [
        "+",
        "~",
        "-",
        "+",
    ]


def test_restoring_a_target_that_exists_is_refused(client, person, jonkoping):
    target = target_create(organization=jonkoping, name="Mål", kind="net_zero", target_year=2045)
    client.force_login(person("editor"))
    response = client.post(f"/mal/{target.pk}/aterstall/")
    assert response.status_code == 422


def test_the_organizations_own_history(client, person, jonkoping):
    client.force_login(person("editor"))
    client.post(
        f"/organisationer/{jonkoping.pk}/andra/", {"name": jonkoping.name, "website": "https://www.jonkoping.se/"}
    )
    html = client.get(f"/organisationer/{jonkoping.pk}/historik/").content.decode()
    assert "https://www.jonkoping.se/" in html and "Editor" in html


def test_a_person_downloads_their_data_and_deletes_their_account(client, person, jonkoping):
    editor = person("editor")
    target_create(by=editor, organization=jonkoping, name="Mitt mål", kind="net_zero", target_year=2045)
    client.force_login(editor)
    response = client.get("/konto/mina-uppgifter.json")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == "editor@example.se"
    assert data["organization_roles"] == [
        {"organization": "Jönköpings kommun", "role": "editor", "since": data["organization_roles"][0]["since"]}
    ]
    assert data["changes_made"][0]["name"] == "Mitt mål"
    response = client.post("/konto/radera/", {"password": "fel"})
    assert response.status_code == 403 and User.objects.filter(pk=editor.pk).exists()
    response = client.post("/konto/radera/", {"password": PASSWORD})
    assert response.status_code == 302 and not User.objects.filter(pk=editor.pk).exists()
    target = Target.objects.get(name="Mitt mål")
    assert target.history.first().history_user is None
    superuser = person("superuser")
    client.force_login(superuser)
    assert "tidigare användare" in client.get(f"/mal/{target.pk}/historik/").content.decode()


def test_deployment_checks_are_clean_with_production_settings(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "SAMVERKAN_PRODUCTION": "1",
        "SAMVERKAN_TRUSTED_PROXIES": "1",  # behind one TLS proxy, as the README's production setup
        "SAMVERKAN_SECRET_KEY": "k" * 20 + "-Xy7#q2!vL9@pR4$wZ8%tN3^mB6&cF1*" + "s" * 20,
        "SAMVERKAN_ALLOWED_HOSTS": "samverkan.example.se",
        "SAMVERKAN_EMAIL": "smtp",
        "SAMVERKAN_SMTP_HOST": "smtp.example.se",
        "SAMVERKAN_HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "samverkan.settings",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "samverkan", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_signed_in_person_changes_their_password(client, person):
    editor = person("editor")
    client.force_login(editor)
    response = client.post(
        "/konto/byt-losenord/",
        {"old_password": "fel", "new_password1": "ett-nytt-långt-lösen", "new_password2": "ett-nytt-långt-lösen"},
    )
    assert response.status_code == 422 and not User.objects.get(pk=editor.pk).check_password("ett-nytt-långt-lösen")
    response = client.post(
        "/konto/byt-losenord/",
        {"old_password": PASSWORD, "new_password1": "ett-nytt-långt-lösen", "new_password2": "ett-nytt-långt-lösen"},
    )
    assert response.status_code == 302
    assert User.objects.get(pk=editor.pk).check_password("ett-nytt-långt-lösen")
    assert client.get("/konto/").status_code == 200  # still signed in
