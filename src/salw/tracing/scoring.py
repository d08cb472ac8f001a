"""How far a recorded serial is from a serial read off a seized weapon, and why.

An alignment of the two strings where each difference has a cost that reflects how likely it is
on a worn or misread mark: a confusion of similar shapes (0/O/D/Q, 1/I/L, 2/Z, 5/S, 6/G, 8/B) costs
little, an unreadable character (`?`) less, a missing leading part (a prefix ground off or not
copied) little per character, any other change a full edit. The alignment is kept, so that an
officer sees which characters differ, not only a number.
"""

import math
from dataclasses import dataclass
from enum import StrEnum

from salw.tracing.keys import REPRESENTATIVE, UNREADABLE, confusable


class Difference(StrEnum):
    CONFUSION = "confusion"
    UNREADABLE = "unreadable"
    SUBSTITUTION = "substitution"
    EXTRA = "extra"  # a character read that the record does not have
    MISSING = "missing"  # a character of the record that the reading lacks
    MISSING_PREFIX = "missing_prefix"
    MISSING_SUFFIX = "missing_suffix"


COSTS = {
    Difference.CONFUSION: 0.25,
    Difference.UNREADABLE: 0.1,
    Difference.SUBSTITUTION: 1.0,
    Difference.EXTRA: 1.0,
    Difference.MISSING: 1.0,
    Difference.MISSING_PREFIX: 0.15,
    Difference.MISSING_SUFFIX: 0.3,
}


@dataclass(frozen=True)
class CharDifference:
    kind: Difference
    position: int  # in the recorded serial
    read: str  # the character read ("" when the reading lacks it)
    recorded: str  # the character on record ("" when the record lacks it)


@dataclass(frozen=True)
class SerialComparison:
    cost: float
    differences: tuple[CharDifference, ...]

    @property
    def exact(self) -> bool:
        return not self.differences


def _substitution(read: str, recorded: str) -> Difference | None:
    if read == recorded:
        return None
    if read == UNREADABLE:
        return Difference.UNREADABLE
    if confusable(read, recorded):
        return Difference.CONFUSION
    return Difference.SUBSTITUTION


def best_shift(read: str, recorded: str) -> tuple[float, int] | None:
    """The cheapest alignment without an inserted or deleted character: the reading laid on the
    record at some offset, the record's characters before it a missing prefix and after it a
    missing suffix. (cost, offset), or None if the reading is longer than the record.

    On the hot path (a thousand candidates for a short reading): the costs are inlined.
    """
    n, m = len(read), len(recorded)
    if n == 0 or n > m:
        return None
    prefix, suffix = COSTS[Difference.MISSING_PREFIX], COSTS[Difference.MISSING_SUFFIX]
    unreadable, confusion = COSTS[Difference.UNREADABLE], COSTS[Difference.CONFUSION]
    other = COSTS[Difference.SUBSTITUTION]
    group = REPRESENTATIVE.get
    best_cost, best_shift_at = math.inf, -1
    for shift in range(m - n, -1, -1):  # on a tie, the longer prefix, as the full alignment does
        total = shift * prefix + (m - n - shift) * suffix
        for a, b in zip(read, recorded[shift : shift + n], strict=True):
            if a == b:
                continue
            if a == UNREADABLE:
                total += unreadable
            elif group(a, a) == group(b, b):
                total += confusion
            else:
                total += other
            if total >= best_cost:
                break
        if total < best_cost:
            best_cost, best_shift_at = total, shift
    return best_cost, best_shift_at


def shift_if_optimal(read: str, recorded: str) -> tuple[float, int] | None:
    """`best_shift` when it costs less than one edit, which makes it the optimum (an inserted or
    deleted character costs a full edit); None when only the full alignment can tell."""
    shifted = best_shift(read, recorded)
    return shifted if shifted is not None and shifted[0] < COSTS[Difference.EXTRA] else None


def shift_comparison(read: str, recorded: str, cost: float, shift: int) -> SerialComparison:
    n = len(read)
    differences = [
        CharDifference(Difference.MISSING_PREFIX, j, "", recorded[j]) for j in range(shift)
    ]
    for offset, (a, b) in enumerate(zip(read, recorded[shift : shift + n], strict=True)):
        if kind := _substitution(a, b):
            differences.append(CharDifference(kind, shift + offset, a, b))
    differences += [
        CharDifference(Difference.MISSING_SUFFIX, j, "", recorded[j])
        for j in range(shift + n, len(recorded))
    ]
    return SerialComparison(round(cost, 4), tuple(differences))


def compare_serials(read: str, recorded: str) -> SerialComparison:
    """Align a normalised reading (with `?`) to a normalised recorded serial.

    Semi-global: a run of the record's leading characters absent from the reading is a missing
    prefix, a trailing run a missing suffix; both are cheaper than edits in the middle.

    Most candidates differ from the reading by cheap differences only. When laying the reading
    on the record at the best offset costs less than one edit, no alignment with an inserted or
    deleted character (a full edit each) can be cheaper, so that is the answer, found in linear
    time; otherwise the full alignment (dynamic programming) decides.
    """
    if (shifted := shift_if_optimal(read, recorded)) is not None:
        return shift_comparison(read, recorded, *shifted)
    return full_alignment(read, recorded)


def full_alignment(read: str, recorded: str) -> SerialComparison:
    n, m = len(read), len(recorded)
    inf = float("inf")
    # cost[i][j]: best cost of aligning read[:i] with recorded[:j]; state 0 = still in the
    # leading run that may be skipped as a missing prefix.
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, Difference | None] | None]] = [
        [None] * (m + 1) for _ in range(n + 1)
    ]
    cost[0][0] = 0.0
    for j in range(1, m + 1):
        cost[0][j] = j * COSTS[Difference.MISSING_PREFIX]
        back[0][j] = (0, j - 1, Difference.MISSING_PREFIX)
    for i in range(1, n + 1):
        cost[i][0] = i * COSTS[Difference.EXTRA]
        back[i][0] = (i - 1, 0, Difference.EXTRA)
        for j in range(1, m + 1):
            kind = _substitution(read[i - 1], recorded[j - 1])
            best = cost[i - 1][j - 1] + (COSTS[kind] if kind else 0.0)
            step: tuple[int, int, Difference | None] = (i - 1, j - 1, kind)
            extra = cost[i - 1][j] + COSTS[Difference.EXTRA]
            if extra < best:
                best, step = extra, (i - 1, j, Difference.EXTRA)
            missing = cost[i][j - 1] + COSTS[Difference.MISSING]
            if missing < best:
                best, step = missing, (i, j - 1, Difference.MISSING)
            cost[i][j] = best
            back[i][j] = step
    # A trailing run of the record may be missing from the reading.
    end_j = min(
        range(m + 1),
        key=lambda j: (cost[n][j] + (m - j) * COSTS[Difference.MISSING_SUFFIX], -j),
    )
    total = cost[n][end_j] + (m - end_j) * COSTS[Difference.MISSING_SUFFIX]
    differences = [
        CharDifference(Difference.MISSING_SUFFIX, j, "", recorded[j]) for j in range(end_j, m)
    ]
    i, j = n, end_j
    while (i, j) != (0, 0):
        step = back[i][j]
        assert step is not None  # noqa: S101 - every reachable cell has a predecessor
        pi, pj, kind = step
        if kind is not None:
            differences.append(
                CharDifference(
                    kind,
                    pj if kind != Difference.EXTRA else j,
                    read[pi] if pi < i else "",
                    recorded[pj] if pj < j else "",
                )
            )
        i, j = pi, pj
    differences.sort(key=lambda d: d.position)
    return SerialComparison(round(total, 4), tuple(differences))
