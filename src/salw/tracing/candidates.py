"""Which recorded serials to compare with a reading: index probes on the skeleton keys.

A reading differs from the record by confusions (gone in the skeleton), unreadable characters
(`?`, known positions), a missing leading or trailing part, and now and then another edit. Each
case is one probe, a range scan on the skeleton or on its reverse, bounded by the longest literal
run at that end and refined by a pattern the database evaluates on the index itself:

- the whole serial: skeleton = reading, `?` matching any one character;
- a missing trailing part: skeleton starts with the reading;
- a missing leading part: the reverse starts with the reversed reading;
- one other edit: one half of the reading is intact (pigeonhole), so the record starts with the
  first half or ends with the second; these probes are capped and run only when the exact
  probes found too little.
"""

from dataclasses import dataclass

from salw.markings.normalise import normalise_marking, prefix_upper_bound
from salw.tracing.keys import UNREADABLE, skeleton

# A range bounded by fewer literal characters than this would scan too much of a registry.
MIN_LITERAL = 3
# A run of literal characters shorter than this, cut by a `?`, is not trusted to bound a range.
SPELL_OUT_BELOW = 6
# Every character a skeleton can hold: digits, Latin letters that are not folded into another,
# and Cyrillic letters without a Latin look-alike.
ALPHABET = "".join(
    sorted(
        {
            skeleton(normalise_marking(char))
            for char in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
        }
    )
)


@dataclass(frozen=True)
class Probe:
    column: str  # "skeleton" or "reverse"
    literals: tuple[str, ...]  # ranges `column >= literal AND column < next(literal)`
    pattern: str  # `?` one character, `*` any run
    reason: str
    cap: int | None = None  # at most this many rows (the loose probes)

    def ranges(self) -> list[tuple[str, str | None]]:
        return [(literal, prefix_upper_bound(literal)) for literal in self.literals]


def _literal_run(key: str) -> str:
    """The characters before the first unreadable one."""
    index = key.find(UNREADABLE)
    return key if index < 0 else key[:index]


def range_literals(key: str, minimum: int = MIN_LITERAL) -> tuple[str, ...]:
    """Literal prefixes that bound a range scan for `key` (a pattern with `?`).

    The run before the first `?` when it is long; when it is short, the run through the `?`
    with every possible character in its place (one narrow range each, instead of one wide
    one). A short run can be a prefix that thousands of serials share (a maker's "KEN20"), so
    it is spelt out whenever characters follow the `?`.
    """
    head = _literal_run(key)
    if len(head) == len(key):
        return (head,) if head else ()
    rest = _literal_run(key[len(head) + 1 :])
    if len(head) >= SPELL_OUT_BELOW or (len(head) >= minimum and not rest):
        return (head,)
    if len(head) + 1 + len(rest) < minimum:
        return ()
    return tuple(head + char + rest for char in ALPHABET)


def plan_probes(reading: str) -> list[Probe]:
    """The exact probes for a reading's skeleton (with `?`), from both ends."""
    reverse = reading[::-1]
    probes = []
    if literals := range_literals(reading):
        probes.append(Probe("skeleton", literals, reading + "*", "whole or missing end"))
    if literals := range_literals(reverse):
        probes.append(Probe("reverse", literals, reverse + "*", "whole or missing start"))
    return probes


def plan_loose_probes(reading: str, cap: int) -> list[Probe]:
    """Probes for one edit that is not a confusion: one half of the reading is intact."""
    half = len(reading) // 2
    first, second = reading[:half], reading[half:][::-1]
    probes = []
    if literals := range_literals(first):
        probes.append(Probe("skeleton", literals, first + "*", "one other difference", cap))
    if literals := range_literals(second):
        probes.append(Probe("reverse", literals, second + "*", "one other difference", cap))
    return probes
