import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from salw.accounts.models import Organisation, User
from salw.core.testing import PagePermissionTests, signed_in_client

pytestmark = pytest.mark.django_db

NEW_MEMBER = {
    "username": "amani.tracing",
    "first_name": "Amani",
    "last_name": "Njoroge",
    "email": "amani@example.org",
    "language": "fr",
    "roles": ["tracing_officer"],
}


class TestAddMemberPage(PagePermissionTests):
    owner = "kenya.focal"
    wrong_role = "kenya.records"

    def url(self) -> str:
        return "/account/team/add/"


def _can_sign_in(username: str, password: str) -> bool:
    response = Client().post("/login/", {"username": username, "password": password})
    return response.status_code == 302


def _link(message: str) -> str:
    return re.search(r"http://\S+/password/choose/\S+/", message).group(0)


def test_focal_point_adds_a_member_who_chooses_a_password(
    django_capture_on_commit_callbacks: object,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in_client("kenya.focal").post("/account/team/add/", NEW_MEMBER)
    assert response.status_code == 302
    member = User.objects.get(username="amani.tracing")
    assert member.organisation.state.iso3 == "KEN"
    assert member.roles == {"tracing_officer"}
    assert not member.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["amani@example.org"]
    assert "amani.tracing" in message.body
    assert "Kenya" in message.body
    client = Client()
    form_page = client.get(_link(message.body), follow=True)
    assert form_page.status_code == 200
    chosen = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a long passphrase 2026", "new_password2": "a long passphrase 2026"},
    )
    assert chosen.status_code == 302
    assert _can_sign_in("amani.tracing", "a long passphrase 2026")


def test_a_taken_username_or_unfit_role_is_refused_and_nothing_is_created() -> None:
    client = signed_in_client("kenya.focal")
    taken = client.post("/account/team/add/", {**NEW_MEMBER, "username": "Peru.Records"})
    assert taken.status_code == 400
    assert "This username is taken" in taken.content.decode()
    unfit = client.post("/account/team/add/", {**NEW_MEMBER, "roles": ["secretariat_analyst"]})
    assert unfit.status_code == 400
    assert not User.objects.filter(username="amani.tracing").exists()


def test_forgotten_password_answers_alike_for_known_and_unknown_addresses() -> None:
    client = Client()
    known = client.post("/password/forgot/", {"email": "kenya.focal@example.org"})
    unknown = client.post("/password/forgot/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    without_token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert without_token.sub(b"", known.content) == without_token.sub(b"", unknown.content)
    assert [m.to for m in mail.outbox] == [["kenya.focal@example.org"]]


def test_password_change() -> None:
    client = signed_in_client("peru.records")
    response = client.post(
        "/password/change/",
        {
            "old_password": "peru.records-demo",
            "new_password1": "otra frase bastante larga",
            "new_password2": "otra frase bastante larga",
        },
    )
    assert response.status_code == 302
    assert _can_sign_in("peru.records", "otra frase bastante larga")


def test_cli_creates_organisations_and_users(capsys: pytest.CaptureFixture) -> None:
    call_command("create_organisation", "--donor", "Fund for Peace and Security")
    call_command(
        "create_user",
        "fund.officer",
        "--organisation",
        "Fund for Peace and Security",
        "--email",
        "officer@example.org",
        "--role",
        "donor",
    )
    output = capsys.readouterr().out
    assert "/password/choose/" in output
    user = User.objects.get(username="fund.officer")
    assert user.organisation == Organisation.objects.get(name="Fund for Peace and Security")
    assert user.roles == {"donor"}
