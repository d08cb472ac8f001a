import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from salw.cli import choose_language, usage
from salw.core.command_line import run_command
from salw.core.exit_codes import ExitCode
from salw.core.models import ChangeLog
from salw.registry.models import ImportRun, Weapon


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


# A user's mistakes on the command line: one line, in the user's language, a documented status.


@pytest.mark.parametrize(
    ("args", "environ", "language"),
    [
        ([], {"LANG": "fr_CA.UTF-8"}, "fr"),
        ([], {"LANG": "en_GB.UTF-8", "LC_MESSAGES": "ar_EG.UTF-8"}, "ar"),
        ([], {"LC_ALL": "zh_TW.UTF-8", "LC_MESSAGES": "ru_RU.UTF-8"}, "zh-hans"),
        ([], {"LANG": "es_419"}, "es"),
        ([], {"LANG": "pt_BR.UTF-8"}, "en"),
        ([], {"LANG": "C"}, "en"),
        ([], {}, "en"),
        (["--language", "ru"], {"LANG": "fr_FR.UTF-8"}, "ru"),
        (["--language=ar"], {}, "ar"),
    ],
)
def test_the_language_comes_from_the_option_else_the_locale(
    args: list[str], environ: dict[str, str], language: str
) -> None:
    assert choose_language([*args, "registry", "search", "X"], environ) == (
        language,
        ["registry", "search", "X"],
    )


@pytest.mark.django_db
def test_after_the_command_language_is_the_commands_own_option_where_it_has_one(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    from salw.accounts.models import User

    # create-user has --language of its own: the account's language, not the messages'.
    status = run_command(
        "create-user".replace("-", "_"),
        ["layla.records", "--organisation", "KEN", "--email", "layla@example.org",
         "--role", "record_keeper", "--language", "ar"],
        "en",
    )  # fmt: skip
    assert status == ExitCode.OK
    assert User.objects.get(username="layla.records").language == "ar"
    capsys.readouterr()
    # registry has none: --language after its name chooses the messages' language.
    absent = tmp_path / "absent.csv"
    status, err = _run(
        capsys, "en", "registry", "import", str(absent), "--as", "kenya.records", "--language", "ru"
    )
    assert status == ExitCode.REFUSED and err == f"salw registry: Файла {absent} не существует.\n"


def _run(capsys: pytest.CaptureFixture, language: str, *argv: str) -> tuple[int, str]:
    status = run_command(argv[0], list(argv[1:]), language)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return status, err


def _counts() -> tuple[int, int, int]:
    return ImportRun.objects.count(), Weapon.objects.count(), ChangeLog.objects.count()


@pytest.mark.django_db
def test_a_missing_file_is_named_in_french_and_arabic(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    before = _counts()
    absent = tmp_path / "registre d’armes — سجل.csv"
    status, err = _run(capsys, "fr", "registry", "import", str(absent), "--as", "kenya.records")
    assert status == ExitCode.REFUSED == 1
    assert err == f"salw registry: Il n’existe pas de fichier {absent}.\n"
    status, err = _run(capsys, "ar", "registry", "import", str(absent), "--as", "kenya.records")
    assert status == ExitCode.REFUSED
    assert err == f"salw registry: لا يوجد ملف {absent}.\n"
    assert _counts() == before


@pytest.mark.django_db
def test_a_wrong_argument_is_a_usage_error_in_french_and_arabic(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    status, err = _run(
        capsys, "fr", "registry", "import", "x.csv", "--as", "kenya.records", "--colour"
    )
    assert status == ExitCode.USAGE == 2
    assert "arguments non reconnus : --colour" in err
    assert "« salw registry --help » indique comment l’utiliser" in err
    status, err = _run(capsys, "ar", "registry", "show", "KE/001", "--as", "kenya.records")
    assert status == ExitCode.USAGE
    assert "الوسيط weapon_id: قيمة int غير صالحة: 'KE/001'" in err


@pytest.mark.django_db
def test_a_refused_import_names_the_file_and_changes_nothing(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    path = tmp_path / "Реестр.csv"
    path.write_text("Номер,Тип\nKE/1,pistol\n", encoding="utf-8")
    before = _counts()
    status, err = _run(capsys, "fr", "registry", "import", str(path), "--as", "kenya.records")
    assert status == ExitCode.REFUSED
    assert err.startswith(f"salw registry: {path} : ")
    assert "Numéro de série" in err and "Required columns" not in err  # said in French
    status, err = _run(capsys, "ar", "registry", "import", str(path), "--as", "kenya.records")
    assert status == ExitCode.REFUSED and err.startswith(f"salw registry: {path}: ")
    assert _counts() == before


@pytest.mark.django_db
def test_a_permission_refusal_is_one_line_in_french_and_arabic(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    status, err = _run(capsys, "fr", "registry", "search", "AK", "--as", "donor")
    assert status == ExitCode.REFUSED
    assert "n’est ni responsable du registre ni agent de traçage d’un État" in err
    status, err = _run(capsys, "ar", "registry", "search", "AK", "--as", "donor")
    assert status == ExitCode.REFUSED
    assert "ليس أمين سجل ولا موظف تعقّب لدى دولة" in err


@pytest.mark.django_db
def test_a_fault_of_salw_is_one_line_and_shows_its_traceback_when_asked(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salw.registry.management import actions

    def broken(*args: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(actions, "_search", broken)
    status, err = _run(capsys, "fr", "registry", "search", "AK", "--as", "kenya.records")
    assert status == ExitCode.INTERNAL_ERROR == 70
    assert "Erreur interne (KeyError)" in err and "--traceback" in err
    with pytest.raises(KeyError, match="a bug"):
        run_command("registry", ["--traceback", "search", "AK", "--as", "kenya.records"], "fr")


def test_the_salw_command_speaks_the_locale_and_exits_with_the_usage_status() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "salw", "verify-history", "--checkpoints", "x"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "LANG": "fr_FR.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""},
    )
    assert result.returncode == ExitCode.USAGE
    assert result.stderr.startswith("salw verify-history: arguments non reconnus : --checkpoints")
    assert result.stderr.count("\n") == 1
