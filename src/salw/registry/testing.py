"""Builders for registry tests (like `salw.core.testing`): weapons with marked components."""

import datetime

from salw.accounts.models import User
from salw.registry.choices import ComponentKind, MarkingKind, Material
from salw.registry.models import Weapon
from salw.registry.services import ComponentData, MarkingData, WeaponData, register_weapon

TODAY = datetime.date(2025, 3, 1)


def user(username: str) -> User:
    return User.objects.get(username=username)


def pistol(username: str = "kenya.records", serial: str = "KE-1001", **extra: object) -> Weapon:
    """A modular pistol: the frame is the reference component; the slide carries its own serial."""
    frame = ComponentData(
        ComponentKind.FRAME,
        is_reference=True,
        markings=[
            MarkingData(
                MarkingKind.MANUFACTURE,
                f"FN HERSTAL BELGIUM {serial}",
                manufacturer="FN HERSTAL",
                country="BELGIUM",
                serial=serial,
            )
        ],
    )
    slide = ComponentData(
        ComponentKind.SLIDE,
        markings=[MarkingData(MarkingKind.MANUFACTURE, f"S-{serial}", serial=f"S-{serial}")],
    )
    values: dict[str, object] = {
        "weapon_type": "pistol",
        "manufacturer": "F.N. Herstal",
        "model": "Five-seveN",
        "calibre": "5.7x28",
        "year_of_manufacture": 2015,
        "country_of_manufacture": "BEL",
        **extra,  # a test may give another year: events before it are refused
    }
    data = WeaponData(**values)  # type: ignore[arg-type]
    return register_weapon(data, [frame, slide], actor=user(username))


def polymer_pistol(username: str = "kenya.records") -> Weapon:
    """A polymer pistol: the manufacture mark on an embedded plate, the import mark duplicated."""
    frame = ComponentData(
        ComponentKind.FRAME,
        is_reference=True,
        description="polymer frame",
        markings=[
            MarkingData(
                MarkingKind.IMPORT,
                "KEN 2024",
                material=Material.POLYMER,
                location="right side of the frame",
                country="KEN",
                year="2024",
            )
        ],
    )
    plate = ComponentData(
        ComponentKind.MARKING_PLATE,
        markings=[
            MarkingData(
                MarkingKind.MANUFACTURE,
                "GLOCK AUSTRIA BXR 123",
                material=Material.EMBEDDED_PLATE,
                location="plate embedded under the trigger guard",
                manufacturer="GLOCK",
                country="AUSTRIA",
                serial="BXR123",
            )
        ],
    )
    barrel = ComponentData(
        ComponentKind.BARREL,
        markings=[
            MarkingData(MarkingKind.IMPORT, "KEN 2024 / IMP-77", material=Material.METAL),
        ],
    )
    data = WeaponData(weapon_type="pistol", manufacturer="Glock", model="Glock 17", calibre="9x19")
    return register_weapon(data, [frame, plate, barrel], actor=user(username))
