"""What stands behind a placeholder's text, and the colour the text inherits: read from a layout, its master
and the theme, as ``RRGGBB`` colours for the contrast checks of :mod:`kitgen.deck.readable`.

* the palette: the theme's colour scheme seen through the master's colour map (and the layout's
  override), so ``tx1``, ``bg1``, ``tx2``, ``accent1``, ... each have a colour;
* the background of the layout (else the master): a solid colour, every stop of a gradient, or the
  darkest, middle and lightest colours of the part of a background picture behind the box
  (``p:bgRef`` takes the theme's background fill styles);
* the fills of the layout's and master's own shapes (bands, panels, pictures) under the box, and the
  placeholder's own fill;
* the colour the placeholder's first-level text inherits (its list style, the master
  placeholder's, the master's text styles; ``tx1`` when none sets one).

Colour transforms ``lumMod``/``lumOff``, ``tint`` and ``shade`` are applied; others are ignored.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

from kitgen.colour import lum, luminance
from kitgen.deck.geometry import Rect

SCHEME = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
          "hlink", "folHlink")
MAPPED = ("bg1", "tx1", "bg2", "tx2")
_DEFAULT_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
_PRESET = {"black": "000000", "white": "FFFFFF", "gray": "808080", "red": "FF0000", "blue": "0000FF"}
MAX_PICTURE_PIXELS = 40_000_000
_MIN_OVERLAP = 0.1  # a shape covering less than this share of a box is not behind its text
COVERS = 0.9  # a shape covering this share of a box hides what is under it


def _hex(rgb: tuple[float, float, float]) -> str:
    return "".join(f"{max(0, min(255, round(c))):02X}" for c in rgb)


def _channels(value: str) -> tuple[int, int, int]:
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def _transformed(value: str, node: etree._Element) -> str:
    r, g, b = (c / 255 for c in _channels(value))
    for child in node:
        name, amount = etree.QName(child).localname, int(child.get("val", "100000")) / 100000
        if name in ("lumMod", "lumOff"):
            r, g, b = (c / 255 for c in _channels(lum(_hex((r * 255, g * 255, b * 255)),
                                                          amount if name == "lumMod" else 1.0,
                                                          amount if name == "lumOff" else 0.0)))
        elif name in ("tint", "shade"):  # in linear light, as PowerPoint and LibreOffice apply them
            lin = [_linear(c) for c in (r, g, b)]
            lin = [c * amount + (1 - amount) if name == "tint" else c * amount for c in lin]
            r, g, b = (_gamma(c) for c in lin)
    return _hex((r * 255, g * 255, b * 255))


def scheme_palette(theme: etree._Element, colour_map: dict[str, str]) -> dict[str, str]:
    """Scheme colour names (``dk1``... and ``tx1``, ``bg1``, ... through ``colour_map``) -> ``RRGGBB``."""
    scheme = theme.find(f"{qn('a:themeElements')}/{qn('a:clrScheme')}")
    base: dict[str, str] = {}
    for slot in SCHEME:
        holder = scheme.find(qn(f"a:{slot}")) if scheme is not None else None
        if holder is not None and len(holder):
            value = holder[0].get("val") if holder[0].tag == qn("a:srgbClr") else holder[0].get("lastClr")
            if value and len(value) == 6:
                base[slot] = value.upper()
    out = dict(base)
    for name in MAPPED:
        target = colour_map.get(name, _DEFAULT_MAP[name])
        if target in base:
            out[name] = base[target]
    return out


def resolve(node: etree._Element | None, palette: dict[str, str], placeholder: str | None = None) -> str | None:
    """The ``RRGGBB`` of a DrawingML colour element (``a:srgbClr``, ``a:schemeClr``, ...), None if unknown."""
    if node is None:
        return None
    name = etree.QName(node).localname
    value = {"srgbClr": node.get("val"), "sysClr": node.get("lastClr"),
             "prstClr": _PRESET.get(node.get("val", "")),
             "schemeClr": placeholder if node.get("val") == "phClr" else palette.get(node.get("val", ""))}.get(name)
    if not value or len(value) != 6:
        return None
    return _transformed(value.upper(), node)


def _colour_child(holder: etree._Element) -> etree._Element | None:
    return next((c for c in holder if etree.QName(c).localname in ("srgbClr", "schemeClr", "sysClr", "prstClr")),
                None)


def fill_colours(holder: etree._Element | None, palette: dict[str, str], part: Any = None, area: Rect | None = None,
                 slide: Rect | None = None, placeholder: str | None = None) -> list[str]:
    """The colours a fill shows: ``a:solidFill``, every ``a:gradFill`` stop, a ``a:pattFill``'s two colours,
    a ``a:blipFill``'s picture."""
    if holder is None:
        return []
    for fill in holder:
        name = etree.QName(fill).localname
        if name in ("solidFill", "gradFill", "pattFill"):
            return [c for node in _colour_nodes(fill) if (c := resolve(node, palette, placeholder))]
        if name == "blipFill" and part is not None:
            return _picture_fill(fill, part, area, slide)
        if name == "noFill":
            return []
    return []


def _colour_nodes(fill: etree._Element) -> list[etree._Element | None]:
    """The colour elements of a solid fill, of a gradient's stops, of a pattern's foreground and background."""
    name = etree.QName(fill).localname
    if name == "gradFill":
        return [_colour_child(gs) for gs in fill.iter(qn("a:gs"))]
    if name == "pattFill":
        return [_colour_child(ground) for tag in ("a:fgClr", "a:bgClr") if (ground := fill.find(qn(tag))) is not None]
    return [_colour_child(fill)]


def _picture_fill(fill: etree._Element, part: Any, area: Rect | None, slide: Rect | None) -> list[str]:
    blip = fill.find(qn("a:blip"))
    rid = blip.get(qn("r:embed")) if blip is not None else None
    if rid and rid in part.rels and not part.rels[rid].is_external:
        return picture_colours(part.related_part(rid).blob, area, slide)
    return []


_THUMBNAILS: dict[bytes, Any] = {}
"""Pictures decoded, by their content's digest (the last few; a template's pictures lie under many boxes)."""


def _thumbnail(blob: bytes) -> Any:
    """A picture at 32 x 32 pixels, RGB, decoded once however many boxes lie over it (None: unreadable,
    or too large to decode)."""
    key = hashlib.sha256(blob).digest()
    if key not in _THUMBNAILS:
        if len(_THUMBNAILS) >= 32:
            _THUMBNAILS.pop(next(iter(_THUMBNAILS)))
        _THUMBNAILS[key] = _decoded(blob)
    return _THUMBNAILS[key]


def _decoded(blob: bytes) -> Any:
    from PIL import Image
    try:
        with Image.open(io.BytesIO(blob)) as image:
            if image.width * image.height > MAX_PICTURE_PIXELS:
                return None
            if image.mode in ("I;16", "I;16B", "I;16L", "I"):
                image = image.point(lambda v: v / 256).convert("L")
            return image.convert("RGB").resize((32, 32))
    except Exception:  # noqa: BLE001 - an unreadable picture tells nothing about contrast
        return None


def picture_colours(blob: bytes, area: Rect | None, slide: Rect | None) -> list[str]:
    """The darkest, middle and lightest colours of the part of a picture (stretched over ``slide``) under ``area``."""
    small = _thumbnail(blob)
    if small is None:
        return []
    box = (0, 0, 32, 32)
    if area is not None and slide is not None and slide.width and slide.height:
        box = (int(32 * (area.left - slide.left) / slide.width), int(32 * (area.top - slide.top) / slide.height),
               max(1, int(32 * (area.right - slide.left) / slide.width)),
               max(1, int(32 * (area.bottom - slide.top) / slide.height)))
        box = (max(0, min(box[0], 31)), max(0, min(box[1], 31)), max(box[0] + 1, min(box[2], 32)),
               max(box[1] + 1, min(box[3], 32)))
    part = small.crop(box)
    values = part.get_flattened_data() if hasattr(part, "get_flattened_data") else part.getdata()  # Pillow 12+
    pixels = sorted({_hex(px) for px in values}, key=luminance)
    return list(dict.fromkeys([pixels[0], pixels[len(pixels) // 2], pixels[-1]])) if pixels else []


def _background(holder: Any, palette: dict[str, str], theme: etree._Element, area: Rect,
                slide: Rect) -> list[str] | None:
    """The colours of a layout's or master's own background (None: it has none)."""
    bg = holder._element.find(f"{qn('p:cSld')}/{qn('p:bg')}")  # noqa: SLF001
    if bg is None:
        return None
    pr = bg.find(qn("p:bgPr"))
    if pr is not None:
        return fill_colours(pr, palette, holder.part, area, slide)
    ref = bg.find(qn("p:bgRef"))
    if ref is None:
        return None
    idx = int(ref.get("idx", "0") or 0)
    styles = theme.find(f"{qn('a:themeElements')}/{qn('a:fmtScheme')}/{qn('a:bgFillStyleLst')}")
    phclr = resolve(_colour_child(ref), palette)
    if styles is None or idx < 1001 or idx - 1001 >= len(styles):
        return [phclr] if phclr else None
    wrapper = etree.Element("wrap")
    wrapper.append(etree.fromstring(etree.tostring(styles[idx - 1001])))
    return fill_colours(wrapper, palette, None, area, slide, phclr) or ([phclr] if phclr else None)


def _overlap(a: Rect, b: Rect) -> float:
    width = min(a.right, b.right) - max(a.left, b.left)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    return max(0, width) * max(0, height) / max(a.width * a.height, 1)


def _own_fill(shape: Any, holder: Any, palette: dict[str, str], area: Rect, rect: Rect) -> list[str]:
    """The colours a (non-placeholder) shape fills ``area`` with: a picture's, its fill's, its style's."""
    element = shape._element  # noqa: SLF001
    if etree.QName(element).localname == "pic":
        return fill_colours(element, palette, holder.part, area, rect)
    sppr = element.find(qn("p:spPr"))
    if sppr is None:
        return []
    found = fill_colours(sppr, palette, holder.part, area, rect)
    style = element.find(f"{qn('p:style')}/{qn('a:fillRef')}")
    if found or style is None or int(style.get("idx", "0") or 0) <= 0 or sppr.find(qn("a:noFill")) is not None:
        return found
    colour = resolve(_colour_child(style), palette)
    return [colour] if colour else []


def shows_master(layout: Any) -> bool:
    """Whether slides of the layout show the master's shapes (`showMasterSp`, on by default)."""
    return layout._element.get("showMasterSp") not in ("0", "false")  # noqa: SLF001


def _fills(holder: Any, palette: dict[str, str], area: Rect | None = None):
    """Each shape of a layout or master (not placeholders) with a fill of its own: its place and its
    colours (a picture fill sampled over ``area``, else over the shape itself)."""
    for shape in holder.shapes:
        if shape.is_placeholder or shape.width is None or shape.left is None:
            continue
        rect = Rect(shape.left, shape.top, shape.width, shape.height)
        if area is not None and _overlap(area, rect) < _MIN_OVERLAP:
            continue
        found = _own_fill(shape, holder, palette, area or rect, rect)
        if found:
            yield rect, found


def _shape_fills(holder: Any, palette: dict[str, str], area: Rect) -> list[tuple[float, list[str]]]:
    """The fills of a layout's or master's shapes (not placeholders) under ``area``, bottom first, each with
    the share of ``area`` it covers."""
    return [(_overlap(area, rect), found) for rect, found in _fills(holder, palette, area)]


def filled_shapes(layout: Any, palette: dict[str, str]) -> list[Rect]:
    """Where the layout's shapes with a fill of their own lie (bands, panels; not placeholders), and the
    master's when the layout shows them."""
    holders = [layout] + ([layout.slide_master] if shows_master(layout) else [])
    return [rect for holder in holders for rect, _ in _fills(holder, palette) if rect.width > 0 and rect.height > 0]


def layout_palette(layout: Any) -> dict[str, str]:
    """The layout's palette: the theme's colours through the master's colour map and the layout's override."""
    master = layout.slide_master
    theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
    colour_map = dict(master._element.find(qn("p:clrMap")).attrib)  # noqa: SLF001
    override = layout._element.find(f"{qn('p:clrMapOvr')}/{qn('a:overrideClrMapping')}")  # noqa: SLF001
    if override is not None:
        colour_map = dict(override.attrib)
    return scheme_palette(theme, colour_map)


def behind(layout: Any, ph: Any, area: Rect, palette: dict[str, str], slide: Rect) -> tuple[str, ...]:
    """Every colour behind the placeholder ``ph`` of ``layout`` (at ``area`` on a ``slide``-sized slide):
    the background, the shapes under it, its own fill."""
    master = layout.slide_master
    theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
    colours = _background(layout, palette, theme, area, slide)
    if not colours:  # none of its own, or one that shows nothing (no fill, a picture unread)
        colours = _background(master, palette, theme, area, slide) or [palette.get("bg1", "FFFFFF")]
    layers = _shape_fills(master, palette, area) if shows_master(layout) else []
    layers += _shape_fills(layout, palette, area)
    for source in (getattr(ph, "_base_placeholder", None), ph):
        sppr = source._element.find(qn("p:spPr")) if source is not None else None  # noqa: SLF001
        own = fill_colours(sppr, palette, layout.part, area, area)
        if own:
            layers.append((1.0, own))
    for cover, found in layers:  # a shape over (nearly) all of the box hides what is under it
        colours = found if cover >= COVERS else colours + found
    return tuple(dict.fromkeys(colours))


def text_colour(chain: list[etree._Element], palette: dict[str, str]) -> str | None:
    """The colour of first-level text: the first ``a:defRPr`` fill along ``chain`` (nearest first), else ``tx1``."""
    for level in chain:
        fill = level.find(f"{qn('a:defRPr')}/{qn('a:solidFill')}")
        if fill is not None:
            return resolve(_colour_child(fill), palette)
    return palette.get("tx1")
