"""The pack works as one system: the guide, the deck, the workbook and the cards, read back from the
files, agree with each other and with the session plan.

The fixture workspace (`tests/roots/plan`) has a two-day kit (a welcome covering parts of the topic,
a case study in trios, a break, a role play, a day marker, a block of its own covering the topic's
definition, an exercise, a timed reflection and a close; its duration leaves minutes unplanned) and a
one-morning kit with a book club. Both are built once per test session.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from readback import read_pdf

ROOT = Path(__file__).resolve().parent / "roots" / "plan"
TWO_DAYS, MORNING = "two-days", "one-morning"
CLOCK = re.compile(r"^(?:Day (\d+) · )?(\d{1,2}:\d\d\s?[AP]M)–(\d{1,2}:\d\d\s?[AP]M) \((\d+) min\) · ")
CITE = re.compile(r"H(\d) (Workbook) p\. (\d+)|H(\d) Card (\d+)")
SLIDES = re.compile(r"Slides? ([\d–, ]+)")
TIME = re.compile(r"\d{1,2}:\d\d\s?[AP]M")


@dataclass
class Slide:
    number: int
    name: str
    title: str
    texts: str
    notes: str


@dataclass(frozen=True)
class WordPage:
    """A page's words (in text flow) and horizontal rules, as pdfplumber reads them: what tables() needs."""

    words: tuple[dict, ...]
    rules: tuple[dict, ...]
    width: float
    height: float


@dataclass(eq=False)
class Kit:
    id: str
    folder: Path
    schedule: object
    read: dict = field(default_factory=dict)
    """What was read of each output already (each file is parsed once per test run)."""

    def path(self, output: str) -> Path:
        return self.folder / f"{self.id}-{output}.pdf"

    def pages(self, output: str) -> list[str]:
        return [text.replace("\xa0", " ") for text in read_pdf(self.path(output)).pages]

    def word_pages(self, output: str) -> list[WordPage]:
        if output not in self.read:
            import pdfplumber
            with pdfplumber.open(self.path(output)) as pdf:
                self.read[output] = [WordPage(tuple(dict(w, text=w["text"].replace("\xa0", " "))
                                                    for w in page.extract_words(use_text_flow=True)),
                                              tuple(e for e in page.edges if e["orientation"] == "h"),
                                              float(page.width), float(page.height)) for page in pdf.pages]
        return self.read[output]

    def slides(self) -> list[Slide]:
        from pptx import Presentation
        out = []
        for n, s in enumerate(Presentation(str(self.folder / f"{self.id}-slides.pptx")).slides, 1):
            texts = "\n".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame)
            notes = s.notes_slide.notes_text_frame.text if s.has_notes_slide else ""
            title = s.shapes.title.text_frame.text
            out.append(Slide(n, s._element.cSld.get("name") or "", *(x.replace("\xa0", " ") for x in (title, texts, notes))))
        return out


@pytest.fixture(scope="session")
def pack(built_plan) -> dict[str, Kit]:
    """Both kits of the `plan` root, from its session build."""
    from kitgen.validation import validate
    sessions = validate(built_plan).sessions
    return {kit: Kit(kit, built_plan / "build" / kit, sessions[kit].schedule) for kit in (TWO_DAYS, MORNING)}


# --------------------------------------------------------------------------- reading tables back


def tables(page: WordPage, first: str, last: str) -> list[list[str]]:
    """The rows of each table on `page` whose header runs from the word `first` to `last` (as printed,
    e.g. "CLOCK" ... "SLIDES"): cells cut at the header words, rows at the rules between them."""
    words = page.words
    rows = []
    for head in (w for w in words if w["text"] == first):
        line = sorted((w for w in words if abs(w["top"] - head["top"]) < 2 and w["x0"] >= head["x0"] - 1),
                      key=lambda w: w["x0"])
        if not line or line[-1]["text"] != last and last not in [w["text"] for w in line]:
            continue
        cols = [w["x0"] for i, w in enumerate(line) if i == 0 or w["x0"] - line[i - 1]["x1"] > 6]  # a gap: a column
        cols = cols[:[w["text"] for w in line].index(last) + 1] + [page.width]
        rules = sorted({round(e["top"]) for e in page.rules if e["x0"] <= cols[0] + 1 and e["top"] > head["bottom"]})
        footer = min([w["top"] for w in words if w["text"] == "Page" and w["top"] > page.height * 0.8] or [page.height])
        rules.append(round(footer) - 1)  # a row that goes on to the next page ends at the foot of this one
        for top, bottom in zip(rules, rules[1:]):
            band = [w for w in words if top < w["top"] < bottom and cols[0] - 1 <= w["x0"] < cols[-1]]
            if not band:
                break
            cells = [" ".join(w["text"] for w in band if a - 1 <= w["x0"] < b) for a, b in zip(cols, cols[1:])]
            rows.append(cells)
    return rows


def numbers(text: str) -> list[int]:
    """"Slides 4, 6–8" -> [4, 6, 7, 8]."""
    out: list[int] = []
    for m in SLIDES.finditer(text):
        for part in m.group(1).replace(" ", "").split(","):
            if "–" in part:
                a, b = part.split("–")
                out += range(int(a), int(b) + 1)
            elif part:
                out.append(int(part))
    return out


def glance(kit: Kit) -> list[list[str]]:
    """The timing-at-a-glance rows of the guide, one per block (day rows left out)."""
    found = next(rows for p in kit.word_pages("facilitator-guide") if (rows := tables(p, "CLOCK", "MATERIALS")))
    return [r for r in found if TIME.match(r[0])]


def run_sheet(kit: Kit) -> list[list[str]]:
    """Every run-sheet row of the guide, in order: clock, duration, segment, participants, slides."""
    return [r for p in kit.word_pages("facilitator-guide") for r in tables(p, "CLOCK", "SLIDES")
            if TIME.fullmatch(r[0]) and len(r) == 5]


def minutes_of(clock: str) -> int:
    h, m = re.match(r"(\d{1,2}):(\d\d)", clock).groups()
    pm = "PM" in clock and int(h) != 12
    return (int(h) + 12 * pm) * 60 + int(m)


# --------------------------------------------------------------------------- the guide cites what shows each block


def test_the_guide_has_a_row_per_block_and_a_run_sheet_row_per_segment(pack):
    for kit in pack.values():
        blocks = kit.schedule.blocks
        assert len(glance(kit)) == len(blocks)
        rows = run_sheet(kit)
        assert len(rows) == sum(len(b.segments) for b in blocks)


def test_every_slide_number_in_the_guide_points_at_a_slide_of_that_block(pack):
    for kit in pack.values():
        slides = kit.slides()
        for plan, row in zip(kit.schedule.blocks, glance(kit)):
            cited = numbers(row[3])
            shown = [s.number for s in slides if s.name.startswith(plan.anchor + "-s")]
            assert cited == shown and cited, (kit.id, plan.anchor, row)
        segments = [(plan, seg) for plan in kit.schedule.blocks for seg in plan.segments]
        for (plan, seg), row in zip(segments, run_sheet(kit)):
            anchor = f"{plan.anchor}-s{plan.segments.index(seg) + 1}"
            assert numbers(row[4]) == [s.number for s in slides if s.name == anchor], (kit.id, anchor, row)


def test_run_sheet_times_and_minutes_add_up_to_each_block(pack):
    for kit in pack.values():
        rows = iter(run_sheet(kit))
        for plan, block_row in zip(kit.schedule.blocks, glance(kit)):
            mine = [next(rows) for _ in plan.segments]
            start, end = block_row[0].split("–")
            assert mine[0][0] == start.strip(), (mine[0], block_row)
            minutes = [int(re.match(r"(\d+) min", r[1]).group(1)) for r in mine]
            block_minutes = minutes_of(end) - minutes_of(start)
            assert sum(minutes) == block_minutes == plan.minutes, (kit.id, plan.anchor, minutes)
            assert [minutes_of(r[0]) for r in mine] == [minutes_of(start) + sum(minutes[:i]) for i in range(len(mine))]


def test_every_page_cited_points_at_the_page_that_shows_that_block(pack):
    kit = pack[TWO_DAYS]
    workbook, cards = kit.pages("participant-workbook"), kit.pages("case-cards")
    slides = kit.slides()
    cited = [(plan, None, row[4]) for plan, row in zip(kit.schedule.blocks, glance(kit))]
    cited += [(plan, seg, s.notes) for plan in kit.schedule.blocks for j, seg in enumerate(plan.segments)
              for s in slides if s.name == f"{plan.anchor}-s{j + 1}"]
    checked = 0
    for plan, seg, text in cited:
        for m in CITE.finditer(text):
            if m.group(3):
                page = workbook[int(m.group(3)) - 1]
                assert _heading(plan, seg).upper() in page.upper(), (plan.anchor, m.group(0), page[:200])
            else:
                card = next(c for c in cards if f"H{m.group(4)} · Case {m.group(5)}".upper() in c.upper())
                assert plan.block.case.model.title in card
            checked += 1
    assert checked >= 10


def _heading(plan, seg=None) -> str:
    """What the workbook prints at the top of a block's section, or of a segment's part of it."""
    parts = {"commit": "Action plan", "objectives": "Objectives", "key_insights": "Key insights",
             "definition": "Definition", "why_it_matters": "Why it matters"}
    if seg is not None and (seg.topic_part or seg.key) in parts:
        return parts[seg.topic_part or seg.key]
    block = plan.block
    if block.case is not None:
        return block.case.model.title
    if block.kind == "reflection":
        return "Reflection questions"
    return block.item.title or block.ref.capitalize()


# --------------------------------------------------------------------------- speaker notes


def test_every_slides_notes_begin_with_a_clock_time_inside_its_block(pack):
    for kit in pack.values():
        spans = {plan.anchor: row[0] for plan, row in zip(kit.schedule.blocks, glance(kit))}
        days = {plan.anchor: plan.block.day for plan in kit.schedule.blocks}
        multi = len(kit.schedule.days) > 1
        for s in kit.slides():
            block = s.name.rsplit("-s", 1)[0]
            m = CLOCK.match(s.notes)
            assert m and block in spans, (kit.id, s.number, s.notes[:80])
            start, end = (minutes_of(x) for x in spans[block].split("–"))
            assert start <= minutes_of(m.group(2)) < minutes_of(m.group(3)) <= end, (s.number, s.notes[:60])
            assert int(m.group(4)) == minutes_of(m.group(3)) - minutes_of(m.group(2))
            assert (int(m.group(1)) if m.group(1) else None) == (days[block] if multi else None)


def test_no_two_slides_carry_the_same_notes(pack):
    for kit in pack.values():
        notes = [s.notes for s in kit.slides()]
        twice = {n[:80] for n in notes if notes.count(n) > 1}
        assert not twice, twice


def test_continued_slides_say_so_instead_of_repeating_their_notes(pack):
    slides = pack[TWO_DAYS].slides() + pack[MORNING].slides()
    continued = [(a, b) for a, b in zip(slides, slides[1:]) if b.title.endswith("(continued)")]
    for first, more in continued:
        assert more.notes.splitlines()[0] == first.notes.splitlines()[0]
        assert "(continued 2/" in more.notes and len(more.notes) < len(first.notes)


def test_the_notes_cue_the_blocks_grouping(pack):
    slides = pack[TWO_DAYS].slides()
    case = next(s for s in slides if s.name == "block-2-s1")
    assert "Form trios; give each trio H2 Card 1." in case.notes  # the case's own grouping, on its first slide
    pairs = next(s for s in slides if s.name == "block-4-s1")
    assert "Form pairs." in pairs.notes and "Pair people from different teams." in pairs.notes  # + the kit's notes
    debrief = next(s for s in slides if s.title.startswith("Debrief"))
    assert "Name the behaviour (the late report)" in debrief.notes  # the case's debrief points


# --------------------------------------------------------------------------- the deck follows the session


def test_no_book_club_slide_without_a_book_club_on_the_agenda(pack):
    book = "Thanks for the Feedback"
    assert not any(book in s.texts or book in s.notes for s in pack[TWO_DAYS].slides())
    assert any(book in s.texts for s in pack[MORNING].slides())  # the morning's agenda has one


def test_the_opening_shows_only_what_the_opening_block_covers(pack):
    titles = [s.title for s in pack[TWO_DAYS].slides() if s.name.startswith("block-1-")]
    assert titles[:4] == ["Feedback That Lands, Over Two Days", "Agenda", "Objectives", "Quote"]
    assert "Definition" not in titles and "Key insights" not in titles
    everything = [s.title for s in pack[TWO_DAYS].slides()]
    assert everything.index("Key insights") > everything.index("Reflection questions")  # the close's recap
    assert everything.index("Definition") > everything.index("Day 2 · March 9, 2027")   # where day 2 covers it


def test_the_agenda_heads_each_day_with_a_bold_row_neither_numbered_nor_timed(pack):
    from pptx import Presentation
    from pptx.oxml.ns import qn
    kit = pack[TWO_DAYS]
    deck = Presentation(str(kit.folder / f"{kit.id}-slides.pptx"))
    agenda = [s for s in deck.slides if s.shapes.title.text_frame.text.startswith("Agenda")]
    boxes = [ph.text_frame.paragraphs for s in agenda for ph in s.placeholders if ph.placeholder_format.idx != 0]
    rows = [p for box in boxes if any(p.text.startswith("Day ") for p in box) for p in box]  # the rows' box
    days = [p for p in rows if p.text.startswith("Day ")]
    assert [p.text.split(" · ")[0] for p in days] == [f"Day {d.number}" for d in kit.schedule.days]
    assert "Day 2 · March 9, 2027" in [p.text.split(" (")[0] for p in days]
    for row in days:
        assert row._p.find(f"{qn('a:pPr')}/{qn('a:buAutoNum')}") is None, row.text  # no "1." nor "11." before it
        assert row.runs[0].font.bold, row.text
    assert all(p.text[:1].isdigit() for p in rows if p.text and p not in days)  # the others keep their clock


def test_days_have_dividers_and_their_own_clock(pack):
    kit = pack[TWO_DAYS]
    divider = next(s for s in kit.slides() if s.title == "Day 2 · March 9, 2027")
    assert divider.notes.startswith("Day 2 · 1:30 PM–")
    guide = "\n".join(kit.pages("facilitator-guide"))
    assert "DAY 2 | MARCH 9, 2027 | 1:30 PM–2:50 PM" in guide and "Practice" in guide
    rows = glance(kit)
    day2 = kit.schedule.days[1].blocks[0]
    assert rows[day2][0].startswith("1:30 PM") and rows[day2][1] == "0:00"


# --------------------------------------------------------------------------- totals and what each edition cites


def test_the_total_on_every_cover_equals_the_agendas(pack):
    for kit in pack.values():
        total = sum(minutes_of(r[0].split("–")[1]) - minutes_of(r[0].split("–")[0]) for r in glance(kit))
        text = f"{total // 60} h" + (f" {total % 60} min" if total % 60 else "")
        for output in ("facilitator-guide", "participant-workbook"):
            cover = kit.pages(output)[0]
            assert re.search(rf"Duration\s+{text}\b", cover, re.I) or f"({text})" in cover, (kit.id, output, cover)
        agenda = next(s for s in kit.slides() if s.title == "Agenda")
        assert text in agenda.texts.splitlines()[-1] or text in agenda.texts, agenda.texts
    guide = " ".join(pack[TWO_DAYS].pages("facilitator-guide")).replace("\n", " ")
    assert "1 h 30 min of the 4 h 30 min booked are not planned" in guide  # the overview says what is left


def test_the_workbook_cites_nothing_facilitator_only(pack):
    for kit in pack.values():
        workbook = "\n".join(kit.pages("participant-workbook"))
        for facilitator_only in ("Slide", "Say:", "Facilitator", "Debrief points", "Name the behaviour (the late",
                                 "push them to open with the behaviour", "Pair people from different teams"):
            assert facilitator_only not in workbook, (kit.id, facilitator_only)
        assert "H1 PARTICIPANT WORKBOOK" in workbook.upper()  # its own label, which the guide and slides cite


def test_validate_warns_with_file_and_line(kitgen, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(ROOT, ws)
    result = kitgen("validate", "-C", ws)
    assert result.code == 0, result.text
    assert "content/kits/two-days.yaml:7:1: duration: warning: the agenda plans 180 of the 270 minutes" in result.text
    assert re.search(r"content/kits/one-morning\.yaml:8:\d+: agenda\[1\]\.minutes: warning: this slot lasts 25 minutes; "
                     r"case study 'missed-deadline' suggests 40 minutes \(content/topics/feedback/case-studies/"
                     r"missed-deadline\.yaml:3:\d+\)", result.text), result.text


def test_the_deck_has_a_section_per_block(pack):
    import zipfile
    from lxml import etree
    kit = pack[TWO_DAYS]
    with zipfile.ZipFile(kit.folder / f"{kit.id}-slides.pptx") as z:
        root = etree.fromstring(z.read("ppt/presentation.xml"))
    p14 = "{http://schemas.microsoft.com/office/powerpoint/2010/main}"
    ids = [e.get("id") for e in root.iter("{http://schemas.openxmlformats.org/presentationml/2006/main}sldId")]
    sections = [(s.get("name").replace("\xa0", " "), [ids.index(x.get("id")) + 1 for x in s.iter(f"{p14}sldId")])
                for s in root.iter(f"{p14}section")]
    slides = kit.slides()
    assert [name for name, _ in sections][:2] == ["Day 1 · 9:00 AM Welcome", "Day 1 · 9:20 AM Case 1: The Missed Deadline"]
    assert len(sections) == len(kit.schedule.blocks)
    for plan, (_, numbers) in zip(kit.schedule.blocks, sections):
        assert numbers == [s.number for s in slides if s.name.startswith(plan.anchor + "-s")]
