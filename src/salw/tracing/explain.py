"""Candidates in words and in data: the score and why, for pages, the API and the CLI."""

from typing import Any

from django.utils.translation import gettext as _

from salw.markings.templatetags.marks import ltr_text
from salw.registry.models import Marking, Weapon
from salw.tracing.engine import Candidate
from salw.tracing.scoring import Difference


def difference_labels() -> dict[str, str]:
    return {
        Difference.CONFUSION: _("similar shapes"),
        Difference.UNREADABLE: _("unreadable"),
        Difference.SUBSTITUTION: _("different character"),
        Difference.EXTRA: _("read but not on record"),
        Difference.MISSING: _("on record but not read"),
        Difference.MISSING_PREFIX: _("leading part missing"),
        Difference.MISSING_SUFFIX: _("trailing part missing"),
    }


def attribute_labels() -> dict[str, str]:
    return {
        "manufacturer": _("manufacturer"),
        "model": _("model"),
        "calibre": _("calibre"),
        "country": _("country of manufacture"),
        "year": _("year of manufacture"),
    }


def candidate_data(candidate: Candidate) -> dict[str, Any]:
    """A candidate as JSON-ready data (API, CLI)."""
    return {
        "weapon": candidate.weapon_id,
        "marking": candidate.marking_id,
        "serial_on_record": candidate.serial_recorded,
        "score": candidate.score,
        "differences": [
            {
                "kind": d.kind.value,
                "position": d.position,
                "read": d.read,
                "on_record": d.recorded,
            }
            for d in candidate.comparison.differences
        ],
        "attributes": [
            {"name": a.name, "read": a.read, "on_record": a.recorded, "agrees": a.agrees}
            for a in candidate.attributes
        ],
    }


def _runs(differences: Any) -> list[tuple[Any, int, int, str, str]]:
    """Differences as (kind, first, last position, read, on record), a missing leading or
    trailing part as one run: "leading part missing at 1–3 (· → K7D)" rather than three."""
    runs: list[tuple[Any, int, int, str, str]] = []
    for d in differences:
        grouped = d.kind in (Difference.MISSING_PREFIX, Difference.MISSING_SUFFIX)
        if grouped and runs and runs[-1][0] == d.kind and runs[-1][2] == d.position - 1:
            kind, first, _last, read, recorded = runs[-1]
            runs[-1] = (kind, first, d.position, read, recorded + d.recorded)
        else:
            runs.append((d.kind, d.position, d.position, d.read or "·", d.recorded or "·"))
    return runs


def candidate_summary(candidate: Candidate) -> str:
    """One line: what differs and what agrees, in the active language."""
    kinds = difference_labels()
    names = attribute_labels()
    parts = [
        # Words, not an arrow: an arrow flips in Arabic and the officer could not tell which
        # character was read; each character run is isolated left-to-right.
        _("%(kind)s at %(position)s (read %(read)s, on record %(on_record)s)")
        % {
            "kind": kinds[kind],
            "position": str(first + 1) if first == last else ltr_text(f"{first + 1}–{last + 1}"),
            "read": ltr_text(read),
            "on_record": ltr_text(recorded),
        }
        for kind, first, last, read, recorded in _runs(candidate.comparison.differences)
    ] or [_("serial identical")]
    parts += [
        (_("%(name)s agrees") if a.agrees else _("%(name)s differs")) % {"name": names[a.name]}
        for a in candidate.attributes
    ]
    return "; ".join(parts)


def candidate_rows(candidates: list[Candidate], user: Any) -> list[tuple[Any, ...]]:
    """Rows of the match and request pages: (candidate, its weapon, why, the serial as written
    on record). The serial as written ("123-456/B") is what the officer compares with the
    weapon in hand; the positions of the reasons count in its key ("123456B"). Two queries."""
    weapons = Weapon.objects.visible_to(user).in_bulk([c.weapon_id for c in candidates])
    marks = Marking.objects.visible_to(user).in_bulk([c.marking_id for c in candidates])
    rows = []
    for candidate in candidates:
        mark = marks.get(candidate.marking_id)
        written = (mark.serial or mark.text_as_read) if mark else candidate.serial_recorded
        why = candidate_summary(candidate)
        rows.append((candidate, weapons.get(candidate.weapon_id), why, written))
    return rows
