"""Lines to DrawingML paragraphs: explicit indents, markers, sizes, colours and language on every run.

Built with python-pptx's element classes (``a:p`` ``add_r``/``add_br``, ``a:rPr`` attributes and
fills) and ``qn()`` for the bullet elements python-pptx has no class for. Run text is always set as
element text (lxml escapes it); nothing from content is parsed as XML. Characters XML cannot hold
were removed before (:func:`kitgen.deck.lines.clean_runs`).
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from pptx.enum.text import MSO_UNDERLINE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.oxml.text import CT_TextCharacterProperties, CT_TextParagraph
from pptx.oxml.xmlchemy import OxmlElement

from kitgen.cohort import direction
from kitgen.deck.lines import Line, clean_text
from kitgen.deck.readable import TextColours
from kitgen.deck.scripts import script, segments
from kitgen.deck.textbox import TextBox, indent
from kitgen.markup import Run


def _sub(parent: etree._Element, tag: str, **attrs: Any) -> etree._Element:
    return etree.SubElement(parent, qn(tag), {k: str(v) for k, v in attrs.items()})


def _scheme_fill(rpr: CT_TextCharacterProperties, colour: str, mod: float | None = None,
                 off: float | None = None) -> None:
    clr = rpr.get_or_change_to_solidFill().get_or_change_to_schemeClr()
    clr.set("val", colour)
    if mod is not None and off is not None:
        clr.add_lumMod(mod)
        clr.add_lumOff(off)


class ParagraphWriter:
    """Writes the paragraphs of one slide or notes part (hyperlinks become relationships of that part)."""

    def __init__(self, part: Any, lang: str):
        self.part = part
        self.lang = lang
        self.colours = TextColours()  # of the text box being written

    def _props(self, rpr: CT_TextCharacterProperties, run: Run, size: int | None, *, muted: bool = False,
               colour: str | None = None, lang: str | None = None) -> None:
        rpr.set("lang", lang or self.lang)
        if size:
            rpr.sz = int(size * 100)
        if run.bold:
            rpr.b = True
        if run.italic:
            rpr.i = True
        if run.href:
            rpr.u = MSO_UNDERLINE.SINGLE_LINE
        greyed = self.colours.muted if muted else None
        if greyed is not None:
            _scheme_fill(rpr, *greyed)
        elif colour or self.colours.text:
            _scheme_fill(rpr, colour or self.colours.text or "tx1")
        if run.href:
            rpr.add_hlinkClick(self.part.relate_to(run.href, RT.HYPERLINK, is_external=True))

    def runs(self, p: CT_TextParagraph, runs: list[Run], size: int | None, muted: frozenset[int] = frozenset(),
             colour: str | None = None) -> None:
        """Append ``runs`` to ``p``: one ``a:r`` per line and language of each run, an ``a:br`` between lines."""
        kana = any(script(ch) == "kana" for run in runs for ch in run.text)
        for i, run in enumerate(runs):
            text, _ = clean_text(run.text)
            for j, piece in enumerate(text.replace("\v", "\n").replace("\u2028", "\n").split("\n")):
                if j:
                    self._props(p.add_br().get_or_add_rPr(), run, size)
                for part, lang in segments(piece, self.lang, kana) if piece else ():
                    r = p.add_r()
                    self._props(r.get_or_add_rPr(), run, size, muted=i in muted, colour=colour, lang=lang)
                    r.t.text = part

    def _bullet(self, ppr: etree._Element, marker: str, char: str, number: int, own: bool = False) -> None:
        """The marker of a paragraph, in the colour chosen to read; a bullet the template draws itself at
        this level (``own``: its character and font, or its picture, and their size) is inherited."""
        if marker == "bullet":
            _sub(_sub(ppr, "a:buClr"), "a:schemeClr", val=self.colours.marker)
            if not own:
                _sub(ppr, "a:buFont", typeface="Arial")
                _sub(ppr, "a:buChar", char=char)
        elif marker == "number":
            _sub(_sub(ppr, "a:buClr"), "a:schemeClr", val=self.colours.marker)
            _sub(ppr, "a:buFont", typeface="+mj-lt")
            _sub(ppr, "a:buAutoNum", type="arabicPeriod", startAt=max(1, number))
        else:
            _sub(ppr, "a:buNone")

    def paragraph(self, line: Line, box: TextBox, size: int, *, align: str | None = None) -> CT_TextParagraph:
        """One ``a:p`` for ``line`` at ``size`` points, indented as :func:`~kitgen.deck.textbox.indent` says."""
        geo = indent(line, box, size)
        p: CT_TextParagraph = OxmlElement("a:p")
        ppr = p.get_or_add_pPr()
        ppr.set("marL", str(geo.marl))
        ppr.set("indent", str(geo.indent))
        if line.depth and geo.marker != "hang":
            ppr.set("lvl", str(min(line.depth, 8)))
        rtl = direction(line.text) == "rtl"
        ppr.set("rtl", "1" if rtl else "0")  # the text's own direction, whatever the template's
        if rtl != box.style.rtl and not align and box.style.align == ("r" if box.style.rtl else "l"):
            align = "r" if rtl else "l"  # the template's start edge, for a text of the other direction
        if align:
            ppr.set("algn", align)
        bullets = box.style.bullets
        self._bullet(ppr, geo.marker, geo.char, line.number, line.depth < len(bullets) and bullets[line.depth])
        if geo.marker == "hang":
            _sub(_sub(ppr, "a:tabLst"), "a:tab", pos=geo.marl, algn="l")
            self.runs(p, [Run(r.text, True, r.italic, r.code, r.href) for r in line.hang], size,
                      colour=self.colours.hang)
            self.runs(p, [Run("\t")], size)
        self.runs(p, line.runs, size, line.muted)
        self._props(p.get_or_add_endParaRPr(), Run(""), size)
        return p

    def note_paragraph(self, line: Line) -> CT_TextParagraph:
        """A speaker-notes paragraph: list markers written as text ("• ", "1. "), formatting kept."""
        p: CT_TextParagraph = OxmlElement("a:p")
        prefix = {"bullet": "\u2022 ", "number": f"{line.number}. "}.get(line.kind, "")
        lead = "    " * line.depth + ("   " if line.kind == "cont" else "")
        runs = ([Run(lead + prefix)] if lead or prefix else []) + list(line.runs)
        self.runs(p, runs, None, line.muted)
        self._props(p.get_or_add_endParaRPr(), Run(""), None)
        return p
