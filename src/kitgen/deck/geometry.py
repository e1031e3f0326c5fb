"""A slide layout as plain data: where its title and text boxes are, how they set text, what else is on it.

:func:`kitgen.deck.layout_reader.layout_geometry` reads a python-pptx layout into a
:class:`LayoutGeometry`; the placement step (:mod:`kitgen.deck.placement`) works on it alone, without
python-pptx, so it can be tested on layouts written in a line of XML.
"""

from __future__ import annotations

from dataclasses import dataclass

EMU_PER_PT = 12700
EMU_PER_INCH = 914400
INSET_X_EMU = 91440  # left and right inset of every text box kitgen fills, 0.1 in
INSET_Y_EMU = 45720  # top and bottom inset, 0.05 in
LINE_FACTOR = 1.2  # a single-spaced line's pitch, as a multiple of the text size


def lines_held(height: int, size_pt: float, line_spacing: float = 1.0, line_pt: float = 0.0) -> int:
    """How many lines of text at ``size_pt`` a box ``height`` EMU tall holds, insets left out (lines
    ``line_pt`` apart when the style sets an exact pitch)."""
    pitch = line_pt if line_pt else LINE_FACTOR * line_spacing * size_pt
    return int((height - 2 * INSET_Y_EMU) / (pitch * EMU_PER_PT))


@dataclass(frozen=True)
class TextStyle:
    """A placeholder's text style.

    ``size_pt`` is the template's default size for level 0; ``indents`` the left margins
    (EMU) of levels 0-4; ``space_before`` the gap above paragraphs as a multiple of the size;
    ``line_spacing`` the proportional line spacing (1.0 = single). What the template sets beyond
    these, and every renderer applies to the text kitgen writes, is measured too: ``space_after``
    (below every paragraph, a multiple of the size), ``before_pt`` and ``after_pt`` (the same gaps
    given in points, which stay when the text is set smaller), ``line_pt`` (an exact line pitch in
    points, 0: proportional), ``caps`` (all capitals), ``tracking_pt`` (letter spacing) and ``font`` (a
    typeface the style names itself, not through the theme). ``bullets`` says, for levels 0-4, whether
    the template draws a bullet of its own there (a character or a picture), which list items keep.
    """

    size_pt: float
    indents: tuple[int, ...]
    space_before: float
    line_spacing: float
    bold: bool
    italic: bool
    align: str = "l"  # the paragraphs' alignment: l, ctr, r, just...
    space_after: float = 0.0
    before_pt: float = 0.0
    after_pt: float = 0.0
    line_pt: float = 0.0
    caps: bool = False
    tracking_pt: float = 0.0
    font: str | None = None
    rtl: bool = False  # paragraphs right to left (a template made for Arabic or Hebrew)
    bullets: tuple[bool, ...] = ()


@dataclass(frozen=True)
class Rect:
    """A position and size on the slide, in EMU."""

    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass(frozen=True)
class TextPlaceholder:
    """A placeholder that takes text: its idx, shape id, box, text style and vertical anchor.

    ``type`` is its OOXML placeholder type (``body``, ``obj``, ``subTitle``, ``title``, ...),
    ``name`` its shape name, ``colour`` the colour its text inherits (``RRGGBB``, None: unknown)
    and ``behind`` the colours behind it (the slide's background and the shapes under it).
    """

    idx: int
    shape_id: int
    rect: Rect
    style: TextStyle
    anchor: str | None = None
    type: str = "body"
    name: str = ""
    colour: str | None = None
    behind: tuple[str, ...] = ()
    clipped: bool = False  #: set elsewhere than the template draws it (moved onto the slide, or ended above a band): ``rect`` is where


@dataclass(frozen=True)
class LayoutGeometry:
    """What the placement step needs to know about a layout.

    ``bodies`` are the text placeholders after the title, in ``idx`` order (which one takes which
    text is :mod:`kitgen.deck.boxes`' decision); ``shapes`` every shape
    of the layout with its id (placeholders included), ``master_shapes`` the master's decorations
    when the layout shows them.
    """

    name: str
    slide_width: int
    slide_height: int
    title: TextPlaceholder | None
    bodies: tuple[TextPlaceholder, ...]
    shapes: tuple[tuple[int, Rect], ...] = ()
    master_shapes: tuple[Rect, ...] = ()
    slide_number: bool = False  #: the layout has a slide-number placeholder
    number: TextPlaceholder | None = None  #: that placeholder (its colour and what is behind it)
    palette: tuple[tuple[str, str], ...] = ()  #: scheme colour name -> RRGGBB, through the layout's colour map
    pictures: tuple[Rect, ...] = ()  #: the small pictures of the layout and the master it shows (logos), which text keeps clear of

    def obstacles(self, ph: TextPlaceholder) -> list[Rect]:
        """Every shape on a slide of this layout except ``ph`` itself."""
        return [rect for shape_id, rect in self.shapes if shape_id != ph.shape_id] + list(self.master_shapes)
