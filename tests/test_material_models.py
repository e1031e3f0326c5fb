"""Material of real training content, as models and as the agenda resolves it: worksheets, role
briefs, observer sheets, solutions, blocks with content, teaching fields placed in blocks, references
into other topics and suggested time ranges. Every mistake is one located problem."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent / "roots" / "material"
KIT = "content/kits/teaching-day.yaml"
SORT = "content/topics/motivation/activities/praise-sort.yaml"
ROLES = "content/topics/motivation/activities/feedback-role-play.yaml"


@pytest.fixture(scope="module")
def session():
    from kitgen.validation import validate
    checked = validate(ROOT)
    assert not checked.problems.items, [str(p) for p in checked.problems.items]
    return checked.sessions["teaching-day"]


@pytest.fixture
def ws(tmp_path) -> Path:
    """A copy of the material workspace to break."""
    return Path(shutil.copytree(ROOT, tmp_path / "ws"))


def replace(ws: Path, file: str, old: str, new: str) -> int:
    """Replace `old` in a file of the copy; the 1-based line where it stood."""
    path = ws / file
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, file)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def problems_at(result, file: str, line: int) -> list[str]:
    assert "Traceback" not in result.text, result.text
    return [p for p in re.split(r"\n(?!    hint:)", result.err) if p.startswith(f"{file}:{line}:")]


def expect_error(result, file: str, line: int, *fragments: str) -> None:
    assert result.code == 1, result.text
    found = problems_at(result, file, line)
    assert any(all(f in p for f in fragments) for p in found), result.err


def test_the_agenda_draws_on_two_topics(session):
    kinds = [(b.kind, b.ref, b.topic_id) for b in session.blocks]
    assert ("case_study", "design-methods/five-whys", "design-methods") in kinds
    assert ("activity", "praise-sort", "motivation") in kinds
    assert set(session.topics) == {"motivation", "design-methods"}
    case = next(b.case for b in session.blocks if b.case)
    assert case.model.title == "The workshop nobody came back to"


def test_a_block_takes_its_content_from_the_topics_blocks_folder(session):
    block = next(b for b in session.blocks if b.ref == "do-no-harm")
    assert block.custom is not None and block.custom.title == "First, do no harm!"
    assert [s.minutes for s in block.custom.steps] == [8, 7]
    assert block.custom.slides[0].points[0].startswith("Dismissiveness")
    plain = next(b for b in session.blocks if b.ref == "welcome")
    assert plain.custom is None


def test_covers_places_topic_parts_in_blocks(session):
    covers = {p.block.ref or p.block.kind: p.covers for p in session.schedule.blocks if p.covers}
    assert covers == {"welcome": ["definition"], "design-methods/five-whys": ["design-methods/definition"],
                      "close": ["faqs"]}


def test_worksheet_items_carry_their_solution_and_ranges_are_read(session):
    sort = session.activities["praise-sort"]
    assert sort.worksheet.categories == ["Process praise", "Person praise"]
    assert [i.solution for i in sort.worksheet.items].count("Process praise") == 3
    assert (sort.minutes.low, sort.minutes.high) == (10, 15)
    roles = session.activities["feedback-role-play"]
    assert [b.role for b in roles.role_briefs] == ["Coach", "Instructor", "Observer"]
    assert roles.role_briefs[0].shared_with == ["Observer"]
    assert [f.lines for f in roles.observer_sheet.fields] == [2, 2, 3]


def test_participant_edition_holds_no_solution_debrief_or_notes(session):
    from kitgen.context import build_context
    from kitgen.outputs import OUTPUTS
    specs = tuple(OUTPUTS.values())
    for name in ("participant-workbook", "facilitator-guide"):
        ctx = build_context(session, OUTPUTS[name], specs)
        sort = next(vars(a) for a in ctx.activities if vars(a)["id"] == "praise-sort")
        items = [vars(i)["solution"] for i in vars(sort["worksheet"])["items"]]
        if name == "participant-workbook":
            assert sort["solution"] is None and sort["debrief"] is None and sort["facilitator_notes"] is None
            assert items == [None] * 5
        else:
            assert "process praise" in sort["solution"].plain and len(sort["debrief"]) == 2
            assert items[0].plain == "Process praise"


@pytest.mark.parametrize("old, new, fragments", [
    ("design-methods/five-whys", "design-method/five-whys", ("no topic 'design-method'", "did you mean 'design-methods'")),
    ("design-methods/five-whys", "design-methods/five-why", ("no case study 'five-why' in design-methods/case-studies/",
                                                             "did you mean 'five-whys'")),
    ("{block: do-no-harm,", "{block: design-methods/do-no-harm,", ("no block 'do-no-harm' in design-methods/blocks/",)),
    ("covers: [definition]", "covers: [defnition]", ("a block can cover", "did you mean 'definition'")),
    ("{reflection: true,", "{reflection: design-methods,", ("topic 'design-methods' has no reflection_questions",)),
    ("{reflection: true,", "{discussion: design-methods,", ("topic 'design-methods' has no discussion-guide.yaml",)),
    ("{activity: praise-sort, minutes: 12}", "{activity: praise-sort, minutes: 10-15}",
     ("an agenda block takes one number of minutes, not a range", "write the minutes you plan")),
])
def test_a_wrong_agenda_reference_is_one_error_at_its_line(kitgen, ws, old, new, fragments):
    line = replace(ws, KIT, old, new)
    result = kitgen("validate", "-C", ws)
    expect_error(result, KIT, line, *fragments)
    assert result.err.count("error(s)") == 1 and "1 error(s)" in result.err, result.err


def test_a_part_another_topic_lacks_is_a_warning_at_its_line(kitgen, ws):
    line = replace(ws, KIT, "covers: [faqs]", "covers: [design-methods/faqs]")
    result = kitgen("validate", "-C", ws)
    assert result.code == 0, result.text
    assert any("topic 'design-methods' has no faqs" in p for p in problems_at(result, KIT, line)), result.err


@pytest.mark.parametrize("file, old, new, fragments", [
    (SORT, "solution: Person praise}", "solution: Personal praise}",
     ("'Personal praise' is none of the categories (Process praise, Person praise)",)),
    (SORT, "categories: [Process praise, Person praise]", "categories: [Process praise, Person praise]\n  rank: true",
     ("classifies (categories) or ranks (rank: true), not both",)),
    (SORT, "categories: [Process praise, Person praise]", "categories: [Process praise]",
     ("at least two categories",)),
    (SORT, "lines: 3}", "lines: 300}", ("lines",)),
    (SORT, "  - title: Compare in pairs\n    minutes: 3", "  - title: Compare in pairs\n    minutes: 2-3",
     ("a step takes one number of minutes",)),
    (SORT, "minutes: 10-15", "minutes: 15-10", ("a range goes from fewer to more minutes: write 10-15",)),
    (ROLES, "    shared_with: [Observer]", "    shared_with: [Obsrever]", ("'Obsrever' is not another role here",)),
    (ROLES, "  - role: Instructor", "  - role: Coach", ("the role 'Coach' has a brief already",)),
    (ROLES, "  - role: Observer", "  - role: Instructor", ("the role 'Instructor' has a brief already",)),  # Coach's brief is shared with Observer
])
def test_a_material_mistake_is_located_at_its_value(kitgen, ws, file, old, new, fragments):
    line = replace(ws, file, old, new)
    if "\n" in old and "rank" not in new:
        line += 1
    if "rank: true" in new:
        line += 1
    result = kitgen("validate", "-C", ws)
    expect_error(result, file, line, *fragments)


def test_a_block_file_and_its_overrides_are_validated_like_any_content(kitgen, ws):
    replace(ws, KIT, "outputs:", "overrides:\n  blocks:\n    do-no-harm: {minute: 5}\n    do-harm: {title: x}\noutputs:")
    result = kitgen("validate", "-C", ws)
    assert result.code == 1
    assert "unknown field 'minute'" in result.err and "did you mean 'minutes'" in result.err, result.err
    assert "no block 'do-harm' to override" in result.err, result.err


def test_an_override_of_another_topics_case_is_applied(ws):
    from kitgen.validation import validate
    replace(ws, KIT, "outputs:", "overrides:\n  case_studies:\n    design-methods/five-whys: {title: Who came back}\noutputs:")
    checked = validate(ws)
    assert not checked.problems.errors, [str(p) for p in checked.problems.items]
    case = checked.sessions["teaching-day"].case_studies[0]
    assert case.model.title == "Who came back"


def test_guides_of_another_topic_serve_its_blocks(ws):
    from kitgen.validation import validate
    (ws / "content/topics/design-methods/discussion-guide.yaml").write_text(
        "goal: Choose one method to try.\nquestions: [Which method fits our next project]\n", encoding="utf-8")
    replace(ws, KIT, "{reflection: true,", "{discussion: design-methods,")
    checked = validate(ws)
    assert not checked.problems.errors, [str(p) for p in checked.problems.items]
    session = checked.sessions["teaching-day"]
    block = next(b for b in session.blocks if b.kind == "discussion")
    assert block.discussion is session.discussion
    assert block.discussion.questions[0].question == "Which method fits our next project"


def test_a_block_with_steps_that_covers_a_topic_part_opens_with_its_own_title(kitgen, ws):
    """The block's section slide comes first, then the part it covers, then its steps, counted as steps
    ("Step 1 of 2": the covered part is none); the steps' written minutes filled the block, so the kit
    is told the covered part takes a minute from them."""
    from pptx import Presentation
    line = replace(ws, KIT, "{block: do-no-harm, minutes: 15}", "{block: do-no-harm, minutes: 15, covers: [faqs]}")
    result = kitgen("build", "-C", ws, "--only", "slides")
    assert result.code == 0, result.text
    assert any("the steps' own minutes fill the block" in p and "step 1 8 → 7 min" in p
               for p in problems_at(result, KIT, line)), result.err
    deck = Presentation(str(ws / "build" / "teaching-day" / "teaching-day-slides.pptx"))
    titles = [s.shapes.title.text_frame.text for s in deck.slides
              if (s._element.cSld.get("name") or "").startswith("block-3-")]
    assert titles[:2] == ["First, do no harm!", "Frequently asked questions"], titles
    steps = [t for t in titles if t.startswith("Step")]
    assert steps == ["Step 1 of 2: Teach the list", "Step 2 of 2: Pairs pick one"], titles


def test_problems_of_every_stage_are_reported_in_one_run(kitgen, ws):
    """A kit placeholder, a field of a case study, a block's step minutes (found by the session plan) and,
    in a kit with an error of its own, its locale: one run reports them all."""
    replace(ws, KIT, "title: Teaching that Motivates", 'title: "Teaching that Motivates at {{ compnay }}"')
    case = replace(ws, "content/topics/design-methods/case-studies/five-whys.yaml", "summary: Ask why", "summry: Ask why")
    block = "content/topics/motivation/blocks/do-no-harm.yaml"
    replace(ws, block, "    minutes: 8", "    minutes: 9")
    result = kitgen("validate", "-C", ws)
    assert result.code == 1
    assert "unknown placeholder {{ compnay }}" in result.err
    assert f"five-whys.yaml:{case}:1: summry: unknown field 'summry'" in result.err
    assert "do-no-harm.yaml" in result.err and "the steps add up to 16 minutes" in result.err, result.err
    (ws / KIT).write_text((ws / KIT).read_text(encoding="utf-8") + "locale: de\nminuts: 3\n", encoding="utf-8")
    result = kitgen("validate", "-C", ws)
    assert "unknown field 'minuts'" in result.err and "no labels for locale 'de'" in result.err, result.err
