"""A request to several States: one Send sends every copy, each copy is listed with its own
state, and a State nobody on this site can receive for is named before sending, with the way
around (the exchange document, or its focal point through the secretariat)."""

from typing import Any

import pytest
from django.contrib.messages import get_messages
from tests.tracing_fixtures import content, registries, user

from salw.accounts.models import User
from salw.core.testing import signed_in_client
from salw.states.models import State
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
    assert sorted(n.split(";")[0] for n in notices) == [
        "Request sent to Belgium",
        "Request sent to Peru",
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
