"""`salw registry ...` acts through the same services and permission layer as the pages."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from salw.registry.choices import ComponentKind
from salw.registry.models import Manufacturer
from salw.registry.services import move_component
from salw.registry.testing import TODAY, pistol, user

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("registry", *args, stdout=out)
    return out.getvalue()


def test_load_reference_is_idempotent() -> None:
    first = _run("load-reference")
    assert "51 manufacturers" in first
    assert "(0 rows created)" in _run("load-reference")
    assert Manufacturer.objects.filter(name="FN Herstal").exists()


def test_show_and_search_print_the_modular_history() -> None:
    a, b = pistol(serial="A-1"), pistol(serial="B-2")
    move_component(
        a.components.get(kind=ComponentKind.SLIDE), b, actor=user("kenya.records"), date=TODAY
    )
    shown = _run("show", str(a.pk), "--as", "kenya.records")
    assert f"from {a.pk} to {b.pk}" in shown
    data = json.loads(_run("show", str(b.pk), "--json", "--as", "kenya.records"))
    assert data["history"][0]["from_weapon"] == a.pk
    found = _run("search", "S-A-1", "--as", "kenya.records")
    assert f"weapon {b.pk}" in found and f"formerly on: {a.pk}" in found


def test_another_state_and_the_secretariat_are_refused() -> None:
    weapon = pistol()
    with pytest.raises(CommandError, match="There is no weapon"):
        _run("show", str(weapon.pk), "--as", "peru.records")
    with pytest.raises(CommandError, match="not a record keeper"):
        _run("search", "KE1001", "--as", "analyst")
