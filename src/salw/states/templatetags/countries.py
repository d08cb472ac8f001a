"""`{{ code|country }}`: a country stored as its ISO 3166 alpha-3 code, named in the reader's
language (CLDR's names, from Babel) with the code beside it, isolated left-to-right."""

from typing import Any

import pycountry
from babel import Locale, UnknownLocaleError
from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, to_locale

register = template.Library()


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in `language` (the active one), or "" when the code names none."""
    found = pycountry.countries.get(alpha_3=code.upper()) if len(code) == 3 else None
    if found is None:
        return ""
    try:
        locale = Locale.parse(to_locale(language or get_language() or "en"))
    except (UnknownLocaleError, ValueError):
        locale = Locale("en")
    return str(locale.territories.get(found.alpha_2) or found.name)


@register.filter(is_safe=True)
def country(value: Any) -> SafeString | str:
    """ "Allemagne (DEU)"; a code that names no country is shown as it is."""
    if not value:
        return ""
    name = country_name(str(value))
    if not name:
        return format_html('<bdi dir="ltr">{}</bdi>', value)
    return format_html('{} (<bdi dir="ltr">{}</bdi>)', name, str(value).upper())
