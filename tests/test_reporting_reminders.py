"""Reminders are deliberate: open cycles only, a confirmation page with the count and the text
in each language, and no button where a State has nobody to receive it."""

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation
from tests.reporting_fixtures import complete, cycle, english, shipped_templates, start, user

from salw.core.testing import (
    ApiWriteIsolationTests,
    PageWriteIsolationTests,
    signed_in_client,
    token_client,
)
from salw.reporting import services
from salw.reporting.models import Reminder

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates", "english")]
__all__ = ["english", "shipped_templates"]
CLOSED = "bms1"  # 2003


def test_the_confirmation_page_counts_and_shows_each_language_and_sends_nothing() -> None:
    client = signed_in_client("analyst")
    status = client.get("/reports/status/?cycle=bms10").content.decode()
    assert 'href="/reports/status/remind/?cycle=bms10"' in status
    assert 'href="/reports/status/remind/?cycle=bms10&amp;state=PER"' in status
    page = client.get("/reports/status/remind/?cycle=bms10").content.decode()
    # Kenya's focal point reads English, Peru's Spanish.
    assert "This e-mail goes to 2 focal points. States concerned: 2." in page
    assert "In English, to 1 person" in page and "In Spanish, to 1 person" in page
    assert "As sent to Peru; each e-mail names its own State." in page
    assert "The national report of Kenya" in page and "El informe nacional de Perú" in page
    assert "Send the e-mail to 2 focal points" in page
    assert not mail.outbox and not Reminder.objects.exists()


def test_reminding_one_state_after_confirmation(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    client = signed_in_client("analyst")
    page = client.get("/reports/status/remind/?cycle=bms10&state=PER").content.decode()
    assert "This e-mail goes to 1 focal point. States concerned: 1." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/status/remind/", {"cycle": "bms10", "state": "PER"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["peru.focal@example.org"]]
    assert Reminder.objects.get().state.iso3 == "PER"


def test_a_closed_cycle_has_no_button_and_every_door_refuses(tmp_path: object) -> None:
    client = signed_in_client("analyst")
    status = client.get(f"/reports/status/?cycle={CLOSED}").content.decode()
    assert "This cycle is closed: no reminders are sent for it." in status
    assert "/reports/status/remind/" not in status
    page = client.get(f"/reports/status/remind/?cycle={CLOSED}")
    assert page.status_code == 400 and "cycle is closed" in page.content.decode()
    assert "<button" not in page.content.decode().split("<main", 1)[-1].split("</main>")[0]
    refused = client.post("/reports/status/remind/", {"cycle": CLOSED, "state": "KEN"})
    assert refused.status_code == 400
    with pytest.raises(ValidationError, match="cycle is closed"):
        services.send_reminders(cycle(CLOSED), actor=user("analyst"))
    api = token_client("analyst").post(
        "/api/reporting-status/remind/", {"cycle": CLOSED, "state": "KEN"}, format="json"
    )
    assert api.status_code == 400 and "cycle is closed" in str(api.json()["errors"])
    with pytest.raises(CommandError, match="cycle is closed"):
        call_command("reporting", "remind", CLOSED, "--state", "KEN")
    assert not mail.outbox and not Reminder.objects.exists()


def test_a_state_with_nobody_to_receive_it_has_no_button() -> None:
    services.submit_report(complete(start()), actor=user("kenya.focal"))
    client = signed_in_client("analyst")
    status = client.get("/reports/status/?cycle=bms10").content.decode()
    assert "state=COL" not in status and "state=KEN" not in status  # nobody / submitted
    assert "No focal point with an e-mail address to remind" in status
    page = client.get("/reports/status/remind/?cycle=bms10&state=COL").content.decode()
    assert "nobody to remind" in page and "Send the e-mail" not in page


def test_the_api_and_the_command_say_whom_it_reaches_and_send_only_when_confirmed(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    client = token_client("analyst")
    preview = client.post("/api/reporting-status/remind/", {"cycle": "bms10"}, format="json")
    assert preview.status_code == 200
    plan = preview.json()
    assert (plan["sent"], plan["states"], plan["recipients"]) == (False, 2, 2)
    texts = {text["language"]: text for text in plan["texts"]}
    assert set(texts) == {"en", "es"} and "Perú" in texts["es"]["body"]
    out = io.StringIO()
    call_command("reporting", "remind", "bms10", stdout=out)
    assert "This e-mail goes to 2 focal points. States concerned: 2." in out.getvalue()
    assert "In Spanish, to 1 person" in out.getvalue()
    assert "El informe nacional de Perú" in out.getvalue() and "Nothing sent" in out.getvalue()
    # The command line speaks the secretariat's language, as the confirmation page does.
    with translation.override("fr"):
        call_command("reporting", "remind", "bms10", stdout=(french := io.StringIO()))
        call_command("reporting", "remind", "bms10", "--state", "COL", stdout=french)
    assert "Ce courriel sera envoyé à 2 points focaux. États concernés : 2." in french.getvalue()
    assert "Rien n’a été envoyé. Relancez la commande avec --yes" in french.getvalue()
    assert "personne à qui envoyer un rappel" in french.getvalue()  # Colombia: nobody
    assert not mail.outbox and not Reminder.objects.exists()

    unknown = client.post(
        "/api/reporting-status/remind/", {"cycle": "bms10", "state": "XXX"}, format="json"
    )
    assert unknown.status_code == 400 and "XXX" in str(unknown.json()["errors"])
    with pytest.raises(CommandError, match="XXX"):
        call_command("reporting", "remind", "bms10", "--state", "xxx")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("reporting", "remind", "bms10", "--state", "KEN", "--yes", stdout=out)
        sent = client.post(
            "/api/reporting-status/remind/",
            {"cycle": "bms10", "state": "PER", "confirm": True},
            format="json",
        )
    assert sent.json()["sent"] is True and sent.json()["recipients"] == 1
    assert sorted(m.to[0] for m in mail.outbox) == [
        "kenya.focal@example.org",
        "peru.focal@example.org",
    ]
    assert Reminder.objects.count() == 2
    assert "A reminder was sent to the focal points of 1 State." in out.getvalue()


class TestRemindPage(PageWriteIsolationTests):
    covers = ("reporting:remind",)
    owner = "analyst"
    other_state = None  # the secretariat acts for no State; States' officials are wrong_role
    wrong_role = "kenya.focal"
    models = (Reminder,)

    def url(self) -> str:
        return "/reports/status/remind/"

    def data(self) -> dict[str, str]:
        return {"cycle": "bms10", "state": "PER"}


class TestRemindApi(ApiWriteIsolationTests):
    covers = ("api:reporting-status-remind",)
    owner = "analyst"
    other_state = None
    wrong_role = "peru.focal"
    models = (Reminder,)

    def url(self) -> str:
        return "/api/reporting-status/remind/"

    def data(self) -> dict[str, object]:
        return {"cycle": "bms10", "state": "PER", "confirm": True}
