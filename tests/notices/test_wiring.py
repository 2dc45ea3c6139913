"""The notices wired in: an application to the coordinators, its decision to the applicant's editors, the choices
page, and `samverkan serve` with its worker."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from samverkan.accounts.models import OrganizationRole
from samverkan.networks.models import Membership
from samverkan.notices.models import Notice, NoticeChoice
from samverkan.notices.services import notify
from tests.people import PASSWORD
from tests.queue import run_queue

pytestmark = pytest.mark.django_db
APPLY = "/natverk/klimatkommunerna/ansok/"
SITE = "http://127.0.0.1:8000"


@pytest.fixture
def stockholm_people(person, stockholm):
    """Stockholm's administrator (who applies), an editor, and a viewer (who edits nothing)."""
    people = {"admin": person("other_admin")}
    for role in ("editor", "viewer"):
        people[role] = type(people["admin"]).objects.create_user(
            username=f"{role}@stockholm.example.se", email=f"{role}@stockholm.example.se", password="x-long-pass-2026"
        )
        OrganizationRole.objects.create(user=people[role], organization=stockholm, role=role)
    return people


def apply(client, stockholm, admin, note="Vi vill vara med."):
    client.force_login(admin)
    response = client.post(APPLY, {"organisation": stockholm.pk, "ansokan": note})
    assert response.status_code == 302
    return Membership.objects.get(organization=stockholm, network__slug="klimatkommunerna")


def test_an_application_mails_the_coordinators_and_its_decision_the_editors(
    client, person, stockholm, stockholm_people, mailoutbox
):
    coordinator = person("coordinator")  # coordinates Klimatkommunerna
    membership = apply(client, stockholm, stockholm_people["admin"])
    assert run_queue() == 1
    (received,) = mailoutbox
    assert received.to == ["coordinator@example.se"]
    assert received.subject == (
        "Ansökan till Klimatkommunerna från Stockholms kommun / Application to Klimatkommunerna from Stockholms kommun"
    )
    assert "Stockholms kommun har ansökt om att gå med i Klimatkommunerna." in received.body
    assert "Ansökan lyder:\nVi vill vara med." in received.body
    assert f"Läs ansökan och besluta om den: {SITE}/natverk/klimatkommunerna/ansokningar/" in received.body
    assert "— In English —" in received.body
    assert "Stockholms kommun has applied to join Klimatkommunerna." in received.body
    assert f"Välj vilka meddelanden Samverkan skickar dig: {SITE}/konto/meddelanden/" in received.body

    client.force_login(coordinator)
    client.post(f"/natverk/klimatkommunerna/ansokningar/{membership.pk}/", {"beslut": "member"})
    assert run_queue() == 2
    decided = mailoutbox[1:]
    assert sorted(message.to[0] for message in decided) == ["editor@stockholm.example.se", "other_admin@example.se"]
    for message in decided:
        assert message.subject.startswith("Beslut om ansökan från Stockholms kommun till Klimatkommunerna / ")
        assert "Stockholms kommun är nu medlem i Klimatkommunerna." in message.body
        assert "Stockholms kommun is now a member of Klimatkommunerna." in message.body
        assert f"Nätverket i Samverkan: {SITE}/natverk/klimatkommunerna/" in message.body
    assert run_queue() == 0 and len(mailoutbox) == 3


def test_a_decline_names_its_reason_and_an_editor_who_said_no_gets_nothing(
    client, person, stockholm, stockholm_people, mailoutbox
):
    coordinator = person("coordinator")
    NoticeChoice.objects.create(
        user=stockholm_people["editor"], kind="application_decided", wants=False, changed_at=timezone.now()
    )
    membership = apply(client, stockholm, stockholm_people["admin"], note="")
    client.force_login(coordinator)
    client.post(
        f"/natverk/klimatkommunerna/ansokningar/{membership.pk}/", {"beslut": "decline", "skal": "Inget klimatmål."}
    )
    run_queue()
    assert [message.to for message in mailoutbox] == [["coordinator@example.se"], ["other_admin@example.se"]]
    assert "Ansökan lyder" not in mailoutbox[0].body
    assert (
        "Ansökan från Stockholms kommun till Klimatkommunerna avslogs. Skälet: Inget klimatmål." in mailoutbox[1].body
    )


def test_applying_again_after_a_decline_is_a_new_event(client, person, stockholm, stockholm_people, mailoutbox):
    coordinator = person("coordinator")
    membership = apply(client, stockholm, stockholm_people["admin"])
    client.force_login(coordinator)
    client.post(f"/natverk/klimatkommunerna/ansokningar/{membership.pk}/", {"beslut": "decline", "skal": "Nej."})
    apply(client, stockholm, stockholm_people["admin"])
    run_queue()
    assert [message.to[0] for message in mailoutbox].count("coordinator@example.se") == 2
    assert Notice.objects.filter(kind="application_received").count() == 2


# --- the choices page ---------------------------------------------------------------------------------------

KINDS = [
    "application_received",
    "application_decided",
    "round_opened",
    "deadline_reminder",
    "report_late",
    "submission_received",
    "submission_returned",
    "submission_accepted",
]


def test_the_choices_page_lists_every_kind_on_by_default_in_swedish(signed_in):
    client = signed_in("editor")
    page = client.get("/konto/meddelanden/")
    html = page.content.decode()
    assert page.status_code == 200 and "<h1>E-postmeddelanden</h1>" in html
    assert re.findall(r'name="kind" value="([a-z_]+)" checked', html) == KINDS
    assert '<label for="kind-application_received">En ansökan till ett nätverk</label>' in html
    assert "skickas till nätverkets samordnare" in html
    assert "password_reset" not in html and "invitation" not in html  # account messages are always sent
    assert 'href="/konto/meddelanden/"' in client.get("/konto/").content.decode()


def test_turning_kinds_off_and_on_again(signed_in):
    client = signed_in("coordinator")
    response = client.post("/konto/meddelanden/", {"kind": ["application_decided", "round_opened"]})
    assert response.status_code == 302 and response["Location"] == "/konto/meddelanden/"
    choices = dict(NoticeChoice.objects.filter(user__email="coordinator@example.se").values_list("kind", "wants"))
    assert choices == {kind: kind in ("application_decided", "round_opened") for kind in KINDS}
    html = client.get("/konto/meddelanden/").content.decode()
    assert re.findall(r'name="kind" value="([a-z_]+)" checked', html) == ["application_decided", "round_opened"]
    assert "Dina val av meddelanden sparades." in html
    client.post("/konto/meddelanden/", {"kind": KINDS})
    assert set(NoticeChoice.objects.values_list("wants", flat=True)) == {True}


def test_an_unknown_kind_is_refused_with_422_and_nothing_changes(signed_in):
    client = signed_in("editor")
    client.post("/konto/meddelanden/", {"kind": ["round_opened"]})
    before = list(NoticeChoice.objects.order_by("kind").values_list("kind", "wants", "changed_at"))
    response = client.post("/konto/meddelanden/", {"kind": ["application_received", "nyhetsbrev"]})
    html = response.content.decode()
    assert response.status_code == 422
    assert "nyhetsbrev är inget slags meddelande som du kan välja; inget ändrades." in html and 'role="alert"' in html
    assert list(NoticeChoice.objects.order_by("kind").values_list("kind", "wants", "changed_at")) == before
    response = client.post("/konto/meddelanden/", {"kind": ["password_reset"]})  # not a choice either
    assert response.status_code == 422 and "password_reset är inget slags meddelande" in response.content.decode()
    assert list(NoticeChoice.objects.order_by("kind").values_list("kind", "wants", "changed_at")) == before


def test_the_choices_page_needs_a_person_and_the_csrf_token(person):
    anonymous = Client()
    response = anonymous.post("/konto/meddelanden/", {"kind": KINDS})
    assert response.status_code == 302 and response["Location"].startswith("/konto/logga-in/")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(person("editor"))
    assert strict.post("/konto/meddelanden/", {"kind": []}).status_code == 403
    assert not NoticeChoice.objects.exists()


def test_a_persons_notices_are_in_their_data_and_forgotten_with_the_account(client, person, mailoutbox):
    editor = person("editor")
    notify(kind="round_opened", key="r:1", recipients=[editor], subject="Sänt", body="Text")
    run_queue()
    notify(kind="round_opened", key="r:2", recipients=[editor], subject="Väntar", body="Text")
    client.force_login(editor)
    client.post("/konto/meddelanden/", {"kind": ["round_opened"]})
    data = client.get("/konto/mina-uppgifter.json").json()
    assert [(n["kind"], n["subject"], n["sent"] is not None) for n in data["notices"]] == [
        ("round_opened", "Sänt", True),
        ("round_opened", "Väntar", False),
    ]
    assert data["notice_choices"] == {kind: kind == "round_opened" for kind in KINDS}
    assert client.post("/konto/radera/", {"password": PASSWORD}).status_code == 302
    assert list(Notice.objects.values_list("key", "recipient", "subject", "body")) == [("r:1", "", "", "")]
    assert not NoticeChoice.objects.exists()


def test_the_admin_lists_notices_without_their_text(client, person, mailoutbox):
    notify(kind="round_opened", key="r:1", recipients=["a@example.se"], subject="Ämnet", body="Hemlig text")
    run_queue()
    client.force_login(person("superuser"))
    listing = client.get("/admin/notices/notice/")
    assert listing.status_code == 200 and "r:1" in listing.content.decode()
    page = client.get(f"/admin/notices/notice/{Notice.objects.get().pk}/change/").content.decode()
    assert "Ämnet" in page and "Hemlig text" not in page


def test_the_password_reset_link_works_through_the_queue_and_is_not_kept(client, person, mailoutbox):
    person("editor")
    assert client.post("/konto/losenord/", {"email": "editor@example.se"}).status_code == 302
    notice = Notice.objects.get(kind="password_reset")
    assert mailoutbox == [] and notice.sent_at is None  # the request only recorded it
    assert run_queue() == 1
    notice.refresh_from_db()
    assert notice.sent_at is not None and notice.body == ""  # the link is not kept once sent
    (message,) = mailoutbox
    assert message.to == ["editor@example.se"] and message.subject == "Nytt lösenord till Samverkan"
    link = re.search(r"http://testserver(/konto/losenord/\S+/)", message.body).group(1)
    confirm = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(confirm, {"new_password1": "ett-nytt-långt-lösen", "new_password2": "ett-nytt-långt-lösen"})
    assert response.status_code == 302
    assert client.login(username="editor@example.se", password="ett-nytt-långt-lösen")
