"""Bulk import of a national register: salw's validating import against a raw insert baseline.

    .venv/bin/python bench/registry_import.py [--rows 1000000] [--batch-size 5000]

Generates a CSV register (1 % bad rows), imports it with `salw.registry.importer.run`
(streaming, validating every row, reference matching, batches with checkpoints), then inserts the
same file's rows into copies of the same three tables (same columns, indexes and foreign keys)
without validation — `executemany` on
SQLite, `COPY` on PostgreSQL (set SALW_DATABASE_URL to a PostgreSQL server to measure it there; a
scratch database is created and dropped). Both read the CSV; both commit once per batch. Prints
rows/s and peak resident memory of each, and their ratio (goal: the import at least half as fast).
"""

import argparse
import csv
import os
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
TYPES = ["pistol", "revolver", "rifle", "carbine", "assault_rifle", "sub_machine_gun"]
MAKERS = ["Glock", "F.N. Herstal", "Beretta", "Izhmash", "Norinco", "Colt", "Unknown Arms Ltd"]
CALIBRES = ["9x19", "7.62x39", "5.56 NATO", "7,62×51 mm", ".45 ACP", "12 ga"]
HEADER = ["record_number", "weapon_type", "serial", "manufacturer", "model", "calibre",
          "year_of_manufacture", "country_of_manufacture"]  # fmt: skip


class PeakMemory:
    """Samples the process's resident memory (Linux /proc) in a thread; keeps the peak."""

    def __init__(self) -> None:
        self.page = os.sysconf("SC_PAGE_SIZE")
        self.start = self.peak = self._rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * self.page

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self._rss())

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())


def generate(path: Path, rows: int) -> None:
    rng = random.Random(76232)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(1, rows + 1):
            year = str(rng.randint(1950, 2024)) if n % 100 else "19X0"  # 1 % bad rows
            writer.writerow([
                f"KEN-{n:08d}", rng.choice(TYPES), f"{rng.choice('ABCDEFGH')}{n:09d}",
                rng.choice(MAKERS), "", rng.choice(CALIBRES), year, "AUT",
            ])  # fmt: skip


def setup_django(workdir: Path) -> str:
    url = os.environ.get("SALW_DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = f"bench_salw_{os.getpid()}"
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        os.environ["SALW_DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    else:
        os.environ["SALW_DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salw.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def drop_scratch(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS bench_salw_{os.getpid()}")


def record_keeper():  # type: ignore[no-untyped-def]
    from salw.accounts.choices import OrganisationKind, Role
    from salw.accounts.models import Organisation
    from salw.accounts.services import create_user
    from salw.registry.services.loading import load_reference
    from salw.states.services import load_states

    load_states()
    load_reference()
    from salw.states.models import State

    kenya = State.objects.get(iso3="KEN")
    organisation = Organisation.objects.create(kind=OrganisationKind.STATE, state=kenya, name="KE")
    return create_user(username="bench", organisation=organisation, roles=[Role.RECORD_KEEPER])


def run_import(path: Path, user, batch_size: int) -> tuple[float, int, int]:  # type: ignore[no-untyped-def]
    from salw.registry.importer.run import import_register

    started = time.perf_counter()
    run = import_register(path, actor=user, batch_size=batch_size)
    return time.perf_counter() - started, run.rows_imported, run.rows_bad


def baseline_rows(path: Path, state_id: int) -> Iterator[tuple[tuple, tuple, tuple]]:
    """The same file's rows as raw tuples (no validation), ids given by the caller's counter."""
    now = time.strftime("%Y-%m-%d %H:%M:%S")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for n, row in enumerate(reader, start=1):
            ref, kind, serial, maker, model, calibre, year, country = row
            weapon = (n, state_id, ref, "small_arm", kind, maker, model, calibre,
                      int(year) if year.isdigit() else None, country, "recorded", now)  # fmt: skip
            component = (n, state_id, n, "frame", True, "")
            marking = (n, state_id, n, "manufacture", serial, serial.upper(), serial.upper(),
                       "metal", "", "", "", serial, "", "", "", "", "")  # fmt: skip
            yield weapon, component, marking


WEAPON_COLS = (
    "id, state_id, source_ref, category, weapon_type, manufacturer_text, model_text, "
    "calibre_text, year_of_manufacture, country_of_manufacture, status, created_at"
)
COMPONENT_COLS = "id, state_id, weapon_id, kind, is_reference, description"
MARKING_COLS = (
    "id, state_id, component_id, kind, text_as_read, normalised, serial_key, material, "
    "location, manufacturer, country, serial, year, model, calibre, symbols, code"
)
TABLES = (("registry_weapon", WEAPON_COLS), ("registry_component", COMPONENT_COLS),
          ("registry_marking", MARKING_COLS))  # fmt: skip


BENCH_TABLE = re.compile(r'"registry_(weapon|component|marking)"')


def baseline_sqlite(path: Path, workdir: Path, state_id: int, batch_size: int) -> float:
    """executemany into copies of the three tables in the same database file: same columns,
    indexes and foreign keys (enforced, as Django enforces them), one commit a batch."""
    db = sqlite3.connect(workdir / "bench.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    schema = [
        sql
        for (sql,) in db.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name IN "
            "('registry_weapon', 'registry_component', 'registry_marking') AND sql IS NOT NULL "
            "ORDER BY type DESC"  # tables before their indexes
        )
    ]
    for sql in schema:
        sql = re.sub(r'INDEX "([^"]+)"', r'INDEX "bench_\1"', sql)
        db.execute(BENCH_TABLE.sub(r'"bench_registry_\1"', sql))
    inserts = [
        # Table and column names are the constants above, never input.
        f"INSERT INTO bench_{table} ({cols}) VALUES ({', '.join('?' * len(cols.split(',')))})"  # noqa: S608
        for table, cols in TABLES
    ]
    started = time.perf_counter()
    batch: list[tuple[tuple, tuple, tuple]] = []

    def flush() -> None:
        db.execute("BEGIN IMMEDIATE")
        for index, insert in enumerate(inserts):
            db.executemany(insert, [rows[index] for rows in batch])
        db.execute("COMMIT")
        batch.clear()

    for rows in baseline_rows(path, state_id):
        batch.append(rows)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed


def baseline_postgres(path: Path, state_id: int, batch_size: int) -> float:
    """COPY into copies of the three tables: same columns, indexes and foreign keys (deferred,
    as Django declares them), one commit a batch."""
    from django.apps import apps
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    raw.autocommit = True
    copied = {table for table, _cols in TABLES}
    for table, _cols in TABLES:
        raw.execute(f"CREATE TABLE bench_{table} (LIKE {table} INCLUDING ALL)")
    for model in apps.get_app_config("registry").get_models():
        table = model._meta.db_table
        if table not in copied:
            continue
        for field in model._meta.concrete_fields:
            if not field.is_relation:
                continue
            target = field.related_model._meta.db_table
            target = f"bench_{target}" if target in copied else target
            raw.execute(
                f"ALTER TABLE bench_{table} ADD FOREIGN KEY ({field.column}) "
                f"REFERENCES {target} (id) DEFERRABLE INITIALLY DEFERRED"
            )
    started = time.perf_counter()
    batch: list[tuple[tuple, tuple, tuple]] = []

    def flush() -> None:
        with raw.transaction(), raw.cursor() as cursor:
            for index, (table, cols) in enumerate(TABLES):
                with cursor.copy(f"COPY bench_{table} ({cols}) FROM STDIN") as copy:
                    for rows in batch:
                        copy.write_row(rows[index])
        batch.clear()

    for rows in baseline_rows(path, state_id):
        batch.append(rows)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="salw-bench-"))
    url = setup_django(workdir)
    try:
        from django.db import connection

        user = record_keeper()
        path = workdir / "register.csv"
        generate(path, args.rows)
        size = path.stat().st_size / 1e6
        print(
            f"{connection.vendor}: {args.rows:,} rows, {size:,.0f} MB CSV, batch {args.batch_size}"
        )
        cpu = time.process_time()
        with PeakMemory() as memory:
            seconds, imported, bad = run_import(path, user, args.batch_size)
        our_cpu = time.process_time() - cpu
        ours = args.rows / seconds
        print(f"salw import : {seconds:8.1f} s {ours:10,.0f} rows/s  peak RSS "
              f"{memory.peak / 1e6:6.0f} MB (+{(memory.peak - memory.start) / 1e6:.0f} MB)  "
              f"{imported:,} imported, {bad:,} bad rows reported")  # fmt: skip
        cpu = time.process_time()
        with PeakMemory() as memory:
            if connection.vendor == "postgresql":
                seconds = baseline_postgres(path, user.state_id, args.batch_size)
                label = "COPY        "
            else:
                seconds = baseline_sqlite(path, workdir, user.state_id, args.batch_size)
                label = "executemany "
        base_cpu = time.process_time() - cpu
        base = args.rows / seconds
        print(f"{label}: {seconds:8.1f} s {base:10,.0f} rows/s  peak RSS "
              f"{memory.peak / 1e6:6.0f} MB (+{(memory.peak - memory.start) / 1e6:.0f} MB)  "
              "no validation, same file, same columns, indexes and foreign keys")  # fmt: skip
        verdict = "met" if ours >= base / 2 else "NOT met"
        print(f"ratio       : {ours / base:.2f} of the baseline's speed (goal >= 0.50: {verdict})")
        # On a shared machine wall time depends on the neighbours; this process's CPU time does
        # not (on SQLite the database work is in this process; PostgreSQL's is in the server).
        print(f"cpu seconds : salw import {our_cpu:.1f}, baseline {base_cpu:.1f} in this process "
              f"(ratio {base_cpu / our_cpu:.2f})")  # fmt: skip
    finally:
        drop_scratch(url)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
