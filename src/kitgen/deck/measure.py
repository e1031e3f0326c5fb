"""Measuring slide text with real font metrics: widths, wrapped heights, and the one search for a size.

Text is measured with the advance widths of the actual font files (Pillow/FreeType, files found by
:mod:`kitgen.fonts`), wrapped at word boundaries (and between characters for CJK text, which has no
spaces) and stacked the way LibreOffice Impress and PowerPoint lay out a text box:

* usable box = placeholder size minus the OOXML default insets: 0.1 in left/right and
  0.05 in top/bottom;
* a paragraph starts at its left margin (:func:`kitgen.deck.textbox.indent`); lines are filled to
  :data:`WIDTH_SAFETY` (99.5 %) of the width, to allow for rounding;
* each line is ``LINE_FACTOR * size`` high (single spacing; measured 1.2 in LibreOffice for
  Carlito, Noto Sans, DejaVu Sans and Noto CJK alike), times the style's ``line_spacing`` (e.g. 0.9
  for titles); below 100 %, renderers move every line up by what the spacing cuts, so the first
  line's capitals reach that much above it: :func:`lead_pt` is counted once, and the writer moves the
  text of a box not anchored at its bottom down by it;
* every paragraph but the first in a box has ``space_before * size`` above it (the template
  uses ``spcBef`` 50 %, which LibreOffice renders as 0.5 x size; neither renderer adds
  it above the first paragraph).

A family that is not installed is measured with Carlito and :func:`font_note` says so; characters
the font lacks (e.g. CJK) are measured with the font fontconfig picks for them.
Every "which size" question goes through :func:`largest`.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from PIL import ImageFont

from kitgen.deck.geometry import EMU_PER_INCH, EMU_PER_PT, INSET_X_EMU, INSET_Y_EMU, LINE_FACTOR  # noqa: F401 - the measuring constants
from kitgen.deck.lines import NUMBER, Line
from kitgen.deck.textbox import HANGING, TextBox, indent
from kitgen.fonts import FontFile, MeasuringFont, fallback_font, find_font, measuring_font

#: Share of the line width that text may use: renderers round glyph positions (LibreOffice
#: breaks lines about 0.3 % earlier than exact advances predict) and PowerPoint kerns
#: differently, so wrapping is computed slightly pessimistically.
WIDTH_SAFETY = 0.995
SIZE_STEP = 2  # candidate sizes go down in steps of 2 pt
_REF_PX = 1000  # fonts are loaded at this pixel size; widths are kept in em units

StyledText = tuple[str, bool, bool]  # text, bold, italic


# --------------------------------------------------------------------------- the search


def candidate_sizes(max_pt: int, min_pt: int) -> list[int]:
    """Sizes to try, largest first: max_pt, max_pt - 2, ..., always ending with min_pt."""
    if min_pt <= 0 or max_pt < min_pt:
        raise ValueError(f"need 0 < min_pt <= max_pt, got min_pt={min_pt}, max_pt={max_pt}")
    return list(range(max_pt, min_pt, -SIZE_STEP)) + [min_pt]


def largest(sizes: Sequence[int], fits: Callable[[int], bool]) -> int | None:
    """The largest of ``sizes`` (largest first) at which ``fits``, or None.

    ``fits`` must hold for every size below one where it holds. The first size is tried on its
    own (most text fits at its box's size), then the rest is bisected, as python-pptx's
    ``TextFitter`` does.
    """
    if not sizes:
        return None
    if fits(sizes[0]):
        return sizes[0]
    low, high = 1, len(sizes) - 1  # sizes[low - 1] does not fit; find the first index that does
    found = None
    while low <= high:
        mid = (low + high) // 2
        if fits(sizes[mid]):
            found, high = sizes[mid], mid - 1
        else:
            low = mid + 1
    return found


# --------------------------------------------------------------------------- faces


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
class _Faces:
    """The four styles of the family text is measured with."""

    faces: tuple[_Face, _Face, _Face, _Face]  # regular, bold, italic, bold italic
    font: MeasuringFont

    def face(self, bold: bool, italic: bool) -> _Face:
        return self.faces[2 * italic + bold]


@lru_cache(maxsize=32)
def _faces(family: str | None) -> _Faces:
    font = measuring_font(family)
    styles = [find_font(font.family, b, i) or font.file for i in (False, True) for b in (False, True)]
    return _Faces(tuple(_face(f) for f in styles), font)  # type: ignore[arg-type]


def font_note(family: str | None) -> str | None:
    """Why text in ``family`` is measured with another font, if it is."""
    return measuring_font(family).note


# --------------------------------------------------------------------------- widths

_NO_LINE_START = set("、。，．・：；？！ー）〕］｝〉》」』】〙〗〟’”ゝゞヽヾ々…‥,.;:!?)]}%")
_BREAK = None  # marks a forced line break in a unit list
_NO_BREAK_SPACES = "\u00a0\u202f\u2007\u2060"  # spaces renderers never wrap at (e.g. "9:00\u00a0AM", "Questions\u202f?")


def is_cjk(ch: str) -> bool:
    """True for characters that may be wrapped between (ideographs, kana, CJK punctuation)."""
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x303F or 0x3040 <= cp <= 0x30FF or 0x3100 <= cp <= 0x31FF
        or 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFFEF or 0x20000 <= cp <= 0x3FFFF
    )


def _face_for(faces: _Faces, ch: str, bold: bool, italic: bool) -> _Face | None:
    """The face that draws ``ch`` (a fallback when the main font lacks it); None if invisible."""
    if unicodedata.category(ch) in ("Cf", "Cc"):
        return None
    face = faces.face(bold, italic)
    if face.covers(ch):
        return face
    fallback = fallback_font(ch, bold, is_cjk(ch))
    return _face(fallback) if fallback else face


class _Word:
    """Accumulates the glyphs of one unbreakable unit as same-face pieces."""

    __slots__ = ("pieces", "space", "open", "cjk", "tracking")

    def __init__(self, tracking: float = 0.0) -> None:
        self.pieces: list[list] = []  # [face, text]
        self.space = 0.0  # width of trailing spaces, em
        self.open = False  # whether anything (even only spaces) has been added
        self.cjk = False  # whether the last glyph was CJK (a break opportunity follows)
        self.tracking = tracking  # letter spacing after each glyph, em

    def add(self, face: _Face | None, ch: str) -> None:
        self.open = True
        if face is None:
            return
        if self.pieces and self.pieces[-1][0] is face:
            self.pieces[-1][1] += ch
        else:
            self.pieces.append([face, ch])

    def width(self) -> float:
        return sum(face.length(text) + self.tracking * len(text) for face, text in self.pieces)


# A unit is an unbreakable piece of text: (width of its glyphs, width of trailing spaces)
# in em; None is a forced line break.
_Unit = tuple[float, float] | None


@lru_cache(maxsize=4096)
def _units(runs: tuple[StyledText, ...], family: str | None, tracking: float = 0.0) -> tuple[_Unit, ...]:
    """Split a paragraph into break units (words, or single CJK characters) with em widths; `tracking`
    (em) is added after every character, as letter spacing is."""
    faces = _faces(family)
    units: list[_Unit] = []
    word = _Word(tracking)
    for text, bold, italic in runs:
        for ch in text:
            if ch in "\n\v\u2028":
                if word.open:
                    units.append((word.width(), word.space))
                units.append(_BREAK)
                word = _Word(tracking)
                continue
            face = _face_for(faces, ch, bold, italic)
            if ch.isspace() and ch not in _NO_BREAK_SPACES:
                word.space += (face.advance(ch) if face else 0.0) + tracking
                word.open, word.cjk = True, False
                continue
            cjk = is_cjk(ch)
            if word.open and (word.space > 0 or ((cjk or word.cjk) and ch not in _NO_LINE_START)):
                units.append((word.width(), word.space))
                word = _Word(tracking)
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


def text_width_pt(text: str, size_pt: float, font_family: str | None = None, bold: bool = False,
                  italic: bool = False) -> float:
    """Advance width of a single line of ``text`` in points."""
    faces = _faces(font_family)
    word = _Word()
    for ch in text:
        word.add(_face_for(faces, ch, bold, italic), ch)
    return word.width() * size_pt


# --------------------------------------------------------------------------- heights


def _wrapped(line: Line, box: TextBox, size: float) -> tuple[tuple[_Unit, ...], float]:
    """The paragraph's words (and CJK characters) measured at ``size``, and its line width, in em
    (the width is 0 or less when the box has no room)."""
    avail = (box.width - 2 * INSET_X_EMU - indent(line, box, size).marl) / EMU_PER_PT
    style = box.style
    runs = tuple((str(r.text).upper() if style.caps else str(r.text), bool(r.bold) or style.bold,
                  bool(r.italic) or style.italic) for r in line.runs) or (("", False, False),)  # a bold style: every run
    units = _units(runs, box.font, round(style.tracking_pt / size, 4) if style.tracking_pt else 0.0)
    return units, avail * WIDTH_SAFETY / size


def breaks_a_word(lines: list[Line], box: TextBox, size: float) -> bool:
    """Whether a word of ``lines`` is wider than its line at ``size`` points, so it would be broken inside."""
    for line in lines:
        units, limit = _wrapped(line, box, size)
        if any(unit is not None and unit[0] > limit for unit in units):
            return True
    return False


HANG_SHARE = 0.35
"""The most of a line's width a hanging column (agenda clock times) should take: more, and the titles
beside it wrap every few words."""


def crowded(lines: list[Line], box: TextBox, size: float) -> bool:
    """Whether ``lines`` hang a column (clock times) wider than :data:`HANG_SHARE` of the box at ``size``."""
    return any(ln.hang for ln in lines) and box.hang_emu(size) > HANG_SHARE * (box.width - 2 * INSET_X_EMU)


def _line_height_pt(line: Line, box: TextBox, size: float, first: bool) -> float:
    """Height of one paragraph at ``size`` points, plus its space before unless ``first``."""
    units, limit = _wrapped(line, box, size)
    if limit <= 0:
        return math.inf
    style = box.style
    count = _line_count(units, limit)
    pitch = style.line_pt if style.line_pt else LINE_FACTOR * style.line_spacing * size
    height = count * pitch + style.space_after * size + style.after_pt
    return height if first else height + style.space_before * size + style.before_pt


def lead_pt(box: TextBox, size: float) -> float:
    """What the first line of a box with line spacing under 100 % takes above its line: renderers shift
    every line up by the spacing cut, so its capitals reach above the first line (see the module doc)."""
    return max(0.0, 1 - box.style.line_spacing) * LINE_FACTOR * size


def _height_pt(lines: list[Line], box: TextBox, size: float) -> float:
    """Height of ``lines`` at ``size`` points, without the insets."""
    if not lines:
        return 0.0
    return sum(_line_height_pt(line, box, size, i == 0) for i, line in enumerate(lines)) + lead_pt(box, size)


def height_emu(lines: list[Line], box: TextBox, size: float) -> int:
    """Height in EMU that ``lines`` take in ``box`` at ``size`` points, insets included."""
    return math.ceil(_height_pt(lines, box, size) * EMU_PER_PT) + 2 * INSET_Y_EMU


def fits(lines: list[Line], box: TextBox, size: float) -> bool:
    """Whether ``lines`` fit inside ``box`` at ``size`` points."""
    return not lines or _height_pt(lines, box, size) <= (box.height - 2 * INSET_Y_EMU) / EMU_PER_PT


# --------------------------------------------------------------------------- columns


def text_box(box: TextBox, lines: list[Line]) -> TextBox:
    """``box`` with the widths of its hanging column and number column measured for ``lines``."""
    hang = max((text_width_pt("".join(r.text for r in ln.hang), 1, box.font, bold=True) for ln in lines if ln.hang),
               default=0.0)
    numbers = [ln.number for ln in lines if ln.kind == NUMBER]
    return replace(box, hang_em=hang, number_emu=number_width(max(numbers), box) if numbers else 0)


def number_width(count: int, box: TextBox) -> int:
    """Width of the number column for a list numbered up to ``count``."""
    label = f"{max(count, 1)}."
    width = text_width_pt(label.replace("1", "8"), box.max_pt, box.font) * EMU_PER_PT + 0.16 * EMU_PER_INCH
    return max(HANGING[0], math.ceil(width / 12700) * 12700)
