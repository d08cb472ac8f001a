"""The column schema of an import, the mapping of a file's headers to it, and row validation.

Validation is plain Python with cached reference look-ups: it runs once per row of files with
millions of rows, and must say for each bad row which field is wrong and why.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salw.core.text import clean_text, hidden_character, hidden_character_reason
from salw.markings.normalise import normalise_marking_uncached
from salw.registry.choices import (
    ComponentKind,
    EventKind,
    MarkingKind,
    Material,
    WeaponStatus,
    WeaponType,
)
from salw.registry.models import Component, Marking, Weapon

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
    "site": False,
    "status": False,
}
# Columns that identify a weapon: refused when they hide characters (`salw.core.text`).
IDENTIFIERS = ("record_number", "serial", "mark_text")
# What each column is called: the model's field names, translated in every language of the
# site, so a ministry's headers in its own language ("N° de série", "Fabricant") are recognised.
COLUMN_LABELS: dict[str, tuple[Promise, ...]] = {
    "record_number": (Weapon._meta.get_field("source_ref").verbose_name,),
    "weapon_type": (Weapon._meta.get_field("weapon_type").verbose_name,),
    "serial": (Marking._meta.get_field("serial").verbose_name,),
    "manufacturer": (Weapon._meta.get_field("manufacturer").verbose_name,),
    "model": (Weapon._meta.get_field("model").verbose_name,),
    "calibre": (Weapon._meta.get_field("calibre").verbose_name,),
    "year_of_manufacture": (Weapon._meta.get_field("year_of_manufacture").verbose_name,),
    "country_of_manufacture": (Weapon._meta.get_field("country_of_manufacture").verbose_name,),
    "reference_component": (
        gettext_lazy("Serialised reference component"),
        Component._meta.get_field("kind").verbose_name,
    ),
    "mark_text": (Marking._meta.get_field("text_as_read").verbose_name,),
    "mark_kind": (Marking._meta.get_field("kind").verbose_name,),
    "material": (Marking._meta.get_field("material").verbose_name,),
    "site": (Weapon._meta.get_field("site").verbose_name, gettext_lazy("Site code")),
    "status": (Weapon._meta.get_field("status").verbose_name,),
}
# What a column holds, for the import guide and the template workbook (coded columns list their
# allowed values from their choices instead: see `CODED`).
COLUMN_HINTS: dict[str, Promise] = {
    "record_number": gettext_lazy("The national record number, once in your register."),
    "serial": gettext_lazy("The serial number of the reference component, as marked."),
    "manufacturer": gettext_lazy("Free text, matched to the reference list of manufacturers."),
    "model": gettext_lazy("Free text, matched to the reference list of models."),
    "calibre": gettext_lazy("Free text such as 7.62x39 or 9 mm, matched to the calibre list."),
    "year_of_manufacture": gettext_lazy("A year from 1800 to this year."),
    "country_of_manufacture": gettext_lazy(
        "An ISO 3166 country code (alpha-3 or alpha-2), or the country's name."
    ),
    "mark_text": gettext_lazy("The whole mark exactly as read; the serial when empty."),
    "site": gettext_lazy("The code or the name of one of your sites."),
}
# The statuses a file may give, and the event that puts each weapon in it on the import's date:
# a weapon in a stockpile enters its site; a weapon already gone is recorded lost or stolen.
EVENT_FOR_STATUS: dict[str, str] = {
    WeaponStatus.IN_STOCKPILE: EventKind.ENTERED_STOCKPILE,
    WeaponStatus.LOST: EventKind.LOST,
    WeaponStatus.STOLEN: EventKind.STOLEN,
}
# Abbreviations and other headers found in national registers, in any language (folded keys).
SYNONYMS = {
    "recordnumber": "record_number",
    "record": "record_number",
    "registrationnumber": "record_number",
    "id": "record_number",
    "ndenregistrement": "record_number",
    "nodenregistrement": "record_number",
    "nregistro": "record_number",
    "type": "weapon_type",
    "weapontype": "weapon_type",
    "typedarme": "weapon_type",
    "tipodearma": "weapon_type",
    "serialnumber": "serial",
    "serialno": "serial",
    "sn": "serial",
    "ndeserie": "serial",
    "nodeserie": "serial",
    "numserie": "serial",
    "ndserie": "serial",
    "make": "manufacturer",
    "maker": "manufacturer",
    "marque": "manufacturer",
    "marca": "manufacturer",
    "caliber": "calibre",
    "year": "year_of_manufacture",
    "yearofmanufacture": "year_of_manufacture",
    "annee": "year_of_manufacture",
    "country": "country_of_manufacture",
    "countryofmanufacture": "country_of_manufacture",
    "pays": "country_of_manufacture",
    "component": "reference_component",
    "composantdereference": "reference_component",
    "componentedereferencia": "reference_component",
    "referencecomponent": "reference_component",
    "marking": "mark_text",
    "marktext": "mark_text",
    "markkind": "mark_kind",
    "material": "material",
    "sitecode": "site",
    "codedusite": "site",
    "codigodesitio": "site",
    "etat": "status",
    "estado": "status",
}


# Free text repeats down a register (makers, models, calibres): each is cleaned once.
_clean_text = lru_cache(maxsize=4096)(clean_text)
# Past the widest row a reader passes (`readers.MAX_COLUMNS`): an absent column's position.
MAX_COLUMNS_READ = 1 << 30

_BRACKETED = re.compile(r"\s*[(（][^)）]*[)）]")


def coded_columns() -> dict[str, tuple[type, frozenset[str] | None]]:
    """Coded columns: their choices, and the values a file may use (None: all of them)."""
    return {
        "weapon_type": (WeaponType, None),
        "reference_component": (ComponentKind, None),
        "mark_kind": (MarkingKind, None),
        "material": (Material, None),
        "status": (WeaponStatus, frozenset(EVENT_FOR_STATUS)),
    }


def fold(text: str) -> str:
    """The comparison key of a header or a coded value in any script: case, accents,
    apostrophes, spaces and punctuation ignored ("Fusil d’assaut" = "FUSIL D'ASSAUT")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    kept = (c for c in decomposed if not unicodedata.combining(c) and (c.isalnum()))
    return "".join(kept).casefold()


def _in_every_language(labels: tuple[Promise, ...]) -> set[str]:
    """Folded keys of the labels in each language, also without a bracketed hint ("(ISO …)")."""
    keys = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for label in labels:
                text = str(label)
                keys.update((fold(text), fold(_BRACKETED.sub("", text))))
    keys.discard("")
    return keys


@lru_cache(maxsize=1)
def header_table() -> dict[str, str]:
    """Folded header → canonical column: names, labels in every language, then synonyms."""
    table: dict[str, str] = {}
    for name, labels in COLUMN_LABELS.items():
        for key in sorted(_in_every_language(labels)) + [fold(name)]:
            table.setdefault(key, name)
    for key, name in SYNONYMS.items():
        table.setdefault(key, name)
    return table


def names_a_field(row: list[str]) -> bool:
    """Whether a row is a register's header: one of its cells names a field (in any language)."""
    table = header_table()
    return any(fold(text) in table for text in row if text)


def column_label(name: str) -> str:
    """A column's name as the reader of the page or the report calls it."""
    labels = COLUMN_LABELS.get(name)
    return capfirst(str(labels[0])) if labels else name


def map_columns(header: list[str], explicit: dict[str, str] | None = None) -> dict[str, int]:
    """Canonical column → index in the file. `explicit` maps canonical names to file headers."""
    positions: dict[str, int] = {}
    for i, h in enumerate(header):
        positions.setdefault(fold(h), i)
    mapping: dict[str, int] = {}
    excluded: set[str] = set()
    for canonical, source in (explicit or {}).items():
        if canonical not in COLUMNS:
            raise ValidationError(
                {
                    "mapping": _("“%(name)s” is not a column of the import schema.")
                    % {"name": canonical}
                }
            )
        if not source:
            excluded.add(canonical)  # "not in this file": not guessed either
            continue
        if fold(source) not in positions:
            raise ValidationError(
                {"mapping": _("The file has no column “%(name)s”.") % {"name": source}}
            )
        mapping[canonical] = positions[fold(source)]
    taken = set(mapping.values())
    table = header_table()
    for key, index in positions.items():
        # Headers are compared by their key: "Record number", "record_number", "RECORD-NUMBER".
        canonical = table.get(key)
        if (
            canonical
            and canonical not in mapping
            and canonical not in excluded
            and (index not in taken)
        ):
            mapping[canonical] = index
            taken.add(index)
    missing = [name for name, required in COLUMNS.items() if required and name not in mapping]
    if missing:
        raise ValidationError(
            {
                "mapping": _("Required columns are missing: %(names)s.")
                % {"names": ", ".join(f"“{column_label(name)}”" for name in missing)}
            }
        )
    return mapping


def guess_columns(header: list[str], remembered: dict[str, str]) -> dict[str, str]:
    """Canonical column → the header of the file it most likely is ("" for none): the header the
    State chose last time when the file has it, else the one its name or label says."""
    by_key: dict[str, str] = {}
    for text in header:
        by_key.setdefault(fold(text), text)
    guessed: dict[str, str] = {}
    used: set[str] = set()
    for name in COLUMNS:
        chosen = by_key.get(fold(remembered.get(name, "")), "") if remembered.get(name) else ""
        if chosen and chosen not in used:
            guessed[name] = chosen
            used.add(chosen)
    table = header_table()
    for key, text in by_key.items():
        name = table.get(key)
        if name and name not in guessed and text not in used:
            guessed[name] = text
            used.add(text)
    return {name: guessed.get(name, "") for name in COLUMNS}


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
    site_id: int | None = None
    entry_kind: str = ""


class RowError(Exception):
    """What is wrong with a row: the first problem, and `others` found in the same row."""

    def __init__(self, field: str, value: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason
        self.others: list[RowError] = []

    def each(self) -> list["RowError"]:
        return [self, *self.others]


@lru_cache(maxsize=16)
def _choice_table(choices: type) -> dict[str, str]:
    """Allowed spellings → value: the value, and the label in every language of the site
    ("Pistolet", "Fusil d’assaut", "手枪"), compared folded."""
    table: dict[str, str] = {}
    for value, label in choices.choices:  # type: ignore[attr-defined]
        table.setdefault(fold(value), value)
        for key in sorted(_in_every_language((label,))):
            table.setdefault(key, value)
    return table


def coded_value(choices: type, text: str) -> str:
    """The value of `choices` that `text` names, by its value or its label in any language of
    the site ("Pistolet", "手枪" → "pistol"); "" when it names none."""
    return _choice_table(choices).get(fold(text or ""), "")


def allowed_values(choices: type, only: Iterable[str] | None = None) -> str:
    """The allowed values as the reader calls them, for a refusal that lists them."""
    wanted = None if only is None else set(only)
    return ", ".join(
        f"“{label}”"
        for value, label in choices.choices  # type: ignore[attr-defined]
        if wanted is None or value in wanted
    )


# pycountry's catalogues of country names for the languages of the site.
_COUNTRY_CATALOGUES = ("en", "fr", "es", "ru", "ar", "zh_CN")


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Folded country name (English and its translations in the site's languages) → alpha-3."""
    import gettext

    table: dict[str, str] = {}
    for language in _COUNTRY_CATALOGUES:
        catalogue = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
        )
        for country in pycountry.countries:
            for attribute in ("name", "official_name", "common_name"):
                name = getattr(country, attribute, "")
                if name:
                    table.setdefault(fold(catalogue.gettext(name)), country.alpha_3)
                    table.setdefault(fold(name), country.alpha_3)
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
    if found := _country_names().get(fold(value)):
        return found  # "Autriche", "Австрия", "النمسا", "奥地利"
    raise RowError(
        "country_of_manufacture",
        value,
        _("not an ISO 3166 country code nor a country's name"),
    )


class RowCleaner:
    """Validates the rows of one file: indexes and look-up tables are prepared once per run."""

    def __init__(self, mapping: dict[str, int], sites: dict[str, int] | None = None) -> None:
        """`sites`: the State's sites by folded code and name (the site column names one)."""
        self.sites = sites or {}
        self.statuses = {
            key: value
            for key, value in _choice_table(WeaponStatus).items()
            if value in EVENT_FOR_STATUS
        }
        # A column the file lacks points past any row's end: it reads as "".
        self.positions = [mapping.get(name, MAX_COLUMNS_READ) for name in COLUMNS]
        self.years: dict[str, int] = {}
        self.this_year = timezone.now().year
        self.choices = {
            "weapon_type": WeaponType,
            "reference_component": ComponentKind,
            "mark_kind": MarkingKind,
            "material": Material,
        }
        self.tables = {field: _choice_table(choices) for field, choices in self.choices.items()}
        self.allowed: dict[str, str] = {}
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
            found = self.tables[field].get(fold(value))
            if found is None:
                if field not in self.allowed:
                    self.allowed[field] = allowed_values(self.choices[field])
                raise RowError(
                    field,
                    value,
                    _("not one of the allowed values: %(values)s")
                    % {"values": self.allowed[field]},
                )
            self.seen[(field, value)] = found
        return found

    def __call__(self, row_number: int, cells: list[str]) -> CleanRow:
        """A validated row, or RowError naming every wrong field of the row.

        Most rows are good: they are checked in one straight pass that stops at the first
        problem; a row with one is checked again by `_every_problem`, which names them all."""
        width = len(cells)
        values = [cells[index].strip() if index < width else "" for index in self.positions]
        try:
            return self._clean(row_number, *values)
        except RowError:
            pass
        raise self._every_problem(dict(zip(COLUMNS, values, strict=True)))

    def _clean(  # noqa: PLR0913 - one argument per column, in COLUMNS' order
        self,
        row_number: int,
        record_number: str,
        weapon_type: str,
        serial: str,
        manufacturer: str,
        model: str,
        calibre: str,
        year_text: str,
        country_text: str,
        component: str,
        mark_text: str,
        mark_kind: str,
        material: str,
        site_text: str,
        status_text: str,
    ) -> CleanRow:
        for text in (record_number, serial, mark_text):
            # The C-speed test first: identifiers are nearly always printable ASCII.
            if not (text.isascii() and text.isprintable()) and hidden_character(text):
                raise RowError("", text, "")
        record_number = self._record_number(record_number)
        weapon_type = self._weapon_type(weapon_type)
        serial_key = normalise_marking_uncached(serial)
        if not serial_key:
            raise RowError("serial", serial, "")
        year = self._year(year_text)
        country = _country(country_text)
        default_component, default_kind, default_material = self.defaults
        if component:
            component = self.choice("reference_component", component, default_component)
        else:
            component = default_component
        mark_kind = self.choice("mark_kind", mark_kind, default_kind)
        material = self.choice("material", material, default_material)
        site_id, entry_kind = (
            self._placed(site_text, status_text) if site_text or status_text else (None, "")
        )
        mark_key = normalise_marking_uncached(mark_text) if mark_text else serial_key
        return CleanRow(
            row_number,
            record_number,
            weapon_type,
            serial[:100],
            serial_key[:100],
            _clean_text(manufacturer)[:200],
            _clean_text(model)[:120],
            _clean_text(calibre)[:60],
            year,
            country,
            component,
            (mark_text or serial)[:200],
            (mark_key or serial_key)[:200],
            mark_kind,
            material,
            site_id,
            entry_kind,
        )

    def _every_problem(self, get: dict[str, str]) -> RowError:
        """The first problem of a bad row, with every other one it has as `others`."""
        errors: list[RowError] = []

        def checked(check: Callable[[], object]) -> None:
            try:
                check()
            except RowError as error:
                errors.append(error)

        for name in IDENTIFIERS:
            if reason := hidden_character_reason(get[name]):
                errors.append(RowError(name, get[name], reason))
        checked(lambda: self._record_number(get["record_number"]))
        checked(lambda: self._weapon_type(get["weapon_type"]))
        serial = get["serial"]
        if not normalise_marking_uncached(serial):
            errors.append(RowError("serial", serial, _("needs at least one letter or digit")))
        checked(lambda: self._year(get["year_of_manufacture"]))
        checked(lambda: _country(get["country_of_manufacture"]))
        for field in ("reference_component", "mark_kind", "material"):
            checked(lambda field=field: self.choice(field, get[field], ""))
        checked(lambda: self._placed(get["site"], get["status"]))
        first = errors[0]  # the straight pass found one: the same checks find it again
        first.others = errors[1:]
        return first

    def _placed(self, site_text: str, status_text: str) -> tuple[int | None, str]:
        """The site a weapon is at and the event that places it there (or says it is gone)."""
        status = ""
        if status_text:
            status = self.statuses.get(fold(status_text), "")
            if not status:
                raise RowError(
                    "status",
                    status_text,
                    _("not one of the allowed values: %(values)s")
                    % {"values": allowed_values(WeaponStatus, EVENT_FOR_STATUS)},
                )
        site_id = None
        if site_text:
            site_id = self.sites.get(fold(site_text))
            if site_id is None:
                raise RowError("site", site_text, _("no site of your State has this code"))
            status = status or WeaponStatus.IN_STOCKPILE
        if status == WeaponStatus.IN_STOCKPILE and site_id is None:
            raise RowError("site", "", _("required for a weapon in a stockpile"))
        if status != WeaponStatus.IN_STOCKPILE:
            site_id = None  # a lost or stolen weapon is at none of the State's sites
        return site_id, EVENT_FOR_STATUS.get(status, "")

    def _record_number(self, record_number: str) -> str:
        if not record_number:
            raise RowError("record_number", "", _("required"))
        if len(record_number) > 64:
            raise RowError("record_number", record_number[:200], _("longer than 64 characters"))
        return record_number

    def _weapon_type(self, text: str) -> str:
        weapon_type = self.choice("weapon_type", text, "")
        if not weapon_type:
            if "weapon_type" not in self.allowed:
                self.allowed["weapon_type"] = allowed_values(WeaponType)
            raise RowError(
                "weapon_type",
                "",
                _("required; one of: %(values)s") % {"values": self.allowed["weapon_type"]},
            )
        return weapon_type

    def _year(self, year_text: str) -> int | None:
        if not year_text:
            return None
        year = self.years.get(year_text)
        if year is None:
            if not year_text.isdigit() or not 1800 <= int(year_text) <= self.this_year:
                raise RowError("year_of_manufacture", year_text, _("not a possible year"))
            year = self.years[year_text] = int(year_text)
        return year
