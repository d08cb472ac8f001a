"""The registry's models, one module per concept."""

from salw.registry.models.events import WeaponEvent
from salw.registry.models.imports import ImportMapping, ImportProblem, ImportRun, ImportStatus
from salw.registry.models.reference import (
    Calibre,
    CalibreAlias,
    Manufacturer,
    ManufacturerAlias,
    WeaponModel,
)
from salw.registry.models.stockpiles import (
    Discrepancy,
    DiversionIncident,
    InventoryCount,
    InventoryCountItem,
    Site,
)
from salw.registry.models.weapons import Component, Marking, MarkingPhoto, Weapon

__all__ = [
    "Calibre",
    "CalibreAlias",
    "Component",
    "Discrepancy",
    "DiversionIncident",
    "ImportMapping",
    "ImportProblem",
    "ImportRun",
    "ImportStatus",
    "InventoryCount",
    "InventoryCountItem",
    "Manufacturer",
    "ManufacturerAlias",
    "Marking",
    "MarkingPhoto",
    "Site",
    "Weapon",
    "WeaponEvent",
    "WeaponModel",
]
