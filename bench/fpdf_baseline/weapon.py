"""A weapon's record and history as PDF: the extract a record keeper files or hands over.

Built from the same data as the JSON export (`export.weapon_record`), laid out by `core.pdf`
so that it prints in the reader's language, Arabic and Chinese included.
"""

from typing import Any

from django.utils.translation import gettext as _

from fpdf_baseline.document import PdfDocument
from salw.registry.choices import ComponentKind, EventKind, MarkingKind, WeaponStatus, WeaponType
from salw.registry.export import weapon_record
from salw.registry.models import Weapon


def _label(choices: type, value: str | None) -> str:
    return str(choices(value).label) if value in choices.values else (value or "—")


def weapon_pdf(weapon: Weapon, user: Any) -> bytes:
    record = weapon_record(weapon, user)
    facts = record["weapon"]
    document = PdfDocument(
        _("Weapon record #%(id)s — %(state)s") % {"id": facts["id"], "state": facts["state"]}
    )
    document.facts(
        [
            (_("National record number"), facts["national_record_number"] or "—"),
            (_("Type"), _label(WeaponType, facts["type"])),
            (_("Manufacturer"), facts["manufacturer"] or facts["manufacturer_as_recorded"]),
            (_("Model"), facts["model"] or facts["model_as_recorded"]),
            (_("Calibre"), facts["calibre"] or facts["calibre_as_recorded"]),
            (_("Year of manufacture"), str(facts["year_of_manufacture"] or "—")),
            (_("Country of manufacture"), facts["country_of_manufacture"] or "—"),
            (_("Status"), _label(WeaponStatus, facts["status"])),
            (_("Site"), facts["site"] or "—"),
        ]
    )
    document.heading(_("Components and marks"))
    rows = []
    for component in record["components"]:
        for mark in component["markings"] or [{}]:
            rows.append(
                (
                    _label(ComponentKind, component["kind"])
                    + (" *" if component["is_reference"] else ""),
                    _label(MarkingKind, mark.get("kind")),
                    mark.get("text_as_read", "—"),
                    mark.get("location", ""),
                )
            )
    document.table([_("Component"), _("Mark"), _("Text as read"), _("Location")], rows)
    document.paragraph(_("* the serialised reference component"), size=8)
    document.heading(_("History"))
    document.table(
        [_("Date"), _("Event"), _("Details")],
        [
            (
                event["date"],
                _label(EventKind, event["kind"])
                + (" " + _("(corrected)") if event["corrected_by"] else ""),
                " ".join(
                    str(event[key])
                    for key in ("place", "organisation", "licence", "end_user_certificate", "note")
                    if event[key]
                ),
            )
            for event in record["history"]
        ],
    )
    document.paragraph(_("Exported %(when)s") % {"when": record["exported_at"]}, size=8)
    return document.output()
