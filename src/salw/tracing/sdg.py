"""SDG indicator 16.4.2: the share of arms seized, found or surrendered whose illicit origin was
established, per State and year.

Numerator: weapons a State's tracing requests about arms seized, found or surrendered in the year
established the point of diversion of (closed with "point of diversion established"), one per
request reference. Denominator: weapons with a seized, found or surrendered event in force in the
State's registry that year, or, for each of the three kinds, the weapons the State's tracing
requests state were seized, found or surrendered that year (one per reference) when those are more:
a State traces foreign weapons it seized without always registering them, and a request to
several States is one weapon. Taking the larger of the two per kind never counts a weapon twice
and keeps the numerator (requests) within the denominator. Counting both from records, rather
than typing them, is what lets a State drill down from the figure to the weapons behind it.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from salw.accounts.choices import Role
from salw.core.downloads import csv_text
from salw.registry.choices import EventKind
from salw.registry.models import WeaponEvent
from salw.states.models import State
from salw.tracing.choices import Step
from salw.tracing.models import TracingEvent, TracingRequest

RECOVERY_KINDS = (EventKind.SEIZED, EventKind.FOUND, EventKind.SURRENDERED)
# The years a figure may be asked for (SDG reporting began in 2015; the bounds keep a hand-typed
# year 99999 from reaching the date arithmetic of the database).
FIRST_YEAR, LAST_YEAR = 1900, 2100


@dataclass
class Sdg1642Row:
    state: State
    year: int
    seized: int = 0
    found: int = 0
    surrendered: int = 0
    established: int = 0

    @property
    def total(self) -> int:
        return self.seized + self.found + self.surrendered

    @property
    def percentage(self) -> float | None:
        return round(100 * self.established / self.total, 1) if self.total else None


def recovery_events(state_id: int | None = None, year: int | None = None) -> QuerySet:
    events = WeaponEvent.objects.in_force().filter(kind__in=RECOVERY_KINDS)
    events = events.filter(date__year=year) if year else events
    return events.filter(state_id=state_id) if state_id else events


def established_requests(state_id: int | None = None, year: int | None = None) -> QuerySet:
    """Requests closed with the point of diversion established (one per reference)."""
    closed = TracingEvent.objects.filter(step=Step.CLOSED, diversion_established=True)
    requests = TracingRequest.objects.filter(pk__in=closed.values("request_id"))
    requests = requests.filter(found_on__year=year) if year else requests
    return requests.filter(requesting_state_id=state_id) if state_id else requests


def requests_stating_recovery(state_id: int | None = None, year: int | None = None) -> QuerySet:
    """Sent requests, each stating how its weapon was recovered (seized, found, surrendered)."""
    sent = TracingEvent.objects.filter(step=Step.SENT)
    requests = TracingRequest.objects.filter(pk__in=sent.values("request_id"))
    requests = requests.filter(found_on__year=year) if year else requests
    return requests.filter(requesting_state_id=state_id) if state_id else requests


AGGREGATE_ROLES = (Role.SECRETARIAT_ANALYST, Role.ADMINISTRATOR)
STATE_ROLES = (Role.TRACING_OFFICER, Role.RECORD_KEEPER)


def indicator_for(
    user: Any, *, state: State | None = None, year: int | None = None
) -> list[Sdg1642Row]:
    """The rows `user` may see: every State's for the secretariat, the own State's for its
    tracing officers and record keepers, none for anyone else; `state` and `year` narrow them.
    """
    if user.has_role(*AGGREGATE_ROLES):
        scope = state.pk if state else None
    elif user.has_role(*STATE_ROLES) and user.state_id:
        if state is not None and state.pk != user.state_id:
            return []
        scope = user.state_id
    else:
        return []
    return indicator(scope, year=year)


def indicator(state_id: int | None = None, *, year: int | None = None) -> list[Sdg1642Row]:
    """Rows per State and year, newest year first; `state_id` limits them to one State and
    `year` to one year."""
    rows: dict[tuple[int, int], Sdg1642Row] = {}
    states = {}

    def row(sid: int, year: int) -> Sdg1642Row:
        if sid not in states:
            states[sid] = State.objects.get(pk=sid)
        return rows.setdefault((sid, year), Sdg1642Row(states[sid], year))

    counted = (
        recovery_events(state_id, year)
        .annotate(year=ExtractYear("date"))
        .values("state_id", "year", "kind")
        .annotate(weapons=Count("weapon_id", distinct=True))
    )
    for item in counted:
        setattr(row(item["state_id"], item["year"]), item["kind"], item["weapons"])
    stated = (
        requests_stating_recovery(state_id, year)
        .annotate(year=ExtractYear("found_on"))
        .values("requesting_state_id", "year", "how_found")
        .annotate(weapons=Count("reference", distinct=True))
    )
    for item in stated:
        found = row(item["requesting_state_id"], item["year"])
        kind = item["how_found"]
        setattr(found, kind, max(getattr(found, kind), item["weapons"]))
    established = (
        established_requests(state_id, year)
        .annotate(year=ExtractYear("found_on"))
        .values("requesting_state_id", "year")
        .annotate(weapons=Count("reference", distinct=True))
    )
    for item in established:
        row(item["requesting_state_id"], item["year"]).established = item["weapons"]
    return sorted(rows.values(), key=lambda r: (-r.year, r.state.iso3))


# Columns after the indicator's metadata (UNODC/UNODA, series VC_ARM_SZTRACE) and the IAFQ's
# tracing table as publicly described: the exact cell layout of the questionnaire is not public
# in our sources, so the file names each column plainly.
CSV_COLUMNS = [
    "country_iso3",
    "year",
    "arms_seized",
    "arms_found",
    "arms_surrendered",
    "arms_seized_found_surrendered_total",
    "arms_illicit_origin_established",
    "sdg_16_4_2_percentage",
]


def indicator_rows(rows: list[Sdg1642Row]) -> Iterator[list[Any]]:
    """The indicator as a table: `CSV_COLUMNS`, then a row per State and year."""
    yield CSV_COLUMNS
    for r in rows:
        yield [
            r.state.iso3,
            r.year,
            r.seized,
            r.found,
            r.surrendered,
            r.total,
            r.established,
            "" if r.percentage is None else r.percentage,
        ]


def indicator_csv(rows: list[Sdg1642Row], *, bom: bool = True) -> str:
    return csv_text(indicator_rows(rows), bom=bom)
