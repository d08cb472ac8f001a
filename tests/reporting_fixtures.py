"""Shared set-up for the reporting tests: the shipped templates, loaded once per test database."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from salw.accounts.models import User
from salw.core.context import Actor, acting_as
from salw.reporting import services
from salw.reporting.models import Report, ReportingCycle
from salw.states.models import State

TEMPLATES = Path(services.__file__).parents[1] / "templates_data"


@pytest.fixture(scope="session")
def shipped_templates(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), acting_as(Actor(user_id=None, label="test setup")):
        for path in sorted(TEMPLATES.glob("*.yaml")):
            services.load_template(path.read_bytes())
    yield


def user(username: str) -> User:
    return User.objects.get(username=username)


def cycle(code: str = "bms10") -> ReportingCycle:
    return ReportingCycle.objects.get(meeting__code=code)


def start(username: str = "kenya.focal", code: str = "bms10", **kwargs: Any) -> Report:
    actor = user(username)
    report, _carry = services.start_report(
        State.objects.get(pk=actor.state_id), cycle(code), actor=actor, **kwargs
    )
    return report


# Answers that complete the required questions of the v3 template.
COMPLETE_V3 = {
    "coordination_body": "no",
    "poa_contact_point": "yes",
    "poa_contact_details": {
        "name": "W. Kamau",
        "organisation": "Kenya National Focal Point on SALW",
    },
    "national_action_plan": "yes",
    "manufacture_any": "no",
    "manufacture_laws": "yes",
    "transfer_laws": "yes",
    "export_euc_required": "yes",
    "import_marking_required": "yes",
    "brokering_laws": "developing",
    "stockpile_standards": "yes",
    "unmarked_weapons_measures": "yes",
    "record_keeping_standards": "yes",
    "tracing_procedures": "yes",
}


def focal_point_of(report: Report) -> User:
    members = User.objects.filter(organisation__state=report.state)
    return next(u for u in members if u.has_role("focal_point"))


def complete(
    report: Report,
    username: str = "kenya.focal",
    *,
    publication: str | None = "published",
    **extra: Any,
) -> Report:
    """Answer every required question, and make the publication choice (None: leave it)."""
    report = services.save_answers(
        report, {**COMPLETE_V3, **extra}, base_revision=report.revision, actor=user(username)
    )
    if publication:
        report = services.set_visibility(report, publication, actor=focal_point_of(report))
    return report


@pytest.fixture
def english() -> Iterator[None]:
    """Messages are checked in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield
