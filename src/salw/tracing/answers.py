"""A draft answer from a confirmed weapon's recorded history; the officer edits what is released."""

from typing import Any

from salw.registry.choices import EventKind
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


def draft_answer(weapon: Weapon, user: Any) -> dict[str, Any]:
    """What the record says, ready to edit: identity, last legal holder, the export (with its
    destination and licence) and the dates of the weapon's history."""
    record = weapon_record(weapon, user)
    history = [e for e in record["history"] if not e["corrected_by"] and e["kind"] != "corrected"]
    holders = [e for e in history if e["kind"] in HOLDER_EVENTS]
    last = holders[-1] if holders else None
    exports = [e for e in history if e["kind"] == EventKind.EXPORTED]
    identity = record["weapon"]
    return {
        "weapon": {
            # The reference name where the record keeper matched one, else the words as recorded.
            key: identity[key] or identity.get(f"{key}_as_recorded")
            for key in (
                "type",
                "manufacturer",
                "model",
                "calibre",
                "year_of_manufacture",
                "country_of_manufacture",
                "status",
            )
        },
        "last_legal_holder": (last["organisation"] or last["custodian"]) if last else "",
        "last_event": {"kind": last["kind"], "date": last["date"]} if last else None,
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
