"""Names in the order a reader of each language expects ("Árabe Saudita" before "Austria" in
Spanish, "Émirats" between "Ecuador" and "Espagne" in French, Chinese by pinyin), from ICU's
collation for the language. Every list of States, regions or other names shown sorted goes
through `collated`, so no list is left in the order of the code points."""

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, TypeVar

import icu
from django.conf import settings
from django.utils.translation import get_language, to_locale

T = TypeVar("T")


@lru_cache(maxsize=16)
def _collator(language: str) -> Any:
    # zh-hans → zh_Hans: ICU's Chinese collation orders by pinyin.
    return icu.Collator.createInstance(icu.Locale(to_locale(language)))


def sort_key(text: str, language: str | None = None) -> bytes:
    """The key that sorts `text` among others in `language` (the active one by default)."""
    return bytes(_collator(language or get_language() or settings.LANGUAGE_CODE).getSortKey(text))


def collated(
    items: Iterable[T], key: Callable[[T], str] = str, language: str | None = None
) -> list[T]:
    """`items` sorted by `key(item)` as a reader of `language` (the active one) sorts them."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return sorted(items, key=lambda item: sort_key(key(item), language))
