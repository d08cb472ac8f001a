"""The API under a schema-driven fuzzer: no generated request gets a server error.

Schemathesis reads the schema the site serves (`/api/schema/`) and generates requests for every
operation — valid ones and ones that break the schema — sent in-process to the WSGI application
as anonymous, a record keeper and a focal point. Bounded in examples per operation and
deterministic (Hypothesis derandomised), so the run takes the same time and finds the same
things every time.
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.config import SchemathesisConfig

from salw.accounts.models import User
from salw.api.pagination import MAX_LIMIT, MAX_OFFSET
from salw.core.testing import token_client
from salw.reporting.meetings_data import CYCLE_KINDS, shipped_meetings
from salw.reporting.models import ReportingCycle
from salw.states.reference import regions_and_states

positive_data_acceptance = schemathesis.checks.positive_data_acceptance

# Every generated request is answered without a server error; one the schema calls valid is
# accepted (or refused for who asks: 401, 403, 404, 409) and one it calls invalid is refused. A
# value that must name something that exists (a State, a reporting cycle) is drawn from those
# that do (the schema states the shape, not what is in the database).
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.positive_data_acceptance,
    schemathesis.checks.negative_data_rejection,
]
# Operations whose valid requests depend on more than a schema can state, each with why. Their
# invalid requests are still refused, and none gets a server error.
BEYOND_THE_SCHEMA = {
    # A register to import is a CSV or XLSX file of the State's weapons: the schema says "a file".
    "POST /api/registry/imports/",
    # Exactly one component is the serialised reference one, and it carries a serial: a rule
    # across the items of a list.
    "POST /api/registry/weapons/",
    # The weapons listed must be the State's and no more than `weapon_count`.
    "POST /api/registry/diversions/",
    # The date found is not in the future: the schema has no "today".
    "POST /api/tracing/requests/",
    # An exchange document from another State, read by its own published schema (docs/tracing.md).
    "POST /api/tracing/requests/import/",
    # The question must be one of the loaded templates' and the answer one of its own: a rule
    # across two parameters and the templates in the database (a filter it does not understand is
    # refused, naming it: issue of the public reports database).
    "GET /api/public-reports/",
}
PERSONAS = (None, "kenya.records", "kenya.focal")
# Six keep the run near a minute. At 25 and more, two disagreements remain that the schema does
# not state: a form-encoded or multipart body cannot carry null or an empty list (the API also
# reads forms), and text is trimmed before its maximum length is checked.
EXAMPLES_PER_OPERATION = 6

_regions, _states = regions_and_states()
EXISTING = {
    "states": sorted(state.iso3 for state in _states),
    "cycles": [meeting.code for meeting in shipped_meetings() if meeting.kind in CYCLE_KINDS],
    # A mark to search for has a letter or digit in any script (`\p{L}`, `\p{N}`: ECMA regex,
    # which Python's `re`, that generates the requests, does not read): marks as officers type them.
    "marks": ["MAS-49/56-0012", "AB12*", "?K-47", "АК-0001/٧٨", "ع-2020/15", "手枪-77", "í"],
}

# The fuzzing phase alone (generated requests, valid and invalid): the coverage phase sends
# hundreds of boundary cases per operation, which would take the run past ten minutes.
CONFIG = SchemathesisConfig.from_dict(
    {
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        # Every text field of the API refuses NUL (docs/input-files.md), a rule the schema does
        # not repeat on each field.
        "generation": {"max-examples": EXAMPLES_PER_OPERATION, "allow-x00": False},
        "dictionaries": {name: {"values": values} for name, values in EXISTING.items()},
        "parameters": {
            "body.state": {"dictionary": "states"},
            "body.requested_states[*]": {"dictionary": "states"},
            "body.cycle": {"dictionary": "cycles"},
            "query.state": {"dictionary": "states"},
            "query.cycle": {"dictionary": "cycles"},
            "query.marking": {"dictionary": "marks"},
        },
        "operations": [
            {
                "include-path": "/api/registry/markings/",
                "parameters": {"query.q": {"dictionary": "marks"}},
            }
        ],
    }
)
# Loaded when the module is collected: drawing the schema reads no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=CONFIG)


@pytest.fixture(autouse=True)
def requests_keep_the_test_connection(db: None) -> Iterator[None]:
    # As Django's test client does: a request must not close the test's connection (its
    # transaction is what keeps each test's writes apart).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _headers(username: str | None) -> dict[str, str]:
    if username is None:
        return {}
    token, _created = Token.objects.get_or_create(user=User.objects.get(username=username))
    return {"Authorization": f"Token {token.key}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_generated_request_is_answered_without_a_server_error(case: Any) -> None:
    checks = CHECKS
    if f"{case.method} {case.path}" in BEYOND_THE_SCHEMA:
        checks = [check for check in CHECKS if check is not positive_data_acceptance]
    for username in PERSONAS:
        case.call_and_validate(headers=_headers(username), checks=checks)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=36359296512366805446553008311631872", "limit"),
        ("offset=36359296512366805446553008311631872", "offset"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("offset=-1", "offset"),
        ("limit=%D9%A3", "limit"),  # an Arabic-Indic digit three
        ("offset=null&offset=null", "offset"),
    ],
)
def test_a_limit_or_offset_out_of_bounds_is_a_problem_naming_it(query: str, field: str) -> None:
    response = token_client("kenya.records").get(
        f"/api/states/?{query}", headers={"accept-language": "fr"}
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == {
        field: [
            "Doit être un nombre entier de "
            + ("1 à 500." if field == "limit" else "0 à 1000000000.")
        ]
    }


def test_the_largest_page_and_offset_are_answered() -> None:
    client = token_client("kenya.records")
    page = client.get(f"/api/states/?limit={MAX_LIMIT}").json()
    assert len(page["results"]) == min(page["count"], MAX_LIMIT)
    beyond = client.get(f"/api/states/?offset={MAX_OFFSET}").json()
    assert beyond["results"] == [] and beyond["count"] == page["count"]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/states/?region=12", "region"),  # an M49 code is three digits
        ("/api/public-reports/?cycle=BMS-10", "cycle"),
        ("/api/tracing/alerts/?handled=0.5", "handled"),  # not silently "every alert"
        ("/api/registry/weapons/?flagged=yes%20please", "flagged"),
        ("/api/registry/weapons/?site=Nairobi", "site"),
        ("/api/tracing/sdg-16-4-2/?state=KENYA", "state"),
        ("/api/tracing/sdg-16-4-2/?year=1899", "year"),
    ],
)
def test_a_filter_value_of_the_wrong_shape_is_refused_naming_it(path: str, field: str) -> None:
    response = token_client("kenya.records").get(path)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


@pytest.mark.parametrize(
    "path",
    [
        "/api/states/?region=999",  # the shape of an M49 code, but no region has it
        "/api/points-of-contact/?region=999",
        "/api/registry/weapons/?site=987654321",  # no site of the user's has this number
        "/api/registry/weapons/?site=-3",
        "/api/registry/weapons/?site=36359296512366805446553008311631872",
    ],
)
def test_a_filter_value_of_the_right_shape_that_names_nothing_finds_nothing(path: str) -> None:
    response = token_client("kenya.records").get(path)
    assert response.status_code == 200
    body = response.json()
    assert (body["results"] if isinstance(body, dict) else body) == []


def test_the_filters_still_narrow_by_what_exists() -> None:
    client = token_client("kenya.records")
    east_africa = client.get("/api/states/?region=014&limit=500").json()["results"]
    assert "KEN" in {state["iso3"] for state in east_africa}
    assert "PER" not in {state["iso3"] for state in east_africa}
    assert client.get("/api/tracing/alerts/?handled=false").status_code == 200
    assert client.get("/api/registry/weapons/?flagged=true").status_code == 200


def test_a_report_for_a_cycle_without_a_template_is_a_conflict() -> None:
    cycle = ReportingCycle.objects.filter(template__isnull=True).select_related("meeting").first()
    assert cycle is not None
    response = token_client("kenya.focal").post(
        "/api/reports/", {"cycle": cycle.meeting.code}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "This reporting cycle has no template yet."
