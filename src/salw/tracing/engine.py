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
from salw.registry.models import Marking
from salw.registry.services.reference import match_calibre, match_manufacturer, match_model
from salw.tracing.candidates import Probe, plan_loose_probes, plan_probes
from salw.tracing.keys import UNREADABLE, skeleton
from salw.tracing.models import SerialKey
from salw.tracing.scoring import SerialComparison, compare_serials

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


def _run(probe: Probe, state_id: int, limit: int) -> list[int]:
    """One statement per probe: a seek on (state, key) for each range, then the pattern.

    Written as SQL because this is the hot path: building the same filter through the ORM costs
    more than running it. The ranges are a UNION ALL of seeks, since planners merge OR-ed ranges
    into one wide scan.
    """
    table = SerialKey._meta.db_table
    column = connection.ops.quote_name(probe.column)
    if connection.vendor == "sqlite":
        # The unary plus keeps SQLite from bounding the scan by the pattern's own (shorter)
        # literal prefix instead of the probe's range.
        pattern_sql, pattern = f"+{column} GLOB %s", probe.pattern
    else:
        pattern_sql = f"{column} LIKE %s"
        pattern = probe.pattern.replace("?", "_").replace("*", "%")
    seeks, params = [], []
    for low, high in probe.ranges():
        upper = f" AND {column} < %s" if high is not None else ""
        # Identifiers come from the model; every value is a parameter.
        seeks.append(
            f"SELECT marking_id FROM {table} WHERE state_id = %s AND {column} >= %s{upper} "  # noqa: S608
            f"AND {pattern_sql}"
        )
        params += [state_id, low, *([high] if high is not None else []), pattern]
    sql = " UNION ALL ".join(seeks) + " LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, min(limit, probe.cap or limit)])
        return [row[0] for row in cursor.fetchall()]


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
        found.update(dict.fromkeys(_run(probe, state_id, EXACT_PROBE_ROWS)))
    if found:
        return list(found)
    for probe in plan_loose_probes(reading_skeleton, LOOSE_PROBE_ROWS):
        ids = _run(probe, state_id, LOOSE_PROBE_ROWS)
        keys = SerialKey.objects.filter(marking_id__in=ids).values_list("marking_id", "skeleton")
        found.update(
            (marking_id, None)
            for marking_id, key in keys
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
        maker = match_manufacturer(reading.manufacturer) if reading.manufacturer else None
        model = match_model(reading.model, maker) if reading.model else None
        calibre = match_calibre(reading.calibre) if reading.calibre else None
        return cls(
            reading,
            maker.pk if maker else None,
            model.pk if model else None,
            calibre.pk if calibre else None,
        )


def _attribute_checks(resolved: ResolvedReading, marking: Marking) -> list[AttributeCheck]:
    """What else was seen, against the record; an attribute unknown on either side is skipped."""
    reading, weapon = resolved.reading, marking.component.weapon
    if weapon is None:
        return []
    pairs = [
        (
            "manufacturer",
            resolved.manufacturer_id,
            weapon.manufacturer_id,
            reading.manufacturer,
            weapon.manufacturer.name if weapon.manufacturer else "",
        ),
        (
            "model",
            resolved.model_id,
            weapon.model_id,
            reading.model,
            weapon.model.name if weapon.model else "",
        ),
        (
            "calibre",
            resolved.calibre_id,
            weapon.calibre_id,
            reading.calibre,
            weapon.calibre.name if weapon.calibre else "",
        ),
        (
            "country",
            reading.country.upper() or None,
            weapon.country_of_manufacture or None,
            reading.country,
            weapon.country_of_manufacture,
        ),
        (
            "year",
            reading.year,
            weapon.year_of_manufacture,
            str(reading.year or ""),
            str(weapon.year_of_manufacture or ""),
        ),
    ]
    return [
        AttributeCheck(name, read_text, recorded_text, read == recorded)
        for name, read, recorded, read_text, recorded_text in pairs
        if read is not None and recorded is not None
    ]


def match(state_id: int, reading: Reading, *, limit: int = 10) -> list[Candidate]:
    """The State's recorded weapons that may be the one seen, best first."""
    normalised, reading_skeleton = reading_key(reading.serial)
    if not reading_skeleton.strip(UNREADABLE):
        return []
    ids = candidate_ids(state_id, reading_skeleton, limit)
    resolved = ResolvedReading.of(reading)
    markings = Marking.objects.filter(pk__in=ids).select_related(
        "component__weapon__manufacturer",
        "component__weapon__model",
        "component__weapon__calibre",
    )
    candidates = []
    for marking in markings:
        recorded = marking.serial_key or marking.normalised
        candidate = Candidate(
            marking_id=marking.pk,
            weapon_id=marking.component.weapon_id,
            serial_recorded=recorded,
            comparison=compare_serials(normalised, recorded),
            attributes=_attribute_checks(resolved, marking),
        )
        candidate.cost = candidate.comparison.cost + sum(
            ATTRIBUTE_WEIGHTS[check.name][0 if check.agrees else 1]
            for check in candidate.attributes
        )
        candidates.append(candidate)
    candidates.sort(key=lambda c: (c.cost, c.comparison.cost, c.marking_id))
    # A weapon bears several marks (frame, slide, barrel): it is listed once, by its best one.
    best: dict[int, Candidate] = {}
    for candidate in candidates:
        key = candidate.weapon_id if candidate.weapon_id is not None else -candidate.marking_id
        best.setdefault(key, candidate)
    return list(best.values())[:limit]
