"""Loading the reference tables (manufacturers, calibres, models) from the files in `data/`.

The lists are data, not code: a secretariat can correct a row and load again. Loading twice
changes nothing the second time.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from salw.markings.normalise import calibre_key, name_key
from salw.registry.models import (
    Calibre,
    CalibreAlias,
    Manufacturer,
    ManufacturerAlias,
    WeaponModel,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SOURCE = "salw reference list (see docs/registry.md)"


@dataclass
class LoadResult:
    manufacturers: int = 0
    calibres: int = 0
    models: int = 0
    created: int = 0


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def _load_manufacturers(result: LoadResult) -> dict[str, Manufacturer]:
    by_name = {}
    for row in _rows("manufacturers.csv"):
        maker = Manufacturer.objects.filter(key=name_key(row["name"])).first()
        values = {
            "name": row["name"],
            "country": row["country"],
            "other_countries": _split(row["other_countries"]),
            "source": SOURCE,
        }
        if maker is None:
            maker = Manufacturer.objects.create(**values)
            result.created += 1
        elif any(getattr(maker, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(maker, k, v)
            maker.save()
        by_name[row["name"]] = maker
        wanted = [(text, False) for text in _split(row["aliases"])]
        wanted += [(text, True) for text in _split(row["mark_codes"])]
        for text, is_mark_code in wanted:
            if not ManufacturerAlias.objects.filter(
                manufacturer=maker, key=name_key(text), is_mark_code=is_mark_code
            ).exists():
                ManufacturerAlias.objects.create(
                    manufacturer=maker, text=text, is_mark_code=is_mark_code
                )
                result.created += 1
        result.manufacturers += 1
    return by_name


def _load_calibres(result: LoadResult) -> dict[str, Calibre]:
    by_name = {}
    rows = list(_rows("calibres.csv"))
    names = {calibre_key(row["name"]) for row in rows}
    for row in rows:
        calibre, created = Calibre.objects.get_or_create(
            key=calibre_key(row["name"]), defaults={"name": row["name"]}
        )
        result.created += created
        by_name[row["name"]] = calibre
        for text in _split(row["aliases"]):
            key = calibre_key(text)
            # An alias never shadows the name of another calibre.
            if key in names or CalibreAlias.objects.filter(key=key).exists():
                continue
            CalibreAlias.objects.create(calibre=calibre, text=text)
            result.created += 1
        result.calibres += 1
    return by_name


@transaction.atomic
def load_reference() -> LoadResult:
    """Create what is missing of the reference tables and bring changed rows up to date."""
    result = LoadResult()
    makers = _load_manufacturers(result)
    calibres = _load_calibres(result)
    rows = list(_rows("models.csv"))
    models = {}
    for row in rows:
        maker = makers.get(row["manufacturer"])
        model = WeaponModel.objects.filter(manufacturer=maker, key=name_key(row["name"])).first()
        if model is None:
            model = WeaponModel.objects.create(
                name=row["name"],
                manufacturer=maker,
                weapon_type=row["weapon_type"],
                calibre=calibres.get(row["calibre"]),
            )
            result.created += 1
        models[row["name"]] = model
        result.models += 1
    for row in rows:
        model = models[row["name"]]
        known = set(model.lookalikes.values_list("pk", flat=True))
        wanted = [models[name] for name in _split(row["lookalikes"]) if name in models]
        missing = [other for other in wanted if other.pk not in known]
        if missing:
            model.lookalikes.add(*missing)
    return result
