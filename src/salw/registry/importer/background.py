"""Imports started from the web page: the file kept under var/, the work done in a thread.

The page answers at once and shows the progress (`ImportRun` counters); the import itself is the
same resumable service as the command's. If the server stops, the page offers to resume.
"""

import hashlib
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection
from django.utils import translation

from salw.core.context import Actor, acting_as
from salw.registry.importer.run import ImportTakenOver, continue_import
from salw.registry.models import ImportRun, ImportStatus
from salw.registry.services.access import editable

# Runs being worked on by this process (a page in another process may offer a resume; the
# checkpoint lock makes the second worker stop at once).
RUNNING: set[int] = set()


def upload_dir() -> Path:
    return Path(settings.VAR_DIR) / "registry-imports"


def stored_path(run: ImportRun) -> Path:
    return upload_dir() / f"{run.file_sha256}{Path(run.file_name).suffix.lower()}"


def store_upload(uploaded: UploadedFile) -> Path:
    """Write the upload to var/ in chunks, named by its SHA-256 (a re-upload finds its run)."""
    directory = upload_dir()
    directory.mkdir(parents=True, exist_ok=True)
    suffix = Path(uploaded.name or "").suffix.lower()
    partial = directory / f"upload-{threading.get_ident()}{suffix}.part"
    digest = hashlib.sha256()
    with partial.open("wb") as handle:
        for chunk in uploaded.chunks():
            digest.update(chunk)
            handle.write(chunk)
    final = directory / f"{digest.hexdigest()}{suffix}"
    partial.replace(final)
    return final


def discard_refused(path: Path) -> None:
    """Remove a stored upload that was refused, unless a run (being resumed) still reads it:
    a refused file leaves nothing behind, on disk as in the database."""
    if not ImportRun.objects.filter(file_sha256=path.stem).exists():
        path.unlink(missing_ok=True)


def _work(run_id: int, user_id: int, label: str, language: str) -> None:
    try:
        with acting_as(Actor(user_id=user_id, label=label)):
            run = ImportRun.objects.get(pk=run_id)
            continue_import(run, stored_path(run), language=language)
    except ImportTakenOver:
        pass
    finally:
        RUNNING.discard(run_id)


def _work_in_thread(run_id: int, user_id: int, label: str, language: str) -> None:
    try:
        _work(run_id, user_id, label, language)
    finally:
        connection.close()  # the thread's own connection


def start(run: ImportRun, user: Any) -> None:
    """Continue the run in a thread (or at once when REGISTRY_IMPORT_IN_BACKGROUND is off)."""
    if run.pk in RUNNING:
        return
    RUNNING.add(run.pk)
    label = f"registry import {run.file_name} ({user})"
    # The bad rows are reported in the language of the page that started (or resumed) the run.
    language = translation.get_language() or settings.LANGUAGE_CODE
    if getattr(settings, "REGISTRY_IMPORT_IN_BACKGROUND", True):
        arguments = (run.pk, user.pk, label, language)
        threading.Thread(target=_work_in_thread, args=arguments, daemon=True).start()
    else:
        _work(run.pk, user.pk, label, language)


def resume(run: ImportRun, user: Any) -> bool:
    """Resume a stopped run of the user's own State (the write rule is checked here, as for
    every write of the register); False when there is nothing left to resume."""
    run = editable(run, user)
    if run.status != ImportStatus.RUNNING or not stored_path(run).exists():
        return False
    start(run, user)
    return True
