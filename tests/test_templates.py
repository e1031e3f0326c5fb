"""Organization templates as they really are: the fixtures of tests/template_fixtures.py (one per pattern
of corporate and university templates) and the four real templates of ``<repo>/../shared/templates/``.

One workspace holds a kit per template (a short kit of the sample topic that asks for every layout
the sample deck uses, a continued slide and a long details line included, with no theme and the
template as its deck template) and the same kit on the built-in template; every deck is built by one
``kitgen build``, converted by one LibreOffice run and its pages drawn at 50 dpi. For each template:
the same slides as on the built-in template (give or take continuation slides), body text in the largest body box, no slide
kind on the cover layout, the title first in shape order, no prompt text, the template's fonts and
colours kept, and in the rendering no text outside its box and no text below 4.5:1 contrast (3:1 for
large titles).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu

import template_fixtures as tf
from conftest import REPO, SAMPLE_KIT, copy_sample, expect_problem

SHARED = REPO.parent / "shared" / "templates"
REAL = ("pandoc-default-reference.pptx", "pandoc-reference-depth.pptx", "pandoc-footer-reference.pptx",
        "pptx-mst-slide-layouts.pptx")
FIXTURES = {
    "kicker.pptx": tf.kicker,
    "portuguese.pptx": lambda p: tf.foreign(p, tf.PORTUGUESE, "Arial", "Arial"),
    "german.pptx": lambda p: tf.foreign(p, tf.GERMAN, "Verdana", "Roboto"),
    "untyped.pptx": tf.untyped,
    "title-last.pptx": tf.title_last,
    "pale.pptx": tf.pale,
    "macro.potm": tf.macro,
    "macro.pptm": lambda p: tf.macro(p, ".pptm"),
    "leftovers.pptx": tf.leftovers,
    "turned.pptx": tf.turned,
    "styled.pptx": tf.styled,
    "short-title.pptx": tf.short_title,
    "split.pptx": tf.split,
    "framed.pptx": tf.framed,
    "overhang.pptx": tf.overhang,
    "east-asian.pptx": tf.east_asian,
    "narrow.pptx": tf.narrow,
    "marked.pptx": tf.marked,
}
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
TOLERANCE_PT = 3.0
DPI = 50


PROBE_KIT = """\
title: Reverse Mentoring for Leadership Teams
topic: reverse-mentoring
audience: Members of the executive and senior leadership teams, joined by early-career colleagues nominated as reverse mentors
facilitator: Jordan Lee
organization: {name: Northwind Logistics}
date: 2026-12-08
start: "09:00"
locale: en
variables: {company: Northwind Logistics}
agenda:
  - {block: welcome, minutes: 15}
  - {case_study: digital-dashboard, minutes: 45, with: {mentor: Priya Raman, mentee: David Okafor}}
  - {block: close, minutes: 10}
outputs: [slides]
"""
"""The kit built on every template: cover, agenda, content, quote, section and closing slides, a scenario
continued on a second slide, and the cover's details line (the sample deck's layouts, on 18 slides)."""


def _kit_id(name: str) -> str:
    return "tpl-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@dataclass
class Deck:
    template: str | None  # the file name in assets/ (None: the built-in template)
    path: Path
    source: Path | None  # the template file

    @cached_property
    def prs(self):
        """The deck, read once per run (tests only read it)."""
        return Presentation(str(self.path))


def _templates() -> list[str]:
    return list(FIXTURES) + [name for name in REAL if (SHARED / name).is_file()]


@pytest.fixture(scope="session")
def workspace(tmp_path_factory) -> Path:
    ws = copy_sample(tmp_path_factory.mktemp("templates"))
    (ws / "assets").mkdir()
    for name, build in FIXTURES.items():
        build(ws / "assets" / name)
    for name in REAL:
        if (SHARED / name).is_file():
            shutil.copy(SHARED / name, ws / "assets" / name)
    kit = PROBE_KIT
    for name in [None, *_templates()]:
        deck = f"\ndeck: {{template: assets/{name}}}\n" if name else "\n"
        (ws / "content" / "kits" / f"{_kit_id(name or 'builtin')}.yaml").write_text(kit + deck, encoding="utf-8")
    return ws


@pytest.fixture(scope="session")
def decks(workspace) -> dict[str | None, Deck]:
    kits = [_kit_id(name) for name in ["builtin", *_templates()]]
    run = subprocess.run([sys.executable, "-m", "kitgen", "build", "-C", str(workspace), *kits, "--only", "slides",
                          "-j", "2", "-q"], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    out: dict[str | None, Deck] = {}
    for name in [None, *_templates()]:
        kit = _kit_id(name or "builtin")
        out[name] = Deck(name, workspace / "build" / kit / f"{kit}-slides.pptx",
                         workspace / "assets" / name if name else None)
    return out


@pytest.fixture(scope="session")
def rendered(decks, tmp_path_factory) -> dict[str | None, Path]:
    """Every deck as PDF, by one LibreOffice run."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed: run scripts/setup-system.sh test")
    out = tmp_path_factory.mktemp("templates-pdf")
    subprocess.run([soffice, f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(out), *[str(d.path) for d in decks.values()]],
                   check=True, capture_output=True, timeout=600)
    pdfs = {name: out / (deck.path.stem + ".pdf") for name, deck in decks.items()}
    missing = [pdf.name for pdf in pdfs.values() if not pdf.is_file()]
    assert not missing, f"LibreOffice wrote no {missing}"
    return pdfs


def _page_images(pdf_path: Path) -> list:
    """Every page of the PDF as an RGB image at DPI (pdfium, which pdfplumber renders with)."""
    import pypdfium2
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    try:
        return [pdf[i].render(scale=DPI / 72).to_pil().convert("RGB") for i in range(len(pdf))]
    finally:
        pdf.close()


def _continued(title: str) -> bool:
    return title.endswith("(continued)")


def _titles(prs) -> list[str]:
    return [s.shapes.title.text_frame.text for s in prs.slides]


TEMPLATES = pytest.mark.parametrize("name", _templates())


def _text_placeholders(layout) -> list:
    return [ph for ph in layout.placeholders if (ph._element.ph.get("type") or "obj") in ("body", "obj", "subTitle")]


# --------------------------------------------------------------------------- structure


@TEMPLATES
def test_same_slides_as_on_the_builtin_template(decks, name):
    reference = [t for t in _titles(decks[None].prs) if not _continued(t)]
    assert [t for t in _titles(decks[name].prs) if not _continued(t)] == reference


@TEMPLATES
def test_no_slide_kind_on_the_cover_layout(decks, name):
    slides = list(decks[name].prs.slides)
    cover = slides[0].slide_layout
    assert not [i for i, s in enumerate(slides[1:], 2) if s.slide_layout.part is cover.part], \
        "slides on the cover layout while the template has a content layout"


@TEMPLATES
def test_body_text_goes_to_the_largest_body_box(decks, name):
    problems = []
    for number, slide in enumerate(decks[name].prs.slides, 1):
        filled = [ph for ph in slide.placeholders if ph.placeholder_format.idx != 0 and ph.has_text_frame
                  and ph.text_frame.text.strip() and ph.placeholder_format.type.name in ("BODY", "OBJECT",
                                                                                           "SUBTITLE")]
        if number == 1 or not filled:
            continue
        main = max(filled, key=lambda ph: len(ph.text_frame.text))
        areas = {ph.placeholder_format.idx: (ph.width or 0) * (ph.height or 0)
                 for ph in _text_placeholders(slide.slide_layout)}
        if areas.get(main.placeholder_format.idx, 0) < 0.99 * max(areas.values()):
            problems.append(f"slide {number}: the text is in idx {main.placeholder_format.idx}, not the largest box")
    assert not problems, problems


@TEMPLATES
def test_title_first_in_shape_order_and_no_prompt_text(decks, name):
    for number, slide in enumerate(decks[name].prs.slides, 1):
        shapes = list(slide.shapes)
        assert shapes[0].is_placeholder and shapes[0].placeholder_format.idx == 0, f"slide {number}"
        prompts = {ph.placeholder_format.idx: ph.text_frame.text for ph in slide.slide_layout.placeholders
                   if ph.has_text_frame}
        for shape in slide.placeholders:
            text = shape.text_frame.text.strip() if shape.has_text_frame else "?"
            assert text, f"slide {number}: an empty placeholder is left (it would show its prompt)"
            assert text != prompts.get(shape.placeholder_format.idx, "").strip(), f"slide {number}: prompt text"


@TEMPLATES
def test_one_part_per_name_the_notes_of_the_builtin_deck_and_text_set_across(decks, name):
    """A template's example slides and custom shows are gone (no part is written twice), every slide
    keeps the speaker notes it has on the built-in template (notes pages without a text box get one),
    and every box kitgen fills is set across, whatever the layout's direction."""
    with zipfile.ZipFile(decks[name].path) as zf:
        names = zf.namelist()
        assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
        assert b"custShow" not in zf.read("ppt/presentation.xml")
    def notes(prs):
        return [s.notes_slide.notes_text_frame.text if s.has_notes_slide else "" for s in prs.slides
                if not _continued(s.shapes.title.text_frame.text)]
    assert notes(decks[name].prs) == notes(decks[None].prs)
    for number, slide in enumerate(decks[name].prs.slides, 1):
        for ph in slide.placeholders:
            if ph.has_text_frame and ph.placeholder_format.idx != 0:
                assert ph.text_frame._txBody.bodyPr.get("vert") in (None, "horz"), f"slide {number}"


@TEMPLATES
def test_no_two_filled_boxes_overlap(decks, name):
    """A title grown to hold its size, or a text grown into free space, never covers another text."""
    for number, slide in enumerate(decks[name].prs.slides, 1):
        boxes = [_box(ph) for ph in slide.placeholders if ph.has_text_frame and ph.text_frame.text.strip()]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not (a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1), \
                    f"slide {number}: boxes {a} and {b} overlap"


def _pictures(slide) -> list[tuple[float, float, float, float]]:
    """The pictures a slide shows from its layout and master (the master's when the layout shows them)."""
    layout = slide.slide_layout
    holders = [layout] + ([layout.slide_master] if layout._element.get("showMasterSp") != "0" else [])  # noqa: SLF001
    return [_box(shape) for holder in holders for shape in holder.shapes
            if shape.element.tag == qn("p:pic")]


def test_text_keeps_clear_of_the_mark_on_the_master(decks):
    """The company's mark on the master, where the title box runs: every title and text is set beside it."""
    prs = decks["marked.pptx"].prs
    checked = 0
    for number, slide in enumerate(prs.slides, 1):
        marks = _pictures(slide)
        assert marks, f"slide {number}: the mark is not on its layout or master"
        for ph in slide.placeholders:
            if not (ph.has_text_frame and ph.text_frame.text.strip()):
                continue
            a = _box(ph)
            for b in marks:
                assert not (a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1), \
                    f"slide {number}: {ph.text_frame.text[:30]!r} at {a} is over the mark at {b}"
            checked += 1
    assert checked > len(prs.slides)  # every title, and the texts


def _theme(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        name = next(n for n in zf.namelist() if re.fullmatch(r"ppt/theme/theme\d+\.xml", n)
                    and b"clrScheme" in zf.read(n) and b"<a:fontScheme" in zf.read(n))
        return etree.fromstring(zf.read(name))


def _look(theme: etree._Element) -> tuple:
    scheme = theme.find(f"{A}themeElements/{A}clrScheme")
    colours = tuple((etree.QName(slot).localname, slot[0].get("val") or slot[0].get("lastClr")) for slot in scheme)
    fonts = tuple(theme.find(f"{A}themeElements/{A}fontScheme/{A}{w}/{A}latin").get("typeface")
                  for w in ("majorFont", "minorFont"))
    return colours, fonts


@TEMPLATES
def test_template_fonts_and_colours_kept_when_the_kit_sets_no_theme(decks, name):
    deck = decks[name]
    assert _look(_theme(deck.path.read_bytes())) == _look(_theme(deck.source.read_bytes()))


def test_macro_enabled_templates_keep_their_4_3_size_and_lose_the_macros(decks):
    for name in ("macro.potm", "macro.pptm"):
        prs = decks[name].prs
        assert (prs.slide_width, prs.slide_height) == (9144000, 6858000)
        with zipfile.ZipFile(decks[name].path) as zf:
            assert not [n for n in zf.namelist() if "vbaProject" in n]


def test_kicker_box_stays_empty_and_the_deck_is_as_long_as_on_the_builtin(decks):
    kicker, builtin = decks["kicker.pptx"].prs, decks[None].prs
    assert abs(len(kicker.slides) - len(builtin.slides)) <= 3
    for number, slide in enumerate(kicker.slides, 1):
        if slide.slide_layout.name == "One content":
            texts = {ph.placeholder_format.idx: ph.text_frame.text for ph in slide.placeholders}
            assert 14 in texts and 0 in texts, number
            # the kicker takes at most a short details line (an agenda's date and times), never the body
            assert len(texts.get(13, "")) < 90 and "\n" not in texts.get(13, ""), (number, texts.get(13))


# --------------------------------------------------------------------------- rendered


def _box(shape) -> tuple[float, float, float, float]:
    left, top = Emu(shape.left).pt, Emu(shape.top).pt
    return left, top, left + Emu(shape.width).pt, top + Emu(shape.height).pt


def _boxes(slide) -> list[tuple[float, float, float, float]]:
    return [_box(shape) for shape in slide.shapes if shape.left is not None and shape.width is not None]


def _rgb(colour) -> str | None:
    if not isinstance(colour, (tuple, list)) or not colour:
        return None
    values = [float(v) for v in colour]
    if len(values) == 1:
        values *= 3
    elif len(values) == 4:
        c, m, y, k = values
        values = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    return "".join(f"{round(v * 255):02X}" for v in values[:3])


def _background(image, x0: float, top: float, x1: float, bottom: float) -> str:
    """The most common colour of a ring of pixels just outside a word's box."""
    from collections import Counter
    scale = DPI / 72
    left, upper = max(0, int(x0 * scale) - 3), max(0, int(top * scale) - 3)
    right, lower = min(image.width - 1, int(x1 * scale) + 3), min(image.height - 1, int(bottom * scale) + 3)
    ring = [image.getpixel((x, y)) for x in range(left, right + 1) for y in (upper, lower)]
    ring += [image.getpixel((x, y)) for y in range(upper, lower + 1) for x in (left, right)]
    return "".join(f"{c:02X}" for c in Counter(ring).most_common(1)[0][0][:3])


@TEMPLATES
def test_rendered_text_stays_inside_its_box_and_is_readable(decks, rendered, name):
    from kitgen.colour import contrast
    pdfplumber = pytest.importorskip("pdfplumber")
    prs = decks[name].prs
    pdf_path = rendered[name]
    problems = []
    images = _page_images(pdf_path)
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) == len(prs.slides) == len(images)
        for number, (page, slide, image) in enumerate(zip(pdf.pages, prs.slides, images), 1):
            boxes = _boxes(slide)
            title = slide.shapes.title
            title_box = _box(title)
            for word in page.extract_words(extra_attrs=["non_stroking_color", "size"]):
                x0, x1, top, bottom = (float(word[k]) for k in ("x0", "x1", "top", "bottom"))
                marker = all("\uf000" <= ch <= "\uf0ff" for ch in word["text"])  # a symbol font's bullet: its box is the font's height, its ink a small mark
                if not marker and not any(x0 >= l - TOLERANCE_PT and x1 <= r + TOLERANCE_PT and top >= t - TOLERANCE_PT
                           and bottom <= b + TOLERANCE_PT for l, t, r, b in boxes):
                    problems.append(f"slide {number}: {word['text']!r} is outside every shape")
                colour = _rgb(word["non_stroking_color"])
                if colour is None:
                    continue
                in_title = x0 >= title_box[0] - 1 and x1 <= title_box[2] + 1 and top >= title_box[1] - 1 \
                    and bottom <= title_box[3] + 1
                need = 3.0 if in_title and float(word["size"]) >= 18 else 4.5
                ratio = contrast(colour, _background(image, x0, top, x1, bottom))
                if ratio < need:
                    problems.append(f"slide {number}: {word['text']!r} #{colour} has contrast {ratio:.1f}")
    assert not problems, "\n".join(dict.fromkeys(re.sub(r"'[^']*' ", "", p) for p in problems))


# --------------------------------------------------------------------------- choices, and deck-layouts


def _chosen(path: Path) -> dict[str, str]:
    from kitgen.deck.choose import choose_layouts
    from kitgen.deck.template import open_template
    return {kind: c.layout.name for kind, c in choose_layouts(open_template(path)).items()}


def test_layouts_chosen_by_type_whatever_their_names(tmp_path):
    portuguese = _chosen(tf.foreign(tmp_path / "pt.pptx"))
    assert portuguese == {"title": "Slide de título", "section": "Cabeçalho da secção",
                          "content": "Título e conteúdo", "two-content": "Duas partes de conteúdo",
                          "quote": "Título e conteúdo", "agenda": "Título e conteúdo",
                          "closing": "Cabeçalho da secção"}
    german = _chosen(tf.foreign(tmp_path / "de.pptx", tf.GERMAN))
    assert german["content"] == "Titel und Inhalt" and german["section"] == "Abschnittsüberschrift"


def test_layouts_without_types_chosen_by_their_placeholders(tmp_path):
    chosen = _chosen(tf.untyped(tmp_path / "u.pptx"))
    assert chosen["title"] == "Cover"
    assert chosen["content"] == chosen["quote"] == chosen["agenda"] == "One content"
    assert chosen["two-content"] == "Two contents"
    assert chosen["section"] == chosen["closing"] == "Divider plain"


def test_a_split_layout_of_two_stacked_bodies_takes_the_content(tmp_path):
    chosen = _chosen(tf.split(tmp_path / "s.pptx"))
    assert chosen["content"] == chosen["agenda"] == "Split horizontal", chosen
    assert chosen["section"] == "Section Header"


def test_a_style_naming_a_theme_font_is_measured_with_that_font(tmp_path):
    """Styles name theme fonts by reference (``+mj-ea``: the heading's East Asian font): text is measured
    with the font the reference names, not with the theme's Latin font."""
    from kitgen.deck.layout_reader import layout_geometry
    from kitgen.deck.template import open_template
    prs = open_template(tf.east_asian(tmp_path / "ea.pptx"))
    geometry = layout_geometry(prs.slide_layouts[1], prs.slide_width, prs.slide_height)
    assert geometry.title.style.font == "Verdana" and geometry.bodies[0].style.font == "Verdana"
    plain = open_template(tf.kicker(tmp_path / "k.pptx"))  # python-pptx's master: +mj-lt, +mn-lt
    geometry = layout_geometry(plain.slide_layouts[0], plain.slide_width, plain.slide_height)
    assert geometry.title.style.font == "Verdana"  # the kicker's theme fonts


def test_a_theme_without_a_latin_body_font_gets_the_font_text_is_measured_with(tmp_path):
    """A theme whose body font names no Latin typeface: the deck's theme names the one kitgen measures
    body text with (Carlito, written as Calibri), so no viewer draws it in a wider default of its own."""
    from types import SimpleNamespace

    from kitgen.deck.template import DeckTemplate, open_template
    from kitgen.deck.theme import theme_fonts, theme_kit, theme_xml
    prs = open_template(tf.no_body_font(tmp_path / "nb.pptx"))
    assert theme_fonts(prs)[1] is None
    kit_theme = SimpleNamespace(primary="#1F4E79", accent="#F2A900", font="Carlito", heading_font="Carlito",
                                explicit=[])  # a kit that sets no theme
    body, title = theme_kit(DeckTemplate(prs, "nb.pptx", False), kit_theme)
    assert theme_fonts(prs)[1] == "Calibri" and body == "Calibri" and title == "Calibri"
    minor = etree.fromstring(theme_xml(prs)).find(f"{A}themeElements/{A}fontScheme/{A}minorFont")
    assert minor[0].tag == f"{A}latin"  # first, as the schema orders them


def test_kicker_layout_gives_the_body_to_the_content_box(tmp_path):
    from kitgen.deck.boxes import plan_boxes
    from kitgen.deck.layout_reader import layout_geometry
    from kitgen.deck.template import open_template
    prs = open_template(tf.kicker(tmp_path / "k.pptx"))
    layout = prs.slide_layouts.get_by_name("One content")
    plan = plan_boxes("content", layout_geometry(layout, prs.slide_width, prs.slide_height).bodies)
    assert plan.boxes["body"].idx == 14 and [ph.idx for ph in plan.unused] == [13]
    pinned = plan_boxes("content", layout_geometry(layout, prs.slide_width, prs.slide_height).bodies, {"body": 13})
    assert pinned.boxes["body"].idx == 13 and pinned.why["body"] == "kit deck.layouts"


def test_deck_layouts_shows_which_box_gets_the_body_and_why(kitgen, tmp_path):
    path = tf.kicker(tmp_path / "kicker.pptx")
    result = kitgen("deck-layouts", path)
    assert result.code == 0, result.text
    content = result.out.split("  content      -> ", 1)[1].split("\n  two-content", 1)[0]
    assert content.startswith("One content")
    assert "why: content layout: type obj" in content
    assert "body         -> idx 14 'Content 14' (obj, 12.1 x 5.0 in): the largest text box" in content
    assert "(empty)      -> idx 13 'Kicker 13' (body, 12.1 x 0.4 in): left empty, removed from the slide" in content


def _kicker_workspace(tmp_path: Path) -> Path:
    """A copy of the sample workspace with the kicker fixture as assets/kicker.pptx; returns its kit file."""
    ws = copy_sample(tmp_path / "ws")
    (ws / "assets").mkdir()
    tf.kicker(ws / "assets" / "kicker.pptx")
    return ws / "content" / "kits" / f"{SAMPLE_KIT}.yaml"


def test_kit_names_a_placeholder_for_a_text(kitgen, tmp_path):
    kit = _kicker_workspace(tmp_path)
    ws = kit.parents[2]
    original = kit.read_text(encoding="utf-8")

    def setting(lines: str) -> list[str]:
        text = original.replace("outputs: [", "deck:\n  template: assets/kicker.pptx\n  layouts:\n" + lines
                                + "outputs: [")
        kit.write_text(text, encoding="utf-8")
        return text.splitlines()

    lines = setting("    agenda: {rows: 14, bogus: 1}\n")
    result = kitgen("validate", "-C", ws)
    line = next(n for n, t in enumerate(lines, 1) if t.startswith("    agenda:"))
    assert result.code == 1 and f"{SAMPLE_KIT}.yaml:{line}:" in result.text
    assert "deck.layouts.agenda.bogus: unknown field 'bogus'" in result.text
    lines = setting("    agenda: {rows: 99}\n    content: {lead: 13}\n")
    result = kitgen("validate", "-C", ws)
    assert result.code == 1
    agenda = next(n for n, t in enumerate(lines, 1) if t.startswith("    agenda:"))
    content = next(n for n, t in enumerate(lines, 1) if t.startswith("    content:"))
    assert f"{SAMPLE_KIT}.yaml:{agenda}:" in result.text and "layout 'One content' has no text placeholder 99" \
        in result.text and "13 (Kicker 13), 14 (Content 14)" in result.text
    assert f"{SAMPLE_KIT}.yaml:{content}:" in result.text and "content slides have no 'lead' text" in result.text
    setting("    quote: {layout: One content, quote: 14, attribution: Kicker 13}\n")
    assert kitgen("validate", "-C", ws).code == 0
    result = kitgen("deck-layouts", "-C", ws, "--kit", SAMPLE_KIT)
    assert result.code == 0, result.text
    quote = result.out.split("  quote        -> ", 1)[1].split("\n  agenda", 1)[0]
    assert "attribution  -> idx 13 'Kicker 13' (body, 12.1 x 0.4 in): kit deck.layouts" in quote


def _mapped_to(tmp_path: Path, kind: str, layout: str) -> tuple[Path, int]:
    """A workspace whose kit puts `kind` slides on the kicker template's `layout`, and that line."""
    kit = _kicker_workspace(tmp_path)
    text = kit.read_text(encoding="utf-8").replace(
        "outputs: [", f"deck:\n  template: assets/kicker.pptx\n  layouts:\n    {kind}: {layout}\n" + "outputs: [")
    kit.write_text(text, encoding="utf-8")
    return kit.parents[2], next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith(f"    {kind}:"))


def test_validate_warns_once_for_a_slide_kind_whose_layout_has_no_text_box(kitgen, tmp_path):
    """A layout with a title only, chosen for quotes: validate says so at the kit's line, naming the
    template, before a build would show the quote slides with their titles alone."""
    ws, line = _mapped_to(tmp_path, "quote", "Title Only")
    result = kitgen("validate", "-C", ws)
    assert result.code == 0, result.text
    said = [p for p in result.text.split("\n") if "has no text placeholder" in p]
    assert len(said) == 1 and f"{SAMPLE_KIT}.yaml:{line}:" in said[0] and "assets/kicker.pptx" in said[0] \
        and "'Title Only' (for quote slides)" in said[0], result.text


def test_a_template_whose_content_slides_would_lose_their_text_is_an_error(kitgen, tmp_path):
    """Content slides on a title-only layout would lose the agenda, objectives, cases and questions:
    validate stops at the kit's line, naming the template, instead of a deck of titles."""
    ws, line = _mapped_to(tmp_path, "content", "Title Only")
    result = kitgen("validate", "-C", ws)
    expect_problem(result, f"{SAMPLE_KIT}.yaml", line, "assets/kicker.pptx", "'Title Only' (for content slides)",
                   "would show their titles only")


def test_validate_warns_for_small_body_text_and_a_layout_name_two_layouts_share(kitgen, tmp_path):
    """A template whose body text is 9 pt, and a kit naming a layout that two layouts are called."""
    from pptx import Presentation
    from pptx.oxml.ns import qn
    kit = _kicker_workspace(tmp_path)
    ws = kit.parents[2]
    prs = Presentation()
    tf._wide(prs)
    prs.slide_layouts[5]._element.cSld.set("name", "Title and Content")  # noqa: SLF001 - "Title Only" renamed
    styles = prs.slide_master._element.find(qn("p:txStyles"))  # noqa: SLF001
    for level in range(1, 6):
        styles.find(f"{qn('p:bodyStyle')}/{qn(f'a:lvl{level}pPr')}/{qn('a:defRPr')}").set("sz", "900")
    prs.save(str(ws / "assets" / "small.pptx"))
    text = kit.read_text(encoding="utf-8").replace(
        "outputs: [", "deck:\n  template: assets/small.pptx\n  layouts:\n    quote: Title and Content\n" + "outputs: [")
    kit.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    result = kitgen("validate", "-C", ws)
    assert result.code == 0, result.text
    template = next(n for n, t in enumerate(lines, 1) if t.startswith("  template:"))
    quote = next(n for n, t in enumerate(lines, 1) if t.startswith("    quote:"))
    assert f"{SAMPLE_KIT}.yaml:{template}:" in result.text and "keep its 9 pt body text" in result.text, result.text
    assert f"{SAMPLE_KIT}.yaml:{quote}:" in result.text and "2 layouts named 'Title and Content'" in result.text


def test_validate_warns_when_a_kit_theme_replaces_the_template_look(kitgen, tmp_path):
    kit = _kicker_workspace(tmp_path)
    ws = kit.parents[2]
    kit.write_text(kit.read_text(encoding="utf-8").replace("outputs: [", "deck: {template: assets/kicker.pptx}\n"
                                                           "outputs: ["), encoding="utf-8")
    result = kitgen("validate", "-C", ws)
    assert result.code == 0, result.text
    assert "theme.primary: warning: replaces the colours of assets/kicker.pptx" in result.text
    assert "theme.font" not in result.text  # the sample kit sets colours only


def test_new_workspace_writes_no_theme_that_beats_a_template(kitgen, tmp_path):
    assert kitgen("new", "workspace", tmp_path / "ws").code == 0
    import yaml
    assert "theme" not in (yaml.safe_load((tmp_path / "ws" / "kitgen.yaml").read_text()) or {})
    for kit in (tmp_path / "ws" / "content" / "kits").glob("*.yaml"):
        assert "theme" not in yaml.safe_load(kit.read_text())


def test_a_text_box_is_written_with_its_own_insets_one_column_and_the_texts_direction(decks):
    """On a template whose master sets wide insets, two columns and right-to-left paragraphs, every box
    kitgen fills says its own insets (OOXML's defaults, as measured), one column, and left to right for
    English text, aligned left where the template aligns right."""
    from pptx.oxml.ns import qn
    problems = []
    for number, slide in enumerate(decks["framed.pptx"].prs.slides, 1):
        for ph in slide.placeholders:
            if not ph.has_text_frame or not ph.text_frame.text.strip() or ph.placeholder_format.type.name == "SLIDE_NUMBER":
                continue  # the slide number is the layout's own, as the template draws it
            body = ph.text_frame._txBody.bodyPr  # noqa: SLF001
            if (body.get("lIns"), body.get("rIns"), body.get("bIns"), body.get("numCol")) != ("91440", "91440", "45720", "1"):
                problems.append(f"slide {number}: {dict(body.attrib)}")
            for p in ph.text_frame.paragraphs:
                ppr = p._p.find(qn("a:pPr"))  # noqa: SLF001
                if p.text.strip() and (ppr is None or ppr.get("rtl") != "0" or ppr.get("algn") == "r"):
                    problems.append(f"slide {number}: {p.text[:30]!r} {dict(ppr.attrib) if ppr is not None else None}")
    assert not problems, problems[:5]


def _body_font(prs) -> str:
    """The deck's theme body font (the font its text is drawn in unless a run names another)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    theme = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    return theme.find(f".//{A}minorFont/{A}latin").get("typeface")


def test_agenda_times_hang_in_a_column_sized_for_the_rows_size(decks):
    """An agenda's clock times hang in a column sized for the size the rows are set at: at most 35 % of
    the line (in the 4 in column of `narrow.pptx`, measured at the template's 28 pt, it took half of
    it and the titles wrapped every two words), and wide enough for the widest time beside its gap."""
    from kitgen.deck.measure import text_width_pt
    problems, seen = [], set()
    for name, deck in decks.items():
        for number, slide in enumerate(deck.prs.slides, 1):
            for ph in slide.placeholders:
                for p in ph.text_frame.paragraphs if ph.has_text_frame else []:
                    ppr = p._p.find(qn("a:pPr"))  # noqa: SLF001
                    if ppr is None or ppr.find(qn("a:tabLst")) is None:
                        continue
                    seen.add(name)
                    column, line = int(ppr.get("marL")), ph.width - 2 * 91440
                    time, size = p.runs[0].text, p.runs[0].font.size.pt
                    if column > 0.35 * line + 12700:
                        problems.append(f"{name} slide {number}: {column / line:.0%} of the line for {time!r}")
                    if text_width_pt(time, size, _body_font(deck.prs), bold=True) * 12700 > column:
                        problems.append(f"{name} slide {number}: {time!r} at {size} pt wider than its column")
    assert "narrow.pptx" in seen and len(seen) == len(decks)
    assert not problems, problems[:6]


def test_every_box_with_text_lies_on_the_slide(decks):
    """Boxes the template puts partly or wholly off the slide are moved onto it, so no text is cut."""
    problems = []
    for name, deck in decks.items():
        prs = deck.prs
        for number, slide in enumerate(prs.slides, 1):
            for ph in slide.placeholders:
                if ph.has_text_frame and ph.text_frame.text.strip() and (
                        ph.left < 0 or ph.top < 0 or ph.left + ph.width > prs.slide_width
                        or ph.top + ph.height > prs.slide_height):
                    problems.append(f"{name} slide {number}: {ph.name} at {ph.left}, {ph.top}, {ph.width} x {ph.height}")
    assert not problems, problems[:8]


def _content_box_warnings(tmp_path, rect: tuple[float, float, float, float], says: str) -> list:
    """The warnings saying `says` for a template whose content text box is at `rect` (inches), and none
    for any of the real templates beside the repository."""
    from kitgen.deck.template import check_deck_settings
    from kitgen.errors import Loc
    prs = Presentation()
    tf._wide(prs)
    tf._place(tf._placeholder(prs.slide_master, types=("body",)), rect)
    prs.save(str(tmp_path / "box.pptx"))
    found = [p for p in check_deck_settings("box.pptx", {}, tmp_path, lambda key: Loc("kit.yaml", 1)) if says in p.message]
    for name in [name for name in REAL if (SHARED / name).is_file()]:  # those beside the repository
        shutil.copy(SHARED / name, tmp_path / name)
        assert not [p for p in check_deck_settings(name, {}, tmp_path, lambda key: Loc("kit.yaml", 1))
                    if says in p.message], name
    return found


def test_validate_warns_for_a_content_box_that_holds_a_few_lines_only(tmp_path):
    """A content layout whose text box is 1 in tall holds 3 lines at the content floor: most texts would
    run over several slides. The real templates' content boxes give no such warning."""
    found = _content_box_warnings(tmp_path, (0.5, 1.5, 12.3, 1.0), "holds about")
    assert len(found) == 1 and found[0].severity == "warning" and "about 3 line(s) at 18 pt" in found[0].message


def test_validate_warns_for_a_content_box_that_covers_a_corner_of_the_slide(tmp_path):
    """A content layout whose text box is 5 x 2.2 in at the slide's lower right holds enough lines, each
    of a few words: most texts would run over several slides. The real templates' boxes give no warning."""
    found = _content_box_warnings(tmp_path, (7.8, 4.8, 5.1, 2.2), "covers")
    assert len(found) == 1 and found[0].severity == "warning" and "covers 11% of the slide" in found[0].message


def test_validate_warns_when_content_slides_fall_back_to_the_cover(tmp_path):
    """A template whose layouts have no title placeholder but the cover's puts every slide on the cover:
    validate (and the build) says so, naming the layouts that lack a title; a template with a content
    layout gets no such warning."""
    from kitgen.deck.template import check_deck_settings
    from kitgen.errors import Loc
    tf.untitled(tmp_path / "untitled.pptx")
    tf.kicker(tmp_path / "kicker.pptx")

    def warned(name: str) -> list:
        return [p for p in check_deck_settings(name, {}, tmp_path, lambda key: Loc("kit.yaml", 3))
                if "cover layout" in p.message]
    found = warned("untitled.pptx")
    assert len(found) == 1 and found[0].severity == "warning" and found[0].loc.line == 3, found
    assert "'Title Slide'" in found[0].message and "'Title and Content'" in found[0].message
    assert "'Blank'" not in found[0].message  # a layout without text boxes needs no title
    assert warned("kicker.pptx") == []


def test_validate_warns_for_a_symbol_font_as_a_theme_font(tmp_path):
    """A theme whose heading font is Wingdings draws every title as symbols where Wingdings is installed:
    validate says so (not only that the font is missing here), unless the kit sets its own heading font."""
    from kitgen.deck.template import check_deck_settings
    from kitgen.errors import Loc
    prs = Presentation()
    tf._wide(prs)
    tf.theme_fonts(prs, "Wingdings", "Calibri")
    prs.save(str(tmp_path / "symbols.pptx"))

    def warned(keys: set[str]) -> list:
        return [p for p in check_deck_settings("symbols.pptx", {}, tmp_path, lambda key: Loc("kit.yaml", 1), keys)
                if "symbol font" in p.message]
    found = warned(set())
    assert len(found) == 1 and found[0].severity == "warning", found
    assert "for titles is 'Wingdings'" in found[0].message and "theme.heading_font" in found[0].hint
    assert warned({"heading_font"}) == [] and warned({"font"}) == []


def test_validate_warns_for_a_content_layout_without_a_slide_number(tmp_path):
    """The guide cites slides by number: a template whose content layout shows none is a warning (the
    real template without one gets it too); python-pptx's own layouts have one and get none."""
    from kitgen.deck.template import check_deck_settings
    from kitgen.errors import Loc
    prs = Presentation()
    for layout in prs.slide_layouts:
        for ph in [ph for ph in layout.placeholders if ph.placeholder_format.type == 13]:  # SLIDE_NUMBER
            ph._element.getparent().remove(ph._element)  # noqa: SLF001
    prs.save(str(tmp_path / "bare.pptx"))
    Presentation().save(str(tmp_path / "plain.pptx"))

    def warned(name: str) -> list:
        return [p for p in check_deck_settings(name, {}, tmp_path, lambda key: Loc("kit.yaml", 1))
                if "no slide number" in p.message]
    found = warned("bare.pptx")
    assert len(found) == 1 and found[0].severity == "warning" and "guide cites them by number" in found[0].message
    assert warned("plain.pptx") == []
    if (SHARED / "pptx-mst-slide-layouts.pptx").is_file():
        shutil.copy(SHARED / "pptx-mst-slide-layouts.pptx", tmp_path / "mst.pptx")
        assert len(warned("mst.pptx")) == 1


def _bullet_paragraphs(prs):
    """Every list paragraph with a bullet kitgen set (a bullet colour, no number): (slide, depth, pPr)."""
    from pptx.oxml.ns import qn
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.placeholders:
            for p in shape.text_frame.paragraphs if shape.has_text_frame else ():
                ppr = p._p.find(qn("a:pPr"))  # noqa: SLF001
                if ppr is not None and ppr.find(qn("a:buClr")) is not None and ppr.find(qn("a:buAutoNum")) is None:
                    yield number, int(ppr.get("lvl", "0")), ppr


def test_a_templates_very_wide_list_indents_give_way_to_kitgens(decks):
    """The styled master indents each list level by an inch and a half: kitgen's lists keep their own
    margins there (a bullet a quarter-inch or so in), so a list is not narrowed to a column; a template
    with ordinary indents keeps its own."""
    from kitgen.deck.textbox import LEVEL_MARGINS, MAX_MARGIN_FACTOR
    styled = [(d, int(ppr.get("marL"))) for _, d, ppr in _bullet_paragraphs(decks["styled.pptx"].prs)]
    assert styled and {d for d, _ in styled} >= {0}, styled
    assert all(marl <= MAX_MARGIN_FACTOR * LEVEL_MARGINS[d] < tf.HOUSE_INDENT * (d + 1) for d, marl in styled), styled
    plain = [(d, int(ppr.get("marL"))) for _, d, ppr in _bullet_paragraphs(decks["kicker.pptx"].prs)]
    assert plain and all(marl == LEVEL_MARGINS[d] for d, marl in plain), plain  # python-pptx's own: kept


def test_list_items_keep_the_templates_own_bullets(decks, rendered):
    """A template that draws its own bullets (a Wingdings square, a chevron) keeps them on kitgen's lists, in
    the colour kitgen chose to read; where a level of the template has no bullet, kitgen draws its own."""
    from pptx.oxml.ns import qn
    styled = list(_bullet_paragraphs(decks["styled.pptx"].prs))
    assert styled, "the styled deck has no bulleted list: the test would prove nothing"
    assert not [(n, d) for n, d, ppr in styled if ppr.find(qn("a:buChar")) is not None or ppr.find(qn("a:buFont")) is not None]
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(rendered["styled.pptx"]) as pdf:  # as LibreOffice draws them
        drawn = {c["text"] for page in pdf.pages for c in page.chars}
    assert "\uf0a7" in drawn and "\u2022" not in drawn  # Wingdings' square (U+F0A7 in the symbol font), never •
    kicker = [ppr for _, _, ppr in _bullet_paragraphs(decks["kicker.pptx"].prs)]
    assert kicker and all(ppr.find(qn("a:buChar")) is None for ppr in kicker)  # python-pptx's master bullets: • –
