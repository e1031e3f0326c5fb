"""The slide deck: plan from slides.jinja, editable fitted text, notes, and LibreOffice renders in
which every word stays inside its slide's shapes.

The decks are those of the session builds (the sample kits in English and French of the `full`
root, and the `stress` root), converted to PDF once, by one LibreOffice run. Reproducible bytes
and SOURCE_DATE_EPOCH are tested for every output in test_build.py.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.util import Emu

from conftest import FRENCH_KIT, MINIMAL_KIT, SAMPLE_KIT, copy_sample, edit, line_of, normal, pdf_text, results_of

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
KIT_FILE = Path("content/kits") / f"{SAMPLE_KIT}.yaml"
EMU_PER_PT = 12700
TOLERANCE_PT = 3.0


@dataclass
class Built:
    """One built deck, read back."""

    kit: str
    root: Path
    path: Path
    warnings: list[str]

    @property
    def prs(self):
        return Presentation(str(self.path))


def _job(root: Path, kit: str):
    """The slides job of `kit`, planned as `kitgen build --only slides` plans it."""
    from kitgen.validation import validate
    from kitgen.outputs import OUTPUTS
    from kitgen.plan import plan
    from kitgen.request import Request
    loaded = validate(root, [kit])
    assert not loaded.problems.errors, loaded.problems.errors
    jobs = plan(loaded.workspace, loaded.sessions, Request([kit], ["slides"]), OUTPUTS)
    return next(job for job in jobs if job.spec.name == "slides")  # the workbook it cites is planned too


def _context(root: Path, kit: str):
    return _job(root, kit).context()


def _built(root: Path, kit: str) -> Built:
    """The deck of `kit` in a session build, with the warnings its build gave."""
    path = root / "build" / kit / f"{kit}-slides.pptx"
    return Built(kit, root, path, results_of(root)[path.name]["warnings"])


@pytest.fixture(scope="session")
def decks(built, built_stress) -> dict[str, Built]:
    return {SAMPLE_KIT: _built(built, SAMPLE_KIT), FRENCH_KIT: _built(built, FRENCH_KIT),
            "stress": _built(built_stress, "stress")}


@pytest.fixture(scope="session")
def sample(decks) -> Built:
    return decks[SAMPLE_KIT]


@pytest.fixture(scope="session")
def pdfs(decks, tmp_path_factory) -> dict[str, Path]:
    """Every deck converted to PDF by one LibreOffice run (with its own profile folder)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: run scripts/setup-system.sh test")
    out = tmp_path_factory.mktemp("deck-pdf")
    profile = (out / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *[str(b.path) for b in decks.values()]],
                   check=True, capture_output=True, timeout=300)
    found = {kit: out / (b.path.stem + ".pdf") for kit, b in decks.items()}
    missing = [str(p) for p in found.values() if not p.exists()]
    assert not missing, f"LibreOffice wrote no PDF for {missing}"
    return found


def _texts(prs) -> list[str]:
    out = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
        if slide.has_notes_slide:
            out.append(slide.notes_slide.notes_text_frame.text)
    return out


def _continued(title: str) -> bool:
    return title.endswith(("(continued)", "(suite)"))


# --------------------------------------------------------------------------- plan and content


def test_slides_follow_the_plan_in_order(sample):
    from kitgen.deck.plan import plan_slides
    ctx = _context(sample.root, SAMPLE_KIT)
    plan = plan_slides(ctx, sample.root)
    prs = sample.prs
    main = [s for s in prs.slides if not _continued(s.shapes.title.text_frame.text)]
    assert [s.slide_layout.name for s in main] == [spec.builtin_layout for spec in plan]
    names = [s.slide_layout.name for s in prs.slides]
    assert names[:3] == ["Title", "Agenda", "Content"]
    assert names[-1] == "Closing"
    assert {"Section", "Quote"} <= set(names)
    assert "Two Content" not in names  # only the book club uses it, and this agenda has none
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    for label in ("Objectives", "Key insights", "Definition", "Quote", "Why it matters", "Characters",
                  "Group task", "Ground rules", "Reflection questions", "Action plan", "Thank you"):
        assert label in titles, label
    assert any(t.startswith("Scenario — The Dashboard Nobody Opened") for t in titles)


def test_every_slide_has_a_title(decks):
    for built in decks.values():
        for number, slide in enumerate(built.prs.slides, 1):
            title = slide.shapes.title
            assert title is not None and title.text_frame.text.strip(), f"{built.kit} slide {number}"


def test_sample_decks_fit_without_warnings(decks):
    assert decks[SAMPLE_KIT].warnings == []
    assert decks[FRENCH_KIT].warnings == []


def test_slide_count_is_reported(decks):
    for built in decks.values():
        assert results_of(built.root)[built.path.name]["pages"] == len(built.prs.slides) > 20, built.kit


def test_a_debrief_without_takeaways_goes_back_over_the_questions_and_says_so(decks):
    """A case with no key takeaways is debriefed through its questions, headed as questions, never as takeaways."""
    for built in (decks["stress"], decks[SAMPLE_KIT]):
        debriefs = [s for s in built.prs.slides if s.shapes.title.text_frame.text.startswith("Debrief")]
        assert debriefs, built.kit
        words = [[shape.text_frame.text for shape in slide.shapes if shape.has_text_frame and shape != slide.shapes.title]
                 for slide in debriefs]
        assert not any("Key takeaways" in w for slide in words for w in slide), words
        if built.kit == "stress":  # its long case has questions and no takeaways: the first slide heads them
            assert any("Discussion questions" in w for w in words[0]), words[0]
        else:  # the sample's cases list their takeaways, without a heading over them
            assert not any("Discussion questions" in w for slide in words for w in slide), words


def test_case_slides_carry_facilitator_notes_and_timing(sample):
    ctx = _context(sample.root, SAMPLE_KIT)
    block = next(b for b in ctx.agenda if b.kind == "case_study" and b.ref == "digital-dashboard")
    prs = sample.prs
    notes = {i: s.notes_slide.notes_text_frame.text for i, s in enumerate(prs.slides) if s.has_notes_slide}
    # From the case study's YAML (facilitator_notes), with the kit's parameters filled in.
    expected = ["Suggested timing (45 minutes): 5 reading, 15 group discussion, 15 group task, 10 report-back.",
                "Groups usually split on whether Priya Raman should drive the screen."]
    holders = [i for i, text in notes.items() if all(e in text for e in expected)]
    assert len(holders) == 1, "the case's facilitator notes are on one slide, its debrief"
    assert prs.slides[holders[0]].shapes.title.text_frame.text.startswith("Debrief")
    # Lists in the notes survive as one paragraph per item.
    assert "\n• The obstacle is rarely the tool." in notes[holders[0]]
    case_slides = [i for i, s in enumerate(prs.slides) if (s._element.cSld.get("name") or "").startswith(block.anchor + "-")]
    assert len(case_slides) >= 5
    # The groups form on the case's first slide, before the scenario is shown, as the plan groups them.
    assert "Form groups of 4; give each group H2 Card 1." in notes[case_slides[0]]
    segments = {seg.anchor: seg for seg in block.segments}
    for i in case_slides:  # each slide's notes start with its segment's clock time and minutes
        seg = segments[prs.slides[i]._element.cSld.get("name")]
        assert notes[i].startswith(f"{seg.start_text}–{seg.end_text} ({seg.minutes_text})"), notes[i]
    assert {seg.anchor for seg in block.segments} == {prs.slides[i]._element.cSld.get("name") for i in case_slides}


@pytest.mark.parametrize("kit, room, nxt, this", [
    (SAMPLE_KIT, "questions below", "questions on the next slide", "questions on this slide"),
    (FRENCH_KIT, "questions ci-dessous", "questions de la diapositive suivante", "questions de cette diapositive")])
def test_the_notes_say_where_the_questions_are(decks, kit, room, nxt, this):
    """A step that asks the room questions shows them on the slide after it: its notes say "on the next
    slide", the questions slide's notes "on this slide"; no notes point "below" to questions they do not
    list. The guide's run sheet, which lists them below the step, says "below"."""
    prs = decks[kit].prs
    titles = [next((sh.text_frame.text for sh in s.shapes if sh.has_text_frame), "") for s in prs.slides]
    notes = [s.notes_slide.notes_text_frame.text if s.has_notes_slide else "" for s in prs.slides]
    asked = [i for i, n in enumerate(notes) if this in n]
    assert asked and all(i > 0 and nxt in notes[i - 1] for i in asked), [(i, titles[i]) for i in asked]
    assert not [titles[i] for i, n in enumerate(notes) if f"the room the {room}" in n or f"à la salle les {room}" in n]
    guide = normal(pdf_text(decks[kit].root / "build" / kit / f"{kit}-facilitator-guide.pdf"))
    assert normal(room) in guide and normal(nxt) not in guide and normal(this) not in guide


def test_role_play_and_discussion_cues_in_notes(sample):
    prs = sample.prs
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide]
    assert any("In trios" in n for n in notes)  # the role play's own grouping
    steps = [" ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in prs.slides]
    assert sum(text.count("Form trios") for text in steps) == 1  # its first step says it, on its slide
    assert not any("Form trios." in n for n in notes)  # so the notes' cue does not say it again
    assert not any("Work in pairs" in n or "Form pairs" in n for n in notes)
    assert any("for the speakers (ask them yourself), not for the room" in n for n in notes)
    assert any("Take the questions in order" in n for n in notes)


def test_the_action_slides_say_what_to_write_under_each_heading(sample):
    """"Agree actions" and "Action plan" prompt each column (Action — what we will do...), never a bare
    list of table headings."""
    slides = {s.shapes.title.text_frame.text: s for s in sample.prs.slides}
    for title in ("Agree actions", "Action plan"):
        body = [p.text for ph in slides[title].placeholders if ph.placeholder_format.idx != 0
                and ph.placeholder_format.type.name != "SLIDE_NUMBER" for p in ph.text_frame.paragraphs]
        headed = [p for p in body if p.split(" — ")[0] in ("Action", "Owner", "Due", "First step", "Support I need")]
        assert len(headed) >= 3 and all(" — " in p and len(p.split(" — ")[1]) > 5 for p in headed), body


def test_markdown_bold_becomes_bold_runs(sample):
    import yaml
    topic = yaml.safe_load((sample.root / "content/topics/reverse-mentoring/topic.yaml").read_text())
    first = topic["key_insights"][0]
    bold = first.split("**")[1]
    prs = sample.prs
    runs = [r for s in prs.slides for sh in s.shapes if sh.has_text_frame
            for p in sh.text_frame.paragraphs for r in p.runs]
    hits = [r for r in runs if r.text == bold]
    assert hits and all(r.font.bold for r in hits)
    assert not any("**" in r.text for r in runs)


def test_parameters_filled_and_no_placeholder_syntax_left(decks):
    text = "\n".join(_texts(decks[SAMPLE_KIT].prs))
    assert "Priya Raman" in text and "David Okafor" in text
    for built in decks.values():
        joined = "\n".join(_texts(built.prs))
        assert "{{" not in joined and "}}" not in joined and "{%" not in joined


def _slide_xml(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist()
                if n.startswith(("ppt/slides/slide", "ppt/notesSlides/notesSlide")) and n.endswith(".xml")}


def test_every_run_has_its_language(decks):
    for kit, lang in ((SAMPLE_KIT, "en-US"), (FRENCH_KIT, "fr-FR")):
        parts = _slide_xml(decks[kit].path)
        props = [el for root in parts.values() for el in root.iter(f"{A}rPr", f"{A}endParaRPr")]
        assert props and {el.get("lang") for el in props} == {lang}, kit
    assert decks[FRENCH_KIT].prs.core_properties.language == "fr-FR"


def test_sizes_written_on_every_run_and_autofit_off(decks):
    for built in decks.values():
        prs = built.prs
        for number, slide in enumerate(prs.slides, 1):
            for shape in slide.placeholders:
                kind = shape.placeholder_format.type.name
                if kind == "SLIDE_NUMBER":
                    continue
                body = shape.text_frame._txBody
                runs = body.findall(f".//{A}r")
                assert runs, f"{built.kit} slide {number}: empty placeholder {shape.name} left on the slide"
                sizes = [r.find(f"{A}rPr").get("sz") for r in runs]
                assert all(sizes), f"{built.kit} slide {number} {shape.name}: a run without a size"
                assert body.find(f"{A}bodyPr/{A}noAutofit") is not None
                if kind in ("TITLE", "CENTER_TITLE"):
                    assert min(int(s) for s in sizes) >= 2400
                elif built.kit != "stress":
                    assert min(int(s) for s in sizes) >= 1200


def test_body_text_readable_from_the_back_of_the_room(decks):
    """Content and question slides use at least 18 pt (16 pt in two columns) in the sample kits."""
    for kit in (SAMPLE_KIT, FRENCH_KIT):
        for number, slide in enumerate(decks[kit].prs.slides, 1):
            floor = {"Content": 18, "Two Content": 16, "Agenda": 16, "Section": 18}.get(slide.slide_layout.name)
            if floor is None:
                continue
            for shape in slide.placeholders:
                if shape.placeholder_format.idx == 1:
                    sizes = [r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs]
                    assert min(sizes) >= floor, f"{kit} slide {number}"


def test_long_lists_continue_on_further_slides(decks):
    prs = decks["stress"].prs
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert titles.count("Reflection questions (continued)") >= 2
    numbers = []
    for slide in prs.slides:
        if slide.shapes.title.text_frame.text.startswith("Reflection questions"):
            for p in slide.placeholders[1].text_frame._txBody.iter(f"{A}buAutoNum"):
                numbers.append(int(p.get("startAt")))
    assert numbers == list(range(1, 25)), "numbering continues across continuation slides"
    assert any(t.startswith("Discussion questions (continued)") for t in titles)


def test_title_slide_logo_has_alt_text(decks):
    slide = decks["stress"].prs.slides[0]
    pictures = [s for s in slide.shapes if s.shape_type is not None and s.shape_type.name == "PICTURE"]
    assert len(pictures) == 1
    descr = pictures[0]._element.nvPicPr.cNvPr.get("descr")
    assert descr and "logo" in descr
    assert "Regional Consortium" in descr


def test_theme_font_written_as_calibri_and_colours_applied(sample):
    with zipfile.ZipFile(sample.path) as z:
        theme = z.read("ppt/theme/theme1.xml").decode()
    assert 'typeface="Calibri"' in theme and "Carlito" not in theme
    assert "1F4E79" in theme and "F2A900" in theme


def test_core_properties(sample):
    core = sample.prs.core_properties
    assert core.title.startswith("Reverse Mentoring for Leadership Teams")
    assert core.author == "Jordan Lee" and core.subject == "Reverse Mentoring"
    assert core.language == "en-US" and core.revision == 1
    assert core.created.year == 2026 and core.modified == core.created


# --------------------------------------------------------------------------- rendered by LibreOffice


def _shape_boxes(slide) -> list[tuple[float, float, float, float]]:
    """Boxes (points) of the shapes that hold text or pictures on this slide."""
    boxes = []
    for shape in slide.shapes:
        if shape.left is None or shape.width is None:
            continue
        if shape.has_text_frame and not shape.text_frame.text.strip() and shape.shape_type.name != "PICTURE":
            continue
        left, top = Emu(shape.left).pt, Emu(shape.top).pt
        boxes.append((left, top, left + Emu(shape.width).pt, top + Emu(shape.height).pt))
    return boxes


@pytest.mark.parametrize("kit", [SAMPLE_KIT, FRENCH_KIT, "stress"])
def test_rendered_words_stay_inside_their_shapes(kit, decks, pdfs):
    pdfplumber = pytest.importorskip("pdfplumber")
    prs = decks[kit].prs
    slide_w, slide_h = Emu(prs.slide_width).pt, Emu(prs.slide_height).pt
    problems = []
    with pdfplumber.open(pdfs[kit]) as pdf:
        assert len(pdf.pages) == len(prs.slides)
        for number, (page, slide) in enumerate(zip(pdf.pages, prs.slides), 1):
            assert abs(float(page.width) - slide_w) < 1 and abs(float(page.height) - slide_h) < 1
            boxes = _shape_boxes(slide)
            # The template's own decorations (the big quotation mark) are not the deck's text.
            decorations = {s.text_frame.text.strip() for s in slide.slide_layout.shapes
                           if not s.is_placeholder and s.has_text_frame}
            words = page.extract_words(use_text_flow=True)
            assert words, f"slide {number} renders no text"
            for w in words:
                if w["text"] in decorations:
                    continue
                x0, x1, top, bottom = float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"])
                if x0 < -TOLERANCE_PT or top < -TOLERANCE_PT or x1 > slide_w + TOLERANCE_PT or bottom > slide_h + TOLERANCE_PT:
                    problems.append(f"slide {number}: {w['text']!r} lies outside the page")
                    continue
                inside = any(x0 >= l - TOLERANCE_PT and x1 <= r + TOLERANCE_PT and top >= t - TOLERANCE_PT
                             and bottom <= b + TOLERANCE_PT for l, t, r, b in boxes)
                if not inside:
                    problems.append(f"slide {number}: {w['text']!r} at ({x0:.0f}, {top:.0f}) is outside every shape")
    assert not problems, "\n".join(problems[:20])


def test_rendered_text_is_the_deck_text(sample, pdfs):
    """The PDF shows the text (not pictures of it): the agenda's titles are words on page 2."""
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(pdfs[SAMPLE_KIT]) as pdf:
        text = pdf.pages[1].extract_text()
    assert "The Dashboard Nobody Opened" in text and "Welcome" in text


# --------------------------------------------------------------------------- the plan is a layout


def _workspace_layout(root: Path, text: str) -> None:
    (root / "layouts").mkdir(exist_ok=True)
    (root / "layouts" / "slides.jinja").write_text(text, encoding="utf-8")


@pytest.fixture
def ws(tmp_path) -> Path:
    return copy_sample(tmp_path / "ws")


def _layout_names(data: bytes) -> list[str]:
    return [s.slide_layout.name for s in Presentation(io.BytesIO(data)).slides]


def test_trainer_reorders_and_adds_slides_in_a_workspace_layout(ws):
    from kitgen.deck.writer import build_deck
    _workspace_layout(ws, (
        '{% do slide("closing", title=t.thank_you) %}\n'
        '{% do slide("content", title="Our house rules", bullets=["Phones away", "**Cameras** on"]) %}\n'
        '{% do slide("title", title=kit.title, subtitle=topic.subtitle) %}\n'))
    data, count, warnings = build_deck(_context(ws, SAMPLE_KIT), ws)
    assert count == 3 and warnings == []
    assert _layout_names(data) == ["Closing", "Content", "Title"]
    runs = [r for p in Presentation(io.BytesIO(data)).slides[1].placeholders[1].text_frame.paragraphs for r in p.runs]
    assert [(r.text, bool(r.font.bold)) for r in runs] == [("Phones away", False), ("**Cameras** on", False)], \
        "a plain string in a layout is text, never Markdown"


def test_workspace_layout_extends_the_builtin_and_drops_a_block(ws, sample):
    from kitgen.deck.writer import build_deck
    _workspace_layout(ws, '{% extends "builtin/slides.jinja" %}\n{% block quote %}{% endblock %}\n')
    data, count, _ = build_deck(_context(ws, SAMPLE_KIT), ws)
    names = _layout_names(data)
    assert "Quote" not in names and count == len(sample.prs.slides) - 1


@pytest.mark.parametrize("call, message", [
    ('slide("bogus", title="x")', "unknown slide kind 'bogus'"),
    ('slide("content", title="x", colour="red")', "unknown argument(s) colour"),
    ('slide("content", bullets=["a"])', "every slide needs a title"),
    ('slide("quote", title="x")', "quote= is required"),
    ('slide("content", title="x", bullets="not a list")', "bullets must be a list"),
])
def test_bad_slide_call_names_the_layout_file_and_line(ws, call, message):
    from kitgen.deck.writer import build_deck
    from kitgen.layouts import LayoutError
    _workspace_layout(ws, '{% do slide("title", title=kit.title) %}\n\n{% do ' + call + ' %}\n')
    with pytest.raises(LayoutError) as info:
        build_deck(_context(ws, SAMPLE_KIT), ws)
    problem = info.value.problem
    assert problem.loc.file == "layouts/slides.jinja" and problem.loc.line == 3, problem
    assert message in problem.message


def test_control_characters_are_stripped_with_a_warning(ws):
    from kitgen.deck.writer import build_deck
    _workspace_layout(ws, '{% do slide("content", title="Bell\\x07 ring", bullets=["a\\x0bb", "tab\\tok"],'
                          ' field="layout labels") %}\n')
    data, _, warnings = build_deck(_context(ws, SAMPLE_KIT), ws)
    slide = Presentation(io.BytesIO(data)).slides[0]
    assert slide.shapes.title.text_frame.text == "Bell ring"
    assert [p.text for p in slide.placeholders[1].text_frame.paragraphs] == ["ab", "tab\tok"]
    assert any("control characters" in w for w in warnings)


def test_a_paragraph_too_long_for_any_slide_is_reported_with_its_slide(ws):
    """The warning names the slide the paragraph is set on: the third, after a slide and the first page
    of a list that continues onto it."""
    from kitgen.deck.writer import build_deck
    _workspace_layout(ws, '{% do slide("content", title="Short", bullets=["One point"], field="topic.short") %}\n'
                          '{% do slide("content", title="Long", bullets=["A point"] * 8 + ["word " * 900], '
                          'field="topic.long") %}\n')
    data, count, warnings = build_deck(_context(ws, SAMPLE_KIT), ws)
    assert count == 3
    assert [w for w in warnings if "too long" in w] == [
        "slide 3: topic.long item 9: too long for one slide at 18 pt, set at 10 pt; "
        "shorten it or split it into several items"], warnings


# --------------------------------------------------------------------------- templates


def _plain_template(ws: Path) -> None:
    (ws / "assets").mkdir(exist_ok=True)
    Presentation().save(str(ws / "assets" / "plain.pptx"))


def test_template_lacking_a_layout_fails_naming_it_and_the_available_ones(kitgen, ws):
    _plain_template(ws)
    edit(ws / KIT_FILE, "outputs:", "deck: {template: assets/plain.pptx, layouts: {quote: Big Statement}}\noutputs:")
    result = kitgen("build", "-C", ws, SAMPLE_KIT, "--only", "slides")
    assert result.code == 1, result.text
    assert "Traceback" not in result.text
    assert "no layout named 'Big Statement'" in result.err
    assert "'Title Slide'" in result.err and "'Title and Content'" in result.err
    assert f"{KIT_FILE.as_posix()}:" in result.err
    assert not (ws / "build" / SAMPLE_KIT / f"{SAMPLE_KIT}-slides.pptx").exists()


def test_other_templates_work_through_role_names(ws):
    from kitgen.deck.writer import build_deck
    _plain_template(ws)
    edit(ws / KIT_FILE, "outputs:", "deck: {template: assets/plain.pptx}\noutputs:")
    data, count, _ = build_deck(_context(ws, SAMPLE_KIT), ws)
    names = _layout_names(data)
    assert names[0] == "Title Slide" and "Section Header" in names and count > 25
    prs = Presentation(io.BytesIO(data))
    for slide in prs.slides:  # no prompt text ("Click to add text") left in unused placeholders
        for shape in slide.placeholders:
            assert shape.text_frame.text.strip()


def test_a_font_the_template_names_and_no_one_installed_is_a_warning_at_validation_naming_the_template(minimal):
    """Said once, at the kit's deck line when it is validated (a build prints it from there too), not
    again by the deck writer for every slide kind; a kit whose theme sets both fonts replaces it."""
    from kitgen.deck.writer import build_deck
    from kitgen.validation import validate
    from template_fixtures import foreign
    (minimal / "assets").mkdir(exist_ok=True)
    foreign(minimal / "assets" / "nova.pptx", major="Arial Nova", minor="Arial Nova")
    kit = minimal / "content/kits" / f"{MINIMAL_KIT}.yaml"
    edit(kit, "outputs:", "deck: {template: assets/nova.pptx}\noutputs:")
    said = [p for p in validate(minimal, [MINIMAL_KIT]).problems.warnings if "'Arial Nova' is not installed" in p.message]
    line = line_of(kit, "deck:")
    assert [(p.loc.line, p.field) for p in said] == [(line, "deck.template")], said
    assert said[0].message.startswith("assets/nova.pptx: font 'Arial Nova' is not installed")
    _, _, warnings = build_deck(_context(minimal, MINIMAL_KIT), minimal)
    assert not [w for w in warnings if "Arial Nova" in w], warnings
    edit(kit, "outputs:", "theme: {font: Carlito, heading_font: Carlito}\noutputs:")
    assert not [p for p in validate(minimal, [MINIMAL_KIT]).problems.warnings if "Arial Nova" in p.message]


def test_zip_bomb_template_is_refused_before_opening(ws):
    from conftest import write_zip_bomb
    from kitgen.errors import ContentError
    write_zip_bomb(ws / "assets" / "bomb.pptx")
    edit(ws / KIT_FILE, "outputs:", "deck: {template: assets/bomb.pptx}\noutputs:")
    from kitgen.validation import validate
    problems = validate(ws, [SAMPLE_KIT]).problems.errors  # validation refuses it, naming the kit's line
    assert len(problems) == 1 and "zip bomb" in str(problems[0]) and problems[0].loc.line
    from kitgen.deck.template import open_named_template
    from kitgen.errors import Loc
    with pytest.raises(ContentError) as info:  # and so does the writer, before python-pptx opens it
        open_named_template("assets/bomb.pptx", ws, Loc(KIT_FILE.as_posix()))
    assert "zip bomb" in str(info.value.problems[0])


def test_deck_layouts_command(kitgen, ws):
    result = kitgen("deck-layouts", "-C", ws, "--kit", SAMPLE_KIT)
    assert result.code == 0, result.text
    assert "Agenda Items 2" in result.out
    assert "quote" in result.out and "-> Quote" in result.out
    _plain_template(ws)
    result = kitgen("deck-layouts", "-C", ws, "assets/plain.pptx")
    assert result.code == 0, result.text
    assert "Title and Content" in result.out and "why: content layout: type obj" in result.out


def test_app_properties_count_the_real_slides(decks):
    import zipfile
    for built in decks.values():
        app = zipfile.ZipFile(built.path).read("docProps/app.xml").decode()
        assert f"<Slides>{len(built.prs.slides)}</Slides>" in app


def test_validate_reports_a_template_lacking_a_layout_with_the_kit_line(kitgen, ws):
    _plain_template(ws)
    edit(ws / KIT_FILE, "outputs:", "deck: {template: assets/plain.pptx, layouts: {quote: Big Statement}}\noutputs:")
    line = next(i for i, text in enumerate((ws / KIT_FILE).read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("deck:"))
    result = kitgen("validate", "-C", ws)
    assert result.code == 1, result.text
    assert f"{KIT_FILE.as_posix()}:{line}:" in result.err
    assert "no layout named 'Big Statement'" in result.err and "'Title Slide'" in result.err
