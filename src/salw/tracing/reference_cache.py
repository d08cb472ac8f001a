"""The reference tables as the engine reads them, cached per process.

The reference tables change seldom (an administrator adds an alias) and the same makes are read
again and again: what the engine looks up in them is cached per process, dropped when this
process saves a reference row, and at most `CACHE_SECONDS` old when another process did.
"""

import functools
import time

from salw.registry.models import Calibre, Manufacturer, WeaponModel
from salw.registry.services.reference import match_calibre, match_manufacturer, match_model

CACHE_SECONDS = 60
_generation = 0


def reference_changed() -> None:
    """A reference row was saved or deleted in this process: forget what was cached."""
    global _generation
    _generation += 1


def _version() -> tuple[int, int]:
    return _generation, int(time.monotonic() // CACHE_SECONDS)


def reference_ids(
    manufacturer: str, model: str, calibre: str
) -> tuple[int | None, int | None, int | None]:
    """The reference rows (ids) that a reading's make, model and calibre name, if any."""
    return _ids(manufacturer, model, calibre, *_version())


def reference_names() -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """Names of the reference rows (a few hundred), to show what a record says."""
    return _names(*_version())


@functools.lru_cache(maxsize=4096)
def _ids(
    manufacturer: str, model: str, calibre: str, _generation: int, _period: int
) -> tuple[int | None, int | None, int | None]:
    maker = match_manufacturer(manufacturer) if manufacturer else None
    found_model = match_model(model, maker) if model else None
    found_calibre = match_calibre(calibre) if calibre else None
    return (
        maker.pk if maker else None,
        found_model.pk if found_model else None,
        found_calibre.pk if found_calibre else None,
    )


@functools.lru_cache(maxsize=4)
def _names(_generation: int, _period: int) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    return (
        dict(Manufacturer.objects.values_list("id", "name")),
        dict(WeaponModel.objects.values_list("id", "name")),
        dict(Calibre.objects.values_list("id", "name")),
    )
