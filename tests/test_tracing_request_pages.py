"""Tracing request pages: only the two States' tracing officers see a request; every view is
logged; the steps of the workflow through the pages; the clock on the dashboard and by e-mail."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from tests.tracing_fixtures import kenya_request, marking_rows, registries, sent_request, user

from salw.core.testing import PagePermissionTests, signed_in_client
from salw.registry.models import Weapon
from salw.tracing.models import RequestView, TracingEvent, TracingRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def peru_weapon() -> Weapon:
    return registries()


class TestRequestPageForRequester(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"
    other_state = "peru.records"  # a draft is the requester's alone

    def url(self) -> str:
        return f"/tracing/requests/{kenya_request().pk}/"


class TestRequestPageForRequested(PagePermissionTests):
    owner = "peru.records"
    wrong_role = "peru.focal"

    def url(self) -> str:
        return f"/tracing/requests/{sent_request().pk}/"


class TestAnswerPage(PagePermissionTests):
    owner = "peru.records"
    wrong_role = "peru.focal"

    def url(self) -> str:
        return f"/tracing/requests/{sent_request().pk}/answer/"


class TestRequestListPage(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"

    def url(self) -> str:
        return "/tracing/requests/"


class TestStatisticsPage(PagePermissionTests):
    owner = "analyst"
    wrong_role = "donor"

    def url(self) -> str:
        return "/tracing/statistics/"


@pytest.mark.parametrize("outsider", ["analyst", "admin", "kenya.focal", "peru.focal"])
def test_nobody_else_sees_a_sent_request(outsider: str) -> None:
    request = sent_request()
    response = signed_in_client(outsider).get(f"/tracing/requests/{request.pk}/")
    assert response.status_code in (403, 404)
    assert request.reference.encode() not in response.content


def test_every_view_is_logged() -> None:
    request = sent_request()
    signed_in_client("peru.records").get(f"/tracing/requests/{request.pk}/")
    signed_in_client("kenya.records").get(f"/tracing/requests/{request.pk}/")
    viewers = list(
        RequestView.objects.filter(request=request).values_list("viewer__username", flat=True)
    )
    assert viewers == ["peru.records", "kenya.records"]


def test_the_flow_through_the_pages(peru_weapon: Weapon) -> None:
    kenya = signed_in_client("kenya.records")
    response = kenya.post(
        "/tracing/requests/new/",
        {
            "requested_states": [peru_weapon.state_id],
            "requested_as": "manufacture",
            "channel": "direct",
            "illicit_grounds": ["unrecorded", "national_law"],
            "how_found": "seized",
            "found_on": "2026-03-01",
            "make": "FN Herstal",
            "serial_as_read": "K7?3O1",
            "intended_use": "Prosecution",
            "priority": "routine",
            **marking_rows(
                {"component": "frame", "text": "FN HERSTAL K7?3O1", "partly_legible": True}
            ),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    request = TracingRequest.objects.get()
    assert request.markings_as_read[0]["partly_legible"] is True
    assert kenya.post(f"/tracing/requests/{request.pk}/send/").status_code == 302
    peru = signed_in_client("peru.records")
    page = peru.get(f"/tracing/requests/{request.pk}/").content.decode()
    first_row = page.split('id="candidates"')[1].split("<tbody>")[1].split("</tr>")[0]
    assert "K7D301" in first_row and f"?weapon={peru_weapon.pk}" in first_row
    assert peru.post(f"/tracing/requests/{request.pk}/acknowledge/").status_code == 302
    form = peru.get(f"/tracing/requests/{request.pk}/answer/?weapon={peru_weapon.pk}")
    ticks = form.content.decode().split('id="release"')[1]
    # The confirmed weapon's serial and marks come first, each item with a tick box.
    assert ticks.index('value="marks"') < ticks.index('value="weapon"')
    assert '<bdi dir="ltr">K7D301</bdi>' in ticks
    declined = peru.post(f"/tracing/requests/{request.pk}/answer/", {"kind": "declined"})
    assert declined.status_code == 400 and "reason" in declined.content.decode()
    answered = peru.post(
        f"/tracing/requests/{request.pk}/answer/",
        {"kind": "full", "weapon": peru_weapon.pk, "release": ["marks", "weapon"]},
    )
    assert answered.status_code == 302
    closed = kenya.post(
        f"/tracing/requests/{request.pk}/close/",
        {"diversion_established": "true", "where": "Lima", "when": "2024", "how": "theft"},
    )
    assert closed.status_code == 302
    event = TracingEvent.objects.get(request=request, step="answered")
    assert event.weapon_id == peru_weapon.pk and set(event.released) == {"marks", "weapon"}
    assert {"component": "frame", "text": "FN HERSTAL BELGIUM K7D301", "serial": "K7D301"} in (
        event.released["marks"]
    )
    assert TracingEvent.objects.get(request=request, step="closed").diversion_established is True


def test_a_bad_marking_row_is_refused_by_row_and_field() -> None:
    response = signed_in_client("kenya.records").post(
        "/tracing/requests/new/",
        {"serial_as_read": "K7", **marking_rows({"component": "frame"}, {"text": "K7?3O1"})},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Marking 1, Text exactly as read: This field is required." in page
    assert "Marking 2, Component: This field is required." in page
    assert not TracingRequest.objects.exists()


def test_overdue_request_is_on_the_dashboard_and_reminded(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    request = kenya_request()
    TracingEvent.objects.create(
        request=request,
        step="sent",
        actor=user("kenya.records"),
        state_id=request.requesting_state_id,
        at=timezone.now() - datetime.timedelta(days=11),  # 5-day acknowledgement, twice over
    )
    dashboard = signed_in_client("peru.records").get("/dashboard/").content.decode()
    assert request.reference in dashboard and f"/tracing/requests/{request.pk}/" in dashboard
    mail.outbox.clear()
    call_command("tracing", "remind")
    [reminder] = mail.outbox
    assert request.reference in reminder.subject
    assert set(reminder.to) == {"peru.records@example.org", "peru.focal@example.org"}


def test_response_figures_are_aggregates() -> None:
    request = sent_request()
    from salw.tracing.services import answer

    answer(request, actor=user("peru.records"), kind="partial", text="Made 2015")
    page = signed_in_client("analyst").get("/tracing/statistics/").content.decode()
    assert "Peru" in page and "100.0" in page
    assert request.reference not in page


def test_cli_lists_what_a_state_owes(capsys: pytest.CaptureFixture) -> None:
    request = sent_request()
    call_command("tracing", "requests", "--state", "PE")
    line = capsys.readouterr().out.strip()
    assert request.reference in line and "KEN->PER" in line and "acknowledge" in line
    call_command("tracing", "requests")
    assert capsys.readouterr().out.strip() == "Nothing is due."


def test_an_unknown_year_shows_as_a_dash() -> None:
    page = signed_in_client("kenya.records").get(f"/tracing/requests/{kenya_request().pk}/")
    year = page.content.decode().split("Year of manufacture</dt>")[1].split("</dd>")[0]
    assert year == "<dd>—"


def test_requested_states_are_named_and_ordered_in_the_readers_language() -> None:
    import re

    from salw.states.models import State

    kenya = signed_in_client("kenya.records")
    kenya.post("/language/", {"language": "ar", "next": "/dashboard/"})
    page = kenya.get("/tracing/requests/new/").content.decode()
    select = page[page.index('name="requested_states"') :]
    select = select[: select.index("</select>")]
    shown = re.findall(r"<option [^>]*>([^<]+)</option>", select)
    from salw.core.collation import collated

    names = collated((state.name_in("ar") for state in State.objects.with_names()), language="ar")
    assert shown == names and State.objects.get(iso3="PER").name_in("ar") in shown
    assert "Peru" not in shown


def test_every_id_on_a_sent_request_page_is_unique() -> None:
    """The message and the closing forms both have a text: each label points at its own."""
    import re
    from collections import Counter

    registries()
    request = sent_request()
    for username in ("kenya.records", "peru.records"):
        html = signed_in_client(username).get(f"/tracing/requests/{request.pk}/").content.decode()
        repeated = [i for i, n in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if n > 1]
        assert repeated == [], username
        for target in re.findall(r'<label for="([^"]+)"', html):
            assert f'id="{target}"' in html, target
