"""Write isolation of tracing: only the State whose step it is writes it, on pages and the API.

Kenya requests, Peru is requested. For the requesting side's steps the other State is Peru's
officer (who sees the sent request but may not write Kenya's steps); for the requested side's
steps it is Kenya's.
"""

import datetime
import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from tests.tracing_fixtures import (
    content,
    kenya_case,
    kenya_request,
    marking_rows,
    registries,
    sent_request,
    user,
)

from salw.core.testing import ApiWriteIsolationTests, PageWriteIsolationTests
from salw.registry.models import Weapon
from salw.registry.services.events import record_event
from salw.tracing.exchange import export_document
from salw.tracing.models import LostStolenAlert, TracingEvent, TracingRequest
from salw.tracing.models_cases import TracingCase
from salw.tracing.models_photos import RequestPhoto

pytestmark = pytest.mark.django_db
REQUESTS = (TracingRequest, TracingEvent)


@pytest.fixture(autouse=True)
def weapons() -> None:
    registries()


class _Kenyas:
    """A step of the requesting State."""

    owner = "kenya.records"
    other_state = "peru.records"
    wrong_role = "kenya.focal"
    models = REQUESTS


class _Perus:
    """A step of the requested State."""

    owner = "peru.records"
    other_state = "kenya.records"
    wrong_role = "peru.focal"
    models = REQUESTS


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "grey").save(buffer, "PNG")
    return SimpleUploadedFile("worn frame.png", buffer.getvalue(), "image/png")


def form_content() -> dict[str, Any]:
    data = content(serial_as_read="АК-47/12", found_where="مومباسا 蒙巴萨 Mombasa")
    data.pop("markings_as_read")
    data.update(marking_rows())
    data["requested_as"], data["channel"] = "manufacture", "direct"
    return data


class TestDraftPage(_Kenyas, PageWriteIsolationTests):
    covers = ("tracing:request_new",)
    other_state = None  # a new draft is always the writer's own State's: nobody else's to try

    def url(self) -> str:
        return "/tracing/requests/new/"

    def data(self) -> dict[str, Any]:
        from salw.states.models import State

        return {**form_content(), "requested_states": [State.objects.get(iso3="PER").pk]}


class TestEditDraftPage(_Kenyas, PageWriteIsolationTests):
    covers = ("tracing:request_edit",)

    def url(self) -> str:
        return f"/tracing/requests/{kenya_request().pk}/edit/"

    def data(self) -> dict[str, Any]:
        return {**form_content(), "make": "Changed"}


class TestRequestPhotoPage(_Kenyas, PageWriteIsolationTests):
    covers = ("tracing:request_photo_add",)
    models = (RequestPhoto,)

    def url(self) -> str:
        return f"/tracing/requests/{kenya_request().pk}/photos/"

    def data(self) -> dict[str, Any]:
        return {"image": png(), "caption": "Рамка / الإطار"}


class TestSendPage(_Kenyas, PageWriteIsolationTests):
    covers = ("tracing:request_step",)

    def url(self) -> str:
        return f"/tracing/requests/{kenya_request().pk}/send/"


class TestAcknowledgePage(_Perus, PageWriteIsolationTests):
    covers = ("tracing:request_step",)

    def url(self) -> str:
        return f"/tracing/requests/{sent_request().pk}/acknowledge/"


class TestQuestionPage(_Kenyas, PageWriteIsolationTests):
    covers = ("tracing:request_step",)
    other_state = None  # Peru's message on the same URL is its reply, tested below

    def url(self) -> str:
        return f"/tracing/requests/{sent_request().pk}/message/"

    def data(self) -> dict[str, str]:
        return {"text": "Was it exported to Kenya? هل صُدّر؟"}


class TestReplyPage(TestQuestionPage):
    owner, wrong_role = "peru.records", "peru.focal"


class TestClosePage(_Kenyas, PageWriteIsolationTests):
    covers = ("tracing:request_step",)

    def url(self) -> str:
        return f"/tracing/requests/{sent_request().pk}/close/"

    def data(self) -> dict[str, str]:
        return {"diversion_established": "true", "where": "Nairobi", "text": "Thank you."}


class TestAnswerPage(_Perus, PageWriteIsolationTests):
    covers = ("tracing:answer",)

    def url(self) -> str:
        return f"/tracing/requests/{sent_request().pk}/answer/"

    def data(self) -> dict[str, str]:
        return {"kind": "full", "text": "Sold to the Kenya Police in 2015.", "released": "{}"}


class TestExchangeImportPage(_Perus, PageWriteIsolationTests):
    covers = ("tracing:exchange_import",)
    owner = None  # both States are on this installation: nobody may import for the other
    wrong_role = "peru.focal"

    def url(self) -> str:
        return "/tracing/requests/import/"

    def data(self) -> dict[str, Any]:
        document = export_document(sent_request())
        document["events"].append({"step": "answered", "answer_kind": "full"})
        raw = json.dumps(document).encode()
        return {"document": SimpleUploadedFile("doc.json", raw, "application/json")}


def stolen_alert() -> LostStolenAlert:
    peru_weapon = Weapon.objects.filter(state__iso3="PER").order_by("pk").first()  # K7D301
    record_event(peru_weapon, "stolen", actor=user("peru.records"), date=datetime.date(2025, 1, 5))
    return LostStolenAlert.objects.get(request=sent_request())


class TestAlertHandlePage(_Perus, PageWriteIsolationTests):
    covers = ("tracing:alert_handle",)
    models = (LostStolenAlert,)

    def url(self) -> str:
        return f"/tracing/alerts/{stolen_alert().pk}/handle/"

    def data(self) -> dict[str, str]:
        return {"note": "Handled with the police, بلاغ"}


class TestCaseOpenPage(_Kenyas, PageWriteIsolationTests):
    covers = ("tracing:cases",)
    models = (TracingCase,)
    other_state = None  # a new case is the writer's own State's

    def url(self) -> str:
        return "/tracing/cases/"

    def data(self) -> dict[str, str]:
        return {"title": "Operation Safari / Сафари 2026"}


class TestCaseAddPage(_Kenyas, PageWriteIsolationTests):
    covers = ("tracing:case_add",)
    models = (TracingCase.requests.through,)

    def url(self) -> str:
        self.request = sent_request()
        return f"/tracing/cases/{kenya_case().pk}/add/"

    def data(self) -> dict[str, Any]:
        return {"request": self.request.pk}


# The API ------------------------------------------------------------------------------------


def api_content() -> dict[str, Any]:
    data = content()
    data["found_on"] = data["found_on"].isoformat()
    return data


class TestDraftApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:tracing-request-list",)
    other_state = None

    def url(self) -> str:
        return "/api/tracing/requests/"

    def data(self) -> dict[str, Any]:
        return {**api_content(), "requested_states": ["PER"]}


class TestEditDraftApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:tracing-request-detail",)
    method = "patch"

    def url(self) -> str:
        return f"/api/tracing/requests/{kenya_request().pk}/"

    def data(self) -> dict[str, str]:
        return {"make": "Changed"}


class TestSendApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:tracing-request-send",)

    def url(self) -> str:
        return f"/api/tracing/requests/{kenya_request().pk}/send/"


class TestAcknowledgeApi(_Perus, ApiWriteIsolationTests):
    covers = ("api:tracing-request-acknowledge",)

    def url(self) -> str:
        return f"/api/tracing/requests/{sent_request().pk}/acknowledge/"


class TestAnswerApi(_Perus, ApiWriteIsolationTests):
    covers = ("api:tracing-request-answer",)

    def url(self) -> str:
        return f"/api/tracing/requests/{sent_request().pk}/answer/"

    def data(self) -> dict[str, str]:
        return {"answer_kind": "declined", "reason": "investigation"}


class TestMessageApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:tracing-request-message",)
    other_state = None  # Peru's message is its reply: its own step

    def url(self) -> str:
        return f"/api/tracing/requests/{sent_request().pk}/message/"

    def data(self) -> dict[str, str]:
        return {"text": "请确认出口许可证。"}


class TestCloseApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:tracing-request-close",)

    def url(self) -> str:
        return f"/api/tracing/requests/{sent_request().pk}/close/"

    def data(self) -> dict[str, Any]:
        return {"diversion_established": False, "text": "Closed."}


class TestExchangeImportApi(_Perus, ApiWriteIsolationTests):
    covers = ("api:tracing-request-import-",)
    owner = None  # both States are here: see test_tracing_exchange for the accepted imports

    def url(self) -> str:
        return "/api/tracing/requests/import/"

    def data(self) -> dict[str, Any]:
        document = export_document(sent_request())
        document["events"].append({"step": "answered", "answer_kind": "full"})
        return document


class TestExchangeImportForKenyaApi(TestExchangeImportApi):
    other_state = "peru.records"  # Peru creating a request in Kenya's name

    def data(self) -> dict[str, Any]:
        document = export_document(kenya_request())
        document["reference"] = "KEN-FORGED"
        return document


class TestAlertHandleApi(_Perus, ApiWriteIsolationTests):
    covers = ("api:tracing-alert-handle",)
    models = (LostStolenAlert,)

    def url(self) -> str:
        return f"/api/tracing/alerts/{stolen_alert().pk}/handle/"

    def data(self) -> dict[str, str]:
        return {"note": "Handled"}


class TestCaseOpenApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:tracing-case-list",)
    models = (TracingCase,)
    other_state = None

    def url(self) -> str:
        return "/api/tracing/cases/"

    def data(self) -> dict[str, str]:
        return {"title": "Operation Safari"}


class TestCaseAddApi(_Kenyas, ApiWriteIsolationTests):
    covers = ("api:tracing-case-add",)
    models = (TracingCase.requests.through,)

    def url(self) -> str:
        self.request = sent_request()
        return f"/api/tracing/cases/{kenya_case().pk}/add/"

    def data(self) -> dict[str, Any]:
        return {"request": self.request.pk}


class TestMatchApi(_Kenyas, ApiWriteIsolationTests):
    """A search in the own registry; it writes only alerts of the searcher's own State."""

    covers = ("api:tracing-match",)
    models = (LostStolenAlert,)
    owner = None  # stores something only when it hits a stolen weapon
    other_state = None

    def url(self) -> str:
        return "/api/tracing/match/"

    def data(self) -> dict[str, str]:
        return {"serial": "K7D301"}
