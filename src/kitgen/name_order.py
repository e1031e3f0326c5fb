"""The order a name's parts are written in, when a roster gives them apart (first and family name)."""

from __future__ import annotations

import unicodedata

_EAST_ASIAN = ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH", "HIRAGANA", "KATAKANA", "HANGUL")


def full_name(given: str | None, family: str | None) -> str | None:
    """A name from its parts in the order its script writes it: "Amira Haddad"; a Chinese, Japanese or
    Korean name family first ("李雷", "김민준"; "佐藤 花子" with kana, as Japanese sets it apart)."""
    if not (given and family):
        return given or family
    letters = [ch for ch in given + family if ch.isalpha()]
    if letters and all(unicodedata.name(ch, "").startswith(_EAST_ASIAN) for ch in letters):
        kana = any(unicodedata.name(ch, "").startswith(("HIRAGANA", "KATAKANA")) for ch in letters)
        return family + (" " if kana else "") + given
    return f"{given} {family}"
