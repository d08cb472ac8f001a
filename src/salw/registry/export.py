"""A weapon's full record and history as plain data (JSON export, `salw registry show`)."""

from typing import Any

from django.utils import timezone

from salw.registry.models import Weapon, WeaponEvent


def visible_history(weapon: Weapon, user: Any) -> list[WeaponEvent]:
    """Every event of the weapon, corrected ones included, with moves of components it lost."""
    return list(
        WeaponEvent.objects.visible_to(user)
        .history_of(weapon.pk)
        .select_related("component", "site", "correction")
    )


def weapon_record(weapon: Weapon, user: Any) -> dict[str, Any]:
    """The record keeping needs of ITI paras 11–12: identity, marks, and every life event."""
    components = weapon.components.prefetch_related("markings").all()
    events = visible_history(weapon, user)
    return {
        "exported_at": timezone.now().isoformat(),
        "weapon": {
            "id": weapon.pk,
            "state": weapon.state.iso3,
            "national_record_number": weapon.source_ref,
            "category": weapon.category,
            "type": weapon.weapon_type,
            "manufacturer": weapon.manufacturer.name if weapon.manufacturer else None,
            "manufacturer_as_recorded": weapon.manufacturer_text,
            "model": weapon.model.name if weapon.model else None,
            "model_as_recorded": weapon.model_text,
            "calibre": weapon.calibre.name if weapon.calibre else None,
            "calibre_as_recorded": weapon.calibre_text,
            "year_of_manufacture": weapon.year_of_manufacture,
            "country_of_manufacture": weapon.country_of_manufacture,
            "status": weapon.status,
            "status_since": weapon.status_since.isoformat() if weapon.status_since else None,
            "site": weapon.site.code if weapon.site else None,
        },
        "components": [
            {
                "id": component.pk,
                "kind": component.kind,
                "is_reference": component.is_reference,
                "description": component.description,
                "markings": [
                    {
                        "kind": m.kind,
                        "text_as_read": m.text_as_read,
                        "normalised": m.normalised,
                        "material": m.material,
                        "location": m.location,
                        "manufacturer": m.manufacturer,
                        "country": m.country,
                        "serial": m.serial,
                        "year": m.year,
                        "model": m.model,
                        "calibre": m.calibre,
                        "symbols": m.symbols,
                        "code": m.code,
                    }
                    for m in component.markings.all()
                ],
            }
            for component in components
        ],
        "history": [event_data(event) for event in events],
    }


def event_data(event: WeaponEvent) -> dict[str, Any]:
    correction = getattr(event, "correction", None)
    return {
        "id": event.pk,
        "kind": event.kind,
        "date": event.date.isoformat(),
        "weapon": event.weapon_id,
        "place": event.place,
        "organisation": event.organisation,
        "licence": event.licence,
        "end_user_certificate": event.end_user_certificate,
        "other_documents": event.other_documents,
        "counterpart_country": event.counterpart_country,
        "destruction_method": event.destruction_method,
        "site": event.site.code if event.site else None,
        "custodian": event.custodian,
        "component": event.component_id,
        "from_weapon": event.from_weapon_id,
        "corrects": event.corrects_id,
        "corrected_by": correction.pk if correction else None,
        "note": event.note,
        "recorded_at": event.recorded_at.isoformat(),
    }
