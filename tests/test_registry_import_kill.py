"""Done-when: an import killed with SIGKILL half-way and rerun ends with exactly the expected rows.

Runs the real `salw` command in a child process on its own SQLite file, kills it with SIGKILL
once some batches are committed, runs it again, and counts what the database holds.
"""

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROWS, BAD_EVERY = 40_000, 97


def _salw(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "salw", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )


def _rows_read(database: Path) -> int:
    try:
        with sqlite3.connect(database, timeout=5) as db:
            row = db.execute("SELECT rows_read FROM registry_importrun").fetchone()
    except sqlite3.OperationalError:
        return 0
    return row[0] if row else 0


def test_sigkill_half_way_then_rerun(tmp_path: Path) -> None:
    database = tmp_path / "kill.sqlite3"
    env = {
        **os.environ,
        "SALW_DATABASE_URL": f"sqlite:///{database}",
        "SALW_DEMO": "1",
        "SALW_HTTPS": "0",
    }
    _salw(env, "migrate", "--verbosity", "0")
    _salw(env, "load-states")
    _salw(env, "seed-demo")
    source = tmp_path / "register.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_number", "weapon_type", "serial", "year_of_manufacture"])
        for n in range(1, ROWS + 1):
            year = "19X9" if n % BAD_EVERY == 0 else "1999"
            writer.writerow([f"R{n}", "rifle", f"S{n}", year])
    command = [sys.executable, "-m", "salw", "registry", "import", str(source)]
    command += ["--batch-size", "500", "--no-progress", "--as", "kenya.records"]
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while _rows_read(database) < 2000 and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    assert child.poll() is None, "the import finished before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.wait()
    killed_at = _rows_read(database)
    assert 0 < killed_at < ROWS
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    bad = ROWS // BAD_EVERY
    with sqlite3.connect(database) as db:
        # Only the imported rows: seed-demo registers a few demo weapons ("DEMO-...") too.
        weapons, distinct = db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT source_ref) FROM registry_weapon "
            "WHERE source_ref NOT LIKE 'DEMO-%'"
        ).fetchone()
        marks = db.execute(
            "SELECT COUNT(*) FROM registry_marking m JOIN registry_component c "
            "ON c.id = m.component_id JOIN registry_weapon w ON w.id = c.weapon_id "
            "WHERE w.source_ref NOT LIKE 'DEMO-%'"
        ).fetchone()[0]
        problems = db.execute("SELECT COUNT(*) FROM registry_importproblem").fetchone()[0]
        # Every mark keyed for tracing once, those the killed run left pending included.
        all_marks = db.execute("SELECT COUNT(*) FROM registry_marking").fetchone()[0]
        keys = [
            db.execute(f"SELECT COUNT(*), COUNT(DISTINCT marking_id) FROM {table}").fetchone()
            for table in ("tracing_serialkey", "tracing_reversedserialkey")
        ]
    assert weapons == distinct == marks == ROWS - bad
    assert problems == bad
    assert keys == [(all_marks, all_marks)] * 2
    bad_rows = (tmp_path / "register.csv.bad-rows.csv").read_text().splitlines()
    assert len(bad_rows) == bad + 1
    assert bad_rows[1].startswith(f"{BAD_EVERY + 1},Year of manufacture,19X9,")
    assert f"{ROWS} rows read, {ROWS - bad} imported, {bad} bad rows" in result.stdout
