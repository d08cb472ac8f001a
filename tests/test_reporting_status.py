"""The secretariat's reporting status and reminders by e-mail."""

import pytest
from django.core import mail
from tests.reporting_fixtures import complete, english, shipped_templates, start, user

from salw.core.testing import (
    ApiPermissionTests,
    PagePermissionTests,
    signed_in_client,
    token_client,
)
from salw.reporting import services
from salw.reporting.models import Reminder

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_templates", "english")]
__all__ = ["english", "shipped_templates"]


class TestStatusPage(PagePermissionTests):
    owner = "analyst"
    # every member of the secretariat holds a role that may see it: no wrong_role persona

    def url(self) -> str:
        return "/reports/status/"


def test_status_counts_submitted_and_drafting_by_region() -> None:
    services.submit_report(complete(start()), actor=user("kenya.focal"))
    start("peru.focal")
    page = signed_in_client("analyst").get("/reports/status/").content.decode()
    assert "1 of 195 States submitted" in page and "1 is drafting." in page
    assert signed_in_client("kenya.focal").get("/reports/status/").status_code == 403


def test_reminders_go_to_focal_points_of_states_that_have_not_submitted(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    services.submit_report(complete(start()), actor=user("kenya.focal"))
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in_client("analyst").post("/reports/status/remind/", {"cycle": "bms10"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["peru.focal@example.org"]]
    assert "Perú" in mail.outbox[0].body  # in the focal point's language (Spanish)
    assert Reminder.objects.get().state.iso3 == "PER"


class TestStatusApi(ApiPermissionTests):
    owner = "analyst"

    def url(self) -> str:
        return "/api/reporting-status/?cycle=bms10"


def test_status_api_lists_each_state_and_sends_reminders(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    services.submit_report(complete(start()), actor=user("kenya.focal"))
    client = token_client("analyst")
    rows = {row["state"]: row["status"] for row in client.get("/api/reporting-status/").json()}
    assert rows["KEN"] == "submitted" and rows["PER"] == "none" and len(rows) == 195
    assert token_client("kenya.focal").get("/api/reporting-status/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            "/api/reporting-status/remind/", {"cycle": "bms10", "state": "per", "confirm": True}
        )
    assert sent.json()["sent"] and sent.json()["states"] == 1 and len(mail.outbox) == 1
    # The submitted report brought Kenya's point of contact up to date in the directory.
    contacts = token_client("peru.records").get("/api/points-of-contact/", {"state": "KEN"})
    assert contacts.json()["results"][0]["organisation"] == "Kenya National Focal Point on SALW"
