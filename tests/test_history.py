import csv
import datetime
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import Model
from django.test import Client

from salw.accounts.models import Organisation, User
from salw.accounts.services import create_user
from salw.core.append_only import create_sql, drop_sql
from salw.core.changelog import REDACTED, verify_chain
from salw.core.command_line import run_command
from salw.core.context import Actor, acting_as
from salw.core.exit_codes import ExitCode
from salw.core.models import ChangeLog
from salw.registry.choices import EventKind
from salw.registry.importer.run import import_register
from salw.registry.models import ImportRun, Marking, Site, Weapon, WeaponEvent
from salw.registry.services.events import record_event
from salw.registry.testing import user
from salw.states.models import State

pytestmark = pytest.mark.django_db


def _kenya() -> Organisation:
    return Organisation.objects.get(state__iso3="KEN")


def test_a_change_is_logged_with_actor_before_and_after() -> None:
    with acting_as(Actor(user_id=42, label="tester"), request_id="req-123"):
        user = create_user(username="new.member", organisation=_kenya(), password="x" * 20)
        user.first_name = "Achieng"
        user.save()
    entries = list(ChangeLog.objects.for_object(user))
    assert [e.action for e in entries] == ["create", "update"]
    update = entries[-1]
    assert (update.actor_id, update.actor_label, update.request_id) == (42, "tester", "req-123")
    assert update.before["first_name"] == "" and update.after["first_name"] == "Achieng"
    # A password hash never lands in the log.
    assert update.after["password"] == REDACTED


def test_a_save_without_change_writes_nothing() -> None:
    kenya = State.objects.get(iso3="KEN")
    count = ChangeLog.objects.count()
    kenya.save()
    assert ChangeLog.objects.count() == count


def test_web_requests_are_attributed_to_the_user_and_request() -> None:
    client = Client()
    client.force_login(User.objects.get(username="kenya.focal"))
    records = User.objects.get(username="kenya.records")
    response = client.post(
        f"/account/team/{records.pk}/",
        {"roles": ["record_keeper"]},
        headers={"x-request-id": "browser-request-0001"},
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "browser-request-0001"
    deleted = ChangeLog.objects.filter(object_type="accounts.rolegrant", action="delete").last()
    assert deleted.actor_label == "kenya.focal"
    assert deleted.request_id == "browser-request-0001"
    assert deleted.before["role"] == "tracing_officer"


def test_the_database_refuses_update_and_delete_of_the_log() -> None:
    entry_id = ChangeLog.objects.order_by("id").values_list("id", flat=True).first()
    table = ChangeLog._meta.db_table
    for statement in (
        f"UPDATE {table} SET actor_label = 'someone else' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry_id])
    with pytest.raises(DatabaseError), transaction.atomic():
        ChangeLog.objects.filter(pk=entry_id).delete()


def test_verify_history_passes_on_a_clean_database(capsys: pytest.CaptureFixture) -> None:
    call_command("verify_history")
    assert "History intact" in capsys.readouterr().out


def _as_an_intruder(statement: str, params: list) -> None:
    """What someone with database access could do: lift the triggers, change a row, restore."""
    table = ChangeLog._meta.db_table
    with connection.cursor() as cursor:
        for sql in drop_sql(connection.vendor, table):
            cursor.execute(sql)
        cursor.execute(statement, params)
        for sql in create_sql(connection.vendor, table):
            cursor.execute(sql)


def test_verify_history_names_a_row_changed_behind_its_back() -> None:
    ids = list(ChangeLog.objects.order_by("id").values_list("id", flat=True))
    target = ids[len(ids) // 2]
    _as_an_intruder(
        f"UPDATE {ChangeLog._meta.db_table} SET actor_label = 'nobody' WHERE id = %s", [target]
    )
    with pytest.raises(CommandError, match=f"row {target}: its content no longer matches"):
        call_command("verify_history")
    # On the command line: the status that says "altered", distinct from a refused input.
    assert run_command("verify_history", [], "en") == ExitCode.HISTORY_ALTERED == 3


def test_verify_history_names_the_row_after_a_removed_one() -> None:
    ids = list(ChangeLog.objects.order_by("id").values_list("id", flat=True))
    removed, following = ids[10], ids[11]
    _as_an_intruder(f"DELETE FROM {ChangeLog._meta.db_table} WHERE id = %s", [removed])
    checked, broken = verify_chain()
    assert broken is not None
    assert (broken.entry_id, broken.reason) == (following, "previous-hash")
    assert checked == 10


def test_many_to_many_changes_are_logged() -> None:
    group = Group.objects.create(name="Auditors")
    user = User.objects.get(username="analyst")
    user.groups.add(group)
    entry = ChangeLog.objects.for_object(user).last()
    assert entry.action == "update"
    assert entry.before["groups"] == [] and entry.after["groups"] == [group.pk]


# Checkpoints and imported batches ------------------------------------------------------------


@pytest.fixture(autouse=True)
def checkpoint_dirs(tmp_path: Path, settings: Any) -> Path:
    settings.HISTORY_KEY = ""
    settings.HISTORY_KEY_FILE = tmp_path / "key" / "history_key.pem"
    settings.HISTORY_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return tmp_path


def _import_register(tmp_path: Path, rows: int = 150) -> ImportRun:

    path = tmp_path / "Реєстр — سجل 登记册.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Record number", "Type", "Serial No", "Make", "Model", "Year"])
        for n in range(1, rows + 1):
            writer.writerow(
                [f"KE/{n:05d}-A", "rifle", f"АК-{n:05d}/٧٨", "Kalashnikov", "AK-47", "1978"]
            )
    return import_register(
        path, actor=user("kenya.records"), mapping={"serial": "Serial No"}, batch_size=64
    )


def _behind_the_back(model: type[Model], statement: str, params: list) -> None:
    """Someone with the database file: lifts the triggers if any, writes, puts them back."""
    table = model._meta.db_table
    guarded = model in (ChangeLog, WeaponEvent)  # append-only by trigger
    with connection.cursor() as cursor:
        if guarded:
            for sql in drop_sql(connection.vendor, table):
                cursor.execute(sql)
        cursor.execute(statement, params)
        if guarded:
            for sql in create_sql(connection.vendor, table):
                cursor.execute(sql)


def test_a_verification_writes_a_signed_checkpoint_that_a_later_one_accepts(
    checkpoint_dirs: Path, capsys: pytest.CaptureFixture, mailoutbox: list, settings: Any
) -> None:
    settings.HISTORY_CHECKPOINT_EMAIL = ["audit@un.example.org"]
    mine = checkpoint_dirs / "off-site" / "checkpoint.json"
    call_command("verify_history", "--write-checkpoint", str(mine))
    key_file = settings.HISTORY_KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    document = json.loads(mine.read_text())
    assert document["rows"] == ChangeLog.objects.count()
    assert document["head"] == ChangeLog.objects.order_by("-id").first().hash
    kept = list(settings.HISTORY_CHECKPOINT_DIR.glob("checkpoint-*.json"))
    assert len(kept) == 1 and json.loads(kept[0].read_text()) == document
    assert mailoutbox[0].to == ["audit@un.example.org"]
    assert document["signature"] in mailoutbox[0].body
    # New rows after the checkpoint are normal; the old checkpoint still holds.
    State.objects.filter(iso3="KEN").get().save()
    Group.objects.create(name="Аудиторы")
    capsys.readouterr()
    call_command("verify_history", "--checkpoint", str(mine))
    assert f"still holds the {document['rows']} rows" in capsys.readouterr().out


def test_a_forged_or_foreign_checkpoint_is_refused(checkpoint_dirs: Path) -> None:
    mine = checkpoint_dirs / "checkpoint.json"
    call_command("verify_history", "--write-checkpoint", str(mine))
    document = json.loads(mine.read_text())
    document["rows"] -= 5  # what someone who cut five rows would like the checkpoint to say
    forged = checkpoint_dirs / "forged.json"
    forged.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="not signed by this installation's key"):
        call_command("verify_history", "--checkpoint", str(forged))
    garbage = checkpoint_dirs / "garbage.json"
    garbage.write_bytes(b"\xff\xfe{not json")
    with pytest.raises(CommandError, match="is not a salw history checkpoint"):
        call_command("verify_history", "--checkpoint", str(garbage))
    with pytest.raises(CommandError, match="Cannot read the checkpoint file"):
        call_command("verify_history", "--checkpoint", str(checkpoint_dirs / "missing.json"))


def test_cut_newest_rows_and_an_edited_imported_weapon_are_both_named(
    checkpoint_dirs: Path, tmp_path: Path
) -> None:
    run = _import_register(tmp_path)
    assert run.rows_imported == 150
    for name in ("Auditors", "审计员", "المراجعون"):
        Group.objects.create(name=name)
    mine = checkpoint_dirs / "checkpoint.json"
    call_command("verify_history", "--write-checkpoint", str(mine))
    rows_then = ChangeLog.objects.count()
    # Someone with the database file cuts the newest three rows of the log ...
    newest = list(ChangeLog.objects.order_by("-id").values_list("id", flat=True)[:3])
    table = ChangeLog._meta.db_table
    _behind_the_back(ChangeLog, f"DELETE FROM {table} WHERE id >= %s", [newest[-1]])  # noqa: S608
    assert ChangeLog.objects.count() == rows_then - 3
    call_command("verify_history")  # the chain alone cannot tell: it is shorter, not broken
    # ... and changes the year of one imported weapon and the serial of one imported mark.
    weapon = Weapon.objects.get(source_ref="KE/00077-A")
    _behind_the_back(
        Weapon, "UPDATE registry_weapon SET year_of_manufacture = 1999 WHERE id = %s", [weapon.pk]
    )
    mark = Marking.objects.get(component__weapon__source_ref="KE/00140-A")
    _behind_the_back(
        Marking, "UPDATE registry_marking SET serial = 'AK-00001' WHERE id = %s", [mark.pk]
    )
    with pytest.raises(CommandError) as refused:
        call_command("verify_history", "--checkpoint", str(mine))
    lines = str(refused.value).splitlines()
    assert len(lines) == 3
    assert f"counted {rows_then} change log rows" in lines[0]
    assert "the newest 3 rows were removed" in lines[0]
    for model, row in ((Weapon, weapon.pk), (Marking, mark.pk)):
        label = model._meta.label_lower
        named = next(line for line in lines if f"rows {label} " in line)
        first, last = (int(n) for n in named.split(f"{label} ")[1].split(" (")[0].split(" to "))
        assert first <= row <= last and last - first < 64
        assert "edited behind the application's back" in named


def test_imported_rows_changed_through_the_application_still_verify(tmp_path: Path) -> None:

    _import_register(tmp_path, rows=70)
    weapon = Weapon.objects.get(source_ref="KE/00003-A")
    record_event(
        weapon, EventKind.STOLEN, actor=user("kenya.records"), date=datetime.date(2025, 3, 1)
    )
    assert Weapon.objects.get(pk=weapon.pk).status != "recorded"
    call_command("verify_history")
    # The same weapon edited behind the application's back after its logged change is named.
    _behind_the_back(
        Weapon, "UPDATE registry_weapon SET status = 'recorded' WHERE id = %s", [weapon.pk]
    )
    with pytest.raises(CommandError, match=f"registry.weapon {weapon.pk} .*newest logged change"):
        call_command("verify_history")


def test_an_import_digests_its_rows_as_verify_history_reads_them_back(tmp_path: Path) -> None:
    """The import digests the values it sends (no read-back): each batch's record must be the
    one computed from the rows as stored, for every kind of value a row can carry."""
    from salw.core.written_rows import batch_record
    from salw.registry.models import Component
    from salw.registry.services import create_site

    keeper = user("peru.records")
    create_site(actor=keeper, code="LIM-01", name="Arsenal del Callao")
    path = tmp_path / "registre — سجل.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Record number", "Type", "Serial", "Make", "Model", "Calibre", "Year",
                         "Country", "Mark text", "Material", "Site", "Status"])  # fmt: skip
        for n in range(1, 160):
            writer.writerow([
                f"PE/{n:04d}-Б", ["pistol", "Fusil d’assaut", "手枪"][n % 3], f"АК-{n:05d}/٧٨",
                ["Glock", "F.N. Herstal", "", "Ижмаш"][n % 4],
                ["", "AK-47", 'G17 "Gen 4" \\ 100%'][n % 3],
                ["9x19", "7,62×51 mm", ""][n % 3], ["", "1978"][n % 2],
                ["AUT", "", "Autriche"][n % 3],
                ["", f"FN ‹{n}› 1978"][n % 2], ["", "polymer"][n % 2],
                ["", "lim-01", ""][n % 3], ["", "", "stolen", ""][n % 4],
            ])  # fmt: skip
    run = import_register(path, actor=keeper, batch_size=50)
    assert run.rows_imported == 159, list(run.problems.values_list("reason", flat=True))
    entries = ChangeLog.objects.filter(object_type="registry.importrun").order_by("id")
    records = [entry.after["last_batch"] for entry in entries if entry.after.get("last_batch")]
    assert len(records) == 4
    models = {
        "registry.weapon": Weapon,
        "registry.component": Component,
        "registry.marking": Marking,
        "registry.weaponevent": WeaponEvent,
    }
    for record in records:
        ids = {models[label]: [pk for first, last in written["ids"]
                               for pk in range(first, last + 1)]
               for label, written in record.items()}  # fmt: skip
        assert record == batch_record(ids)
    # The events that place the weapons a status or site column names are in the records too.
    placed = WeaponEvent.objects.filter(weapon__source_ref__startswith="PE/").count()
    assert placed and placed == sum(
        last - first + 1
        for record in records
        for first, last in record.get("registry.weaponevent", {}).get("ids", [])
    )
    call_command("verify_history")


def test_an_imported_life_event_edited_behind_the_back_is_named(tmp_path: Path) -> None:
    """The import writes a weapon's entry event (its status and site) with the weapon; someone
    with the database file lifts the events' append-only triggers and backdates one, or moves
    a weapon to another site: `verify-history` names both rows."""
    from salw.registry.services import create_site

    keeper = user("kenya.records")
    create_site(actor=keeper, code="NBO-02", name="Kahawa Barracks armoury")
    create_site(actor=keeper, code="MSA-01", name="Mombasa port store")
    path = tmp_path / "inventaire — Kahawa.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Record number", "Type", "Serial No", "Make", "Site", "Status"])
        for n in range(1, 121):
            writer.writerow([f"KE/EV-{n:04d}", "rifle", f"G3/{n:05d}-KE", "Heckler & Koch",
                             "NBO-02", ["in stockpile", "lost", "stolen"][n % 3]])  # fmt: skip
    run = import_register(path, actor=keeper, mapping={"serial": "Serial No"}, batch_size=50)
    assert run.rows_imported == 120, list(run.problems.values_list("reason", flat=True))
    events = WeaponEvent.objects.filter(weapon__source_ref__startswith="KE/EV-")
    assert events.count() == 120
    call_command("verify_history")
    backdated = events.get(weapon__source_ref="KE/EV-0031")
    moved = events.get(weapon__source_ref="KE/EV-0099")
    table = WeaponEvent._meta.db_table
    mombasa = Site.objects.get(code="MSA-01")
    _behind_the_back(WeaponEvent, f"UPDATE {table} SET date = %s WHERE id = %s",  # noqa: S608
                     ["2001-01-01", backdated.pk])  # fmt: skip
    _behind_the_back(WeaponEvent, f"UPDATE {table} SET site_id = %s WHERE id = %s",  # noqa: S608
                     [mombasa.pk, moved.pk])  # fmt: skip
    assert WeaponEvent.objects.get(pk=backdated.pk).date == datetime.date(2001, 1, 1)
    with pytest.raises(CommandError) as refused:
        call_command("verify_history")
    lines = [line for line in str(refused.value).splitlines() if "registry.weaponevent" in line]
    named = set()
    for line in lines:
        assert "edited behind the application's back" in line
        span = line.split("registry.weaponevent ")[1].split(" (")[0].split(" to ")
        first, last = int(span[0]), int(span[-1])
        assert last - first < 64
        named |= {pk for pk in (backdated.pk, moved.pk) if first <= pk <= last}
    assert named == {backdated.pk, moved.pk}
    # The events written through the application are append-only: the triggers refuse an edit.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET note = 'x' WHERE id = %s", [moved.pk])  # noqa: S608
