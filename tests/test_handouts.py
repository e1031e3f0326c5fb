"""The five PDF handouts of the two sample kits (the session build of the `full` root), read back.

What a facilitator relies on: the kit's paper size, metadata, embedded fonts, page numbers, clock
times, facilitator notes only in the facilitator edition, case-study parameters filled in, one case
per card, labels in the kit's language, and a contents page whose numbers are right.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOTS, normal as norm, read_pdf
from readback import Pdf

CONTENT = ROOTS / "full" / "content"
TOPIC = CONTENT / "topics" / "reverse-mentoring"
HANDOUTS = ("facilitator-guide", "participant-workbook", "case-cards", "book-club-guide", "discussion-guide")
KITS = ("leadership-half-day", "clinic-managers-fr")
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def built(built) -> dict[str, dict[str, Pdf]]:
    """Every handout of both sample kits, from the session build, read back once."""
    out: dict[str, dict[str, Pdf]] = {}
    for kit in KITS:
        wanted = load_yaml(CONTENT / "kits" / f"{kit}.yaml")["outputs"]
        out[kit] = {name: read_pdf(built / "build" / kit / f"{kit}-{name}.pdf") for name in HANDOUTS if name in wanted}
    return out


def all_pdfs(built):
    return [(kit, name, pdf) for kit, docs in built.items() for name, pdf in docs.items()]


def kit_cases(kit: str) -> list[dict]:
    """The case studies of a kit's agenda, in order, with the kit's parameter values."""
    data = load_yaml(CONTENT / "kits" / f"{kit}.yaml")
    cases = []
    for item in data["agenda"]:
        if "case_study" in item:
            case = load_yaml(TOPIC / "case-studies" / f"{item['case_study']}.yaml")
            case["with"] = item.get("with", {})
            cases.append(case)
    return cases


def distinctive_note(case: dict) -> str:
    """A long sentence from the case's facilitator notes that uses no placeholder."""
    text = re.sub(r"[*_`#>-]", " ", case["facilitator_notes"])
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", text)]
    candidates = [s for s in sentences if "{{" not in s and len(s.split()) >= 8]
    assert candidates, "the case study has no usable facilitator-notes sentence"
    return max(candidates, key=len)


# ----------------------------------------------------------------------------- every PDF

@pytest.mark.parametrize("kit", KITS)
def test_every_paragraph_of_a_scenario_starts_its_own_line_in_every_handout_that_prints_it(built, kit):
    """The workbook, the cards and the guide set a case's scenario as its Markdown says: each paragraph
    begins a line (the workbook once ran them together, emphasis lost), and the emphasis is italic."""
    checked = 0
    for case in kit_cases(kit):
        starts = [" ".join(p.split()[:3]) for p in case["scenario"].split("\n\n") if p.strip()]
        starts = [w for w in starts if "{" not in w and "*" not in w]
        for name in ("participant-workbook", "case-cards", "facilitator-guide"):
            lines = [ln.strip() for page in built[kit][name].pages for ln in page.splitlines()]
            for words in starts[1:]:
                assert any(ln.startswith(words) for ln in lines), (kit, name, words)
                checked += 1
    assert checked >= 6
    italic = [c for page in built[kit]["participant-workbook"].layout for c in page.chars if "Italic" in c.fontname]
    assert italic, "no italic text in the workbook"


def test_the_guide_gives_the_discussions_scope_its_run_sheet_says_to_keep_to(built):
    """The run sheet tells the facilitator to park what is out of scope: the guide's discussion block
    lists what is in and out of it, as the discussion guide does."""
    scope = load_yaml(TOPIC / "discussion-guide.yaml")["scope"]
    from readback import pdf_text
    guide = norm(pdf_text(built["leadership-half-day"]["facilitator-guide"].path))  # pypdf: column by column
    assert norm("out of scope") in guide and scope["in"] and scope["out"]
    for item in scope["in"] + scope["out"]:
        assert norm(item) in guide, item


def test_paper_size_of_every_page(built):
    for kit, name, pdf in all_pdfs(built):
        expected = A4 if kit == "leadership-half-day" else LETTER
        for i, page in enumerate(pdf.reader.pages, 1):
            size = (float(page.mediabox.width), float(page.mediabox.height))
            assert size == pytest.approx(expected, abs=0.5), f"{name} of {kit}, page {i}: {size}"


def test_metadata_title_author_language(built):
    for kit, name, pdf in all_pdfs(built):
        data = load_yaml(CONTENT / "kits" / f"{kit}.yaml")
        info = pdf.reader.metadata
        assert data["title"] in (info.title or ""), f"{name} of {kit}: /Title is {info.title!r}"
        assert info.author == data["facilitator"], f"{name} of {kit}: /Author is {info.author!r}"
        assert pdf.reader.trailer["/Root"].get("/Lang") == data["locale"]


def test_every_font_is_embedded(built):
    for kit, name, pdf in all_pdfs(built):
        seen = 0
        for page in pdf.reader.pages:
            fonts = page.get("/Resources", {}).get("/Font", {})
            for key, ref in fonts.items():
                font = ref.get_object()
                if font.get("/Subtype") == "/Type3":
                    continue  # drawn glyphs, nothing to embed
                if font.get("/Subtype") == "/Type0":
                    font = font["/DescendantFonts"][0].get_object()
                descriptor = font["/FontDescriptor"].get_object()
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), \
                    f"{name} of {kit}: font {font.get('/BaseFont')} is not embedded"
                seen += 1
        assert seen, f"{name} of {kit} has no fonts at all"


def test_page_numbers_in_the_footer(built):
    patterns = {"leadership-half-day": r"Page {n} of {total}", "clinic-managers-fr": r"Page {n} sur {total}"}
    for kit, name, pdf in all_pdfs(built):
        if name == "case-cards":
            continue  # cards count their own pages ("Case 2 · 1/2"): tests/test_press.py
        total = len(pdf.pages)
        for n in range(2, total + 1):  # page 1 may be a cover, without footer
            if n == total and re.search(r"intentionally left blank|laissée blanche", pdf.pages[n - 1]):
                continue  # the back page of a document printed on both sides (clinic-managers-fr)
            expected = patterns[kit].format(n=n, total=total)
            assert re.search(expected, pdf.pages[n - 1]), f"{name} of {kit}: no {expected!r} on page {n}"


def test_no_template_syntax_or_python_reprs_leak(built):
    for kit, name, pdf in all_pdfs(built):
        for bad in ("{{", "}}", "{%", "Undefined", "<bound method", "Rich("):
            assert bad not in pdf.text, f"{bad!r} printed in {name} of {kit}"


# ----------------------------------------------------------------------------- editions

def test_facilitator_guide_has_clock_times_and_facilitator_notes(built):
    guide = built["leadership-half-day"]["facilitator-guide"]
    assert "9:00" in guide.text and "9:15" in guide.text and "12:30" in guide.text
    for case in kit_cases("leadership-half-day"):
        assert norm(distinctive_note(case)) in norm(guide.text), case["title"]
    french = built["clinic-managers-fr"]["facilitator-guide"]
    assert re.search(r"\b14\s+h\s+10\b", french.text) and re.search(r"\b14\s+h\b(?!\s+\d)", french.text)
    assert not re.search(r"\b1[4-6]:\d\d", french.text)  # "14 h 10", never CLDR's "14:10" (elapsed "0:10" stays)
    assert not re.search(r"\d\s+H\b", french.text)  # nor "14 H 10" in an uppercase kicker: a unit keeps its case


def test_a_step_that_says_how_to_form_groups_is_not_told_it_again(built):
    """The role play's first step says "Form trios and assign the roles...": its cue adds no "Form trios."."""
    guide = built["leadership-half-day"]["facilitator-guide"]
    assert norm(guide.text).count(norm("Form trios")) == 1, guide.text.count("Form trios")


def test_the_close_hands_out_the_book_club_guide_when_no_block_does(built):
    """The kit gives participants the book-club guide and its agenda has no book-club block: the close's
    cue says to hand it out, in the guide."""
    guide = built["leadership-half-day"]["facilitator-guide"]
    assert norm("hand out H3") in norm(guide.text) and norm("reading group") in norm(guide.text)


def test_participant_handouts_have_no_facilitator_notes(built):
    for kit in KITS:
        notes = [norm(distinctive_note(case)) for case in kit_cases(kit)]
        for name in ("participant-workbook", "case-cards"):
            text = norm(built[kit][name].text)
            for note in notes:
                assert note not in text, f"facilitator notes leaked into {name} of {kit}"
            assert "facilitatornotes" not in text and "notespourlanimateur" not in text


def test_case_parameters_are_filled_in(built):
    case = load_yaml(TOPIC / "case-studies" / "digital-dashboard.yaml")
    default_mentor = case["parameters"]["mentor"]["default"]
    assert default_mentor == "Maya Chen"
    for name in ("participant-workbook", "case-cards", "facilitator-guide"):
        text = built["leadership-half-day"][name].text
        assert "Priya Raman" in text, name
        assert "David Okafor" in text, name
        assert default_mentor not in text, name
    assert "Inès Moreau" in built["clinic-managers-fr"]["case-cards"].text


def test_nothing_on_a_card_prints_near_the_sheet_edge(built):
    """Cards have narrower margins than the other handouts: their header and footer still sit where
    every office printer prints (the character boxes 8.5 mm or more inside the edge; they were 5.8 mm)."""
    edge = 8.5 * 72 / 25.4
    for kit in KITS:
        for number, page in enumerate(built[kit]["case-cards"].layout, 1):
            chars = [c for c in page.chars if c.text.strip()]
            assert min(c.top for c in chars) >= edge and max(c.bottom for c in chars) <= page.height - edge, (kit, number)


def test_a_mastheads_separators_stand_between_two_items_of_a_line(built):
    """The dots between the masthead's details (title, date, time, facilitator) sit between two items
    of a line: where the details wrap, no line ends with a dot nor starts with one where it shows."""
    import pypdfium2
    mm = 72 / 25.4
    for name in ("discussion-guide", "book-club-guide"):
        pdf = built["leadership-half-day"][name]
        page = pdf.layout[0]
        left = min(c.x0 for c in page.chars if c.text.strip())  # the text column's edge
        dots = [r for r in page.rects if r["width"] < 1.2 * mm and r["height"] < 1.2 * mm]
        shown = [d for d in dots if d["x0"] >= left]
        assert shown, f"{name}: no separator between two details: the test would prove nothing"
        for dot in shown:
            line = [c for c in page.chars if c.text.strip() and c.top < dot["bottom"] and c.bottom > dot["top"]]
            assert any(c.x0 < dot["x0"] for c in line) and any(c.x0 > dot["x1"] for c in line), (name, dot)
        image = pypdfium2.PdfDocument(str(pdf.path))[0].render(scale=2).to_pil().convert("L")
        for dot in dots:  # the line's own leading dot, left of the column, is clipped: nothing is drawn there
            box = (0, int(dot["top"] * 2) - 2, int(left * 2) - 1, int(dot["bottom"] * 2) + 2)
            assert image.crop(box).getextrema()[0] > 250, (name, dot)


def test_a_debrief_box_is_read_on_one_page(built):
    """The debrief points of a case are a box the facilitator reads at a glance while groups report back:
    it is kept on one page (the run sheet's row may break before it), so no page opens inside it unlabelled."""
    pages = [norm(t) for t in built["leadership-half-day"]["facilitator-guide"].pages]
    for case in kit_cases("leadership-half-day"):
        points = [norm(point) for q in case["discussion_questions"] if isinstance(q, dict)
                  for point in q.get("debrief", []) if "{" not in point]
        assert len(points) >= 2, case["title"]
        holders = [{n for n, page in enumerate(pages) if point in page} for point in points]  # a point may recur later
        box = min(holders[0], default=None)
        assert box is not None and all(box in h for h in holders), (case["title"], holders)


def test_a_debrief_box_spans_the_run_sheet_right_of_the_times(built):
    """The debrief points sit in a row of their own under their segment, as wide as the segment's text,
    the participants' and the slides' columns together: about half as tall as in the segment column."""
    import pdfplumber
    guide = built["leadership-half-day"]["facilitator-guide"]
    pages = [n for n, text in enumerate(guide.pages) if "DEBRIEF POINTS" in text.upper()]
    assert len(pages) == len(kit_cases("leadership-half-day")), pages
    with pdfplumber.open(guide.path) as pdf:
        for n in pages:
            page = pdf.pages[n]
            words = page.extract_words()
            label = next(w for w, after in zip(words, words[1:]) if (w["text"], after["text"]) == ("DEBRIEF", "POINTS"))
            heads = [w for w in words if w["text"].upper() in ("SEGMENT", "PARTICIPANTS", "SLIDES")
                     and w["top"] < label["top"]]
            head = {w["text"].upper(): w for w in heads[-3:]}
            assert set(head) == {"SEGMENT", "PARTICIPANTS", "SLIDES"}, (n, heads)
            box = max((r for r in page.rects if r.get("fill") and r["top"] <= label["top"] <= r["bottom"]),
                      key=lambda r: r["width"])
            assert box["x0"] <= head["SEGMENT"]["x0"] + 6 and box["x1"] > head["SLIDES"]["x0"], (n, box["x0"], box["x1"])


def test_a_case_card_keeps_to_the_two_sides_of_a_sheet(built):
    """A card that would run onto a third page for a short tail (the French kit's, on Letter) is set a
    little tighter on a second render and keeps to two pages, as its footers count them."""
    for kit in KITS:
        counts = {m[1]: int(m[2]) for text in built[kit]["case-cards"].pages
                  for m in [re.search(r"(?:Case|Cas) (\d) · \d/(\d)", text)] if m}
        assert counts and all(n <= 2 for n in counts.values()), (kit, counts)


def test_each_case_card_starts_a_page(built):
    for kit in KITS:
        cards = built[kit]["case-cards"]
        cases = kit_cases(kit)
        assert len(cards.pages) >= len(cases)
        titles_on_top = [norm(t) for t in cards.large_text(20, top_fraction=0.3)]
        starts = []
        for case in cases:
            found = [i for i, top in enumerate(titles_on_top) if norm(case["title"]) == top]
            assert found, f"{case['title']!r} does not start a page of the {kit} case cards"
            starts.append(found[0])
        assert starts == sorted(starts) and starts[0] == 0


def test_french_kit_uses_french_labels(built):
    workbook = built["clinic-managers-fr"]["participant-workbook"].text
    for label in ("Questions de réflexion", "Cahier du participant", "Plan d'action", "Idées clés"):
        assert label.lower() in workbook.lower().replace("’", "'"), label
    for english in ("Reflection questions", "Participant workbook", "Action plan", "Key insights", "Page 2 of"):
        assert english.lower() not in workbook.lower(), english
    guide = built["clinic-managers-fr"]["facilitator-guide"].text
    assert "Sommaire" in guide and "Contents" not in guide


def test_further_reading_links_are_clickable(built):
    workbook = built["leadership-half-day"]["participant-workbook"]
    uris = set()
    for page in workbook.reader.pages:
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A", {})
            if "/URI" in action:
                uris.add(str(action["/URI"]))
    assert any("hbr.org" in u for u in uris), uris


@pytest.mark.parametrize("kit", KITS)
def test_titles_of_works_and_their_authors_are_never_hyphenated(built, kit):
    """A book's or article's title and its authors' names wrap between words only: the French kit, whose
    reading list is in English, would otherwise split them by French rules ("Genera-tional")."""
    topic = load_yaml(TOPIC / "topic.yaml")
    works = [(r["title"], r.get("author")) for r in topic.get("further_reading", [])]
    books = [(b["title"], b["author"]) for b in load_yaml(TOPIC / "book-club.yaml")["books"]]
    checked = 0
    for name, listed in (("participant-workbook", works), ("book-club-guide", books)):
        if name not in built[kit]:
            continue
        text = re.sub(r"([-\u2010])\s*\n\s*", r"\1", built[kit][name].text)  # a line ending at a hyphen goes on
        text = " ".join(text.translate({0x2019: "'", 0x201C: '"', 0x201D: '"'}).split())  # typographic quotes as typed
        for title, author in listed:
            for words in (title, author or ""):
                if words:
                    assert " ".join(words.split()) in text, (kit, name, words)
                    checked += 1
    assert checked >= 4


# ----------------------------------------------------------------------------- contents page

TOC_LINE = re.compile(r"^(?P<title>.*?)[\s.·…]*?(?P<page>\d+)$")
TIME_PREFIX = re.compile(r"^\d{1,2}(?:[:.]\d{2}|\s?h(?:\s?\d{2})?)(\s?[AaPp]\.?[Mm]\.?)?\s*")  # 9:15 AM, 14 h, 14 h 10


@pytest.mark.parametrize("kit", KITS)
def test_contents_page_numbers_match_the_headings(built, kit):
    guide = built[kit]["facilitator-guide"]
    contents = guide.pages[1]  # page 1 is the cover
    headings = [norm(t) for t in guide.large_text(15)]  # h1 (22pt) and block titles (16pt)
    entries = []
    for line in contents.splitlines()[1:]:
        if re.search(r"Page \d+ \w+ \d+", line):
            continue  # the footer
        match = TOC_LINE.match(line.strip())
        if not match or not match["title"].strip(" ."):
            continue
        title = TIME_PREFIX.sub("", match["title"].strip(" ."))
        if norm(title) in ("", norm(guide.reader.metadata.title or "")):
            continue
        entries.append((title, int(match["page"])))
    agenda = load_yaml(CONTENT / "kits" / f"{kit}.yaml")["agenda"]
    assert len(entries) >= len(agenda) + 3, contents  # sections + one line per block
    last = 0
    for title, page in entries:
        assert 2 < page <= len(guide.pages), (title, page)
        assert norm(title) in headings[page - 1], f"{title!r} is not a heading on page {page}"
        assert page >= last, "contents out of order"
        last = page


def test_a_long_agenda_keeps_its_timing_at_a_glance_on_one_page(kitgen, tmp_path):
    """Seventeen blocks over two days: the timing table is set closer, so it is one page, the materials
    checklist on the next."""
    from conftest import make_workspace
    kit = yaml.safe_load((ROOTS / "minimal" / "content" / "kits" / "short-session.yaml").read_text(encoding="utf-8"))
    day = [{"block": "welcome", "minutes": 10}, {"case_study": "quiet-meeting", "minutes": 30},
           {"block": "break", "minutes": 10}, {"discussion": True, "minutes": 20}, {"block": "energizer", "minutes": 5},
           {"block": "lunch", "minutes": 45}, {"book_club": True, "minutes": 15}, {"reflection": True, "minutes": 15}]
    kit.pop("duration")
    kit.update(agenda=[*map(dict, day), {"day": 2}, *map(dict, day), {"block": "close", "minutes": 10}],
               outputs=["facilitator-guide"])
    ws = make_workspace(tmp_path / "ws", {"content/kits/short-session.yaml": kit}, root="minimal")
    result = kitgen("build", "-C", ws)
    assert result.code == 0, result.text
    pages = read_pdf(ws / "build" / "short-session" / "short-session-facilitator-guide.pdf").pages
    timing = next(n for n, text in enumerate(pages) if "Timing at a glance" in text.split("\n"))  # its heading, not the contents
    assert "Materials checklist" in pages[timing + 1], pages[timing + 1][:300]
    assert norm("Close") in norm(pages[timing])  # the last block's row is on the timing page itself


def test_a_book_club_meeting_without_a_title_is_headed_once(kitgen, tmp_path):
    from conftest import make_workspace
    book = yaml.safe_load((ROOTS / "minimal" / "content/topics/listening/book-club.yaml").read_text(encoding="utf-8"))
    book["meetings"].append({"reading": "Chapters 3-4", "minutes": 30, "questions": ["What did you try?"]})
    ws = make_workspace(tmp_path / "ws", {"content/topics/listening/book-club.yaml": book}, root="minimal")
    result = kitgen("build", "-C", ws, "--only", "book-club-guide")
    assert result.code == 0, result.text
    text = read_pdf(ws / "build" / "short-session" / "short-session-book-club-guide.pdf").text
    assert "MEETING 2 |" not in text.upper() and "\nMeeting 2\n" in text, text  # its heading, no kicker saying it again
    assert "MEETING 1 | 45 min" in text.upper().replace("MIN", "min") and "Asking instead of telling" in text


def test_a_masthead_detail_that_wraps_keeps_every_line_inside_the_column(kitgen, tmp_path):
    """A kit title too long for the masthead's details line wraps onto lines of its own, each starting at
    the text column: none is cut by the clipping that hides a line's leading separator."""
    from conftest import make_workspace, set_field
    ws = make_workspace(tmp_path / "ws", root="minimal")
    title = ("Listening Well in Team Meetings: A Programme for the Regional Leadership Teams of Europe, the "
             "Middle East and Africa, and for Their Partner Organisations in the Public and Voluntary Sectors")
    set_field(ws / "content" / "kits" / "short-session.yaml", "title", title)
    result = kitgen("build", "-C", ws, "--only", "discussion-guide")
    assert result.code == 0, result.text
    page = read_pdf(ws / "build" / "short-session" / "short-session-discussion-guide.pdf").layout[0]
    left = min(c.x0 for c in page.chars if c.text.strip() and c.size > 20)  # the column, where the title starts
    small = [c for c in page.chars if c.text.strip() and c.size < 10]  # the details line, at 9.5 pt
    assert norm(title) in norm("".join(c.text for c in small))
    assert min(c.x0 for c in small) >= left - 0.5


def test_a_link_in_a_text_prints_its_address(built_stress):
    """Paper cannot be clicked: "[the longer guide](https://example.org/guide)" prints the address after its words."""
    texts = [norm(read_pdf(p).text) for p in sorted((built_stress / "build").glob("*/*.pdf"))]
    shown = [t for t in texts if norm("the longer guide") in t]
    assert shown and all(norm("the longer guide (https://example.org/guide)") in t for t in shown)


def test_a_cast_longer_than_a_page_breaks_between_people_under_its_heading(kitgen, tmp_path):
    """Eight characters with long descriptions do not fit on one card page: the cast starts under its
    heading and breaks between people, so no page holds the heading alone."""
    from conftest import make_workspace
    path = "content/topics/listening/case-studies/quiet-meeting.yaml"
    case = load_yaml(ROOTS / "minimal" / path)
    about = "Has led the weekly review for six years and keeps a notebook of every decision taken in it. " * 7
    case["characters"] = [{"name": f"Person {n}", "role": "Analyst", "description": about} for n in range(1, 9)]
    case["scenario"] = case["scenario"] * 6
    ws = make_workspace(tmp_path / "ws", {path: case}, root="minimal")
    result = kitgen("build", "-C", ws, "--only", "case-cards")
    assert result.code == 0, result.text
    pages = read_pdf(ws / "build" / "short-session" / "short-session-case-cards.pdf").pages
    heading = next(n for n, text in enumerate(pages) if "CHARACTERS" in text.upper().split("\n"))
    assert "Person 1" in pages[heading], pages[heading][:200]
    assert all(norm(f"Person {n}") in norm("".join(pages)) for n in range(1, 9))


def test_the_definition_is_introduced_by_its_term_not_the_topics_title(built):
    """The guide's line for the definition names what it defines (its opening bold words), in both
    languages, rather than read a long topic title out whole."""
    lines = {"leadership-half-day": "Here is what we mean by Reverse mentoring.",
             "clinic-managers-fr": "Voici ce que nous entendons par « Reverse mentoring ». »"}
    for kit, line in lines.items():
        text = norm(" ".join(built[kit]["facilitator-guide"].pages))
        assert norm(line) in text, kit
        assert norm(line.removesuffix(" »").rstrip(".»") + " for") not in text  # not the title, "Reverse Mentoring for ..."


def test_the_guide_says_where_the_workbook_gives_what_no_block_presents(built):
    """The overview names the workbook's resources page and what it holds (FAQs, further reading, ...),
    so the facilitator knows what participants take home; the page is the one the workbook prints them on."""
    pages = built["leadership-half-day"]["participant-workbook"].pages
    page = next(n for n, text in enumerate(pages, 1) if text.lstrip().startswith("Resources") or "\nResources\n" in text)
    assert "Further reading" in " ".join(pages[page - 1:])
    guide = " ".join(" ".join(built["leadership-half-day"]["facilitator-guide"].pages).split())
    assert f"RESOURCES H1 Workbook p. {page}: " in guide, guide[:3000]
    assert "Further reading" in guide.split(f"p. {page}: ", 1)[1][:200]
