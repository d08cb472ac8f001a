"""Text that is what it looks like: one rule for hidden characters, used by every door.

A serial is compared, searched and traced by what it says; a NUL byte, a right-to-left override
(U+202E makes "AB‮321" display as "AB123") or a zero-width space makes a mark that looks like
another one and is not. Such characters are refused in identifiers (serials, marks, record
numbers: `hidden_character`), and silently removed where they only cost a tidy string (names and
free text: `clean_text`).
"""

import re
import sys
import unicodedata
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Control (Cc), format (Cf: direction controls, zero-width characters, soft hyphen, BOM), line and
# paragraph separators (Zl, Zp), private use (Co), surrogates (Cs) and unassigned code points (Cn).
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"})
# Joiners shape Arabic, Persian and Indic words ("می‌خواهم" needs its ZWNJ): kept in names.
_JOINERS = frozenset({"\u200c", "\u200d"})
_FREE_TEXT_CONTROLS = frozenset({"\n", "\t"})
# What word processors write for a break inside a paragraph (Word's Shift+Enter is U+000B; also
# form feed, NEL and the Unicode line and paragraph separators). Removing one would join two
# words ("Wanjiru\x0bKamau" → "WanjiruKamau"): it becomes a space, or a line break in free text.
# The spaces around such a break go with it, so "Colt’s\x0b Manufacturing" keeps one space.
_LINE_BREAK_LOOKALIKES = re.compile("[ \t]*[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+[ \t]*")


def soften_line_breaks(text: str, replacement: str = " ") -> str:
    """`text` with a word processor's in-paragraph breaks made `replacement` (a space or "\n")."""
    return _LINE_BREAK_LOOKALIKES.sub(replacement, text)


def hidden_character(text: str) -> tuple[int, str] | None:
    """The first character that does not show as itself, as (1-based position, "U+202E"), or
    None. Checked at C speed (imports call this for every identifier of every row): printable
    ASCII in one pass, other text with one search for any character of the hidden categories."""
    if text.isascii() and text.isprintable():
        return None
    found = _hidden_pattern().search(text)
    return None if found is None else (found.start() + 1, f"U+{ord(found.group()):04X}")


@lru_cache(maxsize=1)
def _hidden_pattern() -> re.Pattern[str]:
    """A character class of every code point in HIDDEN_CATEGORIES, by this Python's Unicode
    tables (built once, on the first text that is not printable ASCII: about 0.1 s)."""
    runs: list[list[int]] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code)) in HIDDEN_CATEGORIES:
            if runs and runs[-1][1] == code - 1:
                runs[-1][1] = code
            else:
                runs.append([code, code])
    return re.compile("[" + "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in runs) + "]")


def clean_text(text: str, *, multiline: bool = False) -> str:
    """Names and free text as NFC, trimmed, without hidden characters (line breaks and tabs kept
    when `multiline`, Windows line ends made plain; joiners always kept)."""
    if not text:
        return ""
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not (text.isascii() and text.isprintable()):
        text = soften_line_breaks(text, "\n" if multiline else " ")
        keep = _JOINERS | (_FREE_TEXT_CONTROLS if multiline else frozenset())
        text = "".join(
            char
            for char in text
            if char in keep or unicodedata.category(char) not in HIDDEN_CATEGORIES
        )
    return unicodedata.normalize("NFC", text).strip()


def hidden_character_reason(text: str) -> str | None:
    """Why an identifier is refused (a bad-row reason), or None when it shows as itself."""
    found = hidden_character(text)
    if found is None:
        return None
    position, code = found
    return _("contains a hidden or control character (%(code)s at position %(position)s)") % {
        "code": code,
        "position": position,
    }


def hidden_character_error(text: str) -> str | None:
    """The field error for an identifier that holds a hidden character, or None."""
    found = hidden_character(text)
    if found is None:
        return None
    position, code = found
    return _(
        "This contains a hidden or control character (%(code)s at position %(position)s); "
        "type it again without it."
    ) % {"code": code, "position": position}


def check_identifier(text: str, field: str) -> str:
    """The identifier (serial, mark, record number) trimmed; ValidationError on `field` when it
    holds a hidden character. Services call this; imports use `hidden_character_reason`."""
    if error := hidden_character_error(text):
        raise ValidationError({field: error})
    return text.strip()


def show_hidden(text: str) -> str:
    """The text with each hidden character written as "<U+202E>": how a refused value is kept
    and echoed (PostgreSQL cannot store NUL, and an echoed override would hide itself again)."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(
        f"<U+{ord(char):04X}>" if unicodedata.category(char) in HIDDEN_CATEGORIES else char
        for char in text
    )
