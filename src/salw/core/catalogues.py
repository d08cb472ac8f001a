"""The translatable strings of the source and of each catalogue, without GNU gettext.

`source_msgids()` finds what `makemessages` would extract (Python calls of gettext and friends,
template tags through Django's own `templatize`), so a test can fail when a catalogue lacks one.
"""

import io
from collections.abc import Iterator
from pathlib import Path

from babel.messages.extract import extract
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation.template import templatize

KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
PACKAGE_DIR = Path(settings.SRC_DIR)


def _messages(code: str) -> Iterator[str]:
    for _lineno, message, _comments, _context in extract(
        "python", io.BytesIO(code.encode()), keywords=KEYWORDS
    ):
        # ngettext gives (singular, plural): the catalogue is keyed by the singular.
        yield message[0] if isinstance(message, tuple) else message


def _source_files() -> Iterator[Path]:
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if "migrations" in path.parts or path.suffix not in {".py", ".html", ".txt"}:
            continue
        yield path


def source_msgids() -> set[str]:
    found: set[str] = set()
    for path in _source_files():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            found.update(_messages(text))
        else:
            # In brackets, Python's tokenizer ignores the indentation that templatize keeps from
            # the template (which it would otherwise read as broken blocks).
            found.update(_messages("(\n" + templatize(text, origin=str(path)) + "\n)"))
    return found


def catalogue_path(language: str) -> Path:
    return PACKAGE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"


def catalogue(language: str) -> dict[str, str]:
    """msgid → translation (plural forms joined), fuzzy entries counted as untranslated."""
    with catalogue_path(language).open("rb") as handle:
        messages = read_po(handle)
    result = {}
    for message in messages:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        result[msgid] = "" if message.fuzzy or not all(strings) else " | ".join(strings)
    return result
