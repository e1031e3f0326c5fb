"""PowerPoint templates as organizations have them, built in the tests with python-pptx and lxml.

Each builder reproduces one pattern of corporate and university templates seen in the wild
(``../shared/templates/README.md``), starting from python-pptx's default template (Office's
layouts with their types and names):

* :func:`kicker`: a thin "kicker" BODY (idx 13, 0.44 in) above the real content OBJECT (idx 14, 5 in);
* :func:`foreign`: layout names in Portuguese or German, the layouts' types kept;
* :func:`untyped`: no layout types at all and free-form names ("One content", "Divider plain", ...);
* :func:`title_last`: the title placeholder after the body in every layout's shape order;
* :func:`pale`: a colour map whose ``tx2`` and accents are pale on a light background, and a section
  layout with a coloured band whose text colour is the band's;
* :func:`macro`: a macro-enabled ``.potm``/``.pptm`` (a VBA project part), 4:3;
* :func:`leftovers`: example slides a custom show plays, notes pages without a text box;
* :func:`turned`: a content body set bottom to top, a section layout on a dark pattern fill;
* :func:`split`: content boxes only as two equal, wide bodies one above the other;
* :func:`short_title`: a title strip too thin for the title's size, the content box right below it;
* :func:`styled`: spaced capitals, an exact line pitch, space after paragraphs, a typeface and bullets
  (Wingdings' square, a chevron) in the master's own text styles;
* :func:`overhang`: boxes reaching off the slide (title and body past its edges, a section title
  starting left of it, the title slide's title wholly below it);
* :func:`east_asian`: a Japanese office template that sets Latin text in the theme's East Asian fonts
  (``+mj-ea``, ``+mn-ea``), much wider than its Latin ones;
* :func:`untitled`: no layout but the cover with a title placeholder;
* :func:`no_body_font`: a theme whose body font has no Latin typeface (``a:latin`` left out);
* :func:`marked`: the company's mark as a picture on the master, at the top right where the title
  placeholder runs (and the title slide's title under it);
* :func:`framed`: an Arabic office template: paragraphs right to left and right-aligned, and the
  master's text boxes with wide insets (1 in left, 0.9 in top) and two columns;

each with theme fonts that are not installed (Verdana, Arial, Segoe UI, Roboto). :func:`rezip` and
the ``hostile_*`` builders make the templates of the security findings (outside links, OLE, DTDs).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn

IN = 914400
WIDE = (12192000, 6858000)  # 16:9
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# python-pptx's default template, by layout: Title Slide, Title and Content, Section Header, Two Content,
# Comparison, Title Only, Blank, Content with Caption, Picture with Caption, and two vertical ones.
PORTUGUESE = ("Slide de título", "Título e conteúdo", "Cabeçalho da secção", "Duas partes de conteúdo",
              "Comparação", "Só título", "Em branco", "Conteúdo com legenda", "Imagem com legenda",
              "Título e texto vertical", "Título vertical e texto")
GERMAN = ("Titelfolie", "Titel und Inhalt", "Abschnittsüberschrift", "Zwei Inhalte", "Vergleich", "Nur Titel",
          "Leer", "Inhalt mit Überschrift", "Bild mit Überschrift", "Titel und vertikaler Text",
          "Vertikaler Titel und Text")


def _sp(sid: int, name: str, ph: str, box: tuple[float, float, float, float], lst: str = "", text: str = "") -> str:
    x, y, w, h = (round(v * IN) for v in box)
    return (f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="{sid}" name="{name}"/><p:cNvSpPr>'
            f'<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr><a:xfrm>'
            f'<a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm></p:spPr><p:txBody><a:bodyPr/>'
            f'<a:lstStyle>{lst}</a:lstStyle><a:p><a:r><a:rPr lang="en-US"/><a:t>{text or name}</a:t></a:r></a:p>'
            '</p:txBody></p:sp>')


def _band(sid: int, box: tuple[float, float, float, float], colour: str) -> str:
    x, y, w, h = (round(v * IN) for v in box)
    return (f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="{sid}" name="Band"/><p:cNvSpPr/><p:nvPr/>'
            f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr val="{colour}"/>'
            '</a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>')


def _tree(layout):
    return layout.shapes._spTree  # noqa: SLF001


def _placeholder(layout, idx: int | None = None, types: tuple[str, ...] = ()):
    for sp in _tree(layout).iterchildren(qn("p:sp")):
        ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        if ph is None:
            continue
        if (idx is not None and ph.get("idx") == str(idx)) or (types and ph.get("type", "obj") in types):
            return sp
    return None


def _theme(prs, edit: Callable[[etree._Element], None]) -> None:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    edit(root)
    part.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def theme_fonts(prs, major: str, minor: str) -> None:
    """Set the theme's heading and body fonts."""
    def edit(root):
        for which, family in (("majorFont", major), ("minorFont", minor)):
            root.find(f".//{{{A}}}{which}/{{{A}}}latin").set("typeface", family)
    _theme(prs, edit)


def theme_colours(prs, **colours: str) -> None:
    """Set theme colours, e.g. ``dk2="BDEBFA"``."""
    def edit(root):
        for slot, rgb in colours.items():
            holder = root.find(f".//{{{A}}}clrScheme/{{{A}}}{slot}")
            for child in list(holder):
                holder.remove(child)
            etree.SubElement(holder, f"{{{A}}}srgbClr", val=rgb)
    _theme(prs, edit)


def _wide(prs) -> None:
    """16:9, with every master and layout placeholder spread to the new width."""
    old_w = prs.slide_width
    prs.slide_width, prs.slide_height = WIDE
    factor = WIDE[0] / old_w
    for holder in [prs.slide_master, *prs.slide_layouts]:
        for off in _tree(holder).iter(f"{{{A}}}off"):
            off.set("x", str(round(int(off.get("x")) * factor)))
        for ext in _tree(holder).iter(f"{{{A}}}ext"):
            if ext.get("cx") is not None:
                ext.set("cx", str(round(int(ext.get("cx")) * factor)))


def _save(prs, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    return path


def kicker(path: Path) -> Path:
    """The corporate content layout: a thin kicker (BODY idx 13) numbered before the content box (OBJECT idx 14)."""
    prs = Presentation()
    _wide(prs)
    layout = prs.slide_layouts[1]
    layout._element.cSld.set("name", "One content")  # noqa: SLF001
    body = _placeholder(layout, types=("obj",))
    tree = _tree(layout)
    at = list(tree).index(body)
    tree.remove(body)
    lst = '<a:lvl1pPr marL="0" indent="0"><a:buNone/><a:defRPr sz="1400"/></a:lvl1pPr>'
    tree.insert(at, parse_xml(_sp(40, "Content 14", '<p:ph sz="quarter" idx="14"/>', (0.6, 1.95, 12.1, 5.0))))
    tree.insert(at, parse_xml(_sp(41, "Kicker 13", '<p:ph type="body" sz="quarter" idx="13"/>',
                                  (0.6, 1.45, 12.1, 0.44), lst, "Kicker: one line of context")))
    theme_fonts(prs, "Verdana", "Verdana")
    return _save(prs, path)


def foreign(path: Path, names: tuple[str, ...] = PORTUGUESE, major: str = "Arial", minor: str = "Arial") -> Path:
    """Layout names in another language; the layouts keep their types (``title``, ``obj``, ``secHead``, ...)."""
    prs = Presentation()
    for layout, name in zip(prs.slide_layouts, names):
        layout._element.cSld.set("name", name)  # noqa: SLF001
    # the cover last, as some templates have it, so order alone does not tell
    lst = prs.slide_layouts._sldLayoutIdLst  # noqa: SLF001
    lst.append(lst[0])
    theme_fonts(prs, major, minor)
    return _save(prs, path)


def untyped(path: Path) -> Path:
    """No layout types at all, free-form names: only placeholders tell what a layout is for."""
    prs = Presentation()
    _wide(prs)
    names = {0: "Cover", 1: "One content", 2: "Divider plain", 3: "Two contents", 5: "Statement"}
    for index, layout in enumerate(prs.slide_layouts):
        el = layout._element  # noqa: SLF001
        el.attrib.pop("type", None)
        el.cSld.set("name", names.get(index, f"Custom {index}"))
        for ph in _tree(layout).iter(qn("p:ph")):  # a cover with a plain title and body, no subtitle box
            if ph.get("type") == "ctrTitle":
                ph.set("type", "title")
            elif ph.get("type") == "subTitle":
                ph.set("type", "body")
    lst = prs.slide_layouts._sldLayoutIdLst  # noqa: SLF001
    lst.insert(0, lst[3])  # "Two contents" first: the first layout is not the cover here
    theme_fonts(prs, "Segoe UI", "Segoe UI")
    return _save(prs, path)


def title_last(path: Path) -> Path:
    """The title placeholder after the body in every layout's shape order."""
    prs = Presentation()
    _wide(prs)
    for layout in prs.slide_layouts:
        title = _placeholder(layout, types=("title", "ctrTitle"))
        if title is not None:
            tree = _tree(layout)
            tree.remove(title)
            tree.append(title)
    theme_fonts(prs, "Roboto", "Roboto")
    return _save(prs, path)


def pale(path: Path) -> Path:
    """Pale ``tx2`` and accents on a light grey background; a section band whose text is the band's colour."""
    prs = Presentation()
    _wide(prs)
    theme_colours(prs, dk2="BDEBFA", accent1="FFF2A8", accent2="F7B7C8", lt2="F2F2F2")
    master = prs.slide_master._element  # noqa: SLF001
    master.cSld.insert(0, parse_xml(f'<p:bg {nsdecls("a", "p")}><p:bgPr><a:solidFill><a:srgbClr val="EDEDED"/>'
                                    '</a:solidFill><a:effectLst/></p:bgPr></p:bg>'))
    body_style = master.find(f"{qn('p:txStyles')}/{qn('p:bodyStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
    for child in list(body_style):
        body_style.remove(child)
    body_style.append(parse_xml(f'<a:solidFill {nsdecls("a")}><a:schemeClr val="tx2"/></a:solidFill>'))
    section = prs.slide_layouts[2]
    body = _placeholder(section, types=("body",))
    tree = _tree(section)
    rect = body.find(f".//{{{A}}}xfrm")
    y, cy = int(rect.find(f"{{{A}}}off").get("y")), int(rect.find(f"{{{A}}}ext").get("cy"))
    tree.insert(2, parse_xml(_band(50, (0, (y - 0.2 * IN) / IN, WIDE[0] / IN, (cy + 0.4 * IN) / IN), "accent2")))
    lvl = body.find(f".//{{{A}}}lstStyle/{{{A}}}lvl1pPr/{{{A}}}defRPr")
    for child in list(lvl):
        lvl.remove(child)
    lvl.append(parse_xml(f'<a:solidFill {nsdecls("a")}><a:schemeClr val="accent2"/></a:solidFill>'))
    theme_fonts(prs, "Calibri", "Calibri")
    return _save(prs, path)


def leftovers(path: Path) -> Path:
    """A template saved from a real deck: example slides (one hidden) played by a custom show, and notes
    pages that have the slide image and no text box."""
    prs = Presentation()
    _wide(prs)
    for title in ("Example one", "Example two"):
        prs.slides.add_slide(prs.slide_layouts[1]).shapes.title.text = title
    prs.slides[1]._element.set("show", "0")  # noqa: SLF001
    rids = "".join(f'<p:sld r:id="{sld.get(qn("r:id"))}"/>' for sld in prs.slides._sldIdLst)  # noqa: SLF001
    prs.part._element.find(qn("p:notesSz")).addnext(parse_xml(  # noqa: SLF001
        f'<p:custShowLst {nsdecls("p", "r")}><p:custShow name="Short" id="0"><p:sldLst>{rids}</p:sldLst>'
        '</p:custShow></p:custShowLst>'))
    notes = prs.notes_master
    for ph in list(notes.placeholders):
        if ph.placeholder_format.type is not None and "BODY" in str(ph.placeholder_format.type):
            ph._element.getparent().remove(ph._element)  # noqa: SLF001
    theme_fonts(prs, "Calibri", "Calibri")
    return _save(prs, path)


def turned(path: Path) -> Path:
    """A content body whose text runs bottom to top (``vert="vert270"``), and a section layout on a dark
    pattern fill: the deck's text must be set across and stay readable."""
    prs = Presentation()
    _wide(prs)
    _placeholder(prs.slide_layouts[1], types=("obj",)).find(f".//{qn('a:bodyPr')}").set("vert", "vert270")
    prs.slide_layouts[2]._element.cSld.insert(0, parse_xml(  # noqa: SLF001
        f'<p:bg {nsdecls("a", "p")}><p:bgPr><a:pattFill prst="dkDnDiag"><a:fgClr><a:srgbClr val="202020"/></a:fgClr>'
        '<a:bgClr><a:srgbClr val="000000"/></a:bgClr></a:pattFill><a:effectLst/></p:bgPr></p:bg>'))
    theme_fonts(prs, "Calibri", "Calibri")
    return _save(prs, path)


def _place(sp, box: tuple[float, float, float, float]) -> None:
    """Give a shape its own position and size (in inches), as a layout that moves it does."""
    sppr = sp.find(qn("p:spPr"))
    xfrm = sppr.find(qn("a:xfrm"))
    if xfrm is None:
        xfrm = parse_xml(f'<a:xfrm {nsdecls("a")}><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></a:xfrm>')
        sppr.insert(0, xfrm)
    x, y, w, h = (round(v * IN) for v in box)
    xfrm.find(qn("a:off")).attrib.update({"x": str(x), "y": str(y)})
    xfrm.find(qn("a:ext")).attrib.update({"cx": str(w), "cy": str(h)})


def overhang(path: Path) -> Path:
    """Placeholders off the slide, as templates resized from 4:3 have them: the master's title from
    (-0.4, -0.2) in, 14 in wide; its body 13.5 in wide from x 0.6 in, down to 7.8 in (on a 13.33 x 7.5 in
    slide); the section title from x -1 in; the title slide's title at y 8 in, below the slide; the slide
    number mostly past its bottom right corner."""
    prs = Presentation()
    _wide(prs)
    master = prs.slide_master
    _place(_placeholder(master, types=("title",)), (-0.4, -0.2, 14.0, 1.25))
    _place(_placeholder(master, types=("body",)), (0.6, 1.6, 13.5, 6.2))
    _place(_placeholder(prs.slide_layouts[2], types=("title",)), (-1.0, 2.0, 11.0, 1.5))
    _place(_placeholder(prs.slide_layouts[0], types=("ctrTitle",)), (1.0, 8.0, 11.3, 1.5))
    _place(_placeholder(master, types=("sldNum",)), (12.0, 7.3, 2.0, 0.5))
    theme_fonts(prs, "Calibri", "Calibri")
    return _save(prs, path)


def narrow(path: Path) -> Path:
    """A 4:3 master whose text column is 4 in wide at the left, beside a band the layouts leave for a
    picture (a corporate pattern): every content slide's text, its agenda's clock times included, is
    set in that column."""
    prs = Presentation()
    master = prs.slide_master
    _place(_placeholder(master, types=("title",)), (0.5, 0.4, 9.0, 1.0))
    _place(_placeholder(master, types=("body",)), (0.5, 1.6, 4.0, 5.2))
    _tree(master).append(parse_xml(_band(90, (5.0, 1.6, 4.5, 5.2), "bg2")))
    theme_fonts(prs, "Calibri", "Calibri")
    return _save(prs, path)


def _mark_png() -> bytes:
    from PIL import Image  # noqa: PLC0415 - only this fixture draws a picture

    out = io.BytesIO()
    Image.new("RGB", (160, 90), (200, 40, 40)).save(out, "PNG")
    return out.getvalue()


def marked(path: Path) -> Path:
    """A 16:9 master with the company's mark, a 1.6 x 0.9 in picture, at its top right (from x 11.2 in,
    y 0.3 in) inside the title placeholder's box, which runs the slide's width; the title slide's title
    moved up under it too (from y 0.2 in). Text that kept to the placeholders would be set over the mark."""
    from pptx.oxml.shapes.picture import CT_Picture  # noqa: PLC0415

    prs = Presentation()
    _wide(prs)
    master = prs.slide_master
    _place(_placeholder(master, types=("title",)), (0.6, 0.25, 12.1, 1.2))
    _place(_placeholder(prs.slide_layouts[0], types=("ctrTitle",)), (1.0, 0.2, 11.3, 2.0))
    _, rid = master.part.get_or_add_image_part(io.BytesIO(_mark_png()))
    pic = CT_Picture.new_pic(95, "Company mark", "", rid, round(11.2 * IN), round(0.3 * IN),
                             round(1.6 * IN), round(0.9 * IN))
    _tree(master).append(pic)
    theme_fonts(prs, "Calibri", "Calibri")
    return _save(prs, path)


def framed(path: Path) -> Path:
    """The master's title and body: right-to-left, right-aligned paragraphs on every level, and text
    frames with wide insets and two columns, which every slide inherits unless the deck writes its own."""
    prs = Presentation()
    _wide(prs)
    master = prs.slide_master
    for ph in master.placeholders:
        body = ph._element.find(f".//{qn('a:bodyPr')}")  # noqa: SLF001
        if body is not None and ph.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.BODY):
            body.attrib.update({"lIns": "914400", "tIns": "822960", "rIns": "91440", "bIns": "457200",
                                "numCol": "2", "spcCol": "457200", "rtlCol": "1"})
    styles = master._element.find(qn("p:txStyles"))  # noqa: SLF001
    for level in styles.iter():
        if isinstance(level.tag, str) and re.fullmatch(r"\{[^}]+\}lvl\dpPr", level.tag):
            level.set("rtl", "1")
            level.set("algn", "r")
    theme_fonts(prs, "Calibri", "Calibri")
    return _save(prs, path)


def east_asian(path: Path, wide_font: str = "Verdana") -> Path:
    """Titles and body text set in the theme's East Asian fonts (``+mj-ea``, ``+mn-ea``), as Japanese and
    Chinese office templates set Latin text in Meiryo or Microsoft YaHei: here ``wide_font``, with Calibri
    as the theme's Latin fonts, so text measured with the Latin font is too wide for its box."""
    prs = Presentation()
    _wide(prs)

    def edit(root):
        for which in ("majorFont", "minorFont"):
            root.find(f".//{{{A}}}{which}/{{{A}}}ea").set("typeface", wide_font)
            root.find(f".//{{{A}}}{which}/{{{A}}}latin").set("typeface", "Calibri")
    _theme(prs, edit)
    styles = prs.slide_master._element.find(qn("p:txStyles"))  # noqa: SLF001
    for style, ref in (("titleStyle", "+mj-ea"), ("bodyStyle", "+mn-ea")):
        for rpr in styles.find(qn(f"p:{style}")).iter(qn("a:defRPr")):
            for old in rpr.findall(qn("a:latin")):
                rpr.remove(old)
            at = next((i for i, child in enumerate(rpr) if child.tag in (qn("a:ea"), qn("a:cs"))), len(rpr))
            rpr.insert(at, parse_xml(f'<a:latin {nsdecls("a")} typeface="{ref}"/>'))
    return _save(prs, path)


def untitled(path: Path) -> Path:
    """Every layout but the cover without a title placeholder (the master keeps its own): templates whose
    content layouts hold text boxes only, the title typed into one of them."""
    prs = Presentation()
    _wide(prs)
    for layout in list(prs.slide_layouts)[1:]:
        title = _placeholder(layout, types=("title",))
        if title is not None:
            _tree(layout).remove(title)
    return _save(prs, path)


def no_body_font(path: Path) -> Path:
    """A theme whose body font (``minorFont``) has no ``a:latin``, as hand-edited themes have it: each viewer
    then draws body text in a default of its own."""
    prs = Presentation()
    _wide(prs)

    def edit(root):
        minor = root.find(f".//{{{A}}}minorFont")
        minor.remove(minor.find(f"{{{A}}}latin"))
    _theme(prs, edit)
    return _save(prs, path)


BULLETS = (("Wingdings", "\u00a7"), ("Calibri", "\u203a"))
"""The house bullets of :func:`styled`, by level: Wingdings' square (as PowerPoint writes it) and a chevron."""
HOUSE_INDENT = 1371600
"""The left margin :func:`styled` gives each list level (1.5 in a level), as some corporate masters do."""


def styled(path: Path) -> Path:
    """A house style written into the master's text styles, as corporate templates do: spaced capitals
    (``cap="all"``, ``spc``), an exact line pitch and space after paragraphs in points, a typeface
    named in the styles themselves (``a:latin``), not through the theme, bullets of its own
    (:data:`BULLETS`) and very wide list indents (:data:`HOUSE_INDENT`)."""
    prs = Presentation()
    _wide(prs)
    theme_fonts(prs, "Calibri", "Calibri")
    styles = prs.slide_master._element.find(qn("p:txStyles"))  # noqa: SLF001
    title = styles.find(f"{qn('p:titleStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
    title.set("cap", "all")
    title.set("spc", "600")
    for level in range(1, 6):
        ppr = styles.find(f"{qn('p:bodyStyle')}/{qn(f'a:lvl{level}pPr')}")
        for tag in ("a:lnSpc", "a:spcBef", "a:spcAft"):
            for old in ppr.findall(qn(tag)):
                ppr.remove(old)
        for xml in reversed([f'<a:lnSpc {nsdecls("a")}><a:spcPts val="3400"/></a:lnSpc>',
                             f'<a:spcBef {nsdecls("a")}><a:spcPts val="0"/></a:spcBef>',
                             f'<a:spcAft {nsdecls("a")}><a:spcPts val="1200"/></a:spcAft>']):
            ppr.insert(0, parse_xml(xml))
        rpr = ppr.find(qn("a:defRPr"))
        rpr.set("cap", "all")
        rpr.set("spc", "200")
        for old in rpr.findall(qn("a:latin")):
            rpr.remove(old)
        rpr.append(parse_xml(f'<a:latin {nsdecls("a")} typeface="DejaVu Sans"/>'))
        font, char = BULLETS[(level - 1) % len(BULLETS)]
        ppr.find(qn("a:buFont")).attrib.update({"typeface": font, "pitchFamily": "2", "charset": "2" if font == "Wingdings" else "0"})
        ppr.find(qn("a:buChar")).set("char", char)
        ppr.set("marL", str(HOUSE_INDENT * level))  # an inch and a half a level: a list narrowed to a column
        ppr.set("indent", str(-HOUSE_INDENT // 2))
    return _save(prs, path)


def short_title(path: Path) -> Path:
    """A thin title strip (0.5 in, the master's 44 pt) with the content box just below it."""
    prs = Presentation()
    _wide(prs)
    content = prs.slide_layouts[1]
    for ph, (y, h) in ((_placeholder(content, types=("title",)), (0.3, 0.5)), (_placeholder(content, types=("obj",)), (0.85, 6.0))):
        sp_pr = ph.find(qn("p:spPr"))
        for old in sp_pr.findall(qn("a:xfrm")):
            sp_pr.remove(old)
        sp_pr.insert(0, parse_xml(f'<a:xfrm {nsdecls("a")}><a:off x="{round(0.6 * IN)}" y="{round(y * IN)}"/>'
                                  f'<a:ext cx="{round(12.1 * IN)}" cy="{round(h * IN)}"/></a:xfrm>'))
    theme_fonts(prs, "Calibri", "Calibri")
    return _save(prs, path)


def split(path: Path) -> Path:
    """No "Title and Content": its place is taken by a layout of two equal, wide bodies one above the other."""
    prs = Presentation()
    _wide(prs)
    layout = prs.slide_layouts[1]
    layout._element.attrib.pop("type", None)  # noqa: SLF001
    layout._element.cSld.set("name", "Split horizontal")  # noqa: SLF001
    tree = _tree(layout)
    tree.remove(_placeholder(layout, types=("obj",)))
    tree.append(parse_xml(_sp(30, "Upper", '<p:ph type="body" sz="half" idx="13"/>', (0.6, 1.6, 12.1, 2.5))))
    tree.append(parse_xml(_sp(31, "Lower", '<p:ph type="body" sz="half" idx="14"/>', (0.6, 4.3, 12.1, 2.5))))
    for other in list(prs.slide_layouts):
        if other.name not in {"Title Slide", "Split horizontal", "Section Header", "Title Only"}:
            prs.slide_layouts.remove(other)
    return _save(prs, path)


# --------------------------------------------------------------------------- at the zip level


def rezip(data: bytes, edits: dict[str, bytes | Callable[[bytes], bytes] | None]) -> bytes:
    """The package with entries replaced (bytes), edited (a function of the old bytes), dropped (None) or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            edit = edits.get(name, b"") if name in edits else src.read(name)
            if callable(edit):
                edit = edit(src.read(name))
            if edit is not None:
                dst.writestr(name, edit)
        for name, edit in edits.items():
            if name not in src.namelist() and isinstance(edit, bytes):
                dst.writestr(name, edit)
    return out.getvalue()


def _add_rel(rels: bytes, rid: str, reltype: str, target: str, external: bool = False) -> bytes:
    mode = ' TargetMode="External"' if external else ""
    return rels.replace(b"</Relationships>", f'<Relationship Id="{rid}" Type="{reltype}" Target="{target}"{mode}/>'
                        "</Relationships>".encode())


def _insert_shape(xml: bytes, shape: str) -> bytes:
    return re.sub(rb"(<p:spTree>.*?</p:grpSpPr>)", lambda m: m.group(1) + shape.encode(), xml, count=1, flags=re.S)


_CT = "[Content_Types].xml"
MASTER = "ppt/slideMasters/slideMaster1.xml"
MASTER_RELS = "ppt/slideMasters/_rels/slideMaster1.xml.rels"


def base_bytes(wide: bool = True) -> bytes:
    prs = Presentation()
    if wide:
        _wide(prs)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def macro(path: Path, suffix: str = ".potm") -> Path:
    """A macro-enabled template (.potm) or presentation (.pptm), 4:3, with a VBA project part."""
    main = "template" if suffix == ".potm" else "presentation"
    data = rezip(base_bytes(wide=False), {
        _CT: lambda b: b.replace(b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
                                 f"application/vnd.ms-powerpoint.{main}.macroEnabled.main+xml".encode())
        .replace(b"</Types>", b'<Override PartName="/ppt/vbaProject.bin" '
                 b'ContentType="application/vnd.ms-office.vbaProject"/></Types>'),
        "ppt/_rels/presentation.xml.rels": lambda b: _add_rel(
            b, "rIdVba", "http://schemas.microsoft.com/office/2006/relationships/vbaProject", "vbaProject.bin"),
        "ppt/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Attribute VB_Name = \"Module1\"" * 8,
    })
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def hostile_linked_picture(target: str = "http://127.0.0.1:8765/tracker.png?deck-opened") -> bytes:
    """A master picture whose blip loads an outside file through a *hyperlink*-typed relationship."""
    pic = (f'<p:pic {nsdecls("a", "p", "r")}><p:nvPicPr><p:cNvPr id="90" name="Tracker"/><p:cNvPicPr/><p:nvPr/>'
           '</p:nvPicPr><p:blipFill><a:blip r:link="rIdH"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
           '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="9144" cy="9144"/></a:xfrm><a:prstGeom prst="rect">'
           '<a:avLst/></a:prstGeom></p:spPr></p:pic>')
    return rezip(base_bytes(), {
        MASTER: lambda b: _insert_shape(b, pic),
        MASTER_RELS: lambda b: _add_rel(b, "rIdH", f"{R}/hyperlink", target, external=True)})


def hostile_package_link() -> bytes:
    """An outside image relationship at the package level (``_rels/.rels``)."""
    return rezip(base_bytes(), {"_rels/.rels": lambda b: _add_rel(b, "rIdX", f"{R}/image",
                                                                  "http://127.0.0.1:8765/pkg.png", external=True)})


def hostile_ole() -> bytes:
    """An embedded "Package" OLE object on the master, shown on every slide."""
    frame = (f'<p:graphicFrame {nsdecls("a", "p", "r")}><p:nvGraphicFramePr><p:cNvPr id="91" name="Object 1"/>'
             '<p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/>'
             '<a:ext cx="914400" cy="914400"/></p:xfrm><a:graphic><a:graphicData '
             'uri="http://schemas.openxmlformats.org/presentationml/2006/ole"><p:oleObj progId="Package" '
             'r:id="rIdOle" showAsIcon="1"><p:embed/></p:oleObj></a:graphicData></a:graphic></p:graphicFrame>')
    return rezip(base_bytes(), {
        MASTER: lambda b: _insert_shape(b, frame),
        MASTER_RELS: lambda b: _add_rel(b, "rIdOle", f"{R}/oleObject", "../embeddings/payload.bin"),
        _CT: lambda b: b.replace(b"</Types>", b'<Override PartName="/ppt/embeddings/payload.bin" '
                                 b'ContentType="application/vnd.openxmlformats-officedocument.oleObject"/></Types>'),
        "ppt/embeddings/payload.bin": b"\xd0\xcf\x11\xe0 payload that runs when double-clicked"})


def hostile_entity(layout: int = 3) -> bytes:
    """A layout that declares an entity in a DTD and uses it (dropped DTD, kept ``&xxe;``)."""
    name = f"ppt/slideLayouts/slideLayout{layout}.xml"

    def edit(b: bytes) -> bytes:
        b = b.replace(b"?>", b'?><!DOCTYPE p:sldLayout [<!ENTITY xxe "expanded">]>', 1)
        return re.sub(rb"<a:t>[^<]*</a:t>", b"<a:t>&xxe;</a:t>", b, count=1)
    return rezip(base_bytes(), {name: edit})


def hostile_slide_size(cx: str = "-2147483648") -> bytes:
    return rezip(base_bytes(), {"ppt/presentation.xml": lambda b: re.sub(rb'<p:sldSz cx="\d+"',
                                                                         f'<p:sldSz cx="{cx}"'.encode(), b)})
