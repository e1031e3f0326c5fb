"""Print production: page flow, duplex cards and documents, booklets, two-up cards, crop marks, PDF/UA.

The duplex and two-up builds render the sample kit's handouts with print options set on the context
(the options a kit's `print:` section gives), once per test session.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import pageflow
import structure
from conftest import SAMPLE_KIT, copy_sample

HANDOUTS = ("facilitator-guide", "participant-workbook", "case-cards", "book-club-guide", "discussion-guide")
CARD_ZONES = pageflow.Zones(header=12 * pageflow.MM, footer=14 * pageflow.MM)


def zones_for(path: Path) -> pageflow.Zones:
    return CARD_ZONES if "case-cards" in path.name else pageflow.Zones()


def render_with(ws: Path, kit: str, out: Path, **options) -> dict[str, Path]:
    """The kit's handouts rendered with print `options`, finished as a build finishes them."""
    import pikepdf
    from kitgen import copyfit
    from kitgen.context import View, build_context
    from kitgen.handouts import write_handout
    from kitgen.imposition import drop_back_page
    from kitgen.outputs import SPECS
    from kitgen.pdfstructure import add_header_scopes
    from kitgen.session import load
    loaded = load(ws, [kit])
    assert not loaded.problems.errors, loaded.problems.errors
    session = loaded.sessions[kit]
    out.mkdir(parents=True, exist_ok=True)
    made = {}
    for name in session.kit.outputs:
        spec = SPECS[name]
        if spec.writer != "pdf":
            continue
        ctx = build_context(session, spec.edition, spec.name, spec.reads)
        ctx.kit.print = View(duplex=options.get("duplex", False), two_up_cards=options.get("two_up", False),
                             crop_marks=options.get("crop_marks", False), booklet=[], colour=True)
        path = out / spec.filename(kit)

        def render(tight, ctx=ctx, spec=spec, path=path):
            ctx.kit.print.tight = tight
            write_handout(ctx, spec, ws, path)
            return path
        copyfit.fit(render)
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            add_header_scopes(pdf)
            if options.get("duplex"):
                drop_back_page(pdf)
            pdf.save(path, deterministic_id=True)
        made[name] = path
    return made


@pytest.fixture(scope="session")
def duplex(tmp_path_factory) -> dict[str, Path]:
    ws = copy_sample(tmp_path_factory.mktemp("duplex")).resolve()
    return render_with(ws, SAMPLE_KIT, ws / "out", duplex=True)


@pytest.fixture(scope="session")
def stress(tmp_path_factory) -> dict[str, Path]:
    """The stress workspace (very long title, two dozen long questions, a long case) as handouts."""
    import shutil
    from conftest import REPO
    ws = (tmp_path_factory.mktemp("stress-press") / "ws").resolve()
    shutil.copytree(REPO / "tests" / "fixtures" / "stress", ws)
    kit = ws / "content" / "kits" / "stress.yaml"
    kit.write_text(kit.read_text(encoding="utf-8").replace(
        "outputs: [slides]", "outputs: [facilitator-guide, participant-workbook, case-cards]"), encoding="utf-8")
    return render_with(ws, "stress", ws / "out")


LONG = ("The group keeps returning to the same question, and the facilitator lets it run: who decides what the "
        "pair works on, and what happens when the answer is uncomfortable for the more senior person. ")


def provoking_kit(ws: Path, n: int) -> str:
    """A kit made to provoke every page-flow rule: facilitator notes and kit notes running over pages,
    a long scenario and many questions (headings and labels near page feet), a task asking for a
    draft, and a `why_it_matters` whose length varies with `n` (a tail spilling before a case study)."""
    import yaml
    topic = ws / "content" / "topics" / "reverse-mentoring"
    case = {
        "title": f"The Council That Met Twice ({n})",
        "summary": "A reverse-mentoring council is launched with fanfare and quietly stops meeting.",
        "characters": [{"name": f"Person {i}", "role": "Council member", "description": LONG} for i in range(n + 2)],
        "scenario": "\n\n".join([LONG * 3] * (2 + n)),
        "discussion_questions": [LONG[: 60 + 25 * (i % 4)] + "?" for i in range(8 + n)],
        "group_task": "Draft the council's one-page charter: who sits on it, what it decides, how it reports.",
        "facilitator_notes": "\n\n".join([LONG * 2] * (6 + 2 * n)),
        "key_takeaways": [LONG[:90]] * 4,
    }
    (topic / "case-studies" / f"provoke-{n}.yaml").write_text(yaml.safe_dump(case, width=1000), encoding="utf-8")
    kit = {
        "title": f"Page flow, provoked ({n})", "topic": "reverse-mentoring", "audience": "Testers",
        "duration": 240, "paper": "a4" if n % 2 else "letter", "start": "09:00",
        "agenda": [{"block": "welcome", "minutes": 15, "notes": "\n\n".join([LONG * 2] * (6 + n))},
                   {"case_study": f"provoke-{n}", "minutes": 60},
                   {"case_study": "pilot-that-stalled", "minutes": 40},
                   {"reflection": True, "minutes": 20}, {"block": "close", "minutes": 15}],
        "overrides": {"topic": {"why_it_matters": "\n\n".join([LONG * 2] * (2 + 3 * n))}},
        "outputs": ["facilitator-guide", "participant-workbook", "case-cards"],
    }
    (ws / "content" / "kits" / f"provoke-{n}.yaml").write_text(yaml.safe_dump(kit, width=1000), encoding="utf-8")
    return f"provoke-{n}"


@pytest.fixture(scope="session")
def provoked(tmp_path_factory) -> list[Path]:
    ws = copy_sample(tmp_path_factory.mktemp("provoked")).resolve()
    made = []
    for n in (1, 2):
        kit = provoking_kit(ws, n)
        made += render_with(ws, kit, ws / "out" / kit, duplex=n == 2).values()
    return made


@pytest.fixture(scope="session")
def two_up(tmp_path_factory) -> dict[str, Path]:
    ws = copy_sample(tmp_path_factory.mktemp("two-up")).resolve()
    made = render_with(ws, SAMPLE_KIT, ws / "out", duplex=True, two_up=True)
    return {"case-cards": made["case-cards"]}


def page_texts(path: Path) -> list[str]:
    import pdfplumber
    with pdfplumber.open(str(path)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def built_pdfs(built: Path) -> list[Path]:
    return sorted((built / "build").glob("*/*.pdf"))


# ----------------------------------------------------------------------------- page flow


def test_page_flow_of_the_sample_kits(built):
    paths = built_pdfs(built)
    assert len(paths) >= 8
    for path in paths:
        assert pageflow.check(path, zones_for(path)) == [], path.name


def test_page_flow_of_the_duplex_build(duplex):
    for path in duplex.values():
        assert pageflow.check(path, zones_for(path)) == [], path.name


def test_page_flow_of_the_stress_kit(stress):
    for path in stress.values():
        assert pageflow.check(path, zones_for(path)) == [], path.name


def test_page_flow_of_kits_made_to_provoke_it(provoked):
    """Each provoking kit runs facilitator notes over page breaks (their label repeats) and asks for a
    draft (a ruled page); whatever the lengths, the checker finds nothing."""
    texts = {path: "\n".join(page_texts(path)) for path in provoked}
    assert any("FACILITATOR NOTES, CONTINUED" in text for text in texts.values())
    for path in provoked:
        assert pageflow.check(path, zones_for(path)) == [], path


def _html_pdf(tmp_path: Path, name: str, body: str, css: str = "") -> Path:
    import weasyprint
    html = ('<html><head><style>@page { size: A4; margin: 21mm 18mm 22mm 25mm } body { font-family: Carlito; '
            f'font-size: 10.5pt }} {css}</style></head><body>{body}</body></html>')
    path = tmp_path / f"{name}.pdf"
    weasyprint.HTML(string=html).write_pdf(path)
    return path


PARA = "<p>" + "A line of ordinary body text that fills most of the measure of the page. " * 4 + "</p>"


def test_the_checker_finds_a_stranded_label(tmp_path):
    path = _html_pdf(tmp_path, "label", PARA * 14 + '<p style="font-weight: bold; font-size: 8pt">GROUP TASK</p>'
                     '<p style="break-before: page">The task.</p>' + PARA * 3)
    assert [f.rule for f in pageflow.check(path)] == ["stranded"]


def test_the_checker_finds_a_near_empty_page(tmp_path):
    path = _html_pdf(tmp_path, "empty", PARA * 12 + '<p style="break-before: page">Two lines</p><p>only.</p>'
                     '<p style="break-before: page">Next part.</p>' + PARA * 3)
    found = pageflow.check(path)
    assert [(f.rule, f.page) for f in found] == [("near-empty", 2)], found


def test_the_checker_finds_an_underfull_page(tmp_path):
    path = _html_pdf(tmp_path, "underfull", PARA * 12 + '<div style="break-before: page">' + PARA * 2 + "</div>"
                     '<table style="break-before: page"><tr><td>A table alone</td></tr></table>' + PARA * 2)
    found = pageflow.check(path)
    assert ("underfull", 2) in [(f.rule, f.page) for f in found], found


def test_the_checker_finds_a_box_continuing_without_its_label(tmp_path):
    box = ('<div style="border-left: 2.4pt solid #c80; background: #fed; padding: 3mm 5mm">'
           '<p style="font-weight: bold; font-size: 7.5pt">FACILITATOR NOTES</p>' + PARA * 20 + "</div>")
    found = pageflow.check(_html_pdf(tmp_path, "box", PARA * 4 + box))
    assert [(f.rule, f.page) for f in found] == [("unlabelled", 2)], found


def test_labelled_boxes_repeat_their_label_on_every_page(duplex):
    """The facilitator guide's notes boxes that run over a page break say so at the top of the next page,
    inside the box (the checker's `unlabelled` rule), and nowhere else."""
    import pdfplumber
    with pdfplumber.open(str(duplex["facilitator-guide"])) as pdf:
        continued = []
        for n, page in enumerate(pdf.pages, 1):
            body = pageflow.lines_of(page, pageflow.Zones())
            if any("CONTINUED" in line.text for line in body):
                continued.append(n)
                boxes = pageflow._boxes(page, pageflow.Zones())
                assert boxes and min(b["top"] for b in boxes) <= body[0].top, n
                assert "FACILITATORNOTES,CONTINUED" in body[0].text.replace(" ", ""), (n, body[0].text)
    assert continued, "no box continues in the sample guide: the test would prove nothing"


def test_a_task_asking_for_a_draft_gets_a_ruled_page(built):
    """Both sample group tasks ask for a piece of work ("Design…", "Draft…"): each is followed by a page of
    writing lines headed with its case; the short-answer questions keep their lines."""
    import pdfplumber
    path = built / "build" / SAMPLE_KIT / f"{SAMPLE_KIT}-participant-workbook.pdf"
    with pdfplumber.open(str(path)) as pdf:
        drafts = []
        for n, page in enumerate(pdf.pages, 1):
            text = page.extract_text() or ""
            rules = pageflow._writing_rules(page, pageflow.Zones())
            if re.search(r"CASE \d\s*\|\s*GROUP TASK", text):
                drafts.append((n, rules, len(pageflow.lines_of(page, pageflow.Zones()))))
    assert len(drafts) == 2, drafts
    assert all(rules >= 20 and lines <= 2 for _, rules, lines in drafts), drafts


# ----------------------------------------------------------------------------- duplex


def test_duplex_cards_start_on_right_hand_pages(duplex):
    texts = page_texts(duplex["case-cards"])
    firsts = [n for n, text in enumerate(texts, 1) if re.search(r"Case \d · 1/\d", text)]
    assert len(firsts) == 2
    assert all(n % 2 == 1 for n in firsts), firsts
    blank = [n for n, text in enumerate(texts, 1) if "intentionally left blank" in text]
    assert all(not re.search(r"Case \d · \d/\d", texts[n - 1]) for n in blank)


def test_every_duplex_document_has_an_even_page_count(duplex):
    import pikepdf
    counts = {}
    for name, path in duplex.items():
        with pikepdf.open(path) as pdf:
            counts[name] = len(pdf.pages)
    assert set(counts) == set(HANDOUTS)
    assert all(n % 2 == 0 for n in counts.values()), counts


def test_card_footers_count_the_cards_own_pages(built):
    texts = page_texts(built / "build" / SAMPLE_KIT / f"{SAMPLE_KIT}-case-cards.pdf")
    footers = [re.search(r"Case (\d) · (\d)/(\d)", text) for text in texts]
    assert all(footers), texts
    seen = [(int(m[1]), int(m[2]), int(m[3])) for m in footers]
    for case in {c for c, _, _ in seen}:
        pages = [(p, total) for c, p, total in seen if c == case]
        assert [p for p, _ in pages] == list(range(1, len(pages) + 1))
        assert {total for _, total in pages} == {len(pages)}
    assert not any("Page " in text for text in texts)


def test_drop_back_page_keeps_an_even_count(tmp_path):
    import pikepdf
    from kitgen.imposition import drop_back_page
    pdf = pikepdf.new()
    for _ in range(5):
        pdf.add_blank_page()
    assert drop_back_page(pdf) and len(pdf.pages) == 4
    assert not drop_back_page(pdf) and len(pdf.pages) == 4


# ----------------------------------------------------------------------------- imposition


def test_booklet_order_for_eight_and_for_padding():
    from kitgen.imposition import booklet_order
    assert booklet_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    assert booklet_order(6) == [(None, 0), (1, None), (5, 2), (3, 4)]
    for n in range(1, 30):
        sides = booklet_order(n)
        assert len(sides) % 2 == 0 and len(sides) * 2 % 4 == 0
        placed = [i for side in sides for i in side if i is not None]
        assert sorted(placed) == list(range(n))


def test_booklet_of_the_duplex_workbook(duplex, tmp_path):
    """Sheets twice the page width, a multiple of 4 pages, and the outer sheet carries the last page
    beside the cover, the inner one the two middle pages."""
    import pikepdf
    import pdfplumber
    from kitgen.imposition import booklet
    source = duplex["participant-workbook"]
    texts = page_texts(source)
    with pikepdf.open(source) as src:
        n = len(src.pages)
        width = float(src.pages[0].trimbox[2]) - float(src.pages[0].trimbox[0])
        out = booklet(src)
        out.save(tmp_path / "booklet.pdf")
    total = -(-n // 4) * 4
    with pdfplumber.open(str(tmp_path / "booklet.pdf")) as pdf:
        assert len(pdf.pages) == total // 2 and (len(pdf.pages) * 2) % 4 == 0
        assert all(abs(p.width - 2 * width) < 1 for p in pdf.pages)
        first = pdf.pages[0]
        left = first.crop((0, 0, first.width / 2, first.height)).extract_text() or ""
        right = first.crop((first.width / 2, 0, first.width, first.height)).extract_text() or ""
        assert _same(right, texts[0]) and (_same(left, texts[total - 1]) if total == n else left.strip() == "")
        last = pdf.pages[-1]
        middle_left = last.crop((0, 0, last.width / 2, last.height)).extract_text() or ""
        middle_right = last.crop((last.width / 2, 0, last.width, last.height)).extract_text() or ""
        assert _same(middle_left, texts[total // 2 - 1]) and _same(middle_right, texts[total // 2])


def _content(page) -> bytes:
    import pikepdf
    streams = page.obj.Contents
    return b"".join(s.read_bytes() for s in (streams if isinstance(streams, pikepdf.Array) else [streams]))


def _same(a: str, b: str) -> bool:
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    return bool(squash(b)) and squash(a) == squash(b)


def test_two_up_cards_with_a_cut_guide(two_up, tmp_path):
    import pikepdf
    import pdfplumber
    from kitgen.imposition import two_up as impose
    with pikepdf.open(two_up["case-cards"]) as src:
        n = len(src.pages)
        size = (float(src.pages[0].mediabox[2]), float(src.pages[0].mediabox[3]))
        out = impose(src)
        out.save(tmp_path / "two-up.pdf")
    assert abs(size[0] - 148 * pageflow.MM) < 1 and abs(size[1] - 210 * pageflow.MM) < 1  # A5 cards
    with pdfplumber.open(str(tmp_path / "two-up.pdf")) as pdf:
        assert len(pdf.pages) == n and n % 2 == 0
        for page in pdf.pages:
            assert abs(page.width - 297 * pageflow.MM) < 1 and abs(page.height - 210 * pageflow.MM) < 1
            left = page.crop((0, 0, page.width / 2, page.height)).extract_text() or ""
            right = page.crop((page.width / 2, 0, page.width, page.height)).extract_text() or ""
            assert _same(left, right)
    with pikepdf.open(tmp_path / "two-up.pdf") as pdf:
        for page in pdf.pages:
            assert b"[3 2] 0 d" in _content(page)  # the dashed cut line down the middle


def test_crop_marks_outside_the_bleed(duplex, tmp_path):
    import pikepdf
    from kitgen.imposition import MARK_ZONE, MM, crop_marks
    with pikepdf.open(duplex["discussion-guide"]) as src:
        trim = [float(v) for v in src.pages[0].mediabox]
        out = crop_marks(src)
        page = out.pages[0]
        media = [float(v) for v in page.mediabox]
        bleed = [float(v) for v in page.obj.BleedBox]
        assert [float(v) for v in page.obj.TrimBox] == trim
        assert bleed[0] == pytest.approx(trim[0] - 3 * MM) and media[0] == pytest.approx(bleed[0] - MARK_ZONE)
        data = _content(page)
        assert data.count(b" l S") >= 8 and b"1 1 1 1 K" in data


# ----------------------------------------------------------------------------- PDF/UA


def test_structure_tree_passes(duplex):
    """No heading skips, no heading inside a heading, list items in lists, header cells with scope."""
    for name, path in duplex.items():
        assert structure.problems(path) == [], name


def test_the_structure_check_sees_problems(tmp_path):
    import weasyprint
    html = ('<html lang="en"><head><title>t</title></head><body><h1>One</h1><h3>Three</h3>'
            '<table><tr><td>no header</td></tr></table><dl><div><dt>term</dt><dd>desc</dd></div></dl></body></html>')
    weasyprint.HTML(string=html).write_pdf(tmp_path / "bad.pdf", pdf_tags=True)
    found = structure.problems(tmp_path / "bad.pdf")
    assert "heading level skips from H1 to H3" in found
    assert "table without header cells" in found
    assert any(p.startswith("list item inside /Div") for p in found)


def test_header_cells_get_a_scope(duplex):
    scopes = {}
    for name, path in duplex.items():
        root = structure.tree(path)
        scopes[name] = {str(n.attrs.get("/Scope")) for n in root.walk() if n.role == "/TH"}
    assert scopes["facilitator-guide"] == {"/Row", "/Column"}  # cover details by row, agenda by column
    assert scopes["discussion-guide"] == {"/Column"}


def test_pdfua_checker_finds_no_errors(duplex):
    pdfua = pytest.importorskip("pdfua")
    for name, path in duplex.items():
        report = pdfua.validate(str(path))
        errors = [f for f in report.findings if f.severity.name == "ERROR"]
        warnings = [f for f in report.findings if f.severity.name == "WARNING"]
        assert not errors and not warnings, (name, [(f.rule_id, f.message) for f in errors + warnings])


def test_handouts_declare_pdf_ua(duplex):
    import pikepdf
    for name, path in duplex.items():
        with pikepdf.open(path) as pdf:
            meta = pdf.open_metadata()
            assert str(meta.get("pdfuaid:part")) == "1", name
            assert pdf.Root.ViewerPreferences.DisplayDocTitle


# ----------------------------------------------------------------------------- copyfitting


def test_copyfit_names_the_section_whose_tail_is_alone(tmp_path):
    import pikepdf
    from kitgen import copyfit
    body = ('<section id="one">' + PARA * 19 + "</section>"
            '<section id="two" style="break-before: page">' + PARA * 3 + "</section>")
    spill = _html_pdf(tmp_path, "spill", body)
    fits = _html_pdf(tmp_path, "fits", body.replace(PARA * 19, PARA * 12, 1))
    with pikepdf.open(spill) as pdf:
        assert copyfit.spilling_sections(pdf) == {"one"}
    with pikepdf.open(fits) as pdf:
        assert copyfit.spilling_sections(pdf) == set()


def test_copyfit_renders_again_until_nothing_spills(tmp_path):
    from kitgen import copyfit
    calls = []

    def render(tight):
        calls.append(list(tight))
        css = "#one { line-height: 1.0 } #one p { margin: 0 }" if "one" in tight else ""
        return _html_pdf(tmp_path, f"r{len(calls)}", '<section id="one">' + PARA * 19 + "</section>"
                         '<section id="two" style="break-before: page">' + PARA * 3 + "</section>", css)
    assert copyfit.fit(render) == ["one"]
    assert calls == [[], ["one"]]
