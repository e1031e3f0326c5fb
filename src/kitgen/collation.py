"""Sorting names the way the kit's language sorts them (ICU's collation, bundled with its wheel).

`sorted()` on Python strings orders by code point: "Émile" after "Zoë", "Ørsted" after every Latin
name. ICU's collator for the locale puts them where a reader looks for them (in Swedish "Åsa" after
"Zoë", in English beside "Anna"), independent of the machine's own locale settings.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


@functools.lru_cache(maxsize=8)
def _collator(locale: str):
    import icu  # PyICU's module, from the pyicu-wheels package (ICU included)
    collator = icu.Collator.createInstance(icu.Locale(locale.replace("-", "_")))
    collator.setAttribute(icu.UCollAttribute.NORMALIZATION_MODE, icu.UCollAttributeValue.ON)
    return collator


def sort_key(locale: str) -> Callable[[str], bytes]:
    """A key function ordering texts in `locale`'s collation (e.g. "en", "fr", "sv", "fr-CA")."""
    return _collator(locale).getSortKey


def collated(items: Iterable[T], locale: str, key: Callable[[T], str] = str) -> list[T]:
    """`items` sorted by `key(item)` in `locale`'s collation; equal texts keep their order."""
    text_key = sort_key(locale)
    return sorted(items, key=lambda item: text_key(key(item)))
