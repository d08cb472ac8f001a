"""Shared set-up for the tracing request tests: two registries and a Kenyan request to Peru."""

import datetime
from typing import Any

from salw.accounts.models import User
from salw.registry.services.loading import load_reference
from salw.registry.testing import pistol
from salw.states.models import State
from salw.tracing.cases import add_to_case, open_case
from salw.tracing.models import TracingRequest
from salw.tracing.models_cases import TracingCase
from salw.tracing.services import answer, draft_request, send_request


def user(username: str) -> User:
    return User.objects.get(username=username)


def registries() -> Any:
    """Peru records the FN Five-seveN K7D301 and a look-alike; Kenya one of its own."""
    load_reference()
    pistol(serial="K7D301")
    peru = pistol(username="peru.records", serial="K7D301")
    pistol(username="peru.records", serial="K7B307")
    return peru


def content(**changes: Any) -> dict[str, Any]:
    data = {
        "illicit_grounds": ["unrecorded"],
        "legal_basis": "Firearms Act, s. 12",
        "how_found": "seized",
        "found_on": datetime.date(2026, 3, 1),
        "found_where": "Mombasa",
        "weapon_type": "pistol",
        "make": "FN Herstal",
        "model": "Five-seveN",
        "calibre": "5.7x28",
        "serial_as_read": "K7?3O1",
        "markings_as_read": [
            {
                "component": "frame",
                "text": "FN HERSTAL K7?3O1",
                "obliterated": False,
                "partly_legible": True,
            }
        ],
        "intended_use": "Criminal investigation KE/CR/2026/77",
        "priority": "routine",
        "case_reference": "KE/CR/2026/77",
    }
    data.update(changes)
    return data


def kenya_request(**changes: Any) -> TracingRequest:
    [request] = draft_request(
        content(**changes),
        requested_states=[State.objects.get(iso3="PER")],
        actor=user("kenya.records"),
    )
    return request


def sent_request() -> TracingRequest:
    """Kenya's request, sent to Peru."""
    request = kenya_request()
    send_request(request, actor=user("kenya.records"))
    return request


def answered_pair() -> tuple[TracingRequest, TracingRequest]:
    """Two Kenyan requests to Peru whose answers name the same export licence."""
    kenya, peru = user("kenya.records"), user("peru.records")
    pair = []
    for serial in ("K7?3O1", "K7B3?7"):
        request = kenya_request(serial_as_read=serial)
        send_request(request, actor=kenya)
        answer(
            request,
            actor=peru,
            kind="full",
            released={"export": {"licence": "PE-EXP-2019-77", "destination": "KEN"}},
        )
        pair.append(request)
    return pair[0], pair[1]


def kenya_case(*requests: TracingRequest) -> TracingCase:
    case = open_case("Mombasa port seizure", actor=user("kenya.records"))
    for request in requests:
        add_to_case(case, actor=user("kenya.records"), request=request)
    return case


def marking_rows(*rows: dict[str, Any], blank: int = 2) -> dict[str, Any]:
    """The rows of markings as the request form posts them, with `blank` empty rows after."""
    data: dict[str, Any] = {
        "markings-TOTAL_FORMS": str(len(rows) + blank),
        "markings-INITIAL_FORMS": "0",
    }
    for number, row in enumerate(rows):
        for name, value in row.items():
            if value is not False:
                data[f"markings-{number}-{name}"] = "on" if value is True else value
    return data


def posted(blank: int = 2, **changes: Any) -> dict[str, Any]:
    """Kenya's request as the request form posts it: the content, markings as rows (the
    changed `markings_as_read` may leave out what a row leaves blank)."""
    data = content(**changes)
    rows = data.pop("markings_as_read")
    fields = {name: value for name, value in data.items() if value is not None}
    fields["found_on"] = data["found_on"].isoformat()
    return {
        "requested_as": "manufacture",
        "channel": "direct",
        **fields,
        **marking_rows(*rows, blank=blank),
    }
