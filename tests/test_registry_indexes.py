"""The searches and import look-ups that must scale use their indexes, on SQLite and PostgreSQL.

Plans are read with EXPLAIN after loading enough rows, and statistics, for an index to pay.
"""

import pytest
from django.db import connection

from salw.registry.importer.insert import _existing
from salw.registry.models import Marking, Weapon
from salw.registry.search import markings_matching
from salw.registry.testing import pistol, user

pytestmark = pytest.mark.django_db


def _plan(sql: str, params: list) -> str:
    with connection.cursor() as cursor:
        prefix = "EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
        cursor.execute(prefix + sql, params)
        return " ".join(str(row) for row in cursor.fetchall())


def _many_marks(count: int) -> None:
    """A State with many marks, and planner statistics that know it."""
    weapon = pistol(serial="KE-1001")
    component = weapon.components.get(is_reference=True)
    Marking.objects.bulk_create(
        Marking(
            state_id=weapon.state_id,
            component=component,
            kind="manufacture",
            text_as_read=f"X{n:06d}",
            normalised=f"X{n:06d}",
            serial_key=f"Y{n:06d}",
            material="metal",
        )
        for n in range(count)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@pytest.mark.parametrize("pattern", ["KE1001", "KE10*", "KE1?01"])
def test_mark_searches_seek_the_normalised_key_indexes(pattern: str) -> None:
    _many_marks(5000)
    sql, params = markings_matching(user("kenya.records"), pattern).query.sql_with_params()
    plan = _plan(sql, list(params))
    assert "registry_marking_text" in plan and "registry_marking_serial" in plan, plan


def test_the_import_duplicate_check_uses_the_record_number_index() -> None:
    pistol(source_ref="KE-REG-1")
    state_id = user("kenya.records").state_id
    Weapon.objects.bulk_create(
        Weapon(
            state_id=state_id, source_ref=f"KE-BULK-{n}", category="small_arm", weapon_type="rifle"
        )
        for n in range(5000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    captured: list[tuple[str, list]] = []

    def capture(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        captured.append((sql, list(params)))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        assert _existing(state_id, ["KE-REG-1", "KE-REG-2"]) == {"KE-REG-1"}
    sql, params = captured[0]
    assert "registry_weapon_source_ref_once" in _plan(sql, params)
