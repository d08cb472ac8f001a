"""A request to several States: one Send sends every copy, each copy is listed with its own
state, and a State nobody on this site can receive for is named before sending, with the way
around (the exchange document, or its focal point through the secretariat)."""

from typing import Any

import pytest
from django.contrib.messages import get_messages
from tests.tracing_fixtures import content, registries, user

from salw.accounts.models import User
from salw.core.testing import signed_in_client, token_client
from salw.states.choices import ContactScope
from salw.states.models import PointOfContact, State
from salw.tracing.models import TracingRequest
from salw.tracing.services import draft_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def to_peru_and_belgium() -> list[TracingRequest]:
    registries()
    return draft_request(
        content(),
        requested_states=list(State.objects.filter(iso3__in=["PER", "BEL"]).order_by("iso3")),
        actor=user("kenya.records"),
    )


def _statuses(copies: list[TracingRequest]) -> set[Any]:
    return {TracingRequest.objects.with_status().get(pk=c.pk).status for c in copies}


def test_one_send_sends_every_copy_and_says_so_per_state(to_peru_and_belgium: list) -> None:
    kenya = signed_in_client("kenya.records")
    first = to_peru_and_belgium[0]
    page = kenya.get(f"/tracing/requests/{first.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    copies = page.split('id="copies"')[1].split("</table>")[0]
    assert "Peru" in copies and "Belgium" in copies
    assert "Send the request to 2 States" in page
    sent = kenya.post(f"/tracing/requests/{first.pk}/send/", HTTP_ACCEPT_LANGUAGE="en")
    notices = [str(m) for m in get_messages(sent.wsgi_request)]
    assert _statuses(to_peru_and_belgium) == {"sent"}
    # Nobody from Belgium is on this site (the demo has no Belgian user): its copy is recorded
    # as sent by exchange document, and the notice says so.
    assert sorted(n.split(";")[0].split(":")[0] for n in notices) == [
        "Request sent to Peru",
        "Request to Belgium recorded as sent by exchange document",
    ]


def test_a_state_nobody_can_receive_for_is_named_before_sending(to_peru_and_belgium: list) -> None:
    User.objects.filter(organisation__state__iso3="BEL").update(is_active=False)
    page = signed_in_client("kenya.records").get(
        f"/tracing/requests/{to_peru_and_belgium[0].pk}/", HTTP_ACCEPT_LANGUAGE="ru"
    )
    html = page.content.decode()
    assert "Nobody from Belgium" not in html  # in the reader's language
    warning = html.split('class="message warning"')[1].split("</p>")[0]
    assert "Бельгия" in warning and "секретариат" in warning and "документ обмена" in warning


def _nobody_from_belgium() -> None:
    User.objects.filter(organisation__state__iso3="BEL").update(is_active=False)


def test_send_step_lists_each_state_with_who_receives_it(to_peru_and_belgium: list) -> None:
    _nobody_from_belgium()
    PointOfContact.objects.create(
        state=State.objects.get(iso3="BEL"),
        scope=ContactScope.ITI,
        name="Anne-Marie Van den Broeck",
        organisation="Service public fédéral Justice",
        email="tracing@just.fgov.example",
    )
    html = (
        signed_in_client("kenya.records")
        .get(f"/tracing/requests/{to_peru_and_belgium[0].pk}/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    rows = html.split('id="copies"')[1].split("</table>")[0]
    belgium = rows.split('data-state="BEL"')[1].split("</tr>")[0]
    peru = rows.split('data-state="PER"')[1].split("</tr>")[0]
    assert "The tracing officers of Peru, on this site" in peru
    assert "Nobody on this site" in belgium
    assert "On sending, recorded as sent by exchange document" in belgium
    assert "Anne-Marie Van den Broeck" in belgium and "tracing@just.fgov.example" in belgium
    warning = html.split('class="message warning"')[1].split("</p>")[0]
    assert "Belgium" in warning and "secretariat" in warning and "Peru" not in warning


def test_send_to_a_state_with_nobody_records_it_as_sent_by_document(
    to_peru_and_belgium: list, mailoutbox: list
) -> None:
    _nobody_from_belgium()
    kenya = signed_in_client("kenya.records")
    first = to_peru_and_belgium[0]
    sent = kenya.post(f"/tracing/requests/{first.pk}/send/", HTTP_ACCEPT_LANGUAGE="en")
    notices = {m.level_tag: str(m) for m in get_messages(sent.wsgi_request)}
    assert notices["warning"].startswith("Request to Belgium recorded as sent by exchange document")
    assert "secretariat" in notices["warning"] and "Acknowledgement due" in notices["warning"]
    assert notices["success"].startswith("Request sent to Peru")
    belgium = TracingRequest.objects.get(reference=first.reference, requested_state__iso3="BEL")
    peru = TracingRequest.objects.get(reference=first.reference, requested_state__iso3="PER")
    assert belgium.events.get(step="sent").sent_as_document is True
    assert peru.events.get(step="sent").sent_as_document is False
    # Nobody of Belgium is e-mailed (there is nobody); Peru's officers are.
    assert all("Belgium" not in m.subject for m in mailoutbox)
    html = kenya.get(f"/tracing/requests/{first.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = html.split('data-state="BEL"')[1].split("</tr>")[0]
    assert "sent as an exchange document" in row
    assert f"/tracing/requests/{belgium.pk}/exchange.json" in row
    assert "On sending" not in html and "When you send the request" not in html
    document = kenya.get(f"/tracing/requests/{belgium.pk}/exchange.json")
    assert document.status_code == 200 and b'"BEL"' in document.content


def test_api_says_who_receives_and_how_it_was_sent(to_peru_and_belgium: list) -> None:
    _nobody_from_belgium()
    kenya = token_client("kenya.records")
    belgium = next(c for c in to_peru_and_belgium if c.requested_state.iso3 == "BEL")
    peru = next(c for c in to_peru_and_belgium if c.requested_state.iso3 == "PER")
    assert kenya.get(f"/api/tracing/requests/{belgium.pk}/").json()["received_on_site"] is False
    assert kenya.get(f"/api/tracing/requests/{peru.pk}/").json()["received_on_site"] is True
    event = kenya.post(f"/api/tracing/requests/{belgium.pk}/send/").json()
    assert event["step"] == "sent" and event["sent_as_document"] is True
    assert kenya.post(f"/api/tracing/requests/{peru.pk}/send/").json()["sent_as_document"] is False
    exchanged = kenya.get(f"/api/tracing/requests/{belgium.pk}/exchange/").json()
    assert exchanged["requested_state"] == "BEL"
