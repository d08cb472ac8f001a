import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from salw.cli import usage


def _salw(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "salw", *args], capture_output=True, text=True, timeout=120
    )


def test_help_lists_the_friendly_commands() -> None:
    result = _salw("--help")
    assert result.returncode == 0
    assert result.stdout.strip() == usage()
    for command in ("serve", "seed-demo", "verify-history", "load-states"):
        assert command in result.stdout


def test_a_command_help_is_plain_words() -> None:
    result = _salw("verify-history", "--help")
    assert result.returncode == 0
    assert "first row that was changed" in result.stdout


@pytest.mark.django_db
@override_settings(DEMO=False)
def test_demo_accounts_are_refused_without_salw_demo() -> None:
    with pytest.raises(CommandError, match="SALW_DEMO"):
        call_command("seed_demo")


@pytest.mark.django_db
@override_settings(DEMO=True)
def test_seed_demo_registers_demo_weapons_once(capsys: pytest.CaptureFixture) -> None:
    from salw.registry.models import Weapon
    from salw.registry.services.loading import load_reference

    load_reference()
    call_command("seed_demo")
    call_command("seed_demo")
    assert "10 demo weapons registered." in capsys.readouterr().out
    assert Weapon.objects.filter(source_ref__startswith="DEMO-").count() == 10
