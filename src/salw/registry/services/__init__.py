"""Every change to the registry goes through one of these functions (pages, API, CLI, imports)."""

from salw.registry.services.events import correct_event, record_event, refresh_derived_state
from salw.registry.services.photos import add_marking_photo
from salw.registry.services.stockpiles import (
    confirm_discrepancy,
    confirm_missing,
    create_site,
    record_count,
    record_diversion,
    resolve_discrepancy,
)
from salw.registry.services.weapons import (
    ComponentData,
    MarkingData,
    WeaponData,
    add_component,
    add_marking,
    move_component,
    register_weapon,
)

__all__ = [
    "add_marking_photo",
    "ComponentData",
    "MarkingData",
    "WeaponData",
    "add_component",
    "add_marking",
    "confirm_discrepancy",
    "confirm_missing",
    "correct_event",
    "create_site",
    "move_component",
    "record_count",
    "record_diversion",
    "record_event",
    "refresh_derived_state",
    "resolve_discrepancy",
    "register_weapon",
]
