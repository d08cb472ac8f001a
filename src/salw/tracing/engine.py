"""The marking-match engine: rank a State's recorded weapons against a weapon as seen.

A worn numeric serial alone is often ambiguous (with ten million 8-digit serials, hundreds lie
within two edits of a reading), so the serial's alignment cost is combined with the agreement of
what else was seen: manufacturer, model, calibre, country and year of manufacture. Every
candidate carries its score and why: which characters differ, which attributes agree.
"""

import math
from dataclasses import dataclass, field

from django.db import connection

from salw.markings.normalise import normalise_pattern
from salw.registry.models import Component, Marking, Weapon
from salw.tracing.candidates import Probe, plan_loose_probes, plan_probes
from salw.tracing.keys import UNREADABLE, skeleton
from salw.tracing.models import ReversedSerialKey, SerialKey
from salw.tracing.reference_cache import reference_ids, reference_names
from salw.tracing.scoring import (
    COSTS,
    Difference,
    SerialComparison,
    full_alignment,
    shift_comparison,
    shift_if_optimal,
)

EXACT_PROBE_ROWS = 2000
LOOSE_PROBE_ROWS = 400

# What an agreeing (negative) or disagreeing (positive) attribute adds to the serial's cost.
# A reading that names the maker agrees with the right weapon far more often than not; a
# calibre is rarely misread; a year or country is often missing from the reading (None).
ATTRIBUTE_WEIGHTS = {
    "manufacturer": (-0.8, 1.0),
    "model": (-0.5, 0.6),
    "calibre": (-0.3, 0.8),
    "country": (-0.2, 0.5),
    "year": (-0.2, 0.3),
}


@dataclass(frozen=True)
class Reading:
    """A weapon as seen by the officer who found or seized it."""

    serial: str
    manufacturer: str = ""
    model: str = ""
    calibre: str = ""
    country: str = ""  # ISO alpha-3
    year: int | None = None


@dataclass(frozen=True)
class AttributeCheck:
    name: str
    read: str
    recorded: str
    agrees: bool


@dataclass
class Candidate:
    marking_id: int
    weapon_id: int | None
    serial_recorded: str
    comparison: SerialComparison
    attributes: list[AttributeCheck] = field(default_factory=list)
    cost: float = 0.0

    @property
    def score(self) -> int:
        """0–100: 100 for an exact serial, falling with the serial's cost and with each attribute
        that disagrees (agreeing attributes rank a candidate higher but do not hide a worn
        serial)."""
        penalty = sum(
            ATTRIBUTE_WEIGHTS[check.name][1] for check in self.attributes if not check.agrees
        )
        return round(100 * math.exp(-(self.comparison.cost + penalty) / 1.5))


def reading_key(serial: str) -> tuple[str, str]:
    """The normalised reading (with `?`) and its skeleton."""
    normalised = normalise_pattern(serial).replace("*", UNREADABLE)
    return normalised, skeleton(normalised)


KEY_TABLES = {"skeleton": SerialKey, "reverse": ReversedSerialKey}


def _run(probe: Probe, state_id: int, limit: int) -> list[tuple[int, str]]:
    """One statement per probe: a seek on (state, key) for each range, then the pattern; gives
    (mark id, skeleton) pairs.

    Written as SQL because this is the hot path: building the same filter through the ORM costs
    more than running it. The ranges are a UNION ALL of seeks, since planners merge OR-ed ranges
    into one wide scan.
    """
    table = KEY_TABLES[probe.column]._meta.db_table
    column = connection.ops.quote_name(probe.column)
    if connection.vendor == "sqlite":
        # The unary plus keeps SQLite from bounding the scan by the pattern's own (shorter)
        # literal prefix instead of the probe's range.
        pattern_sql, pattern = f"+{column} GLOB %s", probe.pattern
    else:
        pattern_sql = f"{column} LIKE %s"
        pattern = probe.pattern.replace("?", "_").replace("*", "%")
    ranges = probe.ranges()
    cap = min(limit, probe.cap or limit)
    if connection.vendor == "postgresql" and all(high is not None for _low, high in ranges):
        # One seek per range from arrays: planning forty-odd UNION ALL branches would cost
        # PostgreSQL more than running them. The inner LIMIT keeps each seek a seek.
        sql = (
            f"SELECT k.marking_id, k.{column} FROM unnest(%s::text[], %s::text[]) AS r(low, high) "  # noqa: S608
            f"CROSS JOIN LATERAL (SELECT marking_id, {column} FROM {table} WHERE state_id = %s "
            f"AND {column} >= r.low AND {column} < r.high AND {pattern_sql} LIMIT %s) k LIMIT %s"
        )
        lows, highs = [low for low, _high in ranges], [high for _low, high in ranges]
        return _fetch(probe, sql, [lows, highs, state_id, pattern, cap, cap])
    seeks, params = [], []
    for low, high in ranges:
        upper = f" AND {column} < %s" if high is not None else ""
        # Identifiers come from the model; every value is a parameter.
        seeks.append(
            f"SELECT marking_id, {column} FROM {table} WHERE state_id = %s "  # noqa: S608
            f"AND {column} >= %s{upper} AND {pattern_sql}"
        )
        params += [state_id, low, *([high] if high is not None else []), pattern]
    return _fetch(probe, " UNION ALL ".join(seeks) + " LIMIT %s", [*params, cap])


def _fetch(probe: Probe, sql: str, params: list) -> list[tuple[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if probe.column == "reverse":
        return [(marking_id, key[::-1]) for marking_id, key in rows]
    return rows


def _within_one_edit(reading: str, key: str) -> bool:
    """True if the skeletons differ by at most one edit (`?` in the reading matches anything)."""
    if abs(len(reading) - len(key)) > 1:
        return False
    i = j = edits = 0
    while i < len(reading) and j < len(key):
        if reading[i] == key[j] or reading[i] == UNREADABLE:
            i, j = i + 1, j + 1
            continue
        edits += 1
        if edits > 1:
            return False
        if len(reading) > len(key):
            i += 1
        elif len(reading) < len(key):
            j += 1
        else:
            i, j = i + 1, j + 1
    return edits + (len(reading) - i) + (len(key) - j) <= 1


def candidate_ids(state_id: int, reading_skeleton: str, limit: int) -> list[int]:
    """Marks to compare: the exact probes, then — only if they found nothing — the loose ones."""
    found: dict[int, None] = {}
    for probe in plan_probes(reading_skeleton):
        found.update(
            (marking_id, None) for marking_id, _key in _run(probe, state_id, EXACT_PROBE_ROWS)
        )
    if found:
        return list(found)
    for probe in plan_loose_probes(reading_skeleton, LOOSE_PROBE_ROWS):
        found.update(
            (marking_id, None)
            for marking_id, key in _run(probe, state_id, LOOSE_PROBE_ROWS)
            if _within_one_edit(reading_skeleton, key)
        )
    return list(found)


@dataclass(frozen=True)
class ResolvedReading:
    """The reading's make, model and calibre found once in the reference tables."""

    reading: Reading
    manufacturer_id: int | None
    model_id: int | None
    calibre_id: int | None

    @classmethod
    def of(cls, reading: Reading) -> "ResolvedReading":
        return cls(reading, *reference_ids(reading.manufacturer, reading.model, reading.calibre))


@dataclass(frozen=True)
class Recorded:
    """What the registry holds about a candidate mark's weapon, fetched in one statement."""

    marking_id: int
    weapon_id: int | None
    serial: str
    manufacturer_id: int | None
    model_id: int | None
    calibre_id: int | None
    country: str
    year: int | None
    manufacturer: str
    model: str
    calibre: str


def _recorded(ids: list[int]) -> list[Recorded]:
    """The candidates' marks with their weapons' attributes and reference names.

    One plain statement: on the hot path, the ORM's compiling of a five-table select_related
    costs more than running it; the reference tables' names come from a per-process cache.
    """
    if not ids:
        return []
    table = {model: model._meta.db_table for model in (Marking, Component, Weapon)}
    if connection.vendor == "postgresql":
        where, params = "m.id = ANY(%s)", [ids]  # one array: no thousand placeholders to parse
    else:
        where, params = f"m.id IN ({', '.join(['%s'] * len(ids))})", ids
    sql = (
        "SELECT m.id, c.weapon_id, COALESCE(NULLIF(m.serial_key, ''), m.normalised), "  # noqa: S608
        "w.manufacturer_id, w.model_id, w.calibre_id, w.country_of_manufacture, "
        "w.year_of_manufacture "
        f"FROM {table[Marking]} m JOIN {table[Component]} c ON c.id = m.component_id "
        f"LEFT JOIN {table[Weapon]} w ON w.id = c.weapon_id "
        f"WHERE {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    makers, models, calibres = reference_names()
    return [
        Recorded(
            *row[:6],
            row[6] or "",
            row[7],
            makers.get(row[3], ""),
            models.get(row[4], ""),
            calibres.get(row[5], ""),
        )
        for row in rows
    ]


def _attribute_checks(resolved: ResolvedReading, recorded: Recorded) -> list[AttributeCheck]:
    """What else was seen, against the record; an attribute unknown on either side is skipped."""
    if recorded.weapon_id is None:
        return []
    reading = resolved.reading
    pairs = [
        (
            "manufacturer",
            resolved.manufacturer_id,
            recorded.manufacturer_id,
            reading.manufacturer,
            recorded.manufacturer,
        ),
        ("model", resolved.model_id, recorded.model_id, reading.model, recorded.model),
        ("calibre", resolved.calibre_id, recorded.calibre_id, reading.calibre, recorded.calibre),
        (
            "country",
            reading.country.upper() or None,
            recorded.country or None,
            reading.country,
            recorded.country,
        ),
        (
            "year",
            reading.year,
            recorded.year,
            str(reading.year or ""),
            str(recorded.year or ""),
        ),
    ]
    return [
        AttributeCheck(name, read_text, recorded_text, read == recorded_value)
        for name, read, recorded_value, read_text, recorded_text in pairs
        if read is not None and recorded_value is not None
    ]


@dataclass
class _Scored:
    """A candidate mark while ranking: its cost, and how to explain its serial when shown."""

    recorded: Recorded
    checks: list[AttributeCheck]
    serial_cost: float
    shift: int | None = None  # laid on the record at this offset (see `scoring.best_shift`)
    comparison: SerialComparison | None = None

    @property
    def cost(self) -> float:
        return self.serial_cost + _attribute_cost(self.checks)

    def candidate(self, reading: str) -> Candidate:
        serial = self.recorded.serial
        comparison = self.comparison or shift_comparison(
            reading, serial, self.serial_cost, self.shift or 0
        )
        return Candidate(
            marking_id=self.recorded.marking_id,
            weapon_id=self.recorded.weapon_id,
            serial_recorded=serial,
            comparison=comparison,
            attributes=self.checks,
            cost=self.cost,
        )


def _attribute_cost(checks: list[AttributeCheck]) -> float:
    return sum(ATTRIBUTE_WEIGHTS[check.name][0 if check.agrees else 1] for check in checks)


def _weapon(scored: _Scored) -> int:
    recorded = scored.recorded
    return recorded.weapon_id if recorded.weapon_id is not None else -recorded.marking_id


def _nth_best(scored: list[_Scored], n: int) -> float:
    """The cost of the n-th best weapon among `scored` (infinite if there are fewer)."""
    weapons: dict[int, float] = {}
    for item in scored:
        weapons[_weapon(item)] = min(item.cost, weapons.get(_weapon(item), math.inf))
    costs = sorted(weapons.values())
    return costs[n - 1] if len(costs) >= n else math.inf


class Matches(list[Candidate]):
    """The best candidates, and how many more weapons fit the reading exactly as well as the
    last one shown: a worn four-digit tail can fit dozens equally, and then only more of what
    was seen (model, calibre, year, another mark) can tell them apart."""

    also_fitting: int = 0


def match(state_id: int, reading: Reading, *, limit: int = 10) -> Matches:
    """The State's recorded weapons that may be the one seen, best first.

    A worn four-digit reading can fit a thousand serials. Most differ from it by cheap
    differences only, costed in linear time (`scoring.best_shift`); the full alignment runs only
    for the others, and only when they could still reach the `limit` best (an inserted or
    deleted character costs at least a full edit).
    """
    normalised, reading_skeleton = reading_key(reading.serial)
    if not reading_skeleton.strip(UNREADABLE):
        return Matches()
    ids = candidate_ids(state_id, reading_skeleton, limit)
    resolved = ResolvedReading.of(reading)
    scored: list[_Scored] = []
    pending: list[_Scored] = []
    full_edit = COSTS[Difference.EXTRA]
    for recorded in _recorded(ids):
        checks = _attribute_checks(resolved, recorded)
        if (shifted := shift_if_optimal(normalised, recorded.serial)) is not None:
            scored.append(_Scored(recorded, checks, round(shifted[0], 4), shifted[1]))
        else:
            pending.append(_Scored(recorded, checks, full_edit))  # a lower bound for now
    threshold = _nth_best(scored, limit)
    for item in pending:
        if item.cost <= threshold:
            item.comparison = full_alignment(normalised, item.recorded.serial)
            item.serial_cost = item.comparison.cost
            scored.append(item)
    scored.sort(key=lambda c: (c.cost, c.serial_cost, c.recorded.marking_id))
    # A weapon bears several marks (frame, slide, barrel): it is listed once, by its best one.
    best: dict[int, _Scored] = {}
    for item in scored:
        best.setdefault(_weapon(item), item)
    ranked = list(best.values())
    found = Matches(item.candidate(normalised) for item in ranked[:limit])
    if len(ranked) > limit:
        # Candidates left without a full alignment cost more than the last shown: not ties.
        last = ranked[limit - 1].cost
        found.also_fitting = sum(1 for item in ranked[limit:] if abs(item.cost - last) < 1e-9)
    return found
