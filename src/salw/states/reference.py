"""States and regions as the maintained packages describe them, adjusted to UN usage.

Sources:
- country-converter (`country_data.tsv`): which States are UN members (`UNmember`, year of
  admission), ISO codes, M49 numeric code, M49 region (`continent`) and sub-region (`UNregion`).
- pycountry: the ISO 3166-1 codes (checked against country-converter's) and English names.
- Babel (Unicode CLDR): State names in the five other languages; region and sub-region names.
- `UN_USAGE` below: the few names where the UN terminology database (UNTERM, unterm.un.org)
  differs from ISO 3166 / CLDR.
"""

import csv
import importlib.resources
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pycountry
from babel import Locale

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh-hans")
_BABEL_LOCALE = {"ar": "ar", "en": "en", "es": "es", "fr": "fr", "ru": "ru", "zh-hans": "zh_Hans"}

# The two non-member observer States (General Assembly resolutions 58/314 and 67/19).
OBSERVER_ISO3 = {"VAT", "PSE"}

# M49 codes for grouping names that CLDR spells differently from the M49 standard
# (unstats.un.org/unsd/methodology/m49): the rest are found through CLDR's English names.
M49_CODE_BY_NAME = {
    "America": "019",  # country-converter's "continent"; M49 says "Americas"
    "Australia and New Zealand": "053",
    "South-eastern Asia": "035",
    "Micronesia": "057",
}
M49_ENGLISH_NAME = {"019": "Americas"}

# Short names in UN usage (UNTERM) where ISO 3166 (English) or CLDR (other languages) differ.
UN_USAGE: dict[str, dict[str, str]] = {
    "BOL": {"en": "Bolivia (Plurinational State of)"},
    "COD": {
        "ar": "جمهورية الكونغو الديمقراطية",
        "en": "Democratic Republic of the Congo",
        "es": "República Democrática del Congo",
        "fr": "République démocratique du Congo",
        "ru": "Демократическая Республика Конго",
        "zh-hans": "刚果民主共和国",
    },
    "COG": {
        "ar": "الكونغو",
        "en": "Congo",
        "es": "Congo",
        "fr": "Congo",
        "ru": "Конго",
        "zh-hans": "刚果",
    },
    "FSM": {"en": "Micronesia (Federated States of)"},
    "GBR": {"en": "United Kingdom of Great Britain and Northern Ireland"},
    "IRN": {"en": "Iran (Islamic Republic of)"},
    "KOR": {
        "ar": "جمهورية كوريا",
        "en": "Republic of Korea",
        "es": "República de Corea",
        "fr": "République de Corée",
        "ru": "Республика Корея",
        "zh-hans": "大韩民国",
    },
    "MDA": {"en": "Republic of Moldova"},
    "PRK": {
        "ar": "جمهورية كوريا الشعبية الديمقراطية",
        "en": "Democratic People's Republic of Korea",
        "es": "República Popular Democrática de Corea",
        "fr": "République populaire démocratique de Corée",
        "ru": "Корейская Народно-Демократическая Республика",
        "zh-hans": "朝鲜民主主义人民共和国",
    },
    "PSE": {
        "ar": "دولة فلسطين",
        "en": "State of Palestine",
        "es": "Estado de Palestina",
        "fr": "État de Palestine",
        "ru": "Государство Палестина",
        "zh-hans": "巴勒斯坦国",
    },
    "TUR": {
        "ar": "تركيا",
        "en": "Türkiye",
        "es": "Türkiye",
        "fr": "Türkiye",
        "ru": "Турция",
        "zh-hans": "土耳其",
    },
    "TZA": {"en": "United Republic of Tanzania"},
    "USA": {"en": "United States of America"},
    "VAT": {
        "ar": "الكرسي الرسولي",
        "en": "Holy See",
        "es": "Santa Sede",
        "fr": "Saint-Siège",
        "ru": "Святейший Престол",
        "zh-hans": "教廷",
    },
    "VEN": {"en": "Venezuela (Bolivarian Republic of)"},
}


@dataclass(frozen=True)
class RegionRecord:
    m49: str
    parent_m49: str | None
    names: dict[str, str]


@dataclass(frozen=True)
class StateRecord:
    iso2: str
    iso3: str
    m49: str
    observer: bool
    un_member_since: int | None
    region_m49: str
    subregion_m49: str
    names: dict[str, str]


def _coco_rows() -> list[dict[str, str]]:
    data = importlib.resources.files("country_converter") / "country_data.tsv"
    with data.open(encoding="utf-8") as handle:
        # Read as text: pandas would turn Namibia's "NA" into a missing value.
        return list(csv.DictReader(handle, delimiter="\t"))


def _m49_code(name: str) -> str:
    if name in M49_CODE_BY_NAME:
        return M49_CODE_BY_NAME[name]
    by_english_name = {v: k for k, v in Locale("en").territories.items() if k.isdigit()}
    return by_english_name[name]


def _region_names(m49: str, english: str) -> dict[str, str]:
    names = {lang: Locale.parse(code).territories[m49] for lang, code in _BABEL_LOCALE.items()}
    names["en"] = M49_ENGLISH_NAME.get(m49, english)
    return names


def _state_names(country: Any) -> dict[str, str]:
    # English from ISO 3166 (closer to UN usage than CLDR's "St. Kitts & Nevis"); the other
    # five languages from CLDR.
    names = {
        lang: Locale.parse(code).territories[country.alpha_2]
        for lang, code in _BABEL_LOCALE.items()
    }
    names["en"] = country.name
    names.update(UN_USAGE.get(country.alpha_3, {}))
    return names


def regions_and_states() -> tuple[list[RegionRecord], list[StateRecord]]:
    rows = [row for row in _coco_rows() if row["UNmember"].strip() or row["ISO3"] in OBSERVER_ISO3]
    regions: dict[str, RegionRecord] = {}
    states = []
    for row in rows:
        region_m49 = _m49_code(row["continent"])
        subregion_m49 = _m49_code(row["UNregion"])
        regions.setdefault(
            region_m49, RegionRecord(region_m49, None, _region_names(region_m49, row["continent"]))
        )
        regions.setdefault(
            subregion_m49,
            RegionRecord(subregion_m49, region_m49, _region_names(subregion_m49, row["UNregion"])),
        )
        member_since = row["UNmember"].strip()
        country = pycountry.countries.get(alpha_3=row["ISO3"])
        # country-converter writes some alpha-2 codes as patterns (Greece: "^GR$|^EL$").
        if country is None or country.alpha_2 not in row["ISO2"]:
            raise ValueError(f"ISO codes disagree between sources for {row['ISO3']}")
        states.append(
            StateRecord(
                iso2=country.alpha_2,
                iso3=country.alpha_3,
                m49=country.numeric,
                observer=row["ISO3"] in OBSERVER_ISO3,
                un_member_since=int(float(member_since)) if member_since else None,
                region_m49=region_m49,
                subregion_m49=subregion_m49,
                names=_state_names(country),
            )
        )
    return list(regions.values()), sorted(states, key=lambda s: s.iso3)


def iter_names(names: dict[str, str]) -> Iterator[tuple[str, str]]:
    for language in LANGUAGES:
        yield language, names[language]
