"""How long `salw verify-history` takes over a register of imported weapons, and its memory.

    .venv/bin/python bench/verify_history.py [--rows 100000]

Imports a generated register (as `bench/registry_import.py` does, with its batch digests), then
runs the whole verification — the hash chain and every import batch's rows recomputed against
its digests — and prints the time and peak resident memory of each step. Set SALW_DATABASE_URL
to a PostgreSQL server to measure there (a scratch database is created and dropped).
"""

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from registry_import import (  # noqa: E402 - after the path is set
    PeakMemory,
    drop_scratch,
    generate,
    record_keeper,
    run_import,
    setup_django,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="salw-bench-"))
    url = setup_django(workdir)
    try:
        from django.db import connection

        from salw.core.history_check import verify_history
        from salw.core.models import ChangeLog

        user = record_keeper()
        path = workdir / "register.csv"
        generate(path, args.rows)
        with PeakMemory() as memory:
            seconds, imported, bad = run_import(path, user, args.batch_size)
        print(f"{connection.vendor}: import {imported:,} weapons ({bad:,} bad rows) in "
              f"{seconds:.1f} s, peak RSS {memory.peak / 1e6:.0f} MB")  # fmt: skip
        with PeakMemory() as memory:
            started = time.perf_counter()
            result = verify_history()
            seconds = time.perf_counter() - started
        assert result.intact, result
        grown = (memory.peak - memory.start) / 1e6
        print(f"verify-history: {result.rows:,} change-log rows, {result.batches_checked} import "
              f"batches ({imported:,} weapons, their components and marks) in {seconds:.1f} s, "
              f"peak RSS {memory.peak / 1e6:.0f} MB (+{grown:.0f} MB)")  # fmt: skip
        print(f"change log size: {ChangeLog.objects.count():,} rows")
    finally:
        drop_scratch(url)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
