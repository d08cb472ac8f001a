"""Retention: ITI minimums (30 years manufacturing records, 20 others); purge refused before."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from salw.core.testing import PagePermissionTests, signed_in_client
from salw.registry.choices import DestructionMethod, EventKind
from salw.registry.retention import check_purge_allowed, due_for_review, earliest_purge_date
from salw.registry.services import record_event
from salw.registry.testing import pistol, user

pytestmark = pytest.mark.django_db
KEEPER = "kenya.records"


def _destroyed(made: datetime.date | None, destroyed: datetime.date) -> object:
    # Made when its history says (no event can precede manufacture).
    weapon = pistol(serial=f"R-{made}-{destroyed}", year_of_manufacture=made.year if made else None)
    if made:
        record_event(weapon, EventKind.MANUFACTURED, actor=user(KEEPER), date=made)
    record_event(
        weapon,
        EventKind.DESTROYED,
        actor=user(KEEPER),
        date=destroyed,
        destruction_method=DestructionMethod.CUTTING,
    )
    weapon.refresh_from_db()
    return weapon


def test_minimum_retention_is_20_years_after_the_last_event_and_30_after_manufacture() -> None:
    old = _destroyed(None, datetime.date(2000, 5, 1))
    made_recently = _destroyed(datetime.date(1990, 1, 1), datetime.date(2001, 1, 1))
    made_long_ago = _destroyed(datetime.date(1960, 1, 1), datetime.date(2002, 1, 1))
    assert earliest_purge_date(old) == datetime.date(2020, 5, 1)
    assert earliest_purge_date(made_recently) == datetime.date(2021, 1, 1)
    assert earliest_purge_date(made_long_ago) == datetime.date(2022, 1, 1)
    as_of = datetime.date(2021, 6, 1)
    due = list(due_for_review(user(KEEPER), as_of))
    assert due == [old, made_recently]
    held = pistol(serial="HELD")
    assert held not in due_for_review(user(KEEPER), datetime.date(2100, 1, 1))


def test_a_purge_is_refused_before_the_minimum() -> None:
    weapon = _destroyed(datetime.date(2010, 1, 1), datetime.date(2015, 1, 1))
    with pytest.raises(ValidationError, match="2040-01-01"):
        check_purge_allowed(weapon, datetime.date(2039, 12, 31))
    check_purge_allowed(weapon, datetime.date(2040, 1, 1))
    with pytest.raises(ValidationError, match="still in the State"):
        check_purge_allowed(pistol(serial="HELD"))


class TestRetentionPage(PagePermissionTests):
    owner = KEEPER
    wrong_role = "analyst"

    def url(self) -> str:
        return "/registry/retention/?as_of=2030-01-01"


def test_the_retention_page_lists_what_is_due() -> None:
    weapon = _destroyed(None, datetime.date(2001, 1, 1))
    page = signed_in_client(KEEPER).get("/registry/retention/?as_of=2030-01-01").content.decode()
    assert f"#{weapon.pk}" in page
    assert (
        f"#{weapon.pk}"
        not in signed_in_client("peru.records")
        .get("/registry/retention/?as_of=2030-01-01")
        .content.decode()
    )


def test_the_command_lists_what_is_due() -> None:
    weapon = _destroyed(None, datetime.date(2001, 1, 1))
    out = io.StringIO()
    call_command("registry", "retention", "--as-of", "2030-01-01", "--as", KEEPER, stdout=out)
    assert f"weapon {weapon.pk}\tdestroyed" in out.getvalue()
    assert "1 record(s) due for review." in out.getvalue()
