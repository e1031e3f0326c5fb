"""Finding fonts: which families are installed, which file draws a family, and metric-compatible twins.

Everything asks fontconfig (``fc-list``, ``fc-match``), as WeasyPrint and LibreOffice do; without it,
the usual font folders are scanned by file name. Office fonts that are rarely installed on Linux are
stood in for by their metric-compatible twins (:data:`METRIC_TWINS`): a kit may name Calibri, text is
measured with Carlito, and a deck names Carlito as Calibri, the name PowerPoint users have. A
template's theme font that is not installed is measured with a font of about its widths
(:data:`SUBSTITUTES`: DejaVu Sans for Verdana), else with the font fontconfig draws it with, and a
note says so (:func:`measuring_font`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: Office fonts and the fonts with the same metrics that office software substitutes for them.
METRIC_TWINS: dict[str, str] = {
    "Calibri": "Carlito",
    "Cambria": "Caladea",
    "Arial": "Liberation Sans",
    "Helvetica": "Liberation Sans",
    "Times New Roman": "Liberation Serif",
    "Courier New": "Liberation Mono",
}
#: Fonts rarely installed on Linux, and installed fonts of about the same widths that text in them is
#: measured with (not written into a deck in their place: PowerPoint users have the original).
SUBSTITUTES: dict[str, str] = {
    "Verdana": "DejaVu Sans",
    "Bitstream Vera Sans": "DejaVu Sans",
    "Tahoma": "DejaVu Sans Condensed",
    "Arial Narrow": "Liberation Sans Narrow",
    "Calibri Light": "Carlito",
    "Helvetica Neue": "Noto Sans",  # wider than Helvetica; also what fontconfig draws it with here
}
_TWIN = {office.lower(): twin.lower() for office, twin in METRIC_TWINS.items()}
_OFFICE = {twin.lower(): office for office, twin in reversed(METRIC_TWINS.items())}  # the first office name wins
DEFAULT_FAMILY = "Carlito"  # what text is measured with when a family is not installed
FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
)
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc")


@dataclass(frozen=True)
class FontFile:
    """A font file, the face index inside it and the family name fontconfig reported."""

    path: str
    index: int
    family: str


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").split())


# --------------------------------------------------------------------------- installed families


@lru_cache(maxsize=1)
def installed_families() -> frozenset[str] | None:
    """Lower-cased family names, or None when fontconfig is not available to ask."""
    if not shutil.which("fc-list"):
        return None
    try:
        out = subprocess.run(["fc-list", "--format", "%{family}\n"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    names: set[str] = set()
    for line in out.splitlines():
        names.update(part.strip().lower() for part in line.split(",") if part.strip())
    return frozenset(names)


def is_installed(family: str) -> bool:
    """True when `family` (or its metric-compatible twin) is installed; True when we cannot tell."""
    families = installed_families()
    if families is None:
        return True
    key = family.strip().lower()
    return key in families or _TWIN.get(key, "") in families


TEXT_FAMILIES = ("Carlito", "Liberation Sans", "Noto Sans", "Caladea", "Liberation Serif", "Noto Serif", "DejaVu Sans")
"""Families for handout and slide text, offered (those installed) when no installed name is close to a
family that is not installed."""


def suggestions(family: str, n: int = 3) -> list[str]:
    """Installed families whose names are close to `family` (for a hint)."""
    import difflib
    families = sorted(installed_families() or ())
    return difflib.get_close_matches(family.lower(), families, n=n, cutoff=0.75)


def text_families() -> list[str]:
    """The `TEXT_FAMILIES` that are installed."""
    families = installed_families() or frozenset()
    return [f for f in TEXT_FAMILIES if f.lower() in families]


def office_name(family: str | None) -> str | None:
    """The name to write into a document for `family`: a twin as its office font (Carlito as Calibri)."""
    if not family:
        return family
    return _OFFICE.get(family.strip().lower(), family)


# --------------------------------------------------------------------------- font files


def _pattern(family: str) -> str:
    """A family name as a fontconfig pattern (its special characters escaped)."""
    return "".join("\\" + c if c in "\\-:," else c for c in family)


def _fc_match(pattern: str) -> FontFile | None:
    """Ask fontconfig for the best match of ``pattern``; None without fontconfig."""
    if not shutil.which("fc-match"):
        return None
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}\t%{index}\t%{family}", pattern],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.split("\t")
    if len(parts) != 3 or not parts[0]:
        return None
    return FontFile(parts[0], int(parts[1] or 0), parts[2])


@lru_cache(maxsize=1)
def _font_files() -> tuple[Path, ...]:
    """Every font file in the usual folders (used only when fc-match is unavailable)."""
    found: list[Path] = []
    for root in FONT_DIRS:
        if root.is_dir():
            for dirpath, _, files in os.walk(root):
                found += [Path(dirpath, f) for f in files if f.lower().endswith(_FONT_SUFFIXES)]
    return tuple(sorted(found))


def _scan(family: str, bold: bool, italic: bool) -> FontFile | None:
    """Find ``family`` by file name, e.g. ``Carlito-BoldItalic.ttf``."""
    want = _norm(family).replace(" ", "")
    style = ("bold" if bold else "") + ("italic" if italic else "") or "regular"
    best: FontFile | None = None
    for path in _font_files():
        base, _, suffix = path.stem.lower().partition("-")
        if base.replace("_", "") != want:
            continue
        if suffix == style:
            return FontFile(str(path), 0, family)
        if best is None or suffix in ("", "regular"):
            best = FontFile(str(path), 0, family)
    return best


@lru_cache(maxsize=64)
def find_font(family: str, bold: bool = False, italic: bool = False) -> FontFile | None:
    """The installed file for ``family`` (or its metric-compatible twin), else None.

    Returns None when neither fontconfig nor a file scan finds that family itself: a
    fontconfig "best match" of some other family does not count.
    """
    wanted = {_norm(family)}
    if _norm(family) in _TWIN:
        wanted.add(_TWIN[_norm(family)])
    pattern = _pattern(family)
    pattern += (":bold" if bold else "") + (":italic" if italic else "")
    match = _fc_match(pattern)
    if match is not None:
        families = {_norm(name) for name in match.family.split(",")}
        return match if families & wanted else None
    for name in sorted(wanted):
        found = _scan(name, bold, italic)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class MeasuringFont:
    """The font text in a family is measured with: its file, its family, and why, when it is another."""

    file: FontFile
    family: str
    note: str | None = None


@lru_cache(maxsize=32)
def measuring_font(family: str | None) -> MeasuringFont:
    """The font text in ``family`` is measured with, and a note when it is a poor stand-in.

    In order: the family itself or its metric twin (Carlito for Calibri); a substitute of about the
    same widths (:data:`SUBSTITUTES`: DejaVu Sans for Verdana); else the font fontconfig draws the
    family with on this machine, with a note naming both (line breaks may differ where the family is
    installed); else Carlito, else any sans-serif.
    """
    requested = (family or DEFAULT_FAMILY).strip() or DEFAULT_FAMILY
    found = find_font(requested)
    if found is not None:
        return MeasuringFont(found, requested)
    substitute = next((sub for name, sub in SUBSTITUTES.items() if _norm(name) == _norm(requested)), None)
    found = find_font(substitute) if substitute else None
    if found is not None and substitute:
        return MeasuringFont(found, substitute)
    match = _fc_match(_pattern(requested))
    if match is not None:
        used = match.family.split(",")[0]
        return MeasuringFont(match, used, f"font {requested!r} is not installed and has no metric-compatible "
                             f"substitute here; slide text is measured with {used}, the font it is drawn with on this "
                             f"machine, so lines may break differently where {requested} is installed")
    found = find_font(DEFAULT_FAMILY)
    if found is not None:
        return MeasuringFont(found, DEFAULT_FAMILY, f"font {requested!r} is not installed; "
                             f"slide text is measured with {DEFAULT_FAMILY} metrics")
    found = _scan("DejaVu Sans", False, False)
    if found is None:
        raise RuntimeError("no usable font found for measuring slide text; "
                           "install fonts-crosextra-carlito (scripts/setup-system.sh)")
    return MeasuringFont(found, found.family, f"font {requested!r} is not installed and neither is "
                         f"{DEFAULT_FAMILY}; slide text is measured with {found.family}")


_FALLBACKS: dict[tuple[int, bool], FontFile | None] = {}


def fallback_font(ch: str, bold: bool, cjk: bool) -> FontFile | None:
    """A font that draws ``ch`` (one the main font lacks); cached per 256-code-point block.

    ``cjk`` says the character is Chinese, Japanese or Korean: without fontconfig, Noto CJK is tried.
    """
    key = (ord(ch) >> 8, bold)
    if key not in _FALLBACKS:
        match = _fc_match(f"sans-serif:charset={ord(ch):x}" + (":bold" if bold else ""))
        if match is None and cjk:
            match = _scan("NotoSansCJK", False, False) or _scan("NotoSansCJKjp", False, False)
        _FALLBACKS[key] = match
    return _FALLBACKS[key]


@lru_cache(maxsize=1)
def drawn_ranges() -> tuple[list[int], tuple[tuple[int, int], ...]] | None:
    """The code points some installed font draws, as sorted, merged ranges and their starts (for
    bisecting), read once per process (None: fontconfig cannot say). It is the system's, never the
    content's: a process reads it before it forks the workers that check content."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run([fc_list, "--format", "%{charset}\n"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    ranges = []
    for part in set(out.split()):  # fonts share most ranges: each is parsed once
        lo, _, hi = part.partition("-")
        try:
            ranges.append((int(lo, 16), int(hi or lo, 16)))
        except ValueError:
            continue
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return ([lo for lo, _ in merged], tuple(merged)) if merged else None


def undrawable(text: str) -> list[str]:
    """The characters of `text`, once each, that no installed font draws: they print as empty boxes (none
    when fontconfig cannot say; spaces, controls and joiners need no glyph)."""
    import bisect
    import unicodedata
    coverage = drawn_ranges()
    if coverage is None:
        return []
    starts, ranges = coverage
    out: list[str] = []
    for ch in dict.fromkeys(text):
        if ord(ch) < 0x250 or ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Mn", "Me", "Zs"):
            continue  # Latin (every font has it), and what is not drawn on its own
        i = bisect.bisect_right(starts, ord(ch)) - 1
        if i < 0 or ord(ch) > ranges[i][1]:
            out.append(ch)
    return out


def code_points(chars: list[str], limit: int = 5) -> str:
    """Characters named by code point ("U+1F308, U+1F469"), never as themselves."""
    shown = ", ".join(f"U+{ord(ch):04X}" for ch in chars[:limit])
    return shown + (f" and {len(chars) - limit} more" if len(chars) > limit else "")
