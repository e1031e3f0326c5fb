"""Lines to DrawingML paragraphs: explicit indents, markers, sizes and language on every run.

Run text is always set as element text (lxml escapes it); nothing from content is parsed as XML.
Characters XML cannot hold were removed before (:func:`kitgen.deck.runs.clean_runs`).
"""

from __future__ import annotations

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from kitgen.deck.box import Box, Geometry, geometry
from kitgen.deck.runs import Line, clean_text
from kitgen.markup import Run

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_A = f"{{{A}}}"


def _el(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{_A}{tag}", {k: str(v) for k, v in attrs.items()})


def scheme_fill(parent: etree._Element, colour: str, muted: bool = False) -> None:
    fill = _el(parent, "solidFill")
    clr = _el(fill, "schemeClr", val=colour)
    if muted:
        _el(clr, "lumMod", val="65000")
        _el(clr, "lumOff", val="35000")


class Writer:
    """Writes paragraphs for one slide part (hyperlinks become relationships of that part)."""

    def __init__(self, part, lang: str, marker: str = "accent1"):
        self.part = part
        self.lang = lang
        self.marker = marker  # the scheme colour of bullets and numbers

    def run_props(self, parent: etree._Element, run: Run, size: int | None, *, tag: str = "rPr",
                  muted: bool = False, colour: str | None = None) -> etree._Element:
        rpr = _el(parent, tag, lang=self.lang)
        if size:
            rpr.set("sz", str(int(size * 100)))
        if run.bold:
            rpr.set("b", "1")
        if run.italic:
            rpr.set("i", "1")
        if run.href:
            rpr.set("u", "sng")
        if colour or muted:
            scheme_fill(rpr, colour or "tx1", muted)
        if run.href:
            rid = self.part.relate_to(run.href, RT.HYPERLINK, is_external=True)
            link = _el(rpr, "hlinkClick")
            link.set(f"{{{R_NS}}}id", rid)
        return rpr

    def runs(self, p: etree._Element, runs: list[Run], size: int | None, muted: frozenset[int] = frozenset(),
             colour: str | None = None) -> None:
        for i, run in enumerate(runs):
            text, _ = clean_text(run.text)
            pieces = text.replace("\v", "\n").replace("\u2028", "\n").split("\n")
            for j, piece in enumerate(pieces):
                if j:
                    br = _el(p, "br")
                    self.run_props(br, run, size)
                if piece:
                    r = _el(p, "r")
                    self.run_props(r, run, size, muted=i in muted, colour=colour)
                    t = _el(r, "t")
                    t.text = piece

    def paragraph(self, line: Line, box: Box, size: int, *, align: str | None = None,
                  hang_colour: str = "tx2") -> etree._Element:
        """One ``a:p`` for ``line`` at ``size`` points, indented as :func:`geometry` says."""
        geo: Geometry = geometry(line, box)
        p = etree.Element(f"{_A}p")
        ppr = _el(p, "pPr", marL=geo.marl, indent=geo.indent)
        if line.depth and geo.marker != "hang":
            ppr.set("lvl", str(min(line.depth, 8)))
        if align:
            ppr.set("algn", align)
        if geo.marker == "bullet":
            _el(_el(ppr, "buClr"), "schemeClr", val=self.marker)
            _el(ppr, "buFont", typeface="Arial")
            _el(ppr, "buChar", char=geo.char)
        elif geo.marker == "number":
            _el(_el(ppr, "buClr"), "schemeClr", val=self.marker)
            _el(ppr, "buFont", typeface="+mj-lt")
            _el(ppr, "buAutoNum", type="arabicPeriod", startAt=max(1, line.number))
        else:
            _el(ppr, "buNone")
        if geo.marker == "hang":
            tabs = _el(ppr, "tabLst")
            _el(tabs, "tab", pos=geo.marl, algn="l")
            bold = [Run(r.text, True, r.italic, r.code, r.href) for r in line.hang]
            self.runs(p, bold, size, colour=hang_colour)
            self.runs(p, [Run("\t")], size)
        self.runs(p, line.runs, size, line.muted)
        self.run_props(p, Run(""), size, tag="endParaRPr")
        return p

    def note_paragraph(self, line: Line) -> etree._Element:
        """A speaker-notes paragraph: list markers written as text ("• ", "1. "), formatting kept."""
        p = etree.Element(f"{_A}p")
        prefix = ""
        if line.kind == "bullet":
            prefix = "\u2022 "
        elif line.kind == "number":
            prefix = f"{line.number}. "
        indent = "    " * line.depth + ("   " if line.kind == "cont" else "")
        runs = ([Run(indent + prefix)] if indent or prefix else []) + list(line.runs)
        self.runs(p, runs, None, line.muted)
        self.run_props(p, Run(""), None, tag="endParaRPr")
        return p
