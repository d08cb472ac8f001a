"""Normalisation of marking text, so that a mark typed, read or scanned differently still matches.

Officers copy marks from metal and polymer by eye, from photos and from foreign paperwork. The same
serial arrives as "AB-12 345", "ab12345", "АВ12345" (Cyrillic letters), "ＡＢ１２３４５"
(full-width) or with Arabic-Indic digits. `normalise_marking` folds all of them to one key,
"AB12345", which is what the registry indexes and what tracing compares.

Pure Python and dependency-free on purpose: the tracing engine and bulk imports call it millions of
times, and it must give the same answer everywhere.
"""

import re
import unicodedata
from functools import lru_cache

# Letters that look like Latin capitals in marks, read from Cyrillic or Greek stamping or
# keyboards. Only shapes that are indistinguishable on a stamped mark are folded; a Cyrillic "Ж"
# has no Latin twin and is kept, so a genuinely Cyrillic mark still compares with itself.
_LOOKALIKES = {
    # Cyrillic (upper and lower case after casefolding both map here)
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K", "М": "M",
    "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "Ү": "Y", "Ԛ": "Q", "Ԝ": "W",
    "а": "A", "в": "B", "с": "C", "е": "E", "н": "H", "і": "I", "ј": "J", "к": "K", "м": "M",
    "о": "O", "р": "P", "ѕ": "S", "т": "T", "х": "X", "у": "Y", "ү": "Y", "ԛ": "Q", "ԝ": "W",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    "α": "A", "β": "B", "ε": "E", "ζ": "Z", "η": "H", "ι": "I", "κ": "K", "μ": "M", "ν": "N",
    "ο": "O", "ρ": "P", "τ": "T", "υ": "Y", "χ": "X",
}  # fmt: skip
_LOOKALIKE_TABLE = str.maketrans(_LOOKALIKES)

_NOT_ALNUM_ASCII = re.compile(r"[^0-9A-Za-z]+")

# Wildcards of the search syntax: "?" one character, "*" any run of characters.
WILDCARDS = frozenset("?*")


def _ascii_digit(char: str) -> str:
    """Any decimal digit (Arabic-Indic, Persian, Devanagari, ...) as its ASCII digit."""
    if char.isdecimal() and not char.isascii():
        return str(unicodedata.decimal(char))
    return char


def normalise_marking(text: str) -> str:
    """The comparison key of a mark: Latin capitals and ASCII digits, without separators.

    NFKC turns full-width and compatibility forms into plain ones ("ＡＢ１" → "AB1"); look-alike
    Cyrillic and Greek letters become Latin; every decimal digit becomes ASCII; spaces, dashes,
    dots, slashes and any other punctuation are dropped, since marks are read with or without them.
    """
    if not text:
        return ""
    if text.isascii():
        # Most marks are plain ASCII: one C-level pass, same result as the general path.
        return _NOT_ALNUM_ASCII.sub("", text).upper()
    folded = unicodedata.normalize("NFKC", text).translate(_LOOKALIKE_TABLE)
    kept = []
    for char in folded:
        char = _ascii_digit(char)
        if char.isalnum():
            kept.append(char)
    return "".join(kept).upper()


# Searches repeat the same few marks; bulk imports see each serial once and call the uncached one.
normalise_marking_uncached = normalise_marking
normalise_marking = lru_cache(maxsize=65536)(normalise_marking)  # type: ignore[assignment]


def normalise_pattern(pattern: str) -> str:
    """A search pattern normalised like a mark, keeping the wildcards `?` and `*` where they are."""
    parts = re.split(r"([?*])", pattern or "")
    return "".join(part if part in WILDCARDS else normalise_marking(part) for part in parts)


def literal_prefix(pattern: str) -> str:
    """The part of a normalised pattern before its first wildcard (an index can seek on it)."""
    for index, char in enumerate(pattern):
        if char in WILDCARDS:
            return pattern[:index]
    return pattern


def prefix_upper_bound(prefix: str) -> str | None:
    """The smallest string above every string that starts with `prefix`.

    `key >= prefix AND key < bound` is a prefix search that a B-tree index answers on SQLite and
    PostgreSQL alike (LIKE 'ab%' is not indexed by SQLite when LIKE is case-insensitive, nor by
    PostgreSQL outside the C collation). Normalised keys are ASCII, so bumping the last character
    is enough. None when there is no bound (empty prefix).
    """
    if not prefix:
        return None
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def pattern_regex(pattern: str) -> str:
    """An anchored regular expression for a normalised pattern with `?` and `*`."""
    pieces = []
    for char in pattern:
        if char == "?":
            pieces.append(".")
        elif char == "*":
            pieces.append(".*")
        else:
            pieces.append(re.escape(char))
    return "^" + "".join(pieces) + "$"


# Names of makers and calibres: words matter less than letters, and some words are noise.
_NAME_NOISE = re.compile(
    r"\b(S\.?\s?A|S\.?\s?P\.?\s?A|G\.?M\.?B\.?H|INC|LTD|LLC|CO|CORP|AG|AS)\b\.?"
)


def name_key(text: str) -> str:
    """The comparison key of a maker or model name: "F.N. Herstal" and "FN HERSTAL" → "FNHERSTAL".

    Company-form suffixes ("S.A.", "GmbH", "Inc.") are dropped because officers omit them.
    """
    upper = unicodedata.normalize("NFKC", text or "").upper()
    return normalise_marking(_NAME_NOISE.sub(" ", upper))


def calibre_key(text: str) -> str:
    """The comparison key of a calibre: "7,62×39 mm", "7.62x39", "7.62 X 39MM" → "7.62X39".

    A point inside the number is kept (7.62 is not 762), a leading one is dropped (".22" is also
    written "22"); commas become points; "×" becomes "X";
    a trailing "mm" and all spaces are dropped; look-alikes and digits fold as in marks.
    """
    text = unicodedata.normalize("NFKC", text or "").translate(_LOOKALIKE_TABLE)
    text = "".join(_ascii_digit(char) for char in text).upper()
    text = text.replace(",", ".").replace("×", "X").replace("*", "X")
    text = re.sub(r"(?<=\d)\s*MM\b", "", text)
    text = re.sub(r"[^0-9A-Z.X]", "", text)
    return text.strip(".")


# Characters that are misread for one another on worn marks and in look-alike model names.
_CONFUSABLE = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "S": "5",
                             "B": "8", "Z": "2", "G": "6"})  # fmt: skip


def confusable_key(text: str) -> str:
    """A coarser key under which easily confused characters coincide (O/0, I/1, S/5, B/8, ...).

    Two different models with the same confusable key ("AK-74" and "AK-47" do not; "SKS" and
    "5K5" do) are flagged as look-alikes so the officer checks which one is meant.
    """
    return name_key(text).translate(_CONFUSABLE)
