"""The deck template: the built-in one, kit theming, and finding layouts by role.

The built-in template (``data/deck/kitgen.pptx``, built by ``tools/make_deck_template.py``)
has seven layouts, named after the roles the deck writer uses (:data:`LAYOUT_NAMES`).
Placeholder ``idx`` numbers are stable:

=============  ==========================================================================
Layout         Placeholders (idx: type, purpose)
=============  ==========================================================================
Title          0: ctrTitle; 1: subTitle, subtitle; 2: body, details (date, facilitator)
Section        0: title; 1: body, lead line
Content        0: title; 1: body, bullets; 11: footer; 12: slide number
Two Content    0: title; 1: body, left column; 2: body, right column; 11; 12
Quote          0: title; 1: body, the quotation (italic); 2: body, attribution; 11; 12
Agenda         0: title; 1: body, numbered items; 2: body, details; 12
Closing        0: title; 1: body, contact / next steps
=============  ==========================================================================

Theme colours: ``accent1`` is the kit's primary colour (top bar, bullets, numbers),
``accent2`` its accent colour (rules and strips), ``dk2`` a dark shade of the primary
colour (titles, dark bands and backgrounds behind white text).  :func:`apply_theme` rewrites
these in the theme part.  User templates with other layout names are mapped to the roles by
:func:`layout_map`; :func:`text_style` reads a placeholder's size, indents and spacing
(through the master) for :func:`kitgen.deck.fit.fit_paragraphs`.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part, XmlPart
from pptx.presentation import Presentation as PresentationT
from pptx.slide import SlideLayout

BUILTIN_TEMPLATE: Path = Path(__file__).resolve().parent.parent / "data" / "deck" / "kitgen.pptx"

LAYOUT_NAMES: tuple[str, ...] = ("Title", "Section", "Content", "Two Content", "Quote", "Agenda",
                                 "Closing")
PH_TITLE = 0  #: title placeholder (type title or ctrTitle) on every layout
PH_BODY = 1  #: main text: subtitle, bullets, left column, quotation, agenda items
PH_SECOND = 2  #: secondary text: details, right column, attribution
PH_FOOTER = 11
PH_SLIDE_NUMBER = 12

#: Layout names tried, in order, for each role in a template that is not the built-in one.
ROLE_ALIASES: dict[str, tuple[str, ...]] = {
    "Title": ("Title", "Title Slide", "Title Page", "Cover"),
    "Section": ("Section", "Section Header", "Section Title", "Divider"),
    "Content": ("Content", "Title and Content", "Title & Content", "Title, Content", "Text"),
    "Two Content": ("Two Content", "Two Columns", "Comparison", "Two Content Layout"),
    "Quote": ("Quote", "Quotation"),
    "Agenda": ("Agenda", "Contents", "Table of Contents"),
    "Closing": ("Closing", "End", "Thank You", "Questions"),
}
#: Role whose layout stands in when a template has none for this role.
ROLE_FALLBACK: dict[str, str] = {
    "Section": "Title", "Two Content": "Content", "Quote": "Content", "Agenda": "Content",
    "Closing": "Section",
}

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_CT_TEMPLATE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_CT_PRESENTATION = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def open_template(path: Path | str | None = None) -> PresentationT:
    """Open a template (.pptx or .potx; default: the built-in one) as a presentation."""
    path = Path(path) if path else BUILTIN_TEMPLATE
    data = path.read_bytes()
    if path.suffix.lower() == ".potx":
        data = _potx_as_pptx(data)
    return Presentation(io.BytesIO(data))


def _potx_as_pptx(data: bytes) -> bytes:
    """A .potx's bytes with the main part's content type changed so python-pptx opens it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(_CT_TEMPLATE, _CT_PRESENTATION)
            dst.writestr(info, blob)
    return out.getvalue()


# --------------------------------------------------------------------------- theme


def normalize_hex(colour: str) -> str:
    """``"#1a2b3c"``, ``"1A2B3C"`` or ``"#abc"`` -> ``"1A2B3C"``; ValueError otherwise."""
    match = _HEX.match(colour.strip())
    if not match:
        raise ValueError(f"not a hex colour like #1A6FDB: {colour!r}")
    value = match.group(1)
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return value.upper()


def _luminance(rgb: str) -> float:
    """WCAG relative luminance of ``RRGGBB``."""
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def dark_shade(rgb: str, min_contrast: float = 7.0) -> str:
    """``rgb`` darkened (if needed) until white text on it has ``min_contrast`` (WCAG)."""
    r, g, b = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    for step in range(0, 101):
        k = 1 - step / 100
        shade = f"{round(r * k):02X}{round(g * k):02X}{round(b * k):02X}"
        if 1.05 / (_luminance(shade) + 0.05) >= min_contrast:
            return shade
    return "000000"


def contrast(rgb1: str, rgb2: str) -> float:
    """WCAG contrast ratio of two ``RRGGBB`` colours (1 to 21)."""
    a, b = sorted((_luminance(rgb1), _luminance(rgb2)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def theme_colour(prs: PresentationT, slot: str) -> str | None:
    """The ``RRGGBB`` of a colour of the (first) theme (``accent1``, ``lt1``, ...), None if unknown."""
    root = etree.fromstring(theme_xml(prs))
    holder = root.find(f"{_A}themeElements/{_A}clrScheme/{_A}{slot}")
    if holder is None or not len(holder):
        return None
    value = holder[0].get("val") if holder[0].tag == f"{_A}srgbClr" else holder[0].get("lastClr")
    return value.upper() if value and len(value) == 6 else None


def _theme_parts(prs: PresentationT) -> list[Part]:
    """The distinct theme parts of all slide masters."""
    parts: list[Part] = []
    for master in prs.slide_masters:
        part = master.part.part_related_by(RT.THEME)
        if part not in parts:
            parts.append(part)
    return parts


def _set_colour(scheme: etree._Element, slot: str, rgb: str) -> None:
    holder = scheme.find(f"{_A}{slot}")
    if holder is None:
        return
    for child in list(holder):
        holder.remove(child)
    etree.SubElement(holder, f"{_A}srgbClr", val=rgb)


def _edit_theme(root: etree._Element, primary: str | None, accent: str | None, font: str | None,
                dark2: bool, heading_font: str | None = None) -> None:
    scheme = root.find(f"{_A}themeElements/{_A}clrScheme")
    if scheme is not None:
        if primary:
            _set_colour(scheme, "accent1", primary)
            _set_colour(scheme, "hlink", dark_shade(primary, 4.5))
            if dark2:
                _set_colour(scheme, "dk2", dark_shade(primary))
        if accent:
            _set_colour(scheme, "accent2", accent)
    fonts = root.find(f"{_A}themeElements/{_A}fontScheme")
    if fonts is not None:
        for which, family in (("majorFont", heading_font or font), ("minorFont", font)):
            latin = fonts.find(f"{_A}{which}/{_A}latin")
            if family and latin is not None:
                latin.set("typeface", family)


def apply_theme(prs: PresentationT, primary: str | None, accent: str | None, font: str | None = None, *,
                dark2: bool = True, heading_font: str | None = None) -> None:
    """Recolour and refont the presentation's theme(s) in place.

    Sets ``accent1`` to ``primary``, ``accent2`` to ``accent`` and ``dk2`` to a shade of
    ``primary`` dark enough for white text (contrast >= 7:1; the primary itself when it
    already is; ``dark2=False`` leaves ``dk2`` alone, e.g. for a user's own template), and
    ``hlink`` to a shade of ``primary`` readable on white (>= 4.5:1); a colour given as None
    is left as the template has it.
    When ``font`` is given, the major and minor latin theme fonts become it (the major one
    ``heading_font`` when that is given).
    Colours are ``#RRGGBB`` (or ``#RGB``).  The edited XML is written back to the part, so
    ``prs.save()`` stores it.
    """
    primary_hex = normalize_hex(primary) if primary else None
    accent_hex = normalize_hex(accent) if accent else None
    for part in _theme_parts(prs):
        if isinstance(part, XmlPart):  # a future python-pptx may parse themes
            _edit_theme(part._element, primary_hex, accent_hex, font, dark2, heading_font)  # noqa: SLF001
            continue
        root = etree.fromstring(part.blob)
        _edit_theme(root, primary_hex, accent_hex, font, dark2, heading_font)
        part.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def theme_fonts(prs: PresentationT) -> tuple[str | None, str | None]:
    """The (first) theme's major (headings) and minor (body) latin typefaces."""
    root = etree.fromstring(theme_xml(prs))
    out = []
    for which in ("majorFont", "minorFont"):
        latin = root.find(f"{_A}themeElements/{_A}fontScheme/{_A}{which}/{_A}latin")
        out.append(latin.get("typeface") if latin is not None and latin.get("typeface") else None)
    return out[0], out[1]


def theme_xml(prs: PresentationT) -> bytes:
    """The (first) theme part's XML, as it will be saved."""
    return _theme_parts(prs)[0].blob


# --------------------------------------------------------------------------- layouts


def _norm(name: str) -> str:
    return " ".join(name.lower().split())


def _has_title(layout: SlideLayout) -> bool:
    return any(ph.placeholder_format.idx == PH_TITLE for ph in layout.placeholders)


def layout_map(prs: PresentationT) -> dict[str, str]:
    """Map each role in :data:`LAYOUT_NAMES` to the name of the layout that plays it.

    Layout names are matched case-insensitively against :data:`ROLE_ALIASES`; a role with
    no match borrows another role's layout (:data:`ROLE_FALLBACK`), and finally the first
    layout with a title placeholder.  Roles the template cannot serve at all are left out.
    """
    names = {_norm(layout.name): layout.name for layout in prs.slide_layouts}
    found: dict[str, str] = {}
    for role in LAYOUT_NAMES:
        for alias in ROLE_ALIASES[role]:
            if _norm(alias) in names:
                found[role] = names[_norm(alias)]
                break
    titled = [layout.name for layout in prs.slide_layouts if _has_title(layout)]
    for role in LAYOUT_NAMES:
        chosen, seen = role, set()
        while chosen not in found and chosen in ROLE_FALLBACK and chosen not in seen:
            seen.add(chosen)
            chosen = ROLE_FALLBACK[chosen]
        if chosen in found:
            found.setdefault(role, found[chosen])
        elif titled:
            found[role] = titled[0]
    return {role: found[role] for role in LAYOUT_NAMES if role in found}


def get_layout(prs: PresentationT, role: str, mapping: dict[str, str] | None = None) -> SlideLayout:
    """The slide layout playing ``role``; KeyError when the template has none."""
    name = (mapping or layout_map(prs)).get(role)
    layout = prs.slide_layouts.get_by_name(name) if name else None
    if layout is None:
        raise KeyError(f"template has no layout for {role!r}")
    return layout


def describe_template(path: Path | str | None = None) -> list[dict[str, Any]]:
    """Each layout's name and placeholders (for ``kitgen deck-layouts``).

    Returns ``[{"name", "index", "role", "placeholders": [{"idx", "type", "name", "left",
    "top", "width", "height", "size"}]}]``; positions and sizes are in EMU (inherited from
    the master where the layout does not set them), ``size`` is e.g. ``"11.83 x 4.75 in"``,
    and ``role`` is the role the layout plays for kitgen, or None.
    """
    prs = open_template(path)
    roles: dict[str, list[str]] = {}
    for role, name in layout_map(prs).items():
        roles.setdefault(name, []).append(role)
    out: list[dict[str, Any]] = []
    for index, layout in enumerate(prs.slide_layouts):
        phs = []
        for ph in layout.placeholders:
            fmt = ph.placeholder_format
            width, height = ph.width or 0, ph.height or 0
            phs.append({
                "idx": fmt.idx,
                "type": fmt.type.name if fmt.type is not None else "OBJECT",
                "name": ph.name,
                "left": ph.left or 0,
                "top": ph.top or 0,
                "width": width,
                "height": height,
                "size": f"{width / 914400:.2f} x {height / 914400:.2f} in",
            })
        out.append({"name": layout.name, "index": index,
                    "role": ", ".join(roles.get(layout.name, [])) or None, "placeholders": phs})
    return out


# --------------------------------------------------------------------------- text styles


@dataclass(frozen=True)
class TextStyle:
    """How a placeholder sets its text, as :func:`kitgen.deck.fit.fit_paragraphs` needs it.

    ``size_pt`` is the template's default size for level 0; ``indents`` the left margins
    (EMU) of levels 0-4; ``space_before`` the gap above paragraphs as a multiple of the size;
    ``line_spacing`` the proportional line spacing (1.0 = single).
    """

    size_pt: float
    indents: tuple[int, ...]
    space_before: float
    line_spacing: float
    bold: bool
    italic: bool
    align: str = "l"  # the paragraphs' alignment: l, ctr, r, just...

    def fit_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``fit_paragraphs``."""
        return {"indents": self.indents, "space_before": self.space_before,
                "line_spacing": self.line_spacing}


_TITLE_TYPES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE}
_BODY_TYPES = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.OBJECT,
               PP_PLACEHOLDER.VERTICAL_BODY, PP_PLACEHOLDER.VERTICAL_OBJECT}


def _master_placeholder(layout: SlideLayout, ph_type: PP_PLACEHOLDER) -> Any:
    """The master placeholder a layout placeholder of ``ph_type`` inherits from, if any."""
    want = (PP_PLACEHOLDER.TITLE if ph_type in _TITLE_TYPES
            else PP_PLACEHOLDER.BODY if ph_type in _BODY_TYPES else ph_type)
    return next((p for p in layout.slide_master.placeholders
                 if p.placeholder_format.type == want), None)


def _level_props(layout: SlideLayout, idx: int, level: int) -> list[etree._Element]:
    """The ``a:lvlNpPr`` elements that style ``level`` of placeholder ``idx``, nearest first."""
    ph = layout.placeholders.get(idx=idx)
    if ph is None:
        raise KeyError(f"layout {layout.name!r} has no placeholder idx {idx}")
    ph_type = ph.placeholder_format.type
    tag = f"{_A}lvl{level + 1}pPr"
    lst = f"{_P}txBody/{_A}lstStyle/{tag}"
    chain = [ph._element.find(lst)]  # noqa: SLF001 - python-pptx exposes no list styles
    master_ph = _master_placeholder(layout, ph_type)
    if master_ph is not None:
        chain.append(master_ph._element.find(lst))  # noqa: SLF001
    style = ("titleStyle" if ph_type in _TITLE_TYPES
             else "bodyStyle" if ph_type in _BODY_TYPES else "otherStyle")
    chain.append(layout.slide_master._element.find(f"{_P}txStyles/{_P}{style}/{tag}"))  # noqa: SLF001
    return [el for el in chain if el is not None]


def _first(chain: list[etree._Element], path: str, attr: str) -> str | None:
    for el in chain:
        found = el if not path else el.find(path)
        if found is not None and found.get(attr) is not None:
            return found.get(attr)
    return None


def text_style(layout: SlideLayout, idx: int) -> TextStyle:
    """The text style of placeholder ``idx`` on ``layout``, resolved through the master.

    Follows PowerPoint's inheritance: the layout placeholder's list style, then the master
    placeholder's, then the master's title/body/other text style.
    """
    chain = _level_props(layout, idx, 0)
    size = int(_first(chain, f"{_A}defRPr", "sz") or 1800) / 100
    indents = tuple(int(_first(_level_props(layout, idx, lvl), "", "marL") or 0) for lvl in range(5))
    pct = _first(chain, f"{_A}spcBef/{_A}spcPct", "val")
    pts = _first(chain, f"{_A}spcBef/{_A}spcPts", "val")
    before = int(pct) / 100000 if pct is not None else (int(pts) / 100 / size if pts else 0.0)
    line = _first(chain, f"{_A}lnSpc/{_A}spcPct", "val")
    return TextStyle(
        size_pt=size,
        indents=indents,
        space_before=before,
        line_spacing=int(line) / 100000 if line else 1.0,
        bold=_first(chain, f"{_A}defRPr", "b") in ("1", "true"),
        italic=_first(chain, f"{_A}defRPr", "i") in ("1", "true"),
        align=_first(chain, "", "algn") or "l",
    )
