"""A few weapons on the demo States' registers, so that the registry and tracing have something
to show on a demonstration machine (`salw seed-demo`; never with SALW_DEMO off)."""

from django.db import transaction

from salw.accounts.models import User
from salw.registry.choices import ComponentKind, MarkingKind
from salw.registry.models import Weapon
from salw.registry.services import ComponentData, MarkingData, WeaponData, register_weapon

# (weapon type, manufacturer, model, calibre, year, country, serial on the frame or receiver)
DEMO_WEAPONS = {
    "kenya.records": [
        ("pistol", "FN Herstal", "Five-seveN", "5.7x28", 2015, "BEL", "K7D301"),
        ("pistol", "FN Herstal", "Five-seveN", "5.7x28", 2015, "BEL", "K7D307"),
        ("pistol", "Glock", "17", "9x19", 2019, "AUT", "BXR123"),
        ("assault_rifle", "Kalashnikov Concern", "AK-74M", "5.45x39", 1988, "RUS", "88123456"),
        ("assault_rifle", "Norinco", "Type 56", "7.62x39", 1979, "CHN", "5612345678"),
        ("rifle", "Heckler & Koch", "G3", "7.62x51", 1985, "DEU", "61-204881"),
    ],
    "peru.records": [
        ("pistol", "Beretta", "92FS", "9x19", 2004, "ITA", "BER44821Z"),
        ("pistol", "Taurus", "PT92", "9x19", 2011, "BRA", "TFK40211"),
        ("rifle", "FN Herstal", "FN FAL", "7.62x51", 1977, "BEL", "PE1977-0412"),
        ("pistol", "FN Herstal", "Five-seveN", "5.7x28", 2015, "BEL", "K7D301"),
    ],
}


@transaction.atomic
def seed_demo_registry() -> int:
    """Register the demo weapons that are missing (by their national record number)."""
    created = 0
    for username, weapons in DEMO_WEAPONS.items():
        actor = User.objects.get(username=username)
        for weapon_type, maker, model, calibre, year, country, serial in weapons:
            source_ref = f"DEMO-{serial}"
            if Weapon.objects.filter(state_id=actor.state_id, source_ref=source_ref).exists():
                continue
            mark = MarkingData(
                MarkingKind.MANUFACTURE,
                f"{maker.upper()} {serial}",
                manufacturer=maker,
                country=country,
                serial=serial,
                year=str(year),
                model=model,
                calibre=calibre,
            )
            kind = ComponentKind.FRAME if weapon_type == "pistol" else ComponentKind.RECEIVER
            register_weapon(
                WeaponData(
                    weapon_type=weapon_type,
                    manufacturer=maker,
                    model=model,
                    calibre=calibre,
                    year_of_manufacture=year,
                    country_of_manufacture=country,
                    source_ref=source_ref,
                ),
                [ComponentData(kind, is_reference=True, markings=[mark])],
                actor=actor,
            )
            created += 1
    return created
