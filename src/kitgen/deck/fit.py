"""Fit slide text into a placeholder box using real font metrics.

Text is measured with the advance widths of the actual font files (Pillow/FreeType), wrapped
at word boundaries (and between characters for CJK text, which has no spaces) and stacked
the way LibreOffice Impress and PowerPoint lay out a text box:

* usable box = placeholder size minus the OOXML default insets: 0.1 in left/right and
  0.05 in top/bottom;
* a paragraph at bullet level ``n`` starts ``indents[n]`` EMU from the left inset (the
  built-in template's ``marL`` values, see :data:`LEVEL_MARGINS_EMU`); bullets hang in it;
  lines are filled to :data:`WIDTH_SAFETY` (99.5 %) of the width, to allow for rounding;
* each line is ``LINE_FACTOR * size`` high (single spacing; measured 1.2 in LibreOffice for
  Carlito and Noto CJK alike), times the box's ``line_spacing`` (e.g. 0.9 for titles);
* every paragraph but the first in a box has ``space_before * size`` above it (the template
  uses ``spcBef`` 50 %, which LibreOffice renders as 0.5 x size; neither renderer adds
  it above the first paragraph).

Fonts are found with ``fc-match`` (or by scanning the usual font folders) and cached.
Metric-compatible substitutes stand in for Microsoft fonts (Calibri -> Carlito, ...), as
LibreOffice does.  A family that is not installed is measured with Carlito metrics and the
result says so in :attr:`FitResult.note`.  Characters the font lacks (e.g. CJK) are measured
with the font fontconfig picks for them.

Main entry point: :func:`fit_paragraphs`.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

EMU_PER_PT = 12700
EMU_PER_INCH = 914400
INSET_X_EMU = 91440  # left and right inset, 0.1 in
INSET_Y_EMU = 45720  # top and bottom inset, 0.05 in
#: ``marL`` of body levels 0..4 in the built-in template (tools/make_deck_template.py).
LEVEL_MARGINS_EMU: tuple[int, ...] = (342900, 742950, 1143000, 1543050, 1943100)
LINE_FACTOR = 1.2
#: Share of the line width that text may use: renderers round glyph positions (LibreOffice
#: breaks lines about 0.3 % earlier than exact advances predict) and PowerPoint kerns
#: differently, so wrapping is computed slightly pessimistically.
WIDTH_SAFETY = 0.995
SPACE_BEFORE = 0.5
DEFAULT_FAMILY = "Carlito"

#: Microsoft fonts and the metric-compatible fonts LibreOffice substitutes for them.
METRIC_ALIASES: dict[str, str] = {
    "calibri": "carlito",
    "cambria": "caladea",
    "arial": "liberation sans",
    "helvetica": "liberation sans",
    "times new roman": "liberation serif",
    "courier new": "liberation mono",
}
FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
)
_REF_PX = 1000  # fonts are loaded at this pixel size; widths are kept in em units
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc")


Run = tuple[str, bool, bool]


@dataclass
class Para:
    """One paragraph: ``(text, bold, italic)`` runs and a bullet level (0 = top level).

    A ``"\\n"`` (or ``"\\v"``) inside a run is a line break within the paragraph.
    """

    runs: list[Run]
    level: int = 0

    @property
    def text(self) -> str:
        """The paragraph's plain text."""
        return "".join(text for text, _, _ in self.runs)


@dataclass
class FitResult:
    """Outcome of :func:`fit_paragraphs`.

    ``size_pt`` is the font size to use for every page; ``pages`` holds the paragraphs of
    each slide (more than one page means continuation slides); ``overflow`` is true when a
    single paragraph does not fit the box even at the minimum size (it is still returned,
    alone on its page).  ``page_heights_emu`` are the measured text heights, insets
    included.  ``note`` explains a font fallback, if any.
    """

    size_pt: int
    pages: list[list[Para]]
    overflow: bool
    font_family: str
    note: str | None = None
    page_heights_emu: list[int] = field(default_factory=list)


# --------------------------------------------------------------------------- font lookup


@dataclass(frozen=True)
class FontFile:
    """A font file, the face index inside it and the family name fontconfig reported."""

    path: str
    index: int
    family: str


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").split())


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
        stem = path.stem.lower()
        base, _, suffix = stem.partition("-")
        if base.replace("_", "") != want:
            continue
        if suffix == style:
            return FontFile(str(path), 0, family)
        if best is None or suffix in ("", "regular"):
            best = FontFile(str(path), 0, family)
    return best


@lru_cache(maxsize=64)
def find_font(family: str, bold: bool = False, italic: bool = False) -> FontFile | None:
    """The installed file for ``family`` (or its metric-compatible stand-in), else None.

    Returns None when neither fontconfig nor a file scan finds that family itself: a
    fontconfig "best match" of some other family does not count.
    """
    wanted = {_norm(family)}
    if _norm(family) in METRIC_ALIASES:
        wanted.add(METRIC_ALIASES[_norm(family)])
    pattern = "".join("\\" + c if c in "\\-:," else c for c in family)
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


_FALLBACKS: dict[tuple[int, bool], FontFile | None] = {}


def _fallback_font(ch: str, bold: bool) -> FontFile | None:
    """A font for a character the main font lacks; cached per 256-code-point block."""
    key = (ord(ch) >> 8, bold)
    if key not in _FALLBACKS:
        match = _fc_match(f"sans-serif:charset={ord(ch):x}" + (":bold" if bold else ""))
        if match is None and _is_cjk(ch):
            match = _scan("NotoSansCJK", False, False) or _scan("NotoSansCJKjp", False, False)
        _FALLBACKS[key] = match
    return _FALLBACKS[key]


class _Face:
    """A loaded font: per-character advances in em units, cached, and its code-point coverage."""

    def __init__(self, font: FontFile):
        self.file = font
        self._pil = ImageFont.truetype(font.path, _REF_PX, index=font.index)
        self._advance: dict[str, float] = {}
        self._length: dict[str, float] = {}
        self._cmap: frozenset[int] | None = None

    def covers(self, ch: str) -> bool:
        """Whether the font has a glyph for ``ch``."""
        if self._cmap is None:
            self._cmap = _load_cmap(self.file)
        return not self._cmap or ord(ch) in self._cmap

    def advance(self, ch: str) -> float:
        """Advance width of ``ch`` in em."""
        width = self._advance.get(ch)
        if width is None:
            width = self._pil.getlength(ch) / _REF_PX
            self._advance[ch] = width
        return width

    def length(self, text: str) -> float:
        """Advance width of ``text`` in em, with kerning and ligatures when Pillow has raqm."""
        if len(text) == 1:
            return self.advance(text)
        width = self._length.get(text)
        if width is None:
            width = self._pil.getlength(text) / _REF_PX
            self._length[text] = width
        return width


def _load_cmap(font: FontFile) -> frozenset[int]:
    """Code points mapped by the font's cmap (empty when it cannot be read: assume all)."""
    try:
        from fontTools.ttLib import TTFont

        with TTFont(font.path, lazy=True, fontNumber=font.index) as tt:
            return frozenset(tt.getBestCmap() or ())
    except Exception:  # noqa: BLE001 - any unreadable font: measure everything with it
        return frozenset()


@lru_cache(maxsize=64)
def _face(font: FontFile) -> _Face:
    return _Face(font)


@dataclass(frozen=True)
class _Metrics:
    """The four styles of one family, and what was asked for versus what is used."""

    faces: tuple[_Face, _Face, _Face, _Face]  # regular, bold, italic, bold italic
    family: str
    note: str | None

    def face(self, bold: bool, italic: bool) -> _Face:
        return self.faces[2 * italic + bold]


@lru_cache(maxsize=32)
def _metrics_for(family: str | None) -> _Metrics:
    """Faces used to measure ``family``; falls back to Carlito (with a note) when missing."""
    requested = (family or DEFAULT_FAMILY).strip() or DEFAULT_FAMILY
    note = None
    base = find_font(requested)
    used = requested
    if base is None:
        used = DEFAULT_FAMILY
        base = find_font(DEFAULT_FAMILY)
        note = f"font {requested!r} is not installed; text was measured with {DEFAULT_FAMILY} metrics"
        if base is None:
            base = _fc_match("sans-serif") or _scan("DejaVu Sans", False, False)
            if base is None:
                raise RuntimeError(
                    "no usable font found for measuring slide text; "
                    "install fonts-crosextra-carlito (scripts/setup-system.sh)"
                )
            used = base.family.split(",")[0]
            note = (f"font {requested!r} is not installed and neither is {DEFAULT_FAMILY}; "
                    f"text was measured with {used}")
    styles = [find_font(used, b, i) or base for i in (False, True) for b in (False, True)]
    return _Metrics(tuple(_face(f) for f in styles), used, note)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- measuring

_NO_LINE_START = set("、。，．・：；？！ー）〕］｝〉》」』】〙〗〟’”ゝゞヽヾ々…‥,.;:!?)]}%")
_BREAK = None  # marks a forced line break in a unit list
_NO_BREAK_SPACES = "\u00a0\u202f\u2007\u2060"  # spaces renderers never wrap at (e.g. "9:00\u00a0AM", "Questions\u202f?")


def _is_cjk(ch: str) -> bool:
    """True for characters that may be wrapped between (ideographs, kana, CJK punctuation)."""
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x303F or 0x3040 <= cp <= 0x30FF or 0x3100 <= cp <= 0x31FF
        or 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFFEF or 0x20000 <= cp <= 0x3FFFF
    )


def _face_for(metrics: _Metrics, ch: str, bold: bool, italic: bool) -> _Face | None:
    """The face that draws ``ch`` (a fallback when the main font lacks it); None if invisible."""
    if unicodedata.category(ch) in ("Cf", "Cc"):
        return None
    face = metrics.face(bold, italic)
    if face.covers(ch):
        return face
    fallback = _fallback_font(ch, bold)
    return _face(fallback) if fallback else face


class _Word:
    """Accumulates the glyphs of one unbreakable unit as same-face pieces."""

    __slots__ = ("pieces", "space", "open", "cjk")

    def __init__(self) -> None:
        self.pieces: list[list] = []  # [face, text]
        self.space = 0.0  # width of trailing spaces, em
        self.open = False  # whether anything (even only spaces) has been added
        self.cjk = False  # whether the last glyph was CJK (a break opportunity follows)

    def add(self, face: _Face | None, ch: str) -> None:
        self.open = True
        if face is None:
            return
        if self.pieces and self.pieces[-1][0] is face:
            self.pieces[-1][1] += ch
        else:
            self.pieces.append([face, ch])

    def width(self) -> float:
        return sum(face.length(text) for face, text in self.pieces)


# A unit is an unbreakable piece of text: (width of its glyphs, width of trailing spaces)
# in em; None is a forced line break.
_Unit = tuple[float, float] | None


@lru_cache(maxsize=4096)
def _units(runs: tuple[Run, ...], family: str | None) -> tuple[_Unit, ...]:
    """Split a paragraph into break units (words, or single CJK characters) with em widths."""
    metrics = _metrics_for(family)
    units: list[_Unit] = []
    word = _Word()
    for text, bold, italic in runs:
        for ch in text:
            if ch in "\n\v\u2028":
                if word.open:
                    units.append((word.width(), word.space))
                units.append(_BREAK)
                word = _Word()
                continue
            face = _face_for(metrics, ch, bold, italic)
            if ch.isspace() and ch not in _NO_BREAK_SPACES:
                word.space += face.advance(ch) if face else 0.0
                word.open, word.cjk = True, False
                continue
            cjk = _is_cjk(ch)
            if word.open and (word.space > 0 or ((cjk or word.cjk) and ch not in _NO_LINE_START)):
                units.append((word.width(), word.space))
                word = _Word()
            word.add(face, ch)
            word.cjk = cjk
    if word.open:
        units.append((word.width(), word.space))
    return tuple(units)


def _line_count(units: tuple[_Unit, ...], limit_em: float) -> int:
    """Number of lines the units take when wrapped greedily at ``limit_em``."""
    lines = 1
    line = 0.0  # width used on the current line, without its trailing spaces
    pending = 0.0  # trailing spaces of the last unit on the line
    for unit in units:
        if unit is None:
            lines += 1
            line = pending = 0.0
            continue
        width, space = unit
        if line > 0 and line + pending + width > limit_em:
            lines += 1
            line = 0.0
        if line == 0 and width > limit_em:  # a word longer than the line is broken anywhere
            extra = math.ceil(width / limit_em) - 1
            lines += extra
            width -= extra * limit_em
        line = (line + pending + width) if line > 0 else width
        pending = space
    return lines


@dataclass(frozen=True)
class _Box:
    """Box geometry and paragraph style shared by every measurement of one fitting."""

    width_emu: int
    height_emu: int
    indents: tuple[int, ...]
    line_spacing: float
    space_before: float

    def text_width_pt(self, level: int) -> float:
        indent = self.indents[min(level, len(self.indents) - 1)] if self.indents else 0
        return (self.width_emu - 2 * INSET_X_EMU - indent) / EMU_PER_PT

    @property
    def text_height_pt(self) -> float:
        return (self.height_emu - 2 * INSET_Y_EMU) / EMU_PER_PT


def _para_height_pt(para: Para, box: _Box, size: float, family: str | None, first: bool) -> float:
    """Height of one paragraph at ``size`` points, plus its space before unless ``first``."""
    avail = box.text_width_pt(para.level)
    units = _units(tuple((str(t), bool(b), bool(i)) for t, b, i in para.runs), family)
    if avail <= 0:
        return math.inf
    lines = _line_count(units, avail * WIDTH_SAFETY / size)
    height = lines * LINE_FACTOR * box.line_spacing * size
    return height if first else height + box.space_before * size


def measure_height(paras: list[Para], width_emu: int, size_pt: float, font_family: str | None = None,
                   *, indents: tuple[int, ...] = LEVEL_MARGINS_EMU, line_spacing: float = 1.0,
                   space_before: float = SPACE_BEFORE) -> int:
    """Height in EMU that ``paras`` take in a box ``width_emu`` wide, insets included."""
    box = _Box(width_emu, 0, indents, line_spacing, space_before)
    total = sum(_para_height_pt(p, box, size_pt, font_family, i == 0) for i, p in enumerate(paras))
    return math.ceil(total * EMU_PER_PT) + 2 * INSET_Y_EMU


def text_width_pt(text: str, size_pt: float, font_family: str | None = None, bold: bool = False,
                  italic: bool = False) -> float:
    """Advance width of a single line of ``text`` in points."""
    metrics = _metrics_for(font_family)
    word = _Word()
    for ch in text:
        word.add(_face_for(metrics, ch, bold, italic), ch)
    return word.width() * size_pt


# --------------------------------------------------------------------------- fitting


def pack(heads: list[float], gaps: list[float], cap: float) -> list[list[int]]:
    """Greedily pack paragraphs onto pages no taller than ``cap``.

    ``heads[i]`` is paragraph i's height as the first on a page, ``heads[i] + gaps[i]``
    otherwise.  A paragraph taller than ``cap`` gets a page of its own.
    """
    pages: list[list[int]] = []
    page: list[int] = []
    used = 0.0
    for i, head in enumerate(heads):
        need = head if not page else head + gaps[i]
        if page and used + need > cap:  # also leaves a too-tall paragraph alone on its page
            pages.append(page)
            page, used, need = [], 0.0, head
        page.append(i)
        used += need
    if page:
        pages.append(page)
    return pages


def balanced(pack_at: Callable[[float], list[list[int]]], cap: float, tolerance: float = 0.25) -> list[list[int]]:
    """As few pages as ``pack_at`` needs at ``cap``, with page heights evened out.

    Greedy page count only falls as the cap grows, so a bisection finds the smallest cap
    that still gives that many pages; packing at it balances the pages.
    """
    target = len(pack_at(cap))
    low, high = 0.0, cap
    while high - low > tolerance:
        mid = (low + high) / 2
        if len(pack_at(mid)) <= target:
            high = mid
        else:
            low = mid
    return pack_at(high)


def _sizes(max_pt: int, min_pt: int) -> list[int]:
    """Candidate sizes, largest first: max_pt, max_pt - 2, ..., always ending with min_pt."""
    if min_pt <= 0 or max_pt < min_pt:
        raise ValueError(f"need 0 < min_pt <= max_pt, got min_pt={min_pt}, max_pt={max_pt}")
    sizes = list(range(max_pt, min_pt, -2))
    return sizes + [min_pt]


def fit_paragraphs(paras: list[Para], width_emu: int, height_emu: int, font_family: str | None,
                   max_pt: int, min_pt: int, *, indents: tuple[int, ...] = LEVEL_MARGINS_EMU,
                   line_spacing: float = 1.0, space_before: float = SPACE_BEFORE) -> FitResult:
    """Pick a font size for ``paras`` in a ``width_emu`` x ``height_emu`` placeholder.

    Tries ``max_pt``, ``max_pt - 2``, ... down to ``min_pt`` and returns the largest size at
    which every paragraph fits on one page.  Otherwise, at ``min_pt``, splits the paragraphs
    (whole paragraphs only, page heights evened out) over as few pages as possible; a
    paragraph that alone does not fit sets ``overflow`` and gets a page of its own.

    ``indents`` are the left margins (EMU) of bullet levels 0, 1, ... (use ``(0,)`` for
    boxes without bullets); ``line_spacing`` scales the single line height (0.9 for the
    template's titles); ``space_before`` is the gap above each paragraph but the first, as
    a multiple of the font size.
    """
    metrics = _metrics_for(font_family)
    box = _Box(width_emu, height_emu, tuple(indents), line_spacing, space_before)
    cap = box.text_height_pt
    pad = 2 * INSET_Y_EMU

    def result(size: int, pages: list[list[int]], heads: list[float], gaps: list[float]) -> FitResult:
        heights = [sum(heads[i] + (gaps[i] if n else 0) for n, i in enumerate(p)) for p in pages]
        return FitResult(
            size_pt=size,
            pages=[[paras[i] for i in p] for p in pages],
            overflow=any(h > cap for h in heights),
            font_family=metrics.family,
            note=metrics.note,
            page_heights_emu=[math.ceil(h * EMU_PER_PT) + pad for h in heights],
        )

    if not paras:
        return FitResult(max_pt, [[]], False, metrics.family, metrics.note, [pad])
    for size in _sizes(max_pt, min_pt):
        heads = [_para_height_pt(p, box, size, font_family, True) for p in paras]
        gaps = [space_before * size] * len(paras)
        total = heads[0] + sum(heads[1:]) + sum(gaps[1:])
        if total <= cap:
            return result(size, [list(range(len(paras)))], heads, gaps)
    return result(min_pt, balanced(lambda limit: pack(heads, gaps, limit), cap), heads, gaps)
