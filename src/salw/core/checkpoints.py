"""Signed checkpoints of the change log, kept outside the database.

The hash chain shows a row changed or removed in the middle of the log, but someone who can
write the database can also cut off its newest rows and leave a shorter, valid chain. A
checkpoint — the number of rows, the newest row's id and hash, and the time — signed with the
installation's Ed25519 key and kept elsewhere (a file, an e-mail) fixes the log's length and
head at that moment: a later log with fewer rows, or whose row at that position hashes
differently, was cut or rewritten.
"""

import base64
import binascii
import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

FORMAT = "salw-history-checkpoint/1"
MAX_CHECKPOINT_BYTES = 64 * 1024  # a checkpoint is a few hundred bytes; refuse anything large


class CheckpointError(Exception):
    """A checkpoint file that cannot be read or whose signature does not hold (translated)."""


@dataclass(frozen=True)
class Checkpoint:
    """The change log's length and head at one moment, as signed."""

    rows: int
    head_id: int | None
    head: str
    time: str

    def signed_bytes(self) -> bytes:
        return json.dumps(
            {"format": FORMAT, **asdict(self)}, sort_keys=True, separators=(",", ":")
        ).encode()


def _load_key(text: str) -> Ed25519PrivateKey:
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the history key must be an Ed25519 key")
        return key
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(text, validate=True))


def signing_key() -> Ed25519PrivateKey:
    """The installation's key: SALW_HISTORY_KEY, else the key file, made on first use with
    permissions for its owner only."""
    if settings.HISTORY_KEY:
        return _load_key(settings.HISTORY_KEY)
    path: Path = settings.HISTORY_KEY_FILE
    if path.exists():
        return _load_key(path.read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        # O_EXCL: two verifications starting together never overwrite each other's key.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _load_key(path.read_text())
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return key


def public_key_text() -> str:
    """The public half, base64: publish it, or compare it with the one in a mailed checkpoint."""
    raw = (
        signing_key()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return base64.b64encode(raw).decode()


def make_checkpoint(rows: int, head_id: int | None, head: str) -> dict[str, object]:
    """A signed checkpoint, as the JSON document that is written and mailed."""
    checkpoint = Checkpoint(rows, head_id, head, timezone.now().isoformat())
    signature = signing_key().sign(checkpoint.signed_bytes())
    return {
        "format": FORMAT,
        **asdict(checkpoint),
        "public_key": public_key_text(),
        "signature": base64.b64encode(signature).decode(),
    }


def checkpoint_text(document: dict[str, object]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_checkpoint(document: dict[str, object], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(checkpoint_text(document), encoding="utf-8")
    temporary.replace(path)  # a reader never sees half a checkpoint


def keep_checkpoint(document: dict[str, object]) -> Path:
    """The copy every verification leaves in the checkpoint directory, named by its time."""
    stamp = datetime.fromisoformat(str(document["time"])).strftime("%Y%m%dT%H%M%S%fZ")
    path = settings.HISTORY_CHECKPOINT_DIR / f"checkpoint-{stamp}.json"
    write_checkpoint(document, path)
    return path


def mail_checkpoint(document: dict[str, object]) -> list[str]:
    """Send the checkpoint to the configured addresses; returns them."""
    recipients: list[str] = list(settings.HISTORY_CHECKPOINT_EMAIL)
    if not recipients:
        return []
    rows = int(str(document["rows"]))
    subject = ngettext(
        "salw history checkpoint: %(rows)s change log row",
        "salw history checkpoint: %(rows)s change log rows",
        rows,
    ) % {"rows": rows}
    body = _(
        "Keep this message: it proves how long the change log was at %(time)s. "
        "Save the part below as a file and run “salw verify-history --checkpoint FILE” to check "
        "that no row was removed since."
    ) % {"time": document["time"]}
    send_mail(
        subject, body + "\n\n" + checkpoint_text(document), None, recipients, fail_silently=False
    )
    return recipients


def read_checkpoint(path: Path) -> Checkpoint:
    """The checkpoint in `path`, its signature checked against this installation's key."""
    name = str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CHECKPOINT_BYTES + 1)
    except OSError as error:
        raise CheckpointError(
            _("Cannot read the checkpoint file %(file)s: %(reason)s.")
            % {"file": name, "reason": error.strerror or error}
        ) from error
    try:
        if len(raw) > MAX_CHECKPOINT_BYTES:
            raise ValueError
        document = json.loads(raw.decode("utf-8"))
        if document.get("format") != FORMAT:
            raise ValueError
        checkpoint = Checkpoint(
            rows=int(document["rows"]),
            head_id=None if document["head_id"] is None else int(document["head_id"]),
            head=str(document["head"]),
            time=str(document["time"]),
        )
        signature = base64.b64decode(str(document["signature"]), validate=True)
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as error:
        raise CheckpointError(
            _("%(file)s is not a salw history checkpoint.") % {"file": name}
        ) from error
    try:
        signing_key().public_key().verify(signature, checkpoint.signed_bytes())
    except InvalidSignature as error:
        raise CheckpointError(
            _(
                "The checkpoint %(file)s was not signed by this installation's key: it was "
                "forged or altered, or comes from another installation."
            )
            % {"file": name}
        ) from error
    return checkpoint
