"""The keys a worn or misread serial is looked up by.

A mark read off worn metal or a photo confuses characters of similar shape. The skeleton key maps
each group of confusable characters to one representative, so that "K7D3O1", "K7031" read as
"K70301" and "K7Q3O1" share one key; a B-tree index on the key and on its reverse (for serials
whose leading part is missing) then finds candidates by range scans on SQLite and PostgreSQL.
"""

from salw.markings.normalise import normalise_pattern

# Characters read for one another on worn marks and in OCR (the first is the representative).
# Cyrillic letters that look like Latin ones are Latin already (`normalise_marking`); "З" has no
# Latin twin but is the digit 3 on worn or handwritten marks. A change here changes the stored
# keys: a data migration rebuilds those it touches (see tracing migration 0010).
CONFUSION_GROUPS = ("0ODQ", "1IL", "2Z", "3З", "5S", "6G", "8B")
REPRESENTATIVE = {char: group[0] for group in CONFUSION_GROUPS for char in group}
_SKELETON_TABLE = str.maketrans(REPRESENTATIVE)
UNREADABLE = "?"


def confusable(a: str, b: str) -> bool:
    """True if two different characters are in one confusion group."""
    return a != b and REPRESENTATIVE.get(a, a) == REPRESENTATIVE.get(b, b)


def skeleton(normalised: str) -> str:
    """The skeleton of an already normalised mark or pattern (`?` stays a wildcard)."""
    return normalised.translate(_SKELETON_TABLE)


def query_skeleton(serial_as_read: str) -> str:
    """A query serial as typed by an officer: normalised, `?` kept, then reduced to a skeleton.

    `*` has no place in a serial read off a weapon: the engine handles a missing leading or
    trailing part itself, so a `*` is read as "unreadable" rather than "anything".
    """
    return skeleton(normalise_pattern(serial_as_read).replace("*", UNREADABLE))
