"""Drafting and editing a tracing request: only the requesting State's tracing officers, only
until it is sent; every edit is in the change log. On the page, markings are one row each."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from tests.tracing_fixtures import content, kenya_request, posted, registries, sent_request, user

from salw.core.models import ChangeLog
from salw.core.testing import signed_in_client
from salw.states.models import State
from salw.tracing.models import TracingRequest
from salw.tracing.services import draft_request, edit_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def weapons() -> None:
    registries()


def stored(request: TracingRequest) -> TracingRequest:
    return TracingRequest.objects.get(pk=request.pk)


# The service


def test_an_edit_is_kept_and_in_the_change_log() -> None:
    draft = kenya_request()
    edit_draft(draft, {"make": "Browning", "found_where": "Kisumu"}, actor=user("kenya.records"))
    assert (stored(draft).make, stored(draft).found_where) == ("Browning", "Kisumu")
    entry = ChangeLog.objects.for_object(draft).filter(action="update").get()
    assert entry.before["make"] == "FN Herstal" and entry.after["make"] == "Browning"


def test_an_edit_is_checked_as_a_new_request_is() -> None:
    draft = kenya_request()
    with pytest.raises(ValidationError) as refused:
        edit_draft(
            draft, {"priority": "urgent", "illicit_grounds": []}, actor=user("kenya.records")
        )
    assert set(refused.value.message_dict) == {"urgency_reason", "illicit_grounds"}
    assert stored(draft).priority == "routine"


def test_an_edit_changes_the_content_only() -> None:
    draft = kenya_request()
    with pytest.raises(ValueError):
        edit_draft(
            draft, {"requested_state_id": draft.requesting_state_id}, actor=user("kenya.records")
        )
    assert stored(draft).requested_state.iso3 == "PER"


def test_a_sent_request_cannot_be_edited() -> None:
    request = sent_request()
    with pytest.raises(ValidationError) as refused:
        edit_draft(request, {"make": "Browning"}, actor=user("kenya.records"))
    assert refused.value.code == "wrong_step"
    with pytest.raises(PermissionDenied):  # the requested State reads, never writes
        edit_draft(request, {"make": "Browning"}, actor=user("peru.records"))
    assert stored(request).make == "FN Herstal"


def test_only_the_requesting_states_officers_edit() -> None:
    draft = kenya_request()
    with pytest.raises(Http404):
        edit_draft(draft, {"make": "Browning"}, actor=user("peru.records"))
    with pytest.raises(PermissionDenied):
        edit_draft(draft, {"make": "Browning"}, actor=user("kenya.focal"))
    assert stored(draft).make == "FN Herstal"


def test_an_edit_changes_one_requested_states_draft_only() -> None:
    to_peru, to_belgium = draft_request(
        content(),
        requested_states=list(State.objects.filter(iso3__in=["PER", "BEL"]).order_by("iso3")),
        actor=user("kenya.records"),
    )
    edit_draft(to_peru, {"requested_as": "last_import"}, actor=user("kenya.records"))
    assert stored(to_peru).requested_as == "last_import"
    assert stored(to_belgium).requested_as == "manufacture"


# The page


def test_more_rows_without_javascript() -> None:
    address = "/tracing/requests/new/"
    kenya = signed_in_client("kenya.records")
    first = kenya.get(address).content.decode()
    shown = first.count('name="markings-TOTAL_FORMS"')
    rows = int(first.split('name="markings-TOTAL_FORMS" value="')[1].split('"')[0])
    assert shown == 1 and rows >= 3
    data = {
        **posted(
            make="Browning",
            markings_as_read=[{"component": "bolt", "text": "A1 b2"}],
            blank=rows - 1,
        ),
        "more_rows": "1",
    }
    page = kenya.post(address, data)
    assert page.status_code == 200
    text = page.content.decode()
    assert f'name="markings-TOTAL_FORMS" value="{rows + 3}"' in text
    assert 'value="A1 b2"' in text and 'value="Browning"' in text
    assert 'class="errorlist' not in text  # still writing: no errors yet
    first_new = text.split(f'<select name="markings-{rows}-component"')[1].split(">")[0]
    assert "autofocus" in first_new
    assert not TracingRequest.objects.exists()  # nothing saved


def test_the_request_page_names_components_in_the_readers_language() -> None:
    draft = kenya_request()
    kenya = signed_in_client("kenya.records")
    kenya.post("/language/", {"language": "fr", "next": "/dashboard/"})
    page = kenya.get(f"/tracing/requests/{draft.pk}/").content.decode()
    assert "<li>Carcasse: <code" in page
