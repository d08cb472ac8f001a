"""Lost or stolen alerts: a tracing officer of the State marks one handled, with a note; the
alert is kept, leaves the open lists and can still be seen among the handled ones."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from tests.tracing_fixtures import registries, sent_request, user

from salw.accounts.choices import Role
from salw.accounts.services import create_user
from salw.core.testing import (
    ApiPermissionTests,
    PagePermissionTests,
    signed_in_client,
    token_client,
)
from salw.registry.services.events import record_event
from salw.tracing.alerts import mark_alert_handled
from salw.tracing.models import LostStolenAlert

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def stolen_in_peru() -> None:
    """Peru recorded its FN pistol stolen; a record keeper of Peru who traces nothing."""
    weapon = registries()
    record_event(weapon, "stolen", actor=user("peru.records"), date=datetime.date(2025, 1, 5))
    create_user(
        username="peru.keeper",
        organisation=user("peru.records").organisation,
        roles=[Role.RECORD_KEEPER],
        email="peru.keeper@example.org",
    )


def peru_alert() -> LostStolenAlert:
    """Kenya's request hits the stolen pistol: an alert for Peru."""
    return LostStolenAlert.objects.get(request=sent_request())


class TestAlertsPage(PagePermissionTests):
    owner = "peru.records"
    wrong_role = "peru.focal"

    def url(self) -> str:
        return "/tracing/alerts/"


class TestHandleAlertPage(PagePermissionTests):
    owner = "peru.records"
    wrong_role = "peru.focal"
    other_state = "kenya.records"
    method = "post"
    owner_status = 302

    def url(self) -> str:
        return f"/tracing/alerts/{peru_alert().pk}/handle/"

    def data(self) -> dict[str, str]:
        return {"note": "Police informed"}


class TestHandleAlertPageAsRecordKeeper(TestHandleAlertPage):
    wrong_role = "peru.keeper"


class TestAlertApi(ApiPermissionTests):
    owner = "peru.records"
    wrong_role = "peru.focal"
    other_state = "kenya.records"

    def url(self) -> str:
        return f"/api/tracing/alerts/{peru_alert().pk}/"


class TestHandleAlertApi(TestAlertApi):
    method = "post"

    def url(self) -> str:
        return f"/api/tracing/alerts/{peru_alert().pk}/handle/"

    def data(self) -> dict[str, str]:
        return {"note": "Police informed"}


class TestHandleAlertApiAsRecordKeeper(TestHandleAlertApi):
    wrong_role = "peru.keeper"


def test_a_handled_alert_is_kept_and_leaves_the_open_lists() -> None:
    alert = peru_alert()
    peru = signed_in_client("peru.records")
    assert f'id="alert-{alert.pk}"' in peru.get("/tracing/requests/").content.decode()
    assert "/tracing/alerts/" in peru.get("/dashboard/").content.decode()
    response = peru.post(
        f"/tracing/alerts/{alert.pk}/handle/",
        {"note": "Police informed; weapon seized in Kenya", "next": "/tracing/requests/"},
    )
    assert response.status_code == 302 and response["Location"] == "/tracing/requests/"
    alert.refresh_from_db()
    assert alert.handled_by == user("peru.records") and alert.handled_at is not None
    assert alert.handled_note == "Police informed; weapon seized in Kenya"
    assert f'id="alert-{alert.pk}"' not in peru.get("/tracing/requests/").content.decode()
    assert f'id="alert-{alert.pk}"' not in peru.get("/tracing/alerts/").content.decode()
    assert "/tracing/alerts/" not in peru.get("/dashboard/").content.decode()
    handled = peru.get("/tracing/alerts/?handled=true").content.decode()
    assert f'id="alert-{alert.pk}"' in handled and "weapon seized in Kenya" in handled
    assert "peru.records" in handled


def test_an_alert_is_handled_once_and_only_by_its_states_officers() -> None:
    alert = peru_alert()
    for outsider in ("kenya.records", "peru.keeper", "peru.focal", "analyst"):
        with pytest.raises(PermissionDenied):
            mark_alert_handled(alert, actor=user(outsider))
    mark_alert_handled(alert, actor=user("peru.records"))
    with pytest.raises(ValidationError):
        mark_alert_handled(alert, actor=user("peru.records"), note="again")
    again = token_client("peru.records").post(f"/api/tracing/alerts/{alert.pk}/handle/")
    assert again.status_code == 400
    alert.refresh_from_db()
    assert alert.handled_note == ""


def test_the_api_lists_open_and_handled_alerts() -> None:
    first, second = peru_alert(), peru_alert()
    peru = token_client("peru.records")
    handled = peru.post(f"/api/tracing/alerts/{first.pk}/handle/", {"note": "Done"})
    assert handled.status_code == 200
    assert (
        handled.json()["handled_by"] == "peru.records" and handled.json()["handled_note"] == "Done"
    )

    def ids(query: str) -> list[int]:
        return [a["id"] for a in peru.get(f"/api/tracing/alerts/{query}").json()["results"]]

    assert ids("?handled=false") == [second.pk]
    assert ids("?handled=true") == [first.pk]
    assert set(ids("")) == {first.pk, second.pk}
    assert (
        ids("") == ids("?handled=")
        and not token_client("kenya.records").get("/api/tracing/alerts/").json()["results"]
    )


def test_the_form_needs_its_csrf_token_and_the_page_no_inline_script() -> None:
    alert = peru_alert()
    page = signed_in_client("peru.records").get("/tracing/alerts/").content.decode()
    form = page.split(f'id="alert-{alert.pk}"')[1].split("</form>")[0]
    assert 'name="csrfmiddlewaretoken"' in form and f"/tracing/alerts/{alert.pk}/handle/" in form
    assert "<script>" not in page and " onclick=" not in page
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user("peru.records"))
    assert browser.post(f"/tracing/alerts/{alert.pk}/handle/").status_code == 403
    alert.refresh_from_db()
    assert alert.handled_at is None


def test_the_way_back_stays_on_this_site() -> None:
    alert = peru_alert()
    response = signed_in_client("peru.records").post(
        f"/tracing/alerts/{alert.pk}/handle/", {"next": "https://elsewhere.example/"}
    )
    assert response["Location"] == "/tracing/alerts/"


def test_handling_an_alert_twice_on_the_page_is_refused_and_keeps_the_first_note() -> None:
    alert = peru_alert()
    first, second = signed_in_client("peru.records"), signed_in_client("peru.records")
    url = f"/tracing/alerts/{alert.pk}/handle/"
    first.post(url, {"note": "Полиция уведомлена"})
    refused = second.post(url, {"note": "Ничего не сделано"}, follow=True)
    assert refused.status_code == 200
    # Peru's officer reads Spanish: the refusal, not a silent overwrite.
    assert "Esta alerta ya se había marcado como atendida." in refused.content.decode()
    alert.refresh_from_db()
    assert alert.handled_note == "Полиция уведомлена"
