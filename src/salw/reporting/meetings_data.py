"""The shipped list of meetings (data/meetings.yaml), read by the migration and the command."""

import datetime
from dataclasses import dataclass
from pathlib import Path

import yaml

MEETINGS_FILE = Path(__file__).parent / "data" / "meetings.yaml"
# Reports are asked for about two months before a meeting (PoA-ISS practice); configurable.
DAYS_DUE_BEFORE_MEETING = 60
# Kinds of meeting that have a reporting cycle (meetings of experts do not).
CYCLE_KINDS = {"bms", "revcon"}


@dataclass(frozen=True)
class MeetingRow:
    code: str
    kind: str
    number: int
    year: int
    starts_on: datetime.date | None
    ends_on: datetime.date | None

    def default_due_date(self) -> datetime.date:
        if self.starts_on:
            return self.starts_on - datetime.timedelta(days=DAYS_DUE_BEFORE_MEETING)
        return datetime.date(self.year, 3, 31)


def shipped_meetings() -> list[MeetingRow]:
    rows = yaml.safe_load(MEETINGS_FILE.read_text(encoding="utf-8"))
    return [
        MeetingRow(
            code=row["code"],
            kind=row["kind"],
            number=int(row["number"]),
            year=int(row["year"]),
            starts_on=row.get("starts"),
            ends_on=row.get("ends"),
        )
        for row in rows
    ]
