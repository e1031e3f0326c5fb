#!/usr/bin/env python3
"""Build kitgen's built-in 16:9 PowerPoint template: ``src/kitgen/data/deck/kitgen.pptx``.

Run from the repository root (re-runnable, byte-for-byte deterministic)::

    .venv/bin/python tools/make_deck_template.py [--out PATH]

The file starts from python-pptx's default template, which is resized to 13.333 x 7.5 in.
Its master and the first seven layout parts are rewritten from scratch; the four other
default layouts are removed (master relationship, ``sldLayoutId`` and the part itself), as
are the 4:3 thumbnail and the Mac printer-settings part.

Layouts and placeholder ``idx`` numbers (kept stable; the deck writer relies on them; the
title placeholder is idx 0, ``type="title"`` or ``"ctrTitle"``)::

    Title        0 ctrTitle   1 subTitle (subtitle)      2 body (details: date, facilitator)
    Section      0 title      1 body (lead line)
    Content      0 title      1 body (bullets)                             11 ftr  12 sldNum
    Two Content  0 title      1 body (left column)       2 body (right)    11 ftr  12 sldNum
    Quote        0 title      1 body (quote, italic)     2 body (attribution) 11 ftr  12 sldNum
    Agenda       0 title      1 body (numbered items)    2 body (details)          12 sldNum
    Closing      0 title      1 body (contact / next steps)

Layout names (one per slide kind) come from ``kitgen.deck.kinds``, list indents and bullet
characters from ``kitgen.deck.textbox``, so the template and the deck writer cannot disagree.
Colours come only from the theme: ``tx2``/dk2 (titles, bands, panels), ``accent1`` (top bar,
bullets, numbers, quote mark), ``accent2`` (short rules, strips), ``lt2`` (light text on dark
bands), ``tx1``/dk1 (body text).  Fonts are the theme fonts (``+mj-lt``/``+mn-lt``, both
"Calibri", metric-compatible with Carlito).  Body text boxes use ``noAutofit`` because
kitgen sizes text itself (``kitgen.deck.measure``); insets are the OOXML defaults (0.1 in left
and right, 0.05 in top and bottom) that ``kitgen.deck.measure`` assumes.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml

from kitgen.deck.kinds import SLIDE_KINDS
from kitgen.deck.textbox import BULLET_CHARS, HANGING, LEVEL_MARGINS, LEVEL_STEP

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "src" / "kitgen" / "data" / "deck" / "kitgen.pptx"

NS = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"

EMU_IN = 914400
W, H = 12192000, 6858000  # 13.333 x 7.5 in


def inch(v: float) -> int:
    """Inches to EMU, rounded to an integer."""
    return round(v * EMU_IN)


M = inch(0.75)  # left/right slide margin
CW = W - 2 * M  # content width

# Body levels 1..5: (marL, indent, bullet, size); bullets hang in the indent.
BODY_LEVELS = [
    (margin, -HANGING[min(level, len(HANGING) - 1)], BULLET_CHARS[level], size)
    for level, (margin, size) in enumerate(zip(LEVEL_MARGINS, (2400, 2000, 1800, 1800, 1800)))
]
LAYOUT = {kind: SLIDE_KINDS[kind].layout for kind in SLIDE_KINDS}  # slide kind -> layout name

THEME_COLOURS = {
    "dk1": "1F2328",
    "lt1": "FFFFFF",
    "dk2": "1B2A41",
    "lt2": "E9EDF2",
    "accent1": "2A6FDB",
    "accent2": "F2A93B",
    "accent3": "3BA889",
    "accent4": "8E5CC4",
    "accent5": "E05D5D",
    "accent6": "5C6B7A",
    "hlink": "2A6FDB",
    "folHlink": "6B4FA0",
}
THEME_FONT = "Calibri"
FIXED_TIME = datetime(2024, 1, 1, 0, 0, 0)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------- XML snippets


def solid(colour: str, mods: str = "") -> str:
    """A ``solidFill`` of theme colour ``colour`` (e.g. "accent1", "tx2")."""
    return f'<a:solidFill><a:schemeClr val="{colour}">{mods}</a:schemeClr></a:solidFill>'


GREY_TEXT = solid("tx1", '<a:lumMod val="65000"/><a:lumOff val="35000"/>')


def xfrm(x: int, y: int, cx: int, cy: int) -> str:
    """An ``a:xfrm`` for a shape at (x, y) with size (cx, cy) in EMU."""
    return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'


def rect(sid: int, name: str, box: tuple[int, int, int, int], colour: str) -> str:
    """A borderless decorative rectangle filled with theme colour ``colour``."""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{name}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/>'
        f'</p:nvSpPr><p:spPr>{xfrm(*box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f"{solid(colour)}<a:ln><a:noFill/></a:ln></p:spPr>"
        '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/>'
        "</a:p></p:txBody></p:sp>"
    )


def text_shape(sid: int, name: str, box: tuple[int, int, int, int], text: str, size: int,
               colour: str, typeface: str) -> str:
    """A decorative, non-placeholder text box (used for the Quote layout's quotation mark)."""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{name}"/><p:cNvSpPr txBox="1"/>'
        f'<p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>{xfrm(*box)}'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
        '<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" rtlCol="0" anchor="t">'
        '<a:noAutofit/></a:bodyPr><a:lstStyle/><a:p><a:pPr><a:lnSpc><a:spcPct val="100000"/>'
        f'</a:lnSpc></a:pPr><a:r><a:rPr lang="en-US" sz="{size}" b="0">{solid(colour)}'
        f'<a:latin typeface="{typeface}"/></a:rPr><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>'
    )


def body_pr(anchor: str = "t", autofit: str = "<a:noAutofit/>") -> str:
    """``a:bodyPr`` with the OOXML default insets written out explicitly."""
    return (
        f'<a:bodyPr vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" '
        f'rtlCol="0" anchor="{anchor}">{autofit}</a:bodyPr>'
    )


def plain_lvl(size: int | None = None, fill: str = "", algn: str = "l", extra_rpr: str = "",
              spc_bef: int = 0) -> str:
    """``a:lvl1pPr`` for an un-bulleted paragraph style."""
    sz = f' sz="{size}"' if size else ""
    return (
        f'<a:lvl1pPr marL="0" indent="0" algn="{algn}"><a:spcBef><a:spcPct val="{spc_bef}"/>'
        f"</a:spcBef><a:buNone/><a:defRPr{sz}{extra_rpr}>{fill}</a:defRPr></a:lvl1pPr>"
    )


def placeholder(sid: int, name: str, ph: str, box: tuple[int, int, int, int] | None,
                lst_style: str = "", anchor: str | None = None, prompt: str = "",
                autofit: str = "<a:noAutofit/>", paras: str | None = None) -> str:
    """A placeholder ``p:sp``; ``ph`` is the inner attribute text of ``p:ph``.

    Without ``box`` the position is inherited from the master; without ``anchor`` the
    ``bodyPr`` is inherited too.  ``paras`` replaces the single prompt paragraph.
    """
    sppr = xfrm(*box) if box else ""
    bpr = body_pr(anchor, autofit) if anchor else "<a:bodyPr/>"
    para = paras or (
        f'<a:p><a:r><a:rPr lang="en-US"/><a:t>{prompt}</a:t></a:r></a:p>'
        if prompt else '<a:p><a:endParaRPr lang="en-US"/></a:p>'
    )
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{name}"/><p:cNvSpPr><a:spLocks noGrp="1"/>'
        f"</p:cNvSpPr><p:nvPr><p:ph {ph}/></p:nvPr></p:nvSpPr><p:spPr>{sppr}</p:spPr>"
        f"<p:txBody>{bpr}<a:lstStyle>{lst_style}</a:lstStyle>{para}</p:txBody></p:sp>"
    )


SLIDE_NUMBER_PARA = (
    '<a:p><a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum">'
    '<a:rPr lang="en-US"/><a:t>&lt;#&gt;</a:t></a:fld><a:endParaRPr lang="en-US"/></a:p>'
)


def footer_placeholders(first_id: int, with_footer: bool = True) -> str:
    """Layout footer (idx 11) and slide number (idx 12) placeholders, positioned by the master."""
    out = ""
    if with_footer:
        out += placeholder(first_id, "Footer Placeholder", 'type="ftr" sz="quarter" idx="11"', None)
    return out + placeholder(first_id + 1, "Slide Number Placeholder",
                             'type="sldNum" sz="quarter" idx="12"', None, paras=SLIDE_NUMBER_PARA)


SP_TREE_HEAD = (
    '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
    '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
    '<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
)


def layout_xml(name: str, shapes: str, ltype: str | None = None, show_master: bool = True,
               bg: str | None = None) -> str:
    """A complete ``p:sldLayout`` document."""
    attrs = f' type="{ltype}"' if ltype else ""
    attrs += "" if show_master else ' showMasterSp="0"'
    bg_xml = f"<p:bg><p:bgPr>{solid(bg)}<a:effectLst/></p:bgPr></p:bg>" if bg else ""
    return (
        f'<p:sldLayout {NS}{attrs} preserve="1"><p:cSld name="{name}">{bg_xml}<p:spTree>'
        f"{SP_TREE_HEAD}{shapes}</p:spTree></p:cSld>"
        "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"
    )


# --------------------------------------------------------------------------- master

TITLE_BOX = (M, inch(0.45), CW, inch(1.0))
RULE_BOX = (M + inch(0.1), inch(1.55), inch(0.9), inch(0.06))
BODY_BOX = (M, inch(1.85), CW, inch(4.75))
FOOTER_Y, FOOTER_H = inch(6.8), inch(0.4)


def master_shapes() -> str:
    """Master placeholders (title, body, date, footer, slide number) and decoration."""
    small = '<a:lvl1pPr algn="{}"><a:defRPr sz="1200">' + GREY_TEXT + "</a:defRPr></a:lvl1pPr>"
    body_prompt = "".join(
        f'<a:p><a:pPr lvl="{i}"/><a:r><a:rPr lang="en-US"/><a:t>{t}</a:t></a:r></a:p>'
        for i, t in enumerate(["Click to edit Master text styles", "Second level", "Third level",
                               "Fourth level", "Fifth level"])
    )
    return (
        placeholder(2, "Title Placeholder 1", 'type="title"', TITLE_BOX, anchor="b",
                    prompt="Click to edit Master title style")
        + placeholder(3, "Text Placeholder 2", 'type="body" idx="1"', BODY_BOX, anchor="t",
                      paras=body_prompt)
        + placeholder(4, "Date Placeholder 3", 'type="dt" sz="half" idx="2"',
                      (M + inch(8.2), FOOTER_Y, inch(2.0), FOOTER_H), small.format("l"), "ctr")
        + placeholder(5, "Footer Placeholder 4", 'type="ftr" sz="quarter" idx="3"',
                      (M, FOOTER_Y, inch(8.0), FOOTER_H), small.format("l"), "ctr")
        + placeholder(6, "Slide Number Placeholder 5", 'type="sldNum" sz="quarter" idx="4"',
                      (W - M - inch(1.5), FOOTER_Y, inch(1.5), FOOTER_H), small.format("r"), "ctr",
                      paras=SLIDE_NUMBER_PARA)
        + rect(7, "Accent Bar", (0, 0, W, inch(0.08)), "accent1")
        + rect(8, "Title Rule", RULE_BOX, "accent2")
    )


def tx_styles() -> str:
    """The master's ``p:txStyles``: title, body (bulleted levels) and other text."""
    font = '<a:latin typeface="{0}-lt"/><a:ea typeface="{0}-ea"/><a:cs typeface="{0}-cs"/>'
    title = (
        '<p:titleStyle><a:lvl1pPr algn="l" defTabSz="914400" rtl="0" eaLnBrk="1" latinLnBrk="0" '
        'hangingPunct="1"><a:lnSpc><a:spcPct val="90000"/></a:lnSpc><a:spcBef><a:spcPct val="0"/>'
        f'</a:spcBef><a:buNone/><a:defRPr sz="3600" b="1" kern="1200">{solid("tx2")}'
        f"{font.format('+mj')}</a:defRPr></a:lvl1pPr></p:titleStyle>"
    )
    levels = ""
    for i in range(9):
        marl, indent, char, size = BODY_LEVELS[min(i, 4)]
        if i > 4:
            marl += LEVEL_STEP * (i - 4)
        levels += (
            f'<a:lvl{i + 1}pPr marL="{marl}" indent="{indent}" algn="l" defTabSz="914400" rtl="0" '
            'eaLnBrk="1" latinLnBrk="0" hangingPunct="1"><a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
            '<a:spcBef><a:spcPct val="50000"/></a:spcBef>'
            f'<a:buClr><a:schemeClr val="accent1"/></a:buClr><a:buFont typeface="Arial"/>'
            f'<a:buChar char="{char}"/><a:defRPr sz="{size}" kern="1200">{solid("tx1")}'
            f"{font.format('+mn')}</a:defRPr></a:lvl{i + 1}pPr>"
        )
    other = "".join(
        f'<a:lvl{i + 1}pPr marL="{457200 * i}" algn="l" defTabSz="914400" rtl="0" eaLnBrk="1" '
        f'latinLnBrk="0" hangingPunct="1"><a:defRPr sz="1800" kern="1200">{solid("tx1")}'
        f"{font.format('+mn')}</a:defRPr></a:lvl{i + 1}pPr>"
        for i in range(9)
    )
    return (
        f"<p:txStyles {NS}>{title}<p:bodyStyle>{levels}</p:bodyStyle>"
        f'<p:otherStyle><a:defPPr><a:defRPr lang="en-US"/></a:defPPr>{other}</p:otherStyle>'
        "</p:txStyles>"
    )


# --------------------------------------------------------------------------- layouts

WHITE = solid("bg1")
LIGHT = solid("bg2")  # lt2 through the master's colour map


def title_layout() -> str:
    """Title slide: dark band (tx2) with an accent2 strip; title in white at its foot."""
    band_h = inch(4.75)
    return layout_xml(LAYOUT["title"], (
        rect(2, "Title Band", (0, 0, W, band_h), "tx2")
        + rect(3, "Title Strip", (0, band_h, W, inch(0.1)), "accent2")
        + placeholder(4, "Title 1", 'type="ctrTitle"', (M, inch(0.9), CW, inch(3.45)),
                      plain_lvl(4000, WHITE, extra_rpr=' b="1"'), "b",
                      "Click to edit Master title style")
        + placeholder(5, "Subtitle 2", 'type="subTitle" idx="1"', (M, inch(5.15), CW, inch(0.9)),
                      plain_lvl(2400, solid("tx2")), "t", "Click to edit Master subtitle style")
        + placeholder(6, "Details 3", 'type="body" sz="quarter" idx="2"', (M, inch(6.1), CW, inch(0.7)),
                      plain_lvl(1600, GREY_TEXT), "t", "Date, venue, facilitator")
    ), "title", show_master=False)


def section_layout() -> str:
    """Section divider: full tx2 background, white title above an accent2 rule, light lead line."""
    return layout_xml(LAYOUT["section"], (
        placeholder(2, "Title 1", 'type="title"', (M, inch(1.0), CW, inch(2.55)),
                    plain_lvl(4000, WHITE, extra_rpr=' b="1"'), "b", "Section title")
        + rect(3, "Section Rule", (M + inch(0.1), inch(3.75), inch(1.2), inch(0.08)), "accent2")
        + placeholder(4, "Text Placeholder 2", 'type="body" idx="1"', (M, inch(4.0), CW, inch(2.0)),
                      plain_lvl(2400, LIGHT), "t", "Lead line")
    ), "secHead", show_master=False, bg="tx2")


def content_layout() -> str:
    """Title and bulleted body; placeholders inherit the master's positions."""
    return layout_xml(LAYOUT["content"], (
        placeholder(2, "Title 1", 'type="title"', None, prompt="Click to edit Master title style")
        + placeholder(3, "Content Placeholder 2", 'type="body" idx="1"', BODY_BOX, anchor="t",
                      prompt="Click to edit Master text styles")
        + footer_placeholders(4)
    ), "obj")


def two_content_layout() -> str:
    """Title and two equal body columns with a 0.5 in gutter."""
    gap = inch(0.5)
    col = (CW - gap) // 2
    x, y, _, h = BODY_BOX
    return layout_xml(LAYOUT["two-content"], (
        placeholder(2, "Title 1", 'type="title"', None, prompt="Click to edit Master title style")
        + placeholder(3, "Content Placeholder 2", 'type="body" sz="half" idx="1"', (x, y, col, h),
                      anchor="t", prompt="Left column")
        + placeholder(4, "Content Placeholder 3", 'type="body" sz="half" idx="2"',
                      (x + col + gap, y, col, h), anchor="t", prompt="Right column")
        + footer_placeholders(5)
    ), "twoObj")


def quote_layout() -> str:
    """A large italic quotation with an accent1 quotation mark and an attribution line."""
    qx = M + inch(1.2)
    qw = CW - inch(1.6)
    return layout_xml(LAYOUT["quote"], (
        placeholder(2, "Title 1", 'type="title"', None, prompt="Click to edit Master title style")
        + text_shape(3, "Quote Mark", (M - inch(0.05), inch(1.75), inch(1.1), inch(1.6)), "\u201c", 16000,
                     "accent1", "Georgia")
        + placeholder(4, "Quote 2", 'type="body" idx="1"', (qx, inch(2.05), qw, inch(3.05)),
                      plain_lvl(3200, solid("tx1"), extra_rpr=' i="1"', spc_bef=50000), "t",
                      "Quotation")
        + rect(5, "Attribution Rule", (qx + inch(0.1), inch(5.35), inch(0.6), inch(0.05)), "accent2")
        + placeholder(6, "Attribution 3", 'type="body" sz="quarter" idx="2"',
                      (qx, inch(5.5), qw, inch(0.8)), plain_lvl(2000, solid("tx2")), "t",
                      "Attribution")
        + footer_placeholders(7)
    ))


def agenda_layout() -> str:
    """Agenda: tx2 side panel holding the title and details; numbered items on the right."""
    panel_w = inch(4.3)
    inner_x, inner_w = inch(0.6), panel_w - inch(1.2)
    body_x = panel_w + inch(0.6)
    numbered = (
        f'<a:lvl1pPr marL="{inch(0.55)}" indent="-{inch(0.55)}"><a:spcBef><a:spcPct val="60000"/>'
        '</a:spcBef><a:buClr><a:schemeClr val="accent1"/></a:buClr><a:buFont typeface="+mj-lt"/>'
        '<a:buAutoNum type="arabicPeriod"/><a:defRPr sz="2400"/></a:lvl1pPr>'
    )
    return layout_xml(LAYOUT["agenda"], (
        rect(2, "Agenda Panel", (0, 0, panel_w, H), "tx2")
        + rect(3, "Agenda Rule", (inner_x + inch(0.1), inch(0.95), inch(0.9), inch(0.06)), "accent2")
        + placeholder(4, "Title 1", 'type="title"', (inner_x, inch(1.1), inner_w, inch(2.6)),
                      plain_lvl(4000, WHITE, extra_rpr=' b="1"'), "t", "Agenda")
        + placeholder(5, "Agenda Items 2", 'type="body" idx="1"',
                      (body_x, inch(0.8), W - body_x - M, inch(5.8)), numbered, "ctr",
                      "Agenda item")
        + placeholder(6, "Details 3", 'type="body" sz="quarter" idx="2"',
                      (inner_x, inch(4.6), inner_w, inch(2.1)), plain_lvl(1800, LIGHT), "b",
                      "Day, time, room")
        + footer_placeholders(7, with_footer=False)
    ), show_master=False)


def closing_layout() -> str:
    """Closing slide: tx2 background, centred title, accent2 rule and strip, centred light text."""
    rule_w = inch(1.2)
    return layout_xml(LAYOUT["closing"], (
        placeholder(2, "Title 1", 'type="title"', (M, inch(1.3), CW, inch(2.2)),
                    plain_lvl(4000, WHITE, algn="ctr", extra_rpr=' b="1"'), "b", "Thank you")
        + rect(3, "Closing Rule", ((W - rule_w) // 2, inch(3.7), rule_w, inch(0.08)), "accent2")
        + placeholder(4, "Text Placeholder 2", 'type="body" idx="1"', (M, inch(3.95), CW, inch(2.2)),
                      plain_lvl(2400, LIGHT, algn="ctr", spc_bef=50000), "t",
                      "Questions, contact details, next steps")
        + rect(5, "Closing Strip", (0, H - inch(0.1), W, inch(0.1)), "accent2")
    ), show_master=False, bg="tx2")


LAYOUT_BUILDERS = [title_layout, section_layout, content_layout, two_content_layout,
                   quote_layout, agenda_layout, closing_layout]


# --------------------------------------------------------------------------- assembly


def replace_in_place(old: etree._Element, new: etree._Element) -> None:
    """Make ``old`` a copy of ``new`` while keeping the same element object (and nsmap)."""
    old.clear()
    for key, value in new.attrib.items():
        old.set(key, value)
    for child in list(new):
        old.append(child)


def rewrite_theme(prs: Presentation) -> None:
    """Set the theme's name, colour scheme and fonts (both major and minor latin: Calibri)."""
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    root.set("name", "kitgen")
    scheme = root.find(f"{A}themeElements/{A}clrScheme")
    scheme.set("name", "kitgen")
    for slot, rgb in THEME_COLOURS.items():
        holder = scheme.find(f"{A}{slot}")
        for child in list(holder):
            holder.remove(child)
        etree.SubElement(holder, f"{A}srgbClr", val=rgb)
    fonts = root.find(f"{A}themeElements/{A}fontScheme")
    fonts.set("name", "kitgen")
    for which in ("majorFont", "minorFont"):
        fonts.find(f"{A}{which}/{A}latin").set("typeface", THEME_FONT)
    root.find(f"{A}themeElements/{A}fmtScheme").set("name", "kitgen")
    part.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def rewrite_app_props(prs: Presentation) -> None:
    """Make docProps/app.xml describe a widescreen kitgen template instead of a 4:3 Mac file."""
    part = prs.part.package.part_related_by(RT.EXTENDED_PROPERTIES)
    xml = part.blob.decode("utf-8")
    xml = xml.replace("On-screen Show (4:3)", "Widescreen").replace("Office Theme", "kitgen")
    xml = xml.replace("Microsoft Macintosh PowerPoint", "kitgen")
    xml = re.sub(r"<TotalTime>\d+</TotalTime>", "<TotalTime>0</TotalTime>", xml)
    part.blob = xml.encode("utf-8")


def drop_package_extras(prs: Presentation) -> None:
    """Remove the stale 4:3 thumbnail and the Mac printer-settings part."""
    pkg = prs.part.package
    for rel in list(pkg._rels.values()):  # noqa: SLF001 - python-pptx has no public API here
        if rel.reltype == RT.THUMBNAIL:
            pkg.drop_rel(rel.rId)
    for rel in list(prs.part.rels.values()):
        if rel.reltype == RT.PRINTER_SETTINGS:
            prs.part.drop_rel(rel.rId)


def build() -> Presentation:
    """Return the restructured template as an in-memory presentation."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = W, H
    prs.part._element.find(f"{P}sldSz").attrib.pop("type", None)  # noqa: SLF001

    layouts = list(prs.slide_layouts)
    for extra in layouts[len(LAYOUT_BUILDERS):]:
        prs.slide_layouts.remove(extra)
    for layout, builder in zip(layouts, LAYOUT_BUILDERS):
        replace_in_place(layout._element, parse_xml(builder()))  # noqa: SLF001

    master = prs.slide_master._element  # noqa: SLF001
    sp_tree = master.find(f"{P}cSld/{P}spTree")
    replace_in_place(sp_tree, parse_xml(f"<p:spTree {NS}>{SP_TREE_HEAD}{master_shapes()}</p:spTree>"))
    replace_in_place(master.find(f"{P}txStyles"), parse_xml(tx_styles()))

    rewrite_theme(prs)
    rewrite_app_props(prs)
    drop_package_extras(prs)

    core = prs.core_properties
    core.title, core.author, core.last_modified_by = "kitgen", "kitgen", "kitgen"
    core.comments = "kitgen built-in deck template (tools/make_deck_template.py)"
    core.revision = 1
    core.created = core.modified = FIXED_TIME
    return prs


def normalized_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes so the output is reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output .pptx path")
    args = parser.parse_args(argv)
    buf = io.BytesIO()
    build().save(buf)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(normalized_zip(buf.getvalue()))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
