"""A real salw server for browser tests, started as `make run` starts one, on its own database."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SETUP = (["migrate", "-v0"], ["load-states"], ["seed-demo"])


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("SALW_BROWSER_REQUIRED") == "1":
            pytest.fail("Debian's chromium is required (SALW_BROWSER_REQUIRED=1) but missing")
        pytest.skip("chromium is not installed: apt-get install chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(var: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "SALW_VAR_DIR": str(var),
        "SALW_DATABASE_URL": f"sqlite:///{var / 'salw.sqlite3'}",
        "SALW_HTTPS": "0",
        "SALW_DEMO": "1",
    }
    env.pop("SALW_TEST_DATABASE_NAME", None)
    return env


def server_errors(var: Path) -> list[str]:
    """The lines of the served site's log (`var`/server.log) that tell of a server error."""
    log = (var / "server.log").read_text(encoding="utf-8", errors="replace")
    return [
        line
        for line in log.splitlines()
        if re.search(r'" 5\d\d \d+$', line) or "Traceback" in line or "Server Error" in line
    ]


@contextmanager
def served_site(var: Path, extra_steps: Sequence[Sequence[str]] = ()) -> Iterator[str]:
    """Set up a site in `var` (SQLite, States, demo personas, then `extra_steps` as salw
    commands, then static files), serve it with its log in `var`/server.log, and yield its
    address."""
    require_chromium()
    env = _environment(var)
    salw = [sys.executable, "-m", "salw"]
    for step in (*SETUP, *extra_steps, ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([*salw, *step], env=env, check=True, capture_output=True, timeout=300)
    port = _free_port()
    log = (var / "server.log").open("wb")
    server = subprocess.Popen(
        [*salw, "serve", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
