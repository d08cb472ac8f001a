"""The typed vocabularies of the registry (ITI paras 4–13, MOSAIC 05.30)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from salw.markings.choices import ComponentKind, MarkingKind

__all__ = ["ComponentKind", "MarkingKind"]  # re-exported: the registry's own names


class WeaponCategory(models.TextChoices):
    SMALL_ARM = "small_arm", _("Small arm")
    LIGHT_WEAPON = "light_weapon", _("Light weapon")


class WeaponType(models.TextChoices):
    PISTOL = "pistol", _("Pistol")
    REVOLVER = "revolver", _("Revolver")
    RIFLE = "rifle", _("Rifle")
    CARBINE = "carbine", _("Carbine")
    SUB_MACHINE_GUN = "sub_machine_gun", _("Sub-machine gun")
    ASSAULT_RIFLE = "assault_rifle", _("Assault rifle")
    LIGHT_MACHINE_GUN = "light_machine_gun", _("Light machine gun")
    HEAVY_MACHINE_GUN = "heavy_machine_gun", _("Heavy machine gun")
    GRENADE_LAUNCHER = "grenade_launcher", _("Grenade launcher")
    ANTI_TANK_GUN = "anti_tank_gun", _("Portable anti-tank gun")
    ANTI_AIRCRAFT_GUN = "anti_aircraft_gun", _("Portable anti-aircraft gun")
    RECOILLESS_RIFLE = "recoilless_rifle", _("Recoilless rifle")
    PORTABLE_LAUNCHER = "portable_launcher", _("Portable launcher of missiles or rockets")
    MORTAR = "mortar", _("Mortar under 100 mm")


# ITI para 4: small arms are for individual use, light weapons for a crew of two or three.
LIGHT_WEAPON_TYPES = frozenset(
    str(kind)
    for kind in (
        WeaponType.HEAVY_MACHINE_GUN,
        WeaponType.GRENADE_LAUNCHER,
        WeaponType.ANTI_TANK_GUN,
        WeaponType.ANTI_AIRCRAFT_GUN,
        WeaponType.RECOILLESS_RIFLE,
        WeaponType.PORTABLE_LAUNCHER,
        WeaponType.MORTAR,
    )
)


_LIGHT, _SMALL = str(WeaponCategory.LIGHT_WEAPON.value), str(WeaponCategory.SMALL_ARM.value)


def category_of(weapon_type: str) -> str:
    """Small arm or light weapon, from the type (plain strings: imports call it per row)."""
    return _LIGHT if weapon_type in LIGHT_WEAPON_TYPES else _SMALL


class Material(models.TextChoices):
    METAL = "metal", _("Metal")
    POLYMER = "polymer", _("Polymer")
    EMBEDDED_PLATE = "embedded_plate", _("Embedded metal plate")


class EventKind(models.TextChoices):
    MANUFACTURED = "manufactured", _("Manufactured")
    IMPORTED = "imported", _("Imported")
    EXPORTED = "exported", _("Exported")
    TRANSFERRED = "transferred", _("Transferred")
    ENTERED_STOCKPILE = "entered_stockpile", _("Entered a State stockpile")
    # Between two of the State's own sites; a transfer out of the State is "transferred".
    SITE_MOVE = "site_move", _("Moved to another site of the State")
    ISSUED = "issued", _("Issued")
    RETURNED = "returned", _("Returned")
    LOST = "lost", _("Reported lost")
    STOLEN = "stolen", _("Reported stolen")
    RECOVERED = "recovered", _("Recovered")
    SEIZED = "seized", _("Seized")
    FOUND = "found", _("Found")
    SURRENDERED = "surrendered", _("Surrendered")
    DEACTIVATED = "deactivated", _("Deactivated")
    DESTROYED = "destroyed", _("Destroyed")
    COMPONENT_MOVED = "component_moved", _("Component moved")
    MARKED = "marked", _("Marked")
    CORRECTED = "corrected", _("Withdrawn as recorded in error")


class WeaponStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    HELD = "held", _("Held")
    IN_STOCKPILE = "in_stockpile", _("In a State stockpile")
    ISSUED = "issued", _("Issued")
    TRANSFERRED = "transferred", _("Transferred")
    EXPORTED = "exported", _("Exported")
    LOST = "lost", _("Lost")
    STOLEN = "stolen", _("Stolen")
    DEACTIVATED = "deactivated", _("Deactivated")
    DESTROYED = "destroyed", _("Destroyed")


# The status a weapon has after each kind of event; kinds absent here leave it as it was.
STATUS_AFTER: dict[str, str] = {
    EventKind.MANUFACTURED: WeaponStatus.HELD,
    EventKind.IMPORTED: WeaponStatus.HELD,
    EventKind.EXPORTED: WeaponStatus.EXPORTED,
    EventKind.TRANSFERRED: WeaponStatus.TRANSFERRED,
    EventKind.ENTERED_STOCKPILE: WeaponStatus.IN_STOCKPILE,
    EventKind.SITE_MOVE: WeaponStatus.IN_STOCKPILE,
    EventKind.ISSUED: WeaponStatus.ISSUED,
    EventKind.RETURNED: WeaponStatus.IN_STOCKPILE,
    EventKind.LOST: WeaponStatus.LOST,
    EventKind.STOLEN: WeaponStatus.STOLEN,
    EventKind.RECOVERED: WeaponStatus.HELD,
    EventKind.SEIZED: WeaponStatus.HELD,
    EventKind.FOUND: WeaponStatus.HELD,
    EventKind.SURRENDERED: WeaponStatus.HELD,
    EventKind.DEACTIVATED: WeaponStatus.DEACTIVATED,
    EventKind.DESTROYED: WeaponStatus.DESTROYED,
}
# Lost and stolen weapons are flagged at once for the State's tracing officers.
FLAGGED_STATUSES = frozenset({WeaponStatus.LOST, WeaponStatus.STOLEN})
# Events after which the weapon is no longer at a site of the State.
LEAVES_SITE = frozenset(
    {
        EventKind.EXPORTED,
        EventKind.TRANSFERRED,
        EventKind.LOST,
        EventKind.STOLEN,
        EventKind.DESTROYED,
    }
)


class DestructionMethod(models.TextChoices):
    MELTING = "melting", _("Melting")
    CUTTING = "cutting", _("Cutting")
    CRUSHING = "crushing", _("Crushing")
    DETONATION = "detonation", _("Detonation")
    BURNING = "burning", _("Burning")
    OTHER = "other", _("Other")


class DiscrepancyKind(models.TextChoices):
    MISSING = "missing", _("Expected but not counted")
    UNEXPECTED = "unexpected", _("Counted but not expected")
    UNREGISTERED = "unregistered", _("Counted but not on the register")
    DUPLICATE = "duplicate", _("Serial shared by several weapons")


class DiscrepancyResolution(models.TextChoices):
    """How a record keeper settles what a count found that the register did not expect."""

    REGISTERED = "registered", _("Registered as a new weapon")
    LINKED = "linked", _("Linked to a weapon on the register")
    INVESTIGATING = "investigating", _("Under investigation")


class DiversionKind(models.TextChoices):
    THEFT = "theft", _("Theft")
    ARMED_ATTACK = "armed_attack", _("Armed attack or robbery")
    LOSS = "loss", _("Loss")
    UNAUTHORISED_TRANSFER = "unauthorised_transfer", _("Unauthorised transfer")
    CORRUPTION = "corruption", _("Sale or hire by insiders")
    OTHER = "other", _("Other")


# The event each listed weapon of a diversion incident gets: taken by someone, or gone astray.
EVENT_AFTER_DIVERSION: dict[str, str] = {
    DiversionKind.THEFT: EventKind.STOLEN,
    DiversionKind.ARMED_ATTACK: EventKind.STOLEN,
    DiversionKind.CORRUPTION: EventKind.STOLEN,
    DiversionKind.LOSS: EventKind.LOST,
    DiversionKind.UNAUTHORISED_TRANSFER: EventKind.LOST,
    DiversionKind.OTHER: EventKind.LOST,
}
