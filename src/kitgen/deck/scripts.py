"""The writing system of slide text, and the language each run is tagged with.

A run is tagged with the kit's language (``lang_tag`` of its locale) unless its text is in another
script: Japanese (kana, and the ideographs around them), Chinese ideographs, Korean, Arabic,
Hebrew, Thai, Greek, Cyrillic and Devanagari get their language, so PowerPoint picks the theme's
East Asian or complex-script font and the right spelling checker. Spaces, digits and punctuation
stay with the text around them.
"""

from __future__ import annotations

import functools
import unicodedata

#: Script -> the language tag its text gets when the kit's own language is not written in it.
SCRIPT_LANGS: dict[str, str] = {
    "kana": "ja-JP", "han": "zh-CN", "hangul": "ko-KR", "arabic": "ar-SA", "hebrew": "he-IL", "thai": "th-TH",
    "greek": "el-GR", "cyrillic": "ru-RU", "devanagari": "hi-IN",
}
#: Languages written in each script (a kit in one of them keeps its own tag for that script).
_WRITES = {"kana": ("ja",), "han": ("ja", "zh", "ko"), "hangul": ("ko",), "arabic": ("ar", "fa", "ur"),
           "hebrew": ("he", "yi"), "thai": ("th",), "greek": ("el",), "cyrillic": ("ru", "uk", "bg", "sr", "be", "kk"),
           "devanagari": ("hi", "mr", "ne")}
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "greek"), (0x0400, 0x052F, "cyrillic"), (0x0590, 0x05FF, "hebrew"), (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"), (0x0900, 0x097F, "devanagari"), (0x0E00, 0x0E7F, "thai"), (0x1100, 0x11FF, "hangul"),
    (0x3040, 0x30FF, "kana"), (0x31F0, 0x31FF, "kana"), (0x3400, 0x4DBF, "han"), (0x4E00, 0x9FFF, "han"),
    (0xAC00, 0xD7AF, "hangul"), (0xF900, 0xFAFF, "han"), (0xFB1D, 0xFB4F, "hebrew"), (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"), (0xFF66, 0xFF9F, "kana"), (0x20000, 0x3FFFF, "han"),
)

_FIRST_SCRIPT = chr(_RANGES[0][0])
"""Text below this character is in no script of :data:`SCRIPT_LANGS`."""


@functools.lru_cache(maxsize=8192)
def script(ch: str) -> str | None:
    """The script of ``ch`` when it is one of :data:`SCRIPT_LANGS` ("latin" for letters of others, None for
    spaces, digits and punctuation)."""
    cp = ord(ch)
    for low, high, name in _RANGES:
        if low <= cp <= high:
            return name
    return "latin" if unicodedata.category(ch).startswith("L") else None


def language(name: str, lang: str, kana: bool) -> str:
    """The tag of text in script ``name`` in a kit whose tag is ``lang`` (``kana``: the paragraph has kana)."""
    if name == "han" and kana:
        name = "kana"  # ideographs among kana are Japanese
    if name not in SCRIPT_LANGS or lang.split("-")[0] in _WRITES.get(name, ()):
        return lang
    return SCRIPT_LANGS[name]


def segments(text: str, lang: str, kana: bool | None = None) -> list[tuple[str, str]]:
    """``text`` cut where its language changes: ``[(piece, tag)]``, pieces joined give ``text`` back."""
    if not text:
        return []
    if max(text) < _FIRST_SCRIPT:  # Latin letters, digits and punctuation only: one piece in the kit's language
        return [(text, lang)]
    if kana is None:
        kana = any(script(ch) == "kana" for ch in text)
    out: list[list[str]] = []
    for ch in text:
        name = script(ch)
        tag = language(name, lang, kana) if name else (out[-1][1] if out else lang)
        if out and out[-1][1] == tag:
            out[-1][0] += ch
        else:
            out.append([ch, tag])
    return [(piece, tag) for piece, tag in out]
