"""Print production: page flow, duplex cards and documents, booklets, two-up cards, crop marks, PDF/UA.

The duplex and two-up builds render the sample kit's handouts with print options set on the context
(the options a kit's `print:` section gives), once per test session.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import pageflow
import structure
from conftest import FRENCH_KIT, SAMPLE_KIT, copy_sample, made_files, read_pdf, shared_build, statuses

HANDOUTS = ("facilitator-guide", "participant-workbook", "case-cards", "book-club-guide", "discussion-guide")
CARD_ZONES = pageflow.Zones(header=12 * pageflow.MM, footer=14 * pageflow.MM)


def zones_for(path: Path) -> pageflow.Zones:
    return CARD_ZONES if "case-cards" in path.name else pageflow.Zones()


PRINT = {
    SAMPLE_KIT: "participants: 20\nspares: 2\nprint: {duplex: true, booklet: [participant-workbook, facilitator-guide]}\n",
    FRENCH_KIT: "participants: 9\nprint: {duplex: true, two_up_cards: true, colour: false, group_size: 3}\n"
                "outputs: [participant-workbook, case-cards]\n",  # the two-up cards and a print order of two files
}


def build_kits(ws: Path, request=None) -> dict[str, dict[str, Path]]:
    """Build the workspace; every file made, by kit and output name."""
    from kitgen.build import build
    from kitgen.request import Request
    results = build(ws, request or Request(quiet=True, jobs=2))
    failed = [r for r in results if r.status == "failed"]
    assert not failed, [(r.output, r.error) for r in failed]
    made: dict[str, dict[str, Path]] = {}
    for r in results:
        made.setdefault(r.kit, {})[r.output] = r.path
    return made


def with_print(ws: Path) -> Path:
    """The sample kits with the print settings above instead of their own."""
    for kit, text in PRINT.items():
        path = ws / "content" / "kits" / f"{kit}.yaml"
        keys = ("participants:", "spares:", "print:", *(("outputs:",) if "outputs:" in text else ()))
        own = [ln for ln in path.read_text(encoding="utf-8").splitlines(keepends=True) if not ln.startswith(keys)]
        path.write_text("".join(own) + text, encoding="utf-8")
    return ws


@pytest.fixture(scope="session")
def press(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Both sample kits built with print options: the English one duplex with booklets and 20
    participants, the French one (its workbook and cards only) duplex with two-up cards, black and
    white, 9 participants."""
    return made_files(shared_build(tmp_path_factory, "press", lambda ws: with_print(copy_sample(ws)),
                                   readings=("layout",), read=f"{SAMPLE_KIT}/*.pdf"))


@pytest.fixture(scope="session")
def duplex(press) -> dict[str, Path]:
    return {name: path for name, path in press[SAMPLE_KIT].items() if name in HANDOUTS}


@pytest.fixture(scope="session")
def two_up(press) -> dict[str, Path]:
    return {"case-cards": press[FRENCH_KIT]["case-cards"], "case-cards-two-up": press[FRENCH_KIT]["case-cards-two-up"]}


@pytest.fixture(scope="session")
def stress(built_stress) -> dict[str, Path]:
    """The `stress` root (very long title, two dozen long questions, a long case): its handouts."""
    return {name: path for name, path in made_files(built_stress)["stress"].items() if path.suffix == ".pdf"}


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
        "print": {"duplex": n == 2},
    }
    (ws / "content" / "kits" / f"provoke-{n}.yaml").write_text(yaml.safe_dump(kit, width=1000), encoding="utf-8")
    return f"provoke-{n}"


@pytest.fixture(scope="session")
def provoked(tmp_path_factory) -> list[Path]:
    kits = [f"provoke-{n}" for n in (1, 2)]

    def make(ws: Path) -> None:
        copy_sample(ws)
        for n in (1, 2):
            provoking_kit(ws, n)
    made = made_files(shared_build(tmp_path_factory, "provoked", make, kits, readings=("layout",)))
    return [path for kit in kits for path in made[kit].values()]


def page_texts(path: Path) -> list[str]:
    """pdfplumber's text of every page (each file read once: readback.py)."""
    return read_pdf(path).pages


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


def test_the_checker_finds_a_box_left_empty_at_a_page_foot(tmp_path):
    """A box whose first child may break from its label leaves an empty tint behind; labelled boxes in
    print.css forbid that break (`.box::before`), and the checker finds it where a layout does not."""
    box = ('<div style="border-left: 2.4pt solid #c80; background: #fed; padding: 9mm 5mm 2mm">'
           '<div style="height: 0"></div><p style="font-weight: bold; font-size: 7.5pt; break-after: avoid">'
           'FACILITATOR NOTES</p>' + PARA * 4 + "</div>")
    filler = PARA * 14 + "<p>A line.</p>" * 3
    found = pageflow.check(_html_pdf(tmp_path, "empty-box", filler + box))
    assert ("empty-box", 1) in [(f.rule, f.page) for f in found], found
    kept = box.replace('<div style="height: 0">', '<div style="height: 0; break-after: avoid">')
    assert "empty-box" not in [f.rule for f in pageflow.check(_html_pdf(tmp_path, "kept", filler + kept))]


def test_labelled_boxes_repeat_their_label_on_every_page(duplex):
    """The facilitator guide's notes boxes that run over a page break say so at the top of the next page,
    inside the box (the checker's `unlabelled` rule), and nowhere else."""
    continued = []
    for n, page in enumerate(read_pdf(duplex["facilitator-guide"]).layout, 1):
        body = pageflow.lines_of(page, pageflow.Zones())
        if any("CONTINUED" in line.text for line in body):
            continued.append(n)
            boxes = pageflow._boxes(page, pageflow.Zones())
            assert boxes and min(b["top"] for b in boxes) <= body[0].top, n
            assert "FACILITATORNOTES,CONTINUED" in body[0].text.replace(" ", ""), (n, body[0].text)
    assert continued, "no box continues in the sample guide: the test would prove nothing"


def test_a_task_asking_for_a_draft_gets_a_ruled_page_that_holds_it(built):
    """Both sample group tasks ask for a piece of work ("Design…", "Draft…"): each opens a page of its
    own, headed with its case (by number and title: the box says it is the group task, once), that holds
    the task and is ruled from below it to the foot; the task is on no other page (the group never
    reads it on the other side of the leaf)."""
    zones = pageflow.Zones()
    for kit, cases, label in ((SAMPLE_KIT, 2, "GROUP TASK"), (FRENCH_KIT, 1, "TRAVAIL DE GROUPE")):
        path = built / "build" / kit / f"{kit}-participant-workbook.pdf"
        drafts, tasks = [], []
        pages = read_pdf(path).layout
        for n, page in enumerate(pages, 1):
            lines = pageflow.lines_of(page, zones)
            tasks += [n for line in lines if line.text.upper() == label.replace(" ", "")]  # the task box's label
            kicker = re.search(r"(?:CASE|CAS)\d+\|(\S+)", lines[0].text.replace(" ", "")) if lines else None
            if kicker and kicker[1].upper().startswith(label.replace(" ", "")[:8]):
                raise AssertionError((kit, n, "the kicker repeats the box's label", lines[0].text))
            if kicker and n in tasks:  # the draft page: its kicker is the case's title, set on its first page
                title = kicker[1]
                assert any(title.upper() in "".join(line.text for line in pageflow.lines_of(p, zones)).upper()
                           for p in pages[:n - 1]), (kit, n, title)
                below = max(line.bottom for line in lines)
                rules = {round(r["bottom"]) for r in (*page.rects, *page.lines) if r["width"] > page.width * 0.35
                         and abs(r["bottom"] - r["top"]) < 15 * pageflow.MM
                         and below + 4 < r["bottom"] < page.height - zones.footer}  # writing lines, by their rule
                drafts.append((n, len(rules), int((page.height - zones.footer - below) / (9 * pageflow.MM))))
        assert len(drafts) == cases and tasks == [n for n, _, _ in drafts], (kit, drafts, tasks)
        for n, rules, room in drafts:  # below the task: a rule every 9 mm to the foot of the page
            assert rules >= max(room - 2, 8), (kit, n, rules, room)


def test_the_workbooks_writing_lines_run_to_the_foot_of_the_pages_they_end(built):
    """Writing lines that end a workbook page (the last question before a drafting page or a new
    section) are continued to the foot of its body, so no page ends with blank paper below them."""
    import pikepdf
    from kitgen import copyfit
    for kit in (SAMPLE_KIT, FRENCH_KIT):
        with pikepdf.open(built / "build" / kit / f"{kit}-participant-workbook.pdf") as pdf:
            found = copyfit.anchors(pdf)
            assert copyfit.open_lines(pdf, found) == {}, kit
            spans = {name[:-len("-lines")]: found[f"{name}-end"][1] - top
                     for name, (_, top) in found.items() if name.endswith("-lines") and f"{name}-end" in found}
            assert spans and max(spans.values()) > 10 * copyfit.LINE, (kit, spans)  # 4 or 6 lines, continued


def test_no_workbook_page_ends_in_blank_paper_below_a_sections_last_words(built):
    """A page that a section's last words leave blank below them (a short tail before a case study, the
    overview, the close) ends in a "Notes" label and lines to the foot of its body: apart from the cover,
    the action plan (a form of fixed rows), the dot-grid notes page and a blank back page, no page of either sample workbook has more than the
    label's and a few lines' room left below what it prints."""
    import pikepdf
    from kitgen import copyfit
    for kit, plan in ((SAMPLE_KIT, "Action plan"), (FRENCH_KIT, "Plan d’action")):
        path = built / "build" / kit / f"{kit}-participant-workbook.pdf"
        texts = page_texts(path)
        with pikepdf.open(path) as pdf:
            found = copyfit.anchors(pdf)
            room = {n: (float(page.mediabox[3]) - copyfit.BODY_FOOT - copyfit.lowest(page)) / copyfit.LINE
                    for n, page in enumerate(pdf.pages, 1)
                    if 1 < n != found["notes-grid"][0] and plan not in texts[n - 1] and copyfit.used(page) > 0}
        assert max(room.values()) < copyfit.NOTES_MIN + 2, (kit, {n: round(r, 1) for n, r in room.items()})
        notes = [name for name, (page, _) in found.items() if name.endswith("-notes-lines-end")
                 and found[name][1] - found[name[:-len("-end")]][1] > copyfit.NOTES_MIN * copyfit.LINE]
        assert notes, kit
        assert all("NOTES" in texts[found[name][0] - 1] for name in notes), kit


def test_a_question_given_far_more_room_than_the_others_ends_in_notes(built):
    """Writing lines continued to the page's foot give a question at most eight more lines; past them the
    page's room is a "Notes" area under its lines, so no question reads as the one that matters most."""
    import pikepdf
    from kitgen import copyfit
    long = 0
    for kit in (SAMPLE_KIT, FRENCH_KIT):
        path = built / "build" / kit / f"{kit}-participant-workbook.pdf"
        texts = page_texts(path)
        with pikepdf.open(path) as pdf:
            found = copyfit.anchors(pdf)
        for name, (page, end) in found.items():
            start = found.get(name.removesuffix("-end")) if name.endswith("-lines-end") else None
            if start is None or "-notes" in name or start[0] != page or "-q" not in name and "-r" not in name:
                continue
            if end - start[1] > (4 + 8 + 4) * copyfit.LINE:
                long += 1
                assert "NOTES" in texts[page - 1].upper(), (kit, name, page)
    assert long, "no question given a page's room in the sample workbooks"


def test_cards_end_in_notes_and_draw_nothing_below_their_body(built, built_material):
    """A case card's or a role brief's last page that leaves room below its text ends in a "Notes" label
    and ruled lines; every line and box of a card lies inside its page's body (case-cards.css: 17 mm
    above the bottom edge), also on a card's continued page, whose first heading once pushed the card's
    rules into the footer."""
    import pikepdf
    from kitgen import copyfit
    briefs_seen = 0
    for ws, kit in ((built, SAMPLE_KIT), (built, FRENCH_KIT), (built_material, "teaching-day")):
        path = ws / "build" / kit / f"{kit}-case-cards.pdf"
        texts = page_texts(path)
        with pikepdf.open(path) as pdf:
            found = copyfit.anchors(pdf)
            for n, page in enumerate(pdf.pages, 1):
                foot = float(page.mediabox[3]) - 17 * copyfit.MM
                for operands, _ in pikepdf.parse_content_stream(page, "re"):
                    bottom = copyfit.PX * (float(operands[1]) + abs(float(operands[3])))
                    assert bottom < foot + copyfit.SLACK or float(operands[3]) * copyfit.PX > foot, \
                        (kit, n, round(bottom / copyfit.MM, 1))
            ends = {name[:-len("-end")]: page for name, (page, _) in found.items()
                    if name.endswith("-end") and not name.endswith("-lines-end")}
            briefs = [name for name in ends if "-brief-" in name]
            briefs_seen += len(briefs)
            assert len(ends) > len(briefs), (kit, sorted(ends))  # a case card at least
            for name, page in ends.items():
                notes = found.get(f"{name}-notes-lines-end"), found.get(f"{name}-notes-lines")
                ruled = all(notes) and notes[0][1] - notes[1][1] > copyfit.NOTES_MIN * copyfit.LINE
                room = (float(pdf.pages[page - 1].mediabox[3]) - copyfit.BODY_FOOT
                        - copyfit.lowest(pdf.pages[page - 1])) / copyfit.LINE
                assert room < copyfit.NOTES_MIN + 2, (kit, name, page, round(room, 1))
                if name in briefs:  # a brief is short: its page is the player's to write on
                    assert ruled and "NOTES" in texts[page - 1].upper(), (kit, name, page)
    assert briefs_seen >= 3


def test_the_print_orders_materials_rows_line_up_across_their_cells(built):
    """Each row of the materials checklist sets its item, quantity and what one serves on one line (the
    last cell was once a block, set higher than its row)."""
    import pdfplumber
    path = built / "build" / FRENCH_KIT / f"{FRENCH_KIT}-print-order.pdf"
    with pdfplumber.open(path) as pdf:
        words = pdf.pages[0].extract_words()
    heading = next(w["top"] for w in words if w["text"] == "matériel")
    below = [w for w in words if w["top"] > heading + 20 and w["top"] < pdf.pages[0].height - 60]
    ends = [w for w in below if w["text"] in ("salle", "trio")]
    items = [w for w in below if w["x0"] < 80]
    assert len(ends) >= 3 and len(items) >= 3, (ends, items)
    for end in ends:
        assert min(abs(end["bottom"] - w["bottom"]) for w in items) < 1, (end["text"], round(end["top"], 1))


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


def test_booklet_of_the_duplex_workbook(press):
    """Sheets twice the page width, a multiple of 4 pages, and the outer sheet carries the last page
    beside the cover, the inner one the two middle pages."""
    import pikepdf
    import pdfplumber
    made = press[SAMPLE_KIT]
    texts = page_texts(made["participant-workbook"])
    with pikepdf.open(made["participant-workbook"]) as src:
        n = len(src.pages)
        width = float(src.pages[0].trimbox[2]) - float(src.pages[0].trimbox[0])
    total = -(-n // 4) * 4
    with pdfplumber.open(str(made["participant-workbook-booklet"])) as pdf:
        assert len(pdf.pages) == total // 2 and (len(pdf.pages) * 2) % 4 == 0
        assert all(abs(p.width - 2 * width) < 3 and abs(p.width - 420 * pageflow.MM) < 3 for p in pdf.pages)  # A3
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


def test_two_up_cards_with_a_cut_guide(two_up):
    """The French kit (Letter) asks for two-up cards: half-letter cards, two copies of each page side by
    side on a landscape Letter sheet, a dashed cut line between them."""
    import pikepdf
    import pdfplumber
    with pikepdf.open(two_up["case-cards"]) as src:
        n = len(src.pages)
        size = (float(src.pages[0].mediabox[2]), float(src.pages[0].mediabox[3]))
    assert abs(size[0] - 5.5 * 72) < 1 and abs(size[1] - 8.5 * 72) < 1  # half-letter cards
    with pdfplumber.open(str(two_up["case-cards-two-up"])) as pdf:
        assert len(pdf.pages) == n and n % 2 == 0
        for page in pdf.pages:
            assert abs(page.width - 11 * 72) < 1 and abs(page.height - 8.5 * 72) < 1
            left = page.crop((0, 0, page.width / 2, page.height)).extract_text() or ""
            right = page.crop((page.width / 2, 0, page.width, page.height)).extract_text() or ""
            assert _same(left, right)
    with pikepdf.open(two_up["case-cards-two-up"]) as pdf:
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


def test_copyfit_names_the_section_whose_tail_alone_ends_the_document(tmp_path):
    """A document whose last page holds only the last lines of a section begun before (a list's last
    two items) names that section; one whose last page starts a section of its own names none."""
    import pikepdf
    from kitgen import copyfit
    with pikepdf.open(_html_pdf(tmp_path, "tail", '<section id="one">' + PARA * 19 + "</section>")) as pdf:
        assert len(pdf.pages) == 2 and copyfit.spilling_sections(pdf) == {"one"}
    own = '<section id="one">' + PARA * 12 + '</section><section id="two" style="break-before: page"><p>End.</p></section>'
    with pikepdf.open(_html_pdf(tmp_path, "own-last", own)) as pdf:
        assert len(pdf.pages) == 2 and copyfit.spilling_sections(pdf) == set()


def test_copyfit_names_the_sections_of_a_full_page_that_pushed_a_short_one_over(tmp_path):
    """A short last section that starts alone on a page before a forced break was pushed there by the
    full page before it: the sections on that page are set tighter. A short section that starts a page
    of its own (after a page that is not full) names nothing."""
    import pikepdf
    from kitgen import copyfit
    filled = ('<section id="one">' + PARA * 8 + '</section><section id="two">' + PARA * 11 + "</section>"
              '<section id="closing"><p>A short closing line.</p></section>'
              '<section id="actions" style="break-before: page">' + PARA * 3 + "</section>")
    with pikepdf.open(_html_pdf(tmp_path, "pushed", filled)) as pdf:
        assert [copyfit.used(p) > copyfit.FULL for p in pdf.pages[:2]] == [True, False], [copyfit.used(p) for p in pdf.pages]
        assert copyfit.spilling_sections(pdf) == {"one", "two"}
    own = filled.replace('<section id="closing">', '<section id="closing" style="break-before: page">').replace(PARA * 11, PARA)
    with pikepdf.open(_html_pdf(tmp_path, "own", own)) as pdf:
        assert copyfit.spilling_sections(pdf) == set()


def test_copyfit_renders_again_until_nothing_spills(tmp_path):
    from kitgen import copyfit
    calls = []

    def render(hints):
        calls.append(dict(hints))
        css = "#one { line-height: 1.0 } #one p { margin: 0 }" if "one" in hints["tight"] else ""
        back = '<div style="break-before: page"></div>' if hints["back_page"] else ""
        return _html_pdf(tmp_path, f"r{len(calls)}", '<section id="one">' + PARA * 19 + "</section>"
                         '<section id="two" style="break-before: page">' + PARA * 3 + "</section>" + back, css)
    assert copyfit.fit(render) == {"tight": ["one"], "back_page": False}
    assert [c["tight"] for c in calls] == [[], ["one"]]


def _lines_html(more: int = 0, after: str = "") -> str:
    """A question with four writing lines (`more` added), ending a page before a forced break."""
    lines = '<div style="height: 9mm; border-bottom: 0.6pt solid #999"></div>' * (4 + more)
    return (PARA * 6 + f'<div id="q-lines">{lines}<div id="q-lines-end"></div></div>{after}'
            '<section id="next" style="break-before: page">' + PARA + "</section>")


def test_writing_lines_ending_a_page_are_continued_to_its_foot(tmp_path):
    """Lines that end a page with room below them get as many more as reach the foot of its body, by
    one more render; not when something is drawn below them."""
    import pikepdf
    from kitgen import copyfit
    calls = []

    def render(hints):
        calls.append(dict(hints))
        return _html_pdf(tmp_path, f"l{len(calls)}", _lines_html(hints.get("more_lines", {}).get("q", 0)))
    hints = copyfit.fit(render)
    more = hints["more_lines"]["q"]
    with pikepdf.open(tmp_path / f"l{len(calls)}.pdf") as pdf:
        found = copyfit.anchors(pdf)
        foot = float(pdf.pages[0].mediabox[3]) - copyfit.BODY_FOOT
        assert len(pdf.pages) == 2 and found["next"][0] == 2 and copyfit.open_lines(pdf, found) == {}
        assert foot - copyfit.LINE - copyfit.SLACK < found["q-lines-end"][1] <= foot, (more, found["q-lines-end"])
    assert more >= 5 and len(calls) == 2
    with pikepdf.open(_html_pdf(tmp_path, "below", _lines_html(after="<p>A line below the lines.</p>"))) as pdf:
        assert copyfit.open_lines(pdf, copyfit.anchors(pdf)) == {}


def test_the_room_below_a_pages_writing_lines_is_shared_by_its_questions(tmp_path):
    """Two questions' lines on a page with room below: both get more lines, the last at most one more."""
    import pikepdf
    from kitgen import copyfit
    lines = '<div style="height: 9mm; border-bottom: 0.6pt solid #999"></div>' * 4
    body = "".join(f'<p>Question {n}?</p><div id="q{n}-lines">{lines}<div id="q{n}-lines-end"></div></div>'
                   for n in (1, 2))
    with pikepdf.open(_html_pdf(tmp_path, "two", PARA * 4 + body)) as pdf:
        more = copyfit.open_lines(pdf, copyfit.anchors(pdf))
    assert set(more) == {"q1", "q2"} and 0 <= more["q2"] - more["q1"] <= 1 and more["q1"] >= 3, more


def _notes_html(paras: int, lines: bool = False) -> str:
    """A section of `paras` paragraphs (then, with `lines`, a question's four writing lines) ending in its
    notes' empty mark, before a section that opens a page (the workbook's `m.notes_to_foot`)."""
    rules = '<div style="height: 9mm; border-bottom: 0.6pt solid #999"></div>' * 4
    question = f'<div id="q-lines">{rules}<div id="q-lines-end"></div></div>' if lines else ""
    return (f'<section id="s">{PARA * paras}{question}<div id="s-notes-lines"><div id="s-notes-lines-end"></div></div>'
            '</section><section id="next" style="break-before: page">' + PARA + "</section>")


def test_a_section_ending_a_page_with_room_below_its_last_words_gets_notes_to_the_foot(tmp_path):
    """A section's notes that end a page get the room below its last words, when it holds the label and
    four lines; writing lines just above them take the room instead; a page that is nearly full gets none."""
    import pikepdf
    from kitgen import copyfit

    def more(name: str, html: str) -> dict[str, int]:
        with pikepdf.open(_html_pdf(tmp_path, name, html)) as pdf:
            assert len(pdf.pages) == 2, name
            return copyfit.open_lines(pdf, copyfit.anchors(pdf))
    tail = more("tail", _notes_html(2))
    assert set(tail) == {"s-notes"} and tail["s-notes"] > 15, tail  # two paragraphs on an A4 page: most of it
    assert set(more("lines", _notes_html(2, lines=True))) == {"q"}
    assert more("full", _notes_html(14)) == {}  # less than the label and four lines left


def test_a_sections_empty_notes_mark_never_takes_a_page_of_its_own(tmp_path):
    """A section whose last paragraph ends just above the page's foot, its bottom margin past it: an
    empty block after it would start a page of its own (a blank page, then filled with notes); the notes'
    mark as print.css sets it (`.notes-to-foot.mark`) does not."""
    import pikepdf
    from kitgen.layouts import BUILTIN_DIR
    rule = re.search(r"\.notes-to-foot\.mark \{[^}]*\}", (BUILTIN_DIR / "print.css").read_text(encoding="utf-8"))
    assert rule and "position: absolute" in rule.group(0), rule

    def pages(name: str, above: float, mark: str) -> int:
        body = (f'<section id="s"><div style="height: {above}mm"></div>{PARA}{mark}</section>'
                '<section style="break-before: page">' + PARA + "</section>")
        with pikepdf.open(_html_pdf(tmp_path, name, body, rule.group(0))) as pdf:
            return len(pdf.pages)
    empty = '<div class="notes-to-foot{}" id="s-notes-lines"><div id="s-notes-lines-end"></div></div>'
    spilled = next((h / 2 for h in range(440, 500) if pages(f"in-flow-{h}", h / 2, empty.format("")) == 3
                    and pages(f"none-{h}", h / 2, "") == 2), None)
    assert spilled is not None  # the hazard: a paragraph's margin past the foot, an empty block after it
    assert pages("mark", spilled, empty.format(" mark")) == 2


def test_a_characters_name_is_never_hyphenated_in_the_text(tmp_path):
    """A case's characters' names are wrapped as names in its text (markup.unbroken_names), which
    print.css never hyphenates: a narrow column breaks a long word of the text, never the name."""
    import pdfplumber
    from kitgen.layouts import BUILTIN_DIR
    from kitgen.markup import unbroken_names
    rule = re.search(r"\n\.name \{[^}]*\}", (BUILTIN_DIR / "print.css").read_text(encoding="utf-8"))
    assert rule and "hyphens: manual" in rule.group(0), rule
    from markupsafe import Markup
    text = Markup("<p>" + " ".join(["Consequently Ólafsdóttir’s understanding"] * 6) + "</p>")
    wrapped = unbroken_names(text, ["Zoë Brontë-Ólafsdóttir"])
    assert unbroken_names("<b>Ólafsdóttir</b>", ["Ólafsdóttir"]).startswith("&lt;b&gt;")  # plain text is escaped
    assert wrapped.count('<span class="name">Ólafsdóttir</span>') == 6 and "Zoë" not in wrapped
    css = "p { hyphens: auto; width: 32mm; font-size: 12pt }" + rule.group(0)

    def lines(name: str, body: str) -> list[str]:
        path = _html_pdf(tmp_path, name, body.replace("<p>", '<p lang="en">'), css)
        with pdfplumber.open(path) as pdf:
            return (pdf.pages[0].extract_text() or "").splitlines()
    assert any(ln.rstrip().endswith(("Ólafs-", "Ólafs\u2010", "Ólafsdót-", "Ólafsdót\u2010")) for ln in lines("plain", str(text)))
    names = lines("names", str(wrapped))
    assert any(ln.rstrip().endswith(("-", "\u2010")) for ln in names)  # the text's own words still break
    assert not any(ln.rstrip().endswith(("Ólafs-", "Ólafs\u2010", "Ólafsdót-", "Ólafsdót\u2010")) for ln in names), names


def test_more_writing_lines_that_move_a_page_are_not_kept(tmp_path):
    """Lines measured to fit that would move what follows (a layout whose page foot is not where it is
    measured) are dropped: the build renders as before."""
    from kitgen import copyfit
    calls = []

    def render(hints):
        calls.append(dict(hints))
        more = hints.get("more_lines", {}).get("q", 0)
        return _html_pdf(tmp_path, f"m{len(calls)}", _lines_html(more * 3))  # three times what was asked
    assert "more_lines" not in copyfit.fit(render)
    assert [bool(c.get("more_lines")) for c in calls] == [False, True, False]


def test_copyfit_names_a_card_that_runs_onto_a_third_page_for_a_short_tail(tmp_path):
    import pikepdf
    from kitgen import copyfit

    def card(paras: int) -> str:
        return f'<article id="c"><h1>Card</h1>{PARA * paras}<span id="c-end"></span></article>'
    for paras, tight in ((36, {"c"}), (26, set()), (46, set())):  # a short tail; two pages; a long third page
        with pikepdf.open(_html_pdf(tmp_path, f"card-{paras}", card(paras))) as pdf:
            assert copyfit.short_tails(pdf) == tight, (paras, len(pdf.pages), copyfit.anchors(pdf))
            assert copyfit.long_cards(pdf) == ({} if paras == 26 else {"c": 3})  # past one sheet: warned of


def test_copyfit_adds_a_back_page_to_an_odd_count_printed_on_both_sides(tmp_path):
    import pikepdf
    from kitgen import copyfit
    made = []

    def render(hints):
        back = '<div id="back" style="break-before: page"></div>' if hints["back_page"] else ""
        made.append(_html_pdf(tmp_path, f"b{len(made)}", "".join(
            f'<section id="s{i}" style="break-before: page">' + PARA * 12 + "</section>" for i in range(3)) + back))
        return made[-1]
    assert copyfit.fit(render, duplex=True) == {"tight": [], "back_page": True}
    with pikepdf.open(made[-1]) as pdf:
        assert len(pdf.pages) == 4
    made.clear()
    assert copyfit.fit(render) == {"tight": [], "back_page": False} and len(made) == 1


# ----------------------------------------------------------------------------- print order and pack


def _pages(path: Path) -> int:
    import pikepdf
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def test_print_order_follows_participants_and_page_counts(press):
    """Copies and sheets in the CSV and JSON follow from `participants`, `spares` and the real page
    counts: each handout is printed as its booklet when it has one, cards as two-up sheets when asked."""
    import csv
    import json
    import math
    for kit, participants, spares, groups in ((SAMPLE_KIT, 20, 2, 5), (FRENCH_KIT, 9, 0, 3)):
        made = press[kit]
        data = json.loads(made["print-order-json"].read_text(encoding="utf-8"))
        rows = list(csv.DictReader(made["print-order-csv"].read_text(encoding="utf-8").split("\n\n")[0].splitlines()))
        assert [r["file"] for r in rows] == [f["file"] for f in data["files"]]
        assert (data["participants"], data["spares"], data["groups"]) == (participants, spares, groups)
        files = {f["output"]: f for f in data["files"]}
        for name, f in files.items():
            pages = _pages(made[name])
            assert f["pages"] == pages
            base = name.removesuffix("-booklet").removesuffix("-two-up")
            per = {"facilitator-guide": 1, "discussion-guide": 1, "case-cards": groups + (1 if spares else 0)}.get(
                base, participants + spares)
            if name.endswith("-two-up"):
                per = math.ceil(per / 2)
            assert f["copies"] == per, name
            assert f["sheets"] == per * math.ceil(pages / 2), name  # every file here prints on both sides
            assert f["sides"] == "double-sided"
        printed_flat = "participant-workbook" in files
        assert printed_flat == (kit != SAMPLE_KIT)  # the English workbook is printed as its booklet
        assert data["sheets"] == sum(f["sheets"] for f in data["files"])
    assert all(f["colour"] == "black and white" for f in json.loads(
        press[FRENCH_KIT]["print-order-json"].read_text(encoding="utf-8"))["files"])
    english = json.loads(press[SAMPLE_KIT]["print-order-json"].read_text(encoding="utf-8"))
    assert {f["output"] for f in english["files"]} >= {"participant-workbook-booklet", "facilitator-guide-booklet"}
    quantities = {m["item"]: m["quantity"] for m in english["materials"]}
    assert quantities["Role briefs (mentor, mentee, observer), one set per trio"] == 7  # 20 people in trios
    assert quantities["Printed speaker biographies, one per table"] == 5


def test_print_order_is_one_page(press):
    texts = page_texts(press[SAMPLE_KIT]["print-order"])
    assert len(texts) == 1 and "PRINT ORDER" in texts[0] and "each participant" in texts[0]


def test_print_options_are_validated_with_file_and_line(tmp_path, kitgen):
    ws = copy_sample(tmp_path / "ws")
    kit = ws / "content" / "kits" / f"{FRENCH_KIT}.yaml"
    text = "".join(ln for ln in kit.read_text(encoding="utf-8").replace("case-cards, ", "").splitlines(keepends=True)
                   if not ln.startswith(("participants:", "spares:", "print:")))
    kit.write_text(text + "print:\n  booklet: [slides]\n  two_up_cards: true\n", encoding="utf-8")
    run = kitgen("validate", "-C", ws)
    assert run.code == 1
    lines = len(text.splitlines())
    assert f"content/kits/{FRENCH_KIT}.yaml:{lines + 2}:" in run.text and "'slides' is not a handout" in run.text
    assert f"content/kits/{FRENCH_KIT}.yaml:{lines + 3}:" in run.text
    assert "two-up cards need case-cards in outputs" in run.text
    kit.write_text(text + "print: {duplx: true}\nparticipants: 0\n", encoding="utf-8")
    run = kitgen("validate", "-C", ws)
    assert run.code == 1 and f"{FRENCH_KIT}.yaml:{lines + 1}:" in run.text and "did you mean 'duplex'?" in run.text
    assert f"{FRENCH_KIT}.yaml:{lines + 2}:" in run.text and "participants" in run.text


def test_pack_zips_every_file_of_the_kit_and_lists_it(press, tmp_path, kitgen):
    """The pack of a built kit (a copy of the press build) renders nothing again: it holds the kit's files
    and the print files, in order, and a manifest of them; its reproducible bytes and its sums are
    tested on the pack module in test_printorder.py."""
    import json
    import zipfile
    ws = shutil.copytree(press[SAMPLE_KIT]["facilitator-guide"].parents[2], tmp_path / "ws", symlinks=True)
    run = kitgen("pack", SAMPLE_KIT, "-C", ws)
    assert run.code == 0, run.text
    made = statuses(run)
    assert made.pop(f"{SAMPLE_KIT}-pack.zip") == "built" and len(made) >= 10, run.out
    assert set(made.values()) == {"unchanged"}, made
    made = sorted(p.name for p in (ws / "build" / SAMPLE_KIT).iterdir() if p.is_file() and not p.name.startswith("."))
    with zipfile.ZipFile(ws / "build" / SAMPLE_KIT / f"{SAMPLE_KIT}-pack.zip") as z:
        names = z.namelist()
        record = json.loads(z.read("manifest.json"))
    assert names[-1] == "manifest.json" and names[:-1] == sorted(names[:-1])
    assert {f"{SAMPLE_KIT}-slides.pptx", f"{SAMPLE_KIT}-print-order.pdf", f"{SAMPLE_KIT}-print-order.csv",
            f"{SAMPLE_KIT}-participant-workbook-booklet.pdf"} <= set(names)
    assert set(names[:-1]) == set(made) - {f"{SAMPLE_KIT}-pack.zip"}
    assert [e["name"] for e in record["files"]] == names[:-1]


def test_crop_marks_and_bleed_from_the_kit(tmp_path):
    """With crop marks the cover's band runs into the bleed, the trim box is the page and the marks sit
    outside the bleed."""
    import pikepdf
    from kitgen.request import Request
    ws = copy_sample(tmp_path / "ws")
    kit = ws / "content" / "kits" / f"{SAMPLE_KIT}.yaml"
    kit.write_text(kit.read_text(encoding="utf-8") + "print: {crop_marks: true}\n", encoding="utf-8")
    made = build_kits(ws, Request(kits=[SAMPLE_KIT], only=["participant-workbook"], quiet=True, jobs=1))
    with pikepdf.open(made[SAMPLE_KIT]["participant-workbook"]) as pdf:
        page = pdf.pages[0]
        trim = [float(v) for v in page.obj.TrimBox]
        bleed = [float(v) for v in page.obj.BleedBox]
        media = [float(v) for v in page.mediabox]
        assert trim[2] - trim[0] == pytest.approx(595.28, abs=0.1)
        assert bleed[0] == pytest.approx(trim[0] - 3 * pageflow.MM, abs=0.1) and media[0] < bleed[0]
        assert b"1 1 1 1 K" in _content(page)
