"""The tracing requests API: the same visibility and steps as the pages; views are logged."""

import pytest
from tests.tracing_fixtures import kenya_request, registries, sent_request

from salw.accounts.models import User
from salw.core.testing import ApiPermissionTests, token_client
from salw.registry.models import Weapon
from salw.tracing.models import RequestView, TracingRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def peru_weapon() -> Weapon:
    return registries()


class TestRequestApiForRequester(ApiPermissionTests):
    owner = "kenya.records"
    wrong_role = "kenya.focal"
    other_state = "peru.records"

    def url(self) -> str:
        return f"/api/tracing/requests/{kenya_request().pk}/"


class TestRequestApiForRequested(ApiPermissionTests):
    owner = "peru.records"
    wrong_role = "peru.focal"

    def url(self) -> str:
        return f"/api/tracing/requests/{sent_request().pk}/"


class TestCandidatesApi(ApiPermissionTests):
    owner = "peru.records"
    wrong_role = "peru.focal"
    other_state = "kenya.records"  # the requester does not search the requested registry

    def url(self) -> str:
        return f"/api/tracing/requests/{sent_request().pk}/candidates/"


@pytest.mark.parametrize("outsider", ["analyst", "admin", "donor"])
def test_outsiders_get_nothing(outsider: str) -> None:
    request = sent_request()
    response = token_client(outsider).get(f"/api/tracing/requests/{request.pk}/")
    assert response.status_code in (403, 404)


def test_the_flow_through_the_api(peru_weapon: Weapon) -> None:
    kenya = token_client("kenya.records")
    drafted = kenya.post(
        "/api/tracing/requests/",
        {
            "requested_states": ["PER"],
            "illicit_grounds": ["transfer"],
            "how_found": "found",
            "found_on": "2026-02-01",
            "make": "FN Herstal",
            "serial_as_read": "K7?3O1",
            "markings_as_read": [{"component": "frame", "text": "K7?3O1", "partly_legible": True}],
            "intended_use": "Investigation",
        },
        format="json",
    )
    assert drafted.status_code == 201, drafted.json()
    pk = drafted.json()[0]["id"]
    assert kenya.post(f"/api/tracing/requests/{pk}/send/").status_code == 201
    peru = token_client("peru.records")
    [first, *_rest] = peru.get(f"/api/tracing/requests/{pk}/candidates/").json()
    assert first["weapon"] == peru_weapon.pk and first["serial_on_record"] == "K7D301"
    refused = peru.post(f"/api/tracing/requests/{pk}/answer/", {"answer_kind": "declined"})
    assert refused.status_code == 400 and "reason" in str(refused.json())
    answered = peru.post(
        f"/api/tracing/requests/{pk}/answer/",
        {
            "answer_kind": "full",
            "weapon": peru_weapon.pk,
            "released": {"last_legal_holder": "Police"},
        },
        format="json",
    )
    assert answered.status_code == 201
    closed = kenya.post(
        f"/api/tracing/requests/{pk}/close/", {"diversion_established": False}, format="json"
    )
    assert closed.status_code == 201
    detail = kenya.get(f"/api/tracing/requests/{pk}/").json()
    assert detail["status"] == "closed"
    assert [e["step"] for e in detail["events"]] == ["drafted", "sent", "answered", "closed"]
    assert RequestView.objects.filter(request_id=pk, channel="api").exists()


def test_exchange_through_the_api() -> None:
    sent = sent_request()
    document = (
        token_client("kenya.records").get(f"/api/tracing/requests/{sent.pk}/exchange/").json()
    )
    TracingRequest.objects.filter(pk=sent.pk).update(reference="KEN-ORIGINAL")
    peru = token_client("peru.records")
    # Peru's own installation: no Kenyan users there (a State that is here sends for itself).
    refused = peru.post("/api/tracing/requests/import/", document, format="json")
    assert refused.status_code == 403 and "Kenya" in refused.json()["detail"]
    User.objects.filter(organisation__state__iso3="KEN").update(is_active=False)
    taken = peru.post("/api/tracing/requests/import/", document, format="json")
    assert taken.status_code == 201 and taken.json()["status"] == "sent"
    again = peru.post("/api/tracing/requests/import/", document, format="json")
    assert again.status_code == 400
    outsider = token_client("peru.focal").post(
        "/api/tracing/requests/import/", document, format="json"
    )
    assert outsider.status_code == 403


def test_the_list_shows_no_content_and_a_retrieval_is_logged() -> None:
    sent = sent_request()
    [row] = token_client("peru.records").get("/api/tracing/requests/").json()["results"]
    assert row["reference"] == sent.reference and "serial_as_read" not in row
    assert not RequestView.objects.filter(request=sent).exists()
