"""Editing a draft tracing request: only the requesting State's tracing officers, only until it
is sent, on the page (markings as rows) and through the API; every edit is in the change log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from tests.tracing_fixtures import (
    content,
    kenya_request,
    posted,
    registries,
    sent_request,
    user,
)

from salw.core.models import ChangeLog
from salw.core.testing import (
    ApiPermissionTests,
    PagePermissionTests,
    signed_in_client,
    token_client,
)
from salw.states.models import State
from salw.tracing.models import RequestView, TracingRequest
from salw.tracing.services import draft_request, edit_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def weapons() -> None:
    registries()


def stored(request: TracingRequest) -> TracingRequest:
    return TracingRequest.objects.get(pk=request.pk)


class TestEditDraftPage(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"
    other_state = "peru.records"  # a draft is the requester's alone

    def url(self) -> str:
        return f"/tracing/requests/{kenya_request().pk}/edit/"


class TestSaveDraftPage(PagePermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"
    other_state = "peru.records"
    method = "post"
    owner_status = 302  # saved, back to the request

    def url(self) -> str:
        return f"/tracing/requests/{kenya_request().pk}/edit/"

    def data(self) -> dict:
        return posted(make="Browning")


class TestEditDraftApi(ApiPermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"
    other_state = "peru.records"
    method = "patch"

    def url(self) -> str:
        return f"/api/tracing/requests/{kenya_request().pk}/"

    def data(self) -> dict:
        return {"make": "Browning"}


class TestReplaceDraftApi(TestEditDraftApi):
    method = "put"

    def data(self) -> dict:
        return {**content(make="Browning"), "found_on": "2026-03-01"}


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


def test_the_edit_page_shows_the_draft_and_saves_it() -> None:
    draft = kenya_request()
    kenya = signed_in_client("kenya.records")
    detail = kenya.get(f"/tracing/requests/{draft.pk}/").content.decode()
    assert f'href="/tracing/requests/{draft.pk}/edit/"' in detail
    page = kenya.get(f"/tracing/requests/{draft.pk}/edit/").content.decode()
    assert 'value="FN HERSTAL K7?3O1"' in page and 'value="Mombasa"' in page
    assert RequestView.objects.filter(request=draft, channel="edit").exists()
    rows = [
        {"component": "slide", "text": "fn  herstal  k7?3o1", "obliterated": True},
        {"component": "barrel", "text": "٥٫٧×٢٨", "partly_legible": True},
    ]
    response = kenya.post(
        f"/tracing/requests/{draft.pk}/edit/",
        posted(make="Browning", country_of_manufacture="bel", markings_as_read=rows),
    )
    assert response.status_code == 302 and response["Location"] == f"/tracing/requests/{draft.pk}/"
    saved = stored(draft)
    assert saved.make == "Browning" and saved.country_of_manufacture == "BEL"
    # Kept exactly as read: case, doubled spaces and script as typed.
    assert saved.markings_as_read == [
        {"component": "slide", "text": "fn  herstal  k7?3o1", "obliterated": True,
         "partly_legible": False},
        {"component": "barrel", "text": "٥٫٧×٢٨", "obliterated": False, "partly_legible": True},
    ]  # fmt: skip
    [entry] = ChangeLog.objects.for_object(draft).filter(action="update")
    assert entry.actor_id == user("kenya.records").pk and entry.before["make"] == "FN Herstal"


def test_a_cleared_row_removes_its_marking() -> None:
    draft = kenya_request()
    data = posted()
    for name in ("component", "text", "partly_legible"):
        data.pop(f"markings-0-{name}", None)
    response = signed_in_client("kenya.records").post(f"/tracing/requests/{draft.pk}/edit/", data)
    assert response.status_code == 302
    assert stored(draft).markings_as_read == []


def test_a_sent_request_has_no_edit_page() -> None:
    request = sent_request()
    kenya = signed_in_client("kenya.records")
    assert "/edit/" not in kenya.get(f"/tracing/requests/{request.pk}/").content.decode()
    opened = kenya.get(f"/tracing/requests/{request.pk}/edit/", follow=True)
    assert opened.redirect_chain == [(f"/tracing/requests/{request.pk}/", 302)]
    assert "it can no longer be changed" in opened.content.decode()
    posting = kenya.post(f"/tracing/requests/{request.pk}/edit/", posted(make="Browning"))
    assert posting.status_code == 302 and stored(request).make == "FN Herstal"
    peru = signed_in_client("peru.records")
    assert peru.get(f"/tracing/requests/{request.pk}/edit/").status_code == 403
    assert peru.post(f"/tracing/requests/{request.pk}/edit/", posted()).status_code == 403


def test_errors_name_the_row_and_the_field() -> None:
    draft = kenya_request()
    rows = [{"component": "frame"}, {"component": "stock", "text": "K7?3O1", "obliterated": True}]
    data = posted(
        markings_as_read=rows
    )  # "stock": not one of the component kinds  # not one of the component kinds
    response = signed_in_client("kenya.records").post(f"/tracing/requests/{draft.pk}/edit/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Marking 1, Text exactly as read: This field is required." in page
    assert "Marking 2, Component: Select a valid choice." in page
    assert stored(draft).markings_as_read == content()["markings_as_read"]


def test_service_errors_are_shown_by_field() -> None:
    draft = kenya_request()
    response = signed_in_client("kenya.records").post(
        f"/tracing/requests/{draft.pk}/edit/", posted(priority="urgent")
    )
    assert response.status_code == 400
    assert "An urgent request needs a reason for its urgency." in response.content.decode()
    assert stored(draft).priority == "routine"


@pytest.mark.parametrize("address", ["/tracing/requests/new/", "edit"])
def test_more_rows_without_javascript(address: str) -> None:
    draft = kenya_request()
    if address == "edit":
        address = f"/tracing/requests/{draft.pk}/edit/"
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
    assert stored(draft).make == "FN Herstal"  # nothing saved
    assert TracingRequest.objects.count() == 1


def test_a_component_named_otherwise_stays_selectable() -> None:
    draft = kenya_request(
        markings_as_read=[
            {
                "component": "Griffstück",
                "text": "K7?3O1",
                "obliterated": False,
                "partly_legible": False,
            },
        ]  # fmt: skip
    )
    kenya = signed_in_client("kenya.records")
    page = kenya.get(f"/tracing/requests/{draft.pk}/edit/").content.decode()
    assert '<option value="Griffstück" selected>Griffstück</option>' in page
    data = posted(markings_as_read=[{"component": "Griffstück", "text": "K7?3O1"}])
    assert kenya.post(f"/tracing/requests/{draft.pk}/edit/", data).status_code == 302
    assert stored(draft).markings_as_read[0]["component"] == "Griffstück"


def test_the_request_page_names_components_in_the_readers_language() -> None:
    draft = kenya_request()
    kenya = signed_in_client("kenya.records")
    kenya.post("/language/", {"language": "fr", "next": "/dashboard/"})
    page = kenya.get(f"/tracing/requests/{draft.pk}/").content.decode()
    assert "<li>Carcasse: <code" in page


# The API


def test_patch_changes_a_draft() -> None:
    draft = kenya_request()
    kenya = token_client("kenya.records")
    markings = [{"component": "slide", "text": "k7 ?3o1", "obliterated": True}]
    response = kenya.patch(
        f"/api/tracing/requests/{draft.pk}/",
        {"make": "Browning", "markings_as_read": markings, "reference": "KEN-FORGED"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["make"] == "Browning" and response.json()["status"] == "drafted"
    saved = stored(draft)
    assert saved.reference == draft.reference  # not part of the content
    assert saved.markings_as_read == [
        {"component": "slide", "text": "k7 ?3o1", "obliterated": True, "partly_legible": False}
    ]
    assert saved.serial_as_read == "K7?3O1"  # left as it was
    [entry] = ChangeLog.objects.for_object(draft).filter(action="update")
    assert entry.actor_id == user("kenya.records").pk and entry.after["make"] == "Browning"


def test_put_replaces_the_whole_content() -> None:
    draft = kenya_request()
    body = {
        "illicit_grounds": ["transfer"],
        "how_found": "found",
        "found_on": "2026-04-02",
        "serial_as_read": "K7D301",
        "intended_use": "Prosecution",
    }
    response = token_client("kenya.records").put(
        f"/api/tracing/requests/{draft.pk}/", body, format="json"
    )
    assert response.status_code == 200, response.json()
    saved = stored(draft)
    assert saved.how_found == "found" and saved.serial_as_read == "K7D301"
    assert saved.make == "" and saved.markings_as_read == [] and saved.case_reference == ""
    incomplete = token_client("kenya.records").put(
        f"/api/tracing/requests/{draft.pk}/", {"make": "Browning"}, format="json"
    )
    assert incomplete.status_code == 400
    assert {"how_found", "found_on", "serial_as_read"} <= incomplete.json()["errors"].keys()


def test_api_errors_name_the_field() -> None:
    draft = kenya_request()
    response = token_client("kenya.records").patch(
        f"/api/tracing/requests/{draft.pk}/", {"priority": "urgent"}, format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert list(response.json()["errors"]) == ["urgency_reason"]
    assert stored(draft).priority == "routine"


def test_the_api_refuses_to_edit_a_sent_request() -> None:
    request = sent_request()
    response = token_client("kenya.records").patch(
        f"/api/tracing/requests/{request.pk}/", {"priority": "bogus"}, format="json"
    )
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "request_sent" and problem["title"] == "Conflict"
    assert problem["detail"] == "This request was sent: it can no longer be changed."
    peru = token_client("peru.records").patch(
        f"/api/tracing/requests/{request.pk}/", {"make": "Browning"}, format="json"
    )
    assert peru.status_code == 403
    assert stored(request).make == "FN Herstal"
