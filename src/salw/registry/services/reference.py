"""Free text typed by an officer, matched against the reference tables."""

import difflib
from dataclasses import dataclass

from django.db.models import Q

from salw.markings.normalise import calibre_key, confusable_key, name_key
from salw.registry.models import (
    Calibre,
    CalibreAlias,
    Manufacturer,
    ManufacturerAlias,
    WeaponModel,
)


def match_manufacturer(text: str) -> Manufacturer | None:
    """The manufacturer whose name, alias or mark code has the same key as `text`."""
    key = name_key(text)
    if not key:
        return None
    found = Manufacturer.objects.filter(key=key).first()
    if found is None:
        alias = ManufacturerAlias.objects.filter(key=key).select_related("manufacturer").first()
        found = alias.manufacturer if alias else None
    return found


def match_calibre(text: str) -> Calibre | None:
    key = calibre_key(text)
    if not key:
        return None
    found = Calibre.objects.filter(key=key).first()
    if found is None:
        alias = CalibreAlias.objects.filter(key=key).select_related("calibre").first()
        found = alias.calibre if alias else None
    return found


def match_model(text: str, manufacturer: Manufacturer | None = None) -> WeaponModel | None:
    key = name_key(text)
    if not key:
        return None
    candidates = WeaponModel.objects.filter(key=key)
    if manufacturer is not None:
        candidates = candidates.filter(Q(manufacturer=manufacturer) | Q(manufacturer=None))
    return candidates.order_by("manufacturer_id").first()


@dataclass(frozen=True)
class Suggestion:
    """A reference row an officer probably meant, and why it is suggested."""

    value: str
    reason: str  # "exact", "alias", "prefix" or "close"


def suggest_manufacturers(text: str, limit: int = 5) -> list[Suggestion]:
    """Manufacturers for a typed name: same key first, then aliases, then names starting alike."""
    key = name_key(text)
    if not key:
        return []
    suggestions: list[Suggestion] = []
    seen: set[str] = set()

    def add(name: str, reason: str) -> None:
        if name not in seen and len(suggestions) < limit:
            seen.add(name)
            suggestions.append(Suggestion(name, reason))

    for name in Manufacturer.objects.filter(key=key).values_list("name", flat=True):
        add(name, "exact")
    for name in ManufacturerAlias.objects.filter(key=key).values_list(
        "manufacturer__name", flat=True
    ):
        add(name, "alias")
    for name in Manufacturer.objects.filter(key__startswith=key).values_list("name", flat=True)[
        :limit
    ]:
        add(name, "prefix")
    if len(suggestions) < limit:
        # Typing mistakes ("Glok", "Berreta"): the table is small, so compare with every key.
        names_by_key: dict[str, str] = dict(Manufacturer.objects.values_list("key", "name"))
        names_by_key.update(
            ManufacturerAlias.objects.filter(is_mark_code=False).values_list(
                "key", "manufacturer__name"
            )
        )
        for close in difflib.get_close_matches(key, list(names_by_key), n=limit, cutoff=0.75):
            add(names_by_key[close], "close")
    return suggestions


def lookalike_models(model: WeaponModel) -> list[WeaponModel]:
    """Models easily taken for this one: listed look-alikes, and names that read alike."""
    listed = list(model.lookalikes.all())
    by_name = WeaponModel.objects.filter(confusable=confusable_key(model.name)).exclude(
        Q(pk=model.pk) | Q(key=model.key)
    )
    return listed + [other for other in by_name if other not in listed]
