"""The template's theme: reading its colours and fonts, and giving it the kit's.

Theme colours of the built-in template: ``accent1`` is the kit's primary colour (top bar, bullets,
numbers), ``accent2`` its accent colour (rules and strips), ``dk2`` a dark shade of the primary colour
(titles, dark bands and backgrounds behind white text). :func:`apply_theme` rewrites these in the
theme part; :func:`theme_kit` decides what a kit changes in which template.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part, XmlPart
from pptx.oxml.ns import qn

from kitgen.colour import dark_shade, normalize_hex
from kitgen.fonts import office_name

if TYPE_CHECKING:
    from pptx.presentation import Presentation

    from kitgen.deck.template import DeckTemplate


def _path(*tags: str) -> str:
    return "/".join(qn(f"a:{tag}") for tag in tags)


def _theme_parts(prs: Presentation) -> list[Part]:
    """The distinct theme parts of all slide masters."""
    parts: list[Part] = []
    for master in prs.slide_masters:
        part = master.part.part_related_by(RT.THEME)
        if part not in parts:
            parts.append(part)
    return parts


def theme_xml(prs: Presentation) -> bytes:
    """The (first) theme part's XML, as it will be saved."""
    return _theme_parts(prs)[0].blob


def theme_colour(prs: Presentation, slot: str) -> str | None:
    """The ``RRGGBB`` of a colour of the (first) theme (``accent1``, ``lt1``, ...), None if unknown."""
    root = etree.fromstring(theme_xml(prs))
    holder = root.find(_path("themeElements", "clrScheme", slot))
    if holder is None or not len(holder):
        return None
    value = holder[0].get("val") if holder[0].tag == qn("a:srgbClr") else holder[0].get("lastClr")
    return value.upper() if value and len(value) == 6 else None


def theme_fonts(prs: Presentation) -> tuple[str | None, str | None]:
    """The (first) theme's major (headings) and minor (body) latin typefaces."""
    root = etree.fromstring(theme_xml(prs))
    return font_slot(root, "majorFont", "latin"), font_slot(root, "minorFont", "latin")


def font_slot(theme: etree._Element, which: str, script: str) -> str | None:
    """The typeface a theme gives `which` (majorFont, minorFont) for `script` (latin, ea, cs); None when
    it gives none or leaves it empty."""
    node = theme.find(_path("themeElements", "fontScheme", which, script))
    return ((node.get("typeface") or "").strip() or None) if node is not None else None


_REFERENCES = {"mj": "majorFont", "mn": "minorFont"}
_SCRIPTS = {"lt": "latin", "ea": "ea", "cs": "cs"}


def referenced_font(master: Any, typeface: str) -> str | None:
    """The typeface a theme reference names (``+mn-lt`` the body font, ``+mj-lt`` the heading font,
    ``+mj-ea`` the heading font for East Asian text), read from the theme of `master`; None if unknown."""
    which, _, script = typeface.removeprefix("+").partition("-")
    if which not in _REFERENCES or script not in _SCRIPTS:
        return None
    return font_slot(etree.fromstring(master.part.part_related_by(RT.THEME).blob), _REFERENCES[which], _SCRIPTS[script])


def _set_colour(scheme: etree._Element, slot: str, rgb: str) -> None:
    holder = scheme.find(qn(f"a:{slot}"))
    if holder is None:
        return
    for child in list(holder):
        holder.remove(child)
    etree.SubElement(holder, qn("a:srgbClr"), val=rgb)


def _edit_theme(root: etree._Element, primary: str | None, accent: str | None, font: str | None,
                dark2: bool, heading_font: str | None = None) -> None:
    scheme = root.find(_path("themeElements", "clrScheme"))
    if scheme is not None:
        if primary:
            _set_colour(scheme, "accent1", primary)
            _set_colour(scheme, "hlink", dark_shade(primary, 4.5))
            if dark2:
                _set_colour(scheme, "dk2", dark_shade(primary))
        if accent:
            _set_colour(scheme, "accent2", accent)
    fonts = root.find(_path("themeElements", "fontScheme"))
    if fonts is not None:
        for which, family in (("majorFont", heading_font or font), ("minorFont", font)):
            latin = fonts.find(_path(which, "latin"))
            if family and latin is not None:
                latin.set("typeface", family)


def apply_theme(prs: Presentation, primary: str | None, accent: str | None, font: str | None = None, *,
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


def _measurable(family: str | None) -> str | None:
    return None if not family or family.startswith("+") else family


def theme_kit(template: DeckTemplate, theme: Any) -> tuple[str | None, str | None]:
    """Give the template the kit's colours and fonts; returns the (body, title) fonts text is measured with.

    The built-in template takes the whole kit theme. A user's template keeps its own branding except
    what the kit (or kitgen.yaml) sets explicitly (``theme.explicit``).
    """
    chosen = set(theme.explicit)
    heading = theme.heading_font if theme.heading_font != theme.font or "heading_font" in chosen else None
    if template.builtin:
        apply_theme(template.prs, theme.primary, theme.accent, office_name(theme.font),
                    heading_font=office_name(heading))
        return theme.font, heading or theme.font
    font = theme.font if "font" in chosen else None
    heading = heading if "heading_font" in chosen else None
    apply_theme(template.prs, theme.primary if "primary" in chosen else None,
                theme.accent if "accent" in chosen else None, office_name(font), dark2=False,
                heading_font=office_name(heading))
    latin_fonts(template.prs)
    major, minor = theme_fonts(template.prs)
    return font or _measurable(minor), heading or font or _measurable(major)


def latin_fonts(prs: Presentation) -> None:
    """Give a theme without a Latin heading or body font (``a:latin`` missing or empty, which OOXML does not
    allow: PowerPoint repairs the file, LibreOffice draws its own default) the font kitgen measures such
    text with, written under its office name (Calibri), so every viewer draws the text as it was measured."""
    from kitgen.fonts import DEFAULT_FAMILY
    family = office_name(DEFAULT_FAMILY)
    for part in _theme_parts(prs):
        root = part._element if isinstance(part, XmlPart) else etree.fromstring(part.blob)  # noqa: SLF001
        changed = False
        for which in ("majorFont", "minorFont"):
            holder = root.find(_path("themeElements", "fontScheme", which))
            latin = holder.find(qn("a:latin")) if holder is not None else None
            if holder is not None and (latin is None or not (latin.get("typeface") or "").strip()):
                if latin is None:
                    latin = etree.Element(qn("a:latin"))
                    holder.insert(0, latin)  # the first child, as the schema orders them
                latin.set("typeface", family)
                changed = True
        if changed and not isinstance(part, XmlPart):
            part.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


#: A character of the scripts each theme font slot covers: East Asian (``ea``) and complex (``cs``).
SCRIPT_SAMPLES = {"ea": "\u3042", "cs": "\u0639"}


def script_fonts(prs: Presentation) -> None:
    """Give the theme's ``ea`` and ``cs`` fonts (East Asian, right-to-left and complex scripts) a typeface
    where the template leaves them empty: the installed font that draws such text, so it never falls
    back to a font without those glyphs."""
    from kitgen.fonts import fallback_font
    chosen = {slot: fallback_font(ch, False, slot == "ea") for slot, ch in SCRIPT_SAMPLES.items()}
    families = {slot: found.family.split(",")[0] for slot, found in chosen.items() if found is not None}
    if not families:
        return
    for part in _theme_parts(prs):
        root = part._element if isinstance(part, XmlPart) else etree.fromstring(part.blob)  # noqa: SLF001
        changed = False
        for which in ("majorFont", "minorFont"):
            for slot, family in families.items():
                node = root.find(_path("themeElements", "fontScheme", which, slot))
                if node is not None and not (node.get("typeface") or "").strip():
                    node.set("typeface", family)
                    changed = True
        if changed and not isinstance(part, XmlPart):
            part.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
