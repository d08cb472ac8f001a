"""The column schema of an import, the mapping of a file's headers to it, and row validation.

Validation is plain Python with cached reference look-ups: it runs once per row of files with
millions of rows, and must say for each bad row which field is wrong and why.
"""

from dataclasses import dataclass
from functools import lru_cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from salw.core.text import clean_text, hidden_character_reason
from salw.markings.normalise import name_key, normalise_marking_uncached
from salw.registry.choices import ComponentKind, MarkingKind, Material, WeaponType

# Canonical columns: (name, required, what it holds). docs/registry-import.md documents them.
COLUMNS: dict[str, bool] = {
    "record_number": True,
    "weapon_type": True,
    "serial": True,
    "manufacturer": False,
    "model": False,
    "calibre": False,
    "year_of_manufacture": False,
    "country_of_manufacture": False,
    "reference_component": False,
    "mark_text": False,
    "mark_kind": False,
    "material": False,
}
# Columns that identify a weapon: refused when they hide characters (`salw.core.text`).
IDENTIFIERS = ("record_number", "serial", "mark_text")
# Headers often found in national registers, recognised without an explicit mapping.
SYNONYMS = {
    "recordnumber": "record_number",
    "record": "record_number",
    "registrationnumber": "record_number",
    "id": "record_number",
    "type": "weapon_type",
    "weapontype": "weapon_type",
    "serialnumber": "serial",
    "serialno": "serial",
    "make": "manufacturer",
    "maker": "manufacturer",
    "caliber": "calibre",
    "year": "year_of_manufacture",
    "yearofmanufacture": "year_of_manufacture",
    "country": "country_of_manufacture",
    "countryofmanufacture": "country_of_manufacture",
    "component": "reference_component",
    "referencecomponent": "reference_component",
    "marking": "mark_text",
    "marktext": "mark_text",
    "markkind": "mark_kind",
    "material": "material",
}


def _header_key(text: str) -> str:
    return name_key(text).lower()


def map_columns(header: list[str], explicit: dict[str, str] | None = None) -> dict[str, int]:
    """Canonical column → index in the file. `explicit` maps canonical names to file headers."""
    positions = {_header_key(h): i for i, h in enumerate(header)}
    mapping: dict[str, int] = {}
    for canonical, source in (explicit or {}).items():
        if canonical not in COLUMNS:
            raise ValidationError(
                {
                    "mapping": _("“%(name)s” is not a column of the import schema.")
                    % {"name": canonical}
                }
            )
        if _header_key(source) not in positions:
            raise ValidationError(
                {"mapping": _("The file has no column “%(name)s”.") % {"name": source}}
            )
        mapping[canonical] = positions[_header_key(source)]
    for key, index in positions.items():
        # Headers are compared by their key: "Record number", "record_number", "RECORD-NUMBER".
        canonical = next((c for c in COLUMNS if c.replace("_", "") == key), None)
        canonical = canonical or SYNONYMS.get(key)
        if canonical and canonical not in mapping:
            mapping[canonical] = index
    missing = [name for name, required in COLUMNS.items() if required and name not in mapping]
    if missing:
        raise ValidationError(
            {
                "mapping": _("Required columns are missing: %(names)s.")
                % {"names": ", ".join(missing)}
            }
        )
    return mapping


@dataclass(slots=True)
class CleanRow:
    row_number: int
    record_number: str
    weapon_type: str
    serial: str
    serial_key: str
    manufacturer: str
    model: str
    calibre: str
    year: int | None
    country: str
    component: str
    mark_text: str
    mark_key: str
    mark_kind: str
    material: str


class RowError(Exception):
    def __init__(self, field: str, value: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason


def _choice_table(choices: type) -> dict[str, str]:
    """Allowed spellings (value or English label, any case, spaces or hyphens) → value."""
    table = {}
    for value, label in choices.choices:  # type: ignore[attr-defined]
        table[value] = value
        table[str(label).lower().replace(" ", "_").replace("-", "_")] = value
    return table


@lru_cache(maxsize=1024)
def _country(value: str) -> str:
    code = value.strip().upper()
    if not code:
        return ""
    if len(code) == 3 and pycountry.countries.get(alpha_3=code):
        return code
    if len(code) == 2 and (country := pycountry.countries.get(alpha_2=code)):
        return str(country.alpha_3)
    raise RowError("country_of_manufacture", value, _("not an ISO 3166 country code"))


class RowCleaner:
    """Validates the rows of one file: indexes and look-up tables are prepared once per run."""

    def __init__(self, mapping: dict[str, int]) -> None:
        self.index = [(name, mapping.get(name, -1)) for name in COLUMNS]
        self.this_year = timezone.now().year
        self.tables = {
            "weapon_type": _choice_table(WeaponType),
            "reference_component": _choice_table(ComponentKind),
            "mark_kind": _choice_table(MarkingKind),
            "material": _choice_table(Material),
        }
        self.seen: dict[tuple[str, str], str] = {}
        self.defaults = (
            str(ComponentKind.FRAME.value),
            str(MarkingKind.MANUFACTURE.value),
            str(Material.METAL.value),
        )

    def choice(self, field: str, value: str, default: str) -> str:
        if not value:
            return default
        found = self.seen.get((field, value))
        if found is None:
            spelt = value.lower().replace(" ", "_").replace("-", "_")
            found = self.tables[field].get(spelt)
            if found is None:
                raise RowError(field, value, _("not one of the allowed values"))
            self.seen[(field, value)] = found
        return found

    def __call__(self, row_number: int, cells: list[str]) -> CleanRow:
        """A validated row, or RowError naming the first wrong field."""
        width = len(cells)
        get = {
            name: (cells[index].strip() if 0 <= index < width and cells[index] else "")
            for name, index in self.index
        }
        for name in IDENTIFIERS:
            if reason := hidden_character_reason(get[name]):
                raise RowError(name, get[name], reason)
        record_number = get["record_number"]
        if not record_number:
            raise RowError("record_number", "", _("required"))
        if len(record_number) > 64:
            raise RowError("record_number", record_number[:200], _("longer than 64 characters"))
        weapon_type = self.choice("weapon_type", get["weapon_type"], "")
        if not weapon_type:
            raise RowError("weapon_type", "", _("required"))
        serial = get["serial"]
        serial_key = normalise_marking_uncached(serial)
        if not serial_key:
            raise RowError("serial", serial, _("needs at least one letter or digit"))
        year_text = get["year_of_manufacture"]
        year = None
        if year_text:
            if not year_text.isdigit() or not 1800 <= int(year_text) <= self.this_year:
                raise RowError("year_of_manufacture", year_text, _("not a possible year"))
            year = int(year_text)
        mark_text = get["mark_text"]
        mark_key = normalise_marking_uncached(mark_text) if mark_text else serial_key
        component, mark_kind, material = self.defaults
        return CleanRow(
            row_number=row_number,
            record_number=record_number,
            weapon_type=weapon_type,
            serial=serial[:100],
            serial_key=serial_key[:100],
            manufacturer=clean_text(get["manufacturer"])[:200],
            model=clean_text(get["model"])[:120],
            calibre=clean_text(get["calibre"])[:60],
            year=year,
            country=_country(get["country_of_manufacture"]),
            component=self.choice("reference_component", get["reference_component"], component),
            mark_text=(mark_text or serial)[:200],
            mark_key=(mark_key or serial_key)[:200],
            mark_kind=self.choice("mark_kind", get["mark_kind"], mark_kind),
            material=self.choice("material", get["material"], material),
        )
