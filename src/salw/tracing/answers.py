"""A draft answer from a confirmed weapon's record, released item by item, and read back as a
labelled table in the reader's language.

The answering officer ticks what the State releases (the confirmed weapon's marks first, its
description, last legal holder, transfers, history); the answer stores the ticked items as data
(`TracingEvent.released`, also what the API and the exchange document carry) and the requester
reads them through `released_rows`, never as a dump of keys.
"""

from collections.abc import Iterable
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from salw.markings.choices import ComponentKind
from salw.markings.templatetags.marks import ltr
from salw.registry.choices import EventKind, WeaponStatus, WeaponType
from salw.registry.export import weapon_record
from salw.registry.models import Weapon

# Events that pass the weapon to a holder: the last of them names the last legal holder.
HOLDER_EVENTS = {
    EventKind.MANUFACTURED,
    EventKind.IMPORTED,
    EventKind.TRANSFERRED,
    EventKind.ENTERED_STOCKPILE,
    EventKind.ISSUED,
    EventKind.RETURNED,
    EventKind.EXPORTED,
}
# Events that move the weapon across a border or to another holder: the transfers released.
TRANSFER_EVENTS = {EventKind.IMPORTED, EventKind.EXPORTED, EventKind.TRANSFERRED}
# The items an answer can release, in the order the form offers them and the requester reads them.
ITEMS = ("marks", "weapon", "last_legal_holder", "last_event", "transfers", "export", "history")
DESCRIPTION = (
    "type",
    "manufacturer",
    "model",
    "calibre",
    "year_of_manufacture",
    "country_of_manufacture",
    "status",
)


def draft_answer(weapon: Weapon, user: Any) -> dict[str, Any]:
    """Everything the record can release, each item under its key (see `ITEMS`): the marks of
    every component (serial first), the description, last legal holder and event, the transfers
    and the export (destination and licence), and the dates of the weapon's history."""
    record = weapon_record(weapon, user)
    history = [e for e in record["history"] if not e["corrected_by"] and e["kind"] != "corrected"]
    holders = [e for e in history if e["kind"] in HOLDER_EVENTS]
    last = holders[-1] if holders else None
    exports = [e for e in history if e["kind"] == EventKind.EXPORTED]
    identity = record["weapon"]
    # The reference component's marks first: its serial identifies the weapon.
    components = sorted(record["components"], key=lambda c: not c["is_reference"])
    return {
        "marks": [
            {"component": c["kind"], "text": m["text_as_read"], "serial": m["serial"]}
            for c in components
            for m in c["markings"]
        ],
        "weapon": {
            # The reference name where the record keeper matched one, else the words as recorded.
            key: identity[key] or identity.get(f"{key}_as_recorded")
            for key in DESCRIPTION
        },
        "last_legal_holder": (last["organisation"] or last["custodian"]) if last else "",
        "last_event": {"kind": last["kind"], "date": last["date"]} if last else None,
        "transfers": [
            {
                "kind": e["kind"],
                "date": e["date"],
                "country": e["counterpart_country"],
                "licence": e["licence"],
                "end_user_certificate": e["end_user_certificate"],
            }
            for e in history
            if e["kind"] in TRANSFER_EVENTS
        ],
        "export": (
            {
                "date": exports[-1]["date"],
                "destination": exports[-1]["counterpart_country"],
                "licence": exports[-1]["licence"],
                "end_user_certificate": exports[-1]["end_user_certificate"],
            }
            if exports
            else None
        ),
        "history": [
            {
                "kind": e["kind"],
                "date": e["date"],
                "licence": e["licence"],
                "country": e["counterpart_country"],
            }
            for e in history
        ],
    }


def item_labels() -> dict[str, str]:
    return {
        "marks": _("Serial and marks of the confirmed weapon"),
        "weapon": _("Description of the weapon"),
        "last_legal_holder": _("Last legal holder"),
        "last_event": _("Last recorded event"),
        "transfers": _("Transfers"),
        "export": _("Export"),
        "history": _("History"),
    }


def releasable(draft: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, label) of the items the record holds something for, in the order of `ITEMS`."""
    labels = item_labels()
    return [(key, labels[key]) for key in ITEMS if draft.get(key)]


def _field_labels() -> dict[str, str]:
    return {
        "type": _("Type"),
        "manufacturer": _("Manufacturer"),
        "model": _("Model"),
        "calibre": _("Calibre"),
        "year_of_manufacture": _("Year of manufacture"),
        "country_of_manufacture": _("Country of manufacture"),
        "status": _("Status"),
        "country": _("Country"),
        "destination": _("Country of destination"),
        "licence": _("Licence"),
        "end_user_certificate": _("End-user certificate"),
        "date": _("Date"),
        "kind": _("Event"),
    }


# Values shown isolated left-to-right: codes, numbers and marks.
_CODES = {"calibre", "model", "licence", "end_user_certificate", "date", "year_of_manufacture"}


def _value(key: str, value: Any) -> SafeString | str:
    """One coded value in words of the reader's language, a code or mark isolated."""
    if value in (None, ""):
        return "—"
    labels = {
        "type": dict(WeaponType.choices),
        "status": dict(WeaponStatus.choices),
        "kind": dict(EventKind.choices),
        "component": dict(ComponentKind.choices),
    }
    if key in labels:
        return str(labels[key].get(value, value))
    if key in _CODES:
        return ltr(value)
    return str(value)


def _pairs(data: dict[str, Any], keys: Iterable[str]) -> SafeString:
    labels = _field_labels()
    return format_html_join(
        "; ",
        "{}: {}",
        ((labels.get(key, key), _value(key, data.get(key))) for key in keys if data.get(key)),
    )


def _lines(key: str, value: Any) -> list[SafeString | str]:
    if key == "marks":
        return [
            format_html(
                "{}: {}{}",
                _value("component", mark.get("component")),
                ltr(mark.get("text", "")),
                format_html(" ({} {})", _("serial"), ltr(mark["serial"]))
                if mark.get("serial")
                else "",
            )
            for mark in value
        ]
    if key in ("weapon", "export", "last_event"):
        return [_pairs(value, value.keys())]
    if key in ("transfers", "history"):
        return [
            format_html("{} {}{}", ltr(e.get("date")), _value("kind", e.get("kind")), _rest(e))
            for e in value
        ]
    if isinstance(value, str):
        return [value]
    return [ltr(value)]  # an item named otherwise (API, exchange document): shown as sent


def _rest(event: dict[str, Any]) -> SafeString | str:
    rest = _pairs(event, [k for k in event if k not in ("date", "kind")])
    return format_html(" — {}", rest) if rest else ""


def released_rows(released: dict[str, Any] | None) -> list[tuple[str, list[SafeString | str]]]:
    """What an answer released as (label, lines) in the active language: the known items in
    their order, then any other key as sent."""
    if not released:
        return []
    labels = item_labels()
    keys = [k for k in ITEMS if k in released] + [k for k in released if k not in ITEMS]
    return [(labels.get(key, key), _lines(key, released[key])) for key in keys if released[key]]
