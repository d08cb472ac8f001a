"""Sorting names as readers of each language expect (ICU collation, the CLDR rules).

Sorting by code point puts "Égypte" after "Zambie" and the Spanish "Ñ" anywhere; ICU's
collator for the reader's language sorts accented letters with their base letter, "ñ" after
"n" in Spanish, Arabic in its alphabet and Chinese by pinyin.
"""

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

import icu
from django.utils.translation import get_language

T = TypeVar("T")


@lru_cache(maxsize=16)
def _collator(language: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(language.replace("-", "_")))


def collation_key(language: str | None = None) -> Callable[[str], bytes]:
    """A sort key for text in `language` (default: the active language)."""
    return _collator((language or get_language() or "en").lower()).getSortKey


def sorted_by_name(
    items: Iterable[T], name: Callable[[T], str], language: str | None = None
) -> list[T]:
    """`items` in the order of their names, as a reader of `language` expects."""
    key = collation_key(language)
    return sorted(items, key=lambda item: key(name(item)))
