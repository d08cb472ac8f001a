"""Benchmark of the marking-match engine against two baselines, on the same synthetic registry.

    .venv/bin/python bench/trace_match.py --records 1000000 [--database postgres] [--queries 300]

Builds one State's registry of N weapons whose serials follow several manufacturers' formats
(numeric-heavy, lengths 6–14, prefixes and year codes, some Cyrillic), then runs readings
corrupted as worn marks are (1–2 confusions or unreadable characters, or a missing leading
part; half of them with the make, a quarter with the model). It prints, for the engine and for
the baselines measured in the same run — a brute-force rapidfuzz scan over all serials and, on
PostgreSQL, pg_trgm similarity — recall@1, recall@10, p50/p95 latency, index build time, index
size and peak memory.
"""

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Settings come from the environment: the bench gets a database of its own.
parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--records", type=int, default=10_000_000)
parser.add_argument("--queries", type=int, default=300)
parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/salw_bench")
parser.add_argument("--seed", type=int, default=20261127)
parser.add_argument("--keep", action="store_true", help="keep the SQLite file to inspect")
parser.add_argument(
    "--passes",
    type=int,
    default=2,
    help="time the engine's readings this many times: the first pass reads the registry from "
    "disk (a cold cache), the next ones from memory",
)
parser.add_argument(
    "--reuse",
    action="store_true",
    help="keep the registry for later runs and reuse one kept by an earlier --reuse run "
    "(same --records and --seed); the keys are rebuilt and measured every time",
)
ARGS = parser.parse_args()

# The baselines take seconds a query at ten million: they run the first readings only.
BASELINE_QUERIES = 100
WORKDIR = Path(tempfile.gettempdir()) / "salw-bench"
WORKDIR.mkdir(exist_ok=True)
os.environ["SALW_HTTPS"] = "0"
os.environ["SALW_VAR_DIR"] = str(WORKDIR)
if ARGS.database == "sqlite":
    DB_FILE = WORKDIR / f"trace-{ARGS.records}-{ARGS.seed}.sqlite3"
    if not ARGS.reuse:
        for stale in WORKDIR.glob(f"{DB_FILE.name}*"):
            stale.unlink()
    os.environ["SALW_DATABASE_URL"] = f"sqlite:///{DB_FILE}"
else:
    # A database of the benchmark's own, made anew for each run.
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(ARGS.postgres_url)
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not (ARGS.reuse and exists):
            admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
    os.environ["SALW_DATABASE_URL"] = ARGS.postgres_url
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salw.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from salw.markings.normalise import normalise_marking  # noqa: E402
from salw.registry.models import Component, Manufacturer, Marking, Weapon, WeaponModel  # noqa: E402
from salw.registry.services.loading import load_reference  # noqa: E402
from salw.states.models import State  # noqa: E402
from salw.states.services import load_states  # noqa: E402
from salw.tracing.engine import Reading, candidate_ids, match, reading_key  # noqa: E402
from salw.tracing.indexing import rebuild_keys, settle_keys  # noqa: E402
from salw.tracing.keys import CONFUSION_GROUPS  # noqa: E402
from salw.tracing.models import ReversedSerialKey, SerialKey  # noqa: E402

DIGITS = "0123456789"
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
CYRILLIC = "БГДЖЗИЛПФЦЧШЭЮЯ"

# (manufacturer name as in the reference table, model, serial format); # = digit, @ = letter,
# Ж = Cyrillic letter, YY = two-digit year.
FORMATS = [
    ("Glock", "17", "@@@###"),
    ("Kalashnikov Concern", "AK-74M", "YY######"),
    ("Kalashnikov Concern", "AKM", "ЖЖ######"),
    ("FN Herstal", "FN FAL", "########"),
    ("Beretta", "92FS", "@@#####@"),
    ("SIG Sauer", "P226", "@@######"),
    ("Heckler & Koch", "G3", "##-######"),
    ("Norinco", "Type 56", "##########"),
    ("Colt", "M4", "@@#######"),
    ("CZ", "CZ 75", "@######"),
    ("Taurus", "PT92", "@@@######"),
    ("Steyr Mannlicher", "AUG", "KEN20##-#######"),
]


def make_serial(rng: random.Random, pattern: str) -> str:
    out = []
    pattern = pattern.replace("YY", str(rng.randint(60, 99)))
    for char in pattern:
        if char == "#":
            out.append(rng.choice(DIGITS))
        elif char == "@":
            out.append(rng.choice(LETTERS))
        elif char == "Ж":
            out.append(rng.choice(CYRILLIC))
        else:
            out.append(char)
    return "".join(out)


def corrupt(rng: random.Random, serial: str) -> str:
    """A reading of a worn mark: confusions, unreadable characters or a missing leading part."""
    chars = list(normalise_marking(serial))
    kind = rng.random()
    if kind < 0.25 and len(chars) > 6:
        return "".join(chars[rng.randint(1, 3) :])
    for _ in range(rng.choice((1, 2))):
        position = rng.randrange(len(chars))
        group = next((g for g in CONFUSION_GROUPS if chars[position] in g), None)
        if group and rng.random() < 0.6:
            chars[position] = rng.choice([c for c in group if c != chars[position]])
        else:
            chars[position] = "?"
    return "".join(chars)


@dataclass
class Truth:
    weapon_id: int
    serial: str
    maker: str
    model: str


def insert_rows(model: type, rows: list[dict]) -> None:
    """Plain INSERTs with every column (defaults filled in): the fastest way the ORM's own
    tables can be filled with millions of rows for a benchmark. The rows hold values the
    drivers take as they are (ids, text, booleans, prepared dates); the defaults are prepared
    once per batch."""
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    defaults = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in fields}
    names = [f.attname for f in fields]
    values = [[row.get(name, defaults[name]) for name in names] for row in rows]
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY {model._meta.db_table} ({columns}) FROM STDIN"  # noqa: S608
            ) as copy,
        ):
            for value in values:
                copy.write_row(value)
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})",  # noqa: S608
            values,
        )


def next_id(model: type) -> int:
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1


def build_registry(rng: random.Random, state: State) -> None:
    """Insert N weapons with one marked frame each, in batches."""
    makers = {m.name: m.pk for m in Manufacturer.objects.all()}
    models = {m.name: m.pk for m in WeaponModel.objects.all()}
    now = Weapon._meta.get_field("created_at").get_db_prep_save(timezone.now(), connection)
    batch = 50_000
    weapon_id, component_id, marking_id = next_id(Weapon), next_id(Component), next_id(Marking)
    started = time.perf_counter()
    for start in range(0, ARGS.records, batch):
        size = min(batch, ARGS.records - start)
        specs = [rng.choice(FORMATS) for _ in range(size)]
        serials = [make_serial(rng, fmt) for _maker, _model, fmt in specs]
        ids = range(weapon_id, weapon_id + size)
        with transaction.atomic():
            insert_rows(
                Weapon,
                [
                    {
                        "id": wid,
                        "state_id": state.pk,
                        "category": "small_arm",
                        "weapon_type": "pistol",
                        "manufacturer_id": makers.get(maker),
                        "manufacturer_text": maker,
                        "model_id": models.get(model),
                        "model_text": model,
                        "created_at": now,
                    }
                    for wid, (maker, model, _fmt) in zip(ids, specs, strict=True)
                ],
            )
            insert_rows(
                Component,
                [
                    {
                        "id": component_id + i,
                        "state_id": state.pk,
                        "weapon_id": wid,
                        "kind": "frame",
                        "is_reference": True,
                    }
                    for i, wid in enumerate(ids)
                ],
            )
            insert_rows(
                Marking,
                [
                    {
                        "id": marking_id + i,
                        "state_id": state.pk,
                        "component_id": component_id + i,
                        "kind": "manufacture",
                        "text_as_read": serial,
                        "normalised": normalise_marking(serial),
                        "serial_key": normalise_marking(serial),
                        "serial": serial,
                        "material": "metal",
                    }
                    for i, serial in enumerate(serials)
                ],
            )
        weapon_id, component_id, marking_id = (
            weapon_id + size,
            component_id + size,
            marking_id + size,
        )
        done = start + size
        rate = done / (time.perf_counter() - started)
        print(f"\r  registry {done:,}/{ARGS.records:,} ({rate:,.0f} weapons/s)", end="")
        sys.stdout.flush()
    print()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Weapon, Component, Marking):
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                    [model._meta.db_table, next_id(model)],
                )


def sample_truths(state: State) -> list[Truth]:
    """Every k-th weapon of the registry, with its serial, make and model: the ground truth."""
    ids = Weapon.objects.filter(state=state).order_by("pk").values_list("pk", flat=True)
    first, count = ids.first(), ids.count()
    step = max(1, count // (ARGS.queries * 3))
    rows = Marking.objects.filter(
        state=state, component__weapon_id__in=range(first, first + count, step)
    ).values_list(
        "component__weapon_id",
        "text_as_read",
        "component__weapon__manufacturer_text",
        "component__weapon__model_text",
    )
    return [Truth(*row) for row in rows.order_by("component__weapon_id")]


def key_bytes() -> int:
    """Space taken by the engine's key tables (with their indexes), read from the database."""
    tables = [model._meta.db_table for model in (SerialKey, ReversedSerialKey)]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # dbstat lists every b-tree page; an index of a table is named apart from the table.
            cursor.execute(
                "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN "
                "(SELECT name FROM sqlite_master WHERE tbl_name IN (%s, %s))",
                tables,
            )
            return cursor.fetchone()[0]
        cursor.execute("SELECT pg_total_relation_size(%s) + pg_total_relation_size(%s)", tables)
        return cursor.fetchone()[0]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@dataclass
class Result:
    name: str
    at1: int = 0
    at10: int = 0
    returned: int = 0
    with_attr: int = 0
    with_attr_at10: int = 0
    times: list[float] | None = None


def report(result: Result, total: int, extra: str = "") -> None:
    times = result.times or [0.0]
    attr = f"{100 * result.with_attr_at10 / max(result.with_attr, 1):5.1f}%"
    print(
        f"{result.name:<26} recall@1 {100 * result.at1 / total:5.1f}%  "
        f"recall@10 {100 * result.at10 / total:5.1f}%  with make/model @10 {attr}  "
        f"returned {100 * result.returned / total:5.1f}%  "
        f"p50 {1000 * statistics.median(times):7.2f} ms  "
        f"p95 {1000 * percentile(times, 0.95):7.2f} ms"
        f"{extra}"
    )


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    rng = random.Random(ARGS.seed)
    print(f"salw trace-match benchmark: {ARGS.records:,} weapons on {connection.vendor}")
    call_command("migrate", verbosity=0)
    if not State.objects.exists():
        load_states()
    load_reference()
    state = State.objects.get(iso3="KEN")
    if ARGS.reuse and Weapon.objects.filter(state=state).count() == ARGS.records:
        print("  registry kept by an earlier --reuse run")
    else:
        if Weapon.objects.filter(state=state).exists():
            sys.exit("the kept registry has another size: run without --reuse")
        build_registry(rng, state)
    truths = sample_truths(state)
    rng = random.Random(ARGS.seed + 1)  # the readings do not depend on how the registry came

    started = time.perf_counter()
    indexed = rebuild_keys()  # every State's: from empty tables, as a first build
    settle_keys()
    build_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    size = key_bytes()
    print(
        f"engine index: {indexed:,} keys built in {build_seconds:.1f} s, "
        f"{size / max(indexed, 1):.1f} bytes per record"
    )

    queries = rng.sample(truths, min(ARGS.queries, len(truths)))
    readings = []
    for truth in queries:
        with_make = rng.random() < 0.5
        with_model = rng.random() < 0.25
        readings.append(
            (
                truth,
                Reading(
                    corrupt(rng, truth.serial),
                    manufacturer=truth.maker if with_make else "",
                    model=truth.model if with_model else "",
                ),
            )
        )

    engine = Result("engine", times=[])
    engine_misses: list[tuple[Truth, Reading]] = []
    for truth, reading in readings:
        started = time.perf_counter()
        found = match(state.pk, reading)
        engine.times.append(time.perf_counter() - started)
        if engine.times[-1] > 0.02 and os.environ.get("BENCH_DEBUG"):
            print(f"  slow {1000 * engine.times[-1]:.0f} ms:", reading)
        ids = [c.weapon_id for c in found]
        engine.at1 += bool(ids) and ids[0] == truth.weapon_id
        engine.at10 += truth.weapon_id in ids
        _norm, skeleton_key = reading_key(reading.serial)
        marking_ids = candidate_ids(state.pk, skeleton_key, 10)
        weapon_ids = set(
            Marking.objects.filter(pk__in=marking_ids).values_list("component__weapon", flat=True)
        )
        engine.returned += truth.weapon_id in weapon_ids
        if truth.weapon_id not in weapon_ids and os.environ.get("BENCH_DEBUG"):
            print("  missed:", truth.serial, "read as", reading.serial, "skeleton", skeleton_key)
        if reading.manufacturer or reading.model:
            engine.with_attr += 1
            engine.with_attr_at10 += truth.weapon_id in ids
            if truth.weapon_id not in ids:
                engine_misses.append((truth, reading))
    report(engine, len(readings), f"  peak {peak_mb():,.0f} MB")
    for number in range(2, ARGS.passes + 1):
        times = []
        for _truth, reading in readings:
            started = time.perf_counter()
            match(state.pk, reading)
            times.append(time.perf_counter() - started)
        print(
            f"engine, pass {number} (the same readings, their pages now cached): p50 "
            f"{1000 * statistics.median(times):.2f} ms  p95 {1000 * percentile(times, 0.95):.2f} ms"
        )
    explain_misses(state, engine_misses)

    baseline_rapidfuzz(state, readings)
    if connection.vendor == "postgresql":
        baseline_trigram(state, readings)
    if connection.vendor == "sqlite" and not (ARGS.keep or ARGS.reuse):
        connection.close()
        DB_FILE.unlink(missing_ok=True)


def explain_misses(state: State, misses: list[tuple["Truth", Reading]]) -> None:
    """For each reading with make or model whose weapon is not in the top ten: how many other
    weapons fit the reading at least as well (same cost: the reading cannot tell them apart)."""
    if not misses:
        return
    ambiguous = 0
    for truth, reading in misses:
        everything = match(state.pk, reading, limit=100_000)
        cost = next((c.cost for c in everything if c.weapon_id == truth.weapon_id), None)
        as_good = sum(
            1
            for c in everything
            if c.weapon_id != truth.weapon_id and cost is not None and c.cost <= cost + 1e-9
        )
        ambiguous += as_good >= 10
        print(
            f"  not in the top ten: {truth.serial} ({truth.maker} {truth.model}) read as "
            f"{reading.serial!r} make={reading.manufacturer!r} model={reading.model!r}: "
            f"{as_good} other weapons fit it at least as well"
        )
    print(
        f"  {ambiguous} of {len(misses)} such readings fit ten or more other weapons at least as "
        "well as the true one (no ranking can put it in the top ten except by chance)"
    )


def baseline_rapidfuzz(state: State, readings: list) -> None:
    """Brute force: every serial compared with the reading by a C implementation."""
    from rapidfuzz import fuzz, process

    started = time.perf_counter()
    rows = list(
        Marking.objects.filter(state=state).values_list("serial_key", "component__weapon_id")
    )
    serials = [serial for serial, _weapon in rows]
    weapons = [weapon for _serial, weapon in rows]
    load = time.perf_counter() - started
    result = Result("baseline rapidfuzz scan", times=[])
    for truth, reading in readings[:BASELINE_QUERIES]:
        started = time.perf_counter()
        query = reading.serial.replace("?", "")
        hits = process.extract(query, serials, scorer=fuzz.ratio, limit=10)
        result.times.append(time.perf_counter() - started)
        ids = [weapons[index] for _serial, _score, index in hits]
        result.at1 += bool(ids) and ids[0] == truth.weapon_id
        result.at10 += truth.weapon_id in ids
        result.returned += truth.weapon_id in ids
        if reading.manufacturer or reading.model:
            result.with_attr += 1
            result.with_attr_at10 += truth.weapon_id in ids
    report(
        result,
        len(result.times),
        f"  (load {load:.1f} s, {len(serials):,} serials in memory, peak {peak_mb():,.0f} MB)",
    )


def baseline_trigram(state: State, readings: list) -> None:
    """PostgreSQL pg_trgm: a GiST trigram index on the serial, nearest by similarity."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        started = time.perf_counter()
        cursor.execute("DROP INDEX IF EXISTS bench_serial_trgm")
        cursor.execute(
            "CREATE INDEX bench_serial_trgm ON registry_marking "
            "USING gist (serial_key gist_trgm_ops)"
        )
        build = time.perf_counter() - started
        cursor.execute("SELECT pg_relation_size('bench_serial_trgm')")
        size = cursor.fetchone()[0]
        result = Result("baseline pg_trgm", times=[])
        for truth, reading in readings[:BASELINE_QUERIES]:
            started = time.perf_counter()
            cursor.execute(
                "SELECT c.weapon_id FROM registry_marking m JOIN registry_component c "
                "ON c.id = m.component_id WHERE m.state_id = %s "
                "ORDER BY m.serial_key <-> %s LIMIT 10",
                [state.pk, reading.serial.replace("?", "")],
            )
            ids = [row[0] for row in cursor.fetchall()]
            result.times.append(time.perf_counter() - started)
            result.at1 += bool(ids) and ids[0] == truth.weapon_id
            result.at10 += truth.weapon_id in ids
            result.returned += truth.weapon_id in ids
            if reading.manufacturer or reading.model:
                result.with_attr += 1
                result.with_attr_at10 += truth.weapon_id in ids
        cursor.execute("DROP INDEX bench_serial_trgm")
    report(
        result,
        len(result.times),
        f"  (index built in {build:.1f} s, {size / max(ARGS.records, 1):.1f} bytes per record)",
    )


if __name__ == "__main__":
    main()
