"""How far a recorded serial is from a serial read off a seized weapon, and why.

An alignment of the two strings where each difference has a cost that reflects how likely it is
on a worn or misread mark: a confusion of similar shapes (0/O/D/Q, 1/I/L, 2/Z, 5/S, 6/G, 8/B) costs
little, an unreadable character (`?`) less, a missing leading part (a prefix ground off or not
copied) little per character, any other change a full edit. The alignment is kept, so that an
officer sees which characters differ, not only a number.
"""

from dataclasses import dataclass
from enum import StrEnum

from salw.tracing.keys import UNREADABLE, confusable


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


def compare_serials(read: str, recorded: str) -> SerialComparison:
    """Align a normalised reading (with `?`) to a normalised recorded serial.

    Semi-global: a run of the record's leading characters absent from the reading is a missing
    prefix, a trailing run a missing suffix; both are cheaper than edits in the middle.
    """
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
