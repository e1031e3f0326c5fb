"""Hostile content that tried to crash kitgen, hang validation, multiply the field bounds or print
something other than what it says: each is refused with exit 1 and a located message, never exit 3.
Placeholders are checked in every text and `\\{{` prints literal braces."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import deck_text, expect_problem as expect, line_of, pdf_text

KIT = "content/kits/leadership-half-day.yaml"
TOPIC = "content/topics/reverse-mentoring/topic.yaml"
CASE = "content/topics/reverse-mentoring/case-studies/digital-dashboard.yaml"
FIELD_VALUE = "v" * 1990
"""A kit variable just under the 2,000-character bound of a text field."""


def small_kit(**fields) -> str:
    """A kit of this test's own over the sample topic; `fields` replace its lines (values as written)."""
    lines = {"title": "Hostile kit", "topic": "reverse-mentoring", "audience": "Testers", "duration": "45",
             "variables": f"{{company: Northwind, v: {FIELD_VALUE}}}",
             "agenda": "\n  - {block: welcome, minutes: 15}\n  - {discussion: true, minutes: 30}",
             "outputs": "[participant-workbook, slides]"}
    lines.update(fields)
    return "".join(f"{key}: {value}\n" for key, value in lines.items() if value is not None)


def write_kit(ws: Path, text: str, name: str = "hostile") -> str:
    path = ws / "content" / "kits" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return f"content/kits/{name}.yaml"


def edit_yaml(path: Path, **fields) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000), encoding="utf-8")


# --- M5: placeholders multiplied the field bounds ----------------------------------------------------

def test_a_field_filled_past_its_bound_is_refused(kitgen, sample):
    edit_yaml(sample / TOPIC, key_insights=["{{v}}" * 20], subtitle="{{v}}{{v}}")
    kit = write_kit(sample, small_kit())
    result = kitgen("validate", "-C", sample, "hostile")
    expect(result, TOPIC, line_of(sample / TOPIC, "key_insights:") + 1,
           "key_insights[0]: is too long once its placeholders are filled (39,800 characters, at most 20,000)")
    expect(result, TOPIC, line_of(sample / TOPIC, "subtitle:"), "subtitle: is too long once", "at most 2,000")
    assert kit not in result.err


def test_a_file_filled_past_its_bound_is_refused(kitgen, sample):
    """Every field within its own bound (10 x 1,990 characters), 60 of them: past 1,000,000 in all."""
    edit_yaml(sample / TOPIC, key_insights=["{{v}}" * 10] * 50,
              application_ideas=[{"title": f"Idea {i}", "body": "{{v}}" * 10} for i in range(10)])
    write_kit(sample, small_kit())
    result = kitgen("validate", "-C", sample, "hostile")
    expect(result, TOPIC, None, "the text of this file passes 1,000,000 characters here")
    assert result.err.count("passes 1,000,000") == 1
    assert "is too long once" not in result.err


def test_the_bound_counts_each_use_of_a_case_study(kitgen, sample):
    case = sample / CASE
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    data["summary"] = "{{ mentor }}" * 3
    case.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000), encoding="utf-8")
    write_kit(sample, small_kit(agenda=f"\n  - {{case_study: digital-dashboard, minutes: 30, with: {{mentor: {'m' * 700}}}}}"
                                       "\n  - {case_study: digital-dashboard, minutes: 30}"))
    result = kitgen("validate", "-C", sample, "hostile")
    expect(result, CASE, line_of(case, "summary:"), "summary: is too long once its placeholders are filled (2,100 characters")
    assert result.err.count("is too long once") == 1  # the second use keeps the short default


# --- M6: unmatched {{ ------------------------------------------------------------------------------

def test_unclosed_braces_are_found_in_linear_time(kitgen, sample):
    """47 insights of 19,990 `{` (940 kB) took 140 s per kit with a backtracking pattern."""
    edit_yaml(sample / TOPIC, key_insights=["{" * 19_990] * 47)
    result = kitgen("validate", "-C", sample)
    expect(result, TOPIC, line_of(sample / TOPIC, "key_insights:") + 1,
           "key_insights[0]: `{{` opens a placeholder that is never closed with `}}`", "write \\{{ for literal braces")
    assert result.err.count("never closed") == 47  # each insight once, though both kits use the topic


def test_placeholder_problems_per_text_are_counted_past_ten(sample):
    from kitgen.placeholders import MAX_REPORTED, _check_text
    found, length = _check_text("".join(f"{{{{ n{i} }}}}" for i in range(5_000)) + "{{ x.y }}", {"m": "x"}, "kit variables")
    assert len(found) == MAX_REPORTED + 1
    assert found[-1][1] == "and 4991 more placeholder problems in this text"
    assert length == len("".join(f"{{{{ n{i} }}}}" for i in range(5_000))) + 9


# --- L1: exit 1, never 3 --------------------------------------------------------------------------

HUGE = "1" * 4_400
L1 = {
    "superscript minutes": ({"agenda": "\n  - {block: welcome, minutes: \"²\"}"}, "minutes: \"²\"",
                            "agenda[0].minutes: expected a whole number, got '²'"),
    "arabic-indic minutes": ({"agenda": "\n  - {block: welcome, minutes: \"٣\"}"}, "minutes:",
                             "agenda[0].minutes: expected a whole number"),
    "superscript duration": ({"duration": "³"}, "duration:", "duration: expected a whole number, got '³'"),
    "huge minutes": ({"agenda": f"\n  - {{block: welcome, minutes: {HUGE}}}"}, "minutes:",
                     "agenda[0].minutes: unable to parse input string as an integer"),
    "huge duration": ({"duration": HUGE}, "duration:", "duration: unable to parse input string as an integer"),
    "superscript removal": ({"overrides": "\n  topic:\n    key_insights-: [\"²\"]"}, "key_insights-",
                            "overrides.topic.key_insights-[0]: no item '²' to remove"),
    "huge removal index": ({"overrides": f"\n  topic:\n    key_insights-: [{'9' * 5000}]"}, "key_insights-",
                           "overrides.topic.key_insights-[0]: no item '999"),
    "list in a list, then removal": ({"overrides": "\n  topic:\n    faqs: [[1]]\n    faqs-: [\"x\"]"}, "faqs-",
                                     "overrides.topic.faqs-[0]: no item 'x' to remove"),
    "list as a removal": ({"overrides": "\n  topic:\n    faqs-: [[1]]"}, "faqs-",
                          "overrides.topic.faqs-[0]: expected an item's text or 1-based number"),
}


@pytest.mark.parametrize("case", list(L1))
def test_odd_numbers_and_overrides_are_located_errors(kitgen, sample, case):
    fields, needle, message = L1[case]
    kit = write_kit(sample, small_kit(**fields))
    result = kitgen("validate", "-C", sample, "hostile")
    expect(result, kit, line_of(sample / kit, needle), message)


def test_whole_numbers_are_ascii_digits_only():
    from kitgen.models.base import whole_number
    assert [whole_number(v) for v in ("15", "015", "²", "٣", "１５", "1" * 10, "", " 5", None, 15)] == \
           [15, 15, None, None, None, None, None, None, None, None]


# --- L3: ids are whole slugs ----------------------------------------------------------------------

@pytest.mark.parametrize("where", ["content/kits/evil\n.yaml", "content/topics/reverse-mentoring/case-studies/evil\n.yaml"])
def test_an_id_ending_in_a_line_break_is_refused(kitgen, sample, where):
    source = sample / (KIT if "kits" in where else CASE)
    (sample / where).write_bytes(source.read_bytes())
    result = kitgen("validate", "-C", sample)
    expect(result, where.replace("\n", "\\n"), None, "'evil\\n' is not a valid id")
    assert not (sample / "build").exists()


def test_is_slug_matches_the_whole_text():
    from kitgen.models.base import is_slug
    assert is_slug("evil") and not is_slug("evil\n") and not is_slug("evil\nx") and not is_slug("Evil")


# --- L8: C1 controls and bidirectional overrides ------------------------------------------------

@pytest.mark.parametrize("title, message", [
    ('"\\x9b31mRed"', "title: character U+009B at position 1 cannot appear in a document"),
    ('"Zero\\x85width"', "title: character U+0085 at position 5 cannot appear"),
    ("Invoice \u202efdp.exe", "title: bidirectional control character U+202E at position 9 cannot appear in content"),
    ('"Isolate \\u2066x\\u2069"', "title: bidirectional control character U+2066 at position 9"),
])
def test_controls_and_bidi_overrides_are_refused_with_their_field(kitgen, sample, title, message):
    kit = write_kit(sample, small_kit(title=title))
    result = kitgen("validate", "-C", sample)
    expect(result, kit, 1, message)
    listing = kitgen("list", "-C", sample)
    assert "\x9b" not in listing.text and "\u202e" not in listing.text and "\u2066" not in listing.text
    assert "kit hostile" not in listing.out


# --- Placeholders in every text -------------------------------------------------------------------

@pytest.mark.parametrize("field, value, message", [
    ("facilitator", '"{{ moderator }}"', "facilitator: unknown placeholder {{ moderator }}"),
    ("organization", '{name: "{{ client }} Ltd"}', "organization.name: unknown placeholder {{ client }}"),
    ("audience", '"Teams at {{ compnay }}"', "did you mean {{ company }}?"),
    ("agenda", '\n  - {block: welcome, minutes: 15, title: "{{ x.y }}", notes: "{{ nope }}"}',
     "agenda[0].title: placeholder '{{ x.y }}' is not a plain name"),
    ("agenda", '\n  - {block: welcome, minutes: 15, notes: "Say {{ nope }}"}', "agenda[0].notes: unknown placeholder {{ nope }}"),
    ("facilitator", '"Sam {{ company"', "facilitator: `{{` opens a placeholder that is never closed"),
])
def test_placeholders_are_checked_in_the_kits_own_fields(kitgen, sample, field, value, message):
    kit = write_kit(sample, small_kit(**{field: value}))
    result = kitgen("validate", "-C", sample, "hostile")
    expect(result, kit, line_of(sample / kit, field if field != "agenda" else "block: welcome"), message)


def test_placeholders_are_refused_where_they_would_not_be_filled(kitgen, sample):
    edit_yaml(sample / TOPIC, further_reading=[{"title": "Ours", "url": "https://example.org/{{company}}"}])
    case = sample / CASE
    parameters = yaml.safe_load(case.read_text(encoding="utf-8"))["parameters"]
    parameters["mentor"]["default"] = "{{ company }}"
    edit_yaml(case, parameters=parameters)
    result = kitgen("validate", "-C", sample)
    expect(result, TOPIC, line_of(sample / TOPIC, "url: https://example.org/{{"),
           "further_reading[0].url: a web address is used as written: placeholders are not filled")
    expect(result, CASE, line_of(case, "default: '{{ company }}'"),
           "parameters.mentor.default: a value is used as written: placeholders are not filled")


# --- \{{ prints literal braces, placeholders in the kit's own fields are filled --------------------

@pytest.fixture(scope="module")
def literal_build(built_braces) -> Path:
    """The `braces` root: literal braces in an insight and in the organization's name, a placeholder
    in the facilitator field; its participant workbook and deck."""
    return built_braces / "build" / "braces"


@pytest.mark.parametrize("output", ["participant-workbook.pdf", "slides.pptx"])
def test_escaped_braces_print_literally(literal_build, output):
    path = literal_build / f"braces-{output}"
    text = " ".join((pdf_text(path) if output.endswith(".pdf") else deck_text(path)).split())
    assert "Templates write {{ name }} where a name goes, and {{ code }} in code." in text
    assert "Curly {{ Braces }} Ltd" in text
    assert "Northwind Logistics trainers" in text
    assert "\\{{" not in text and "{{ company }}" not in text


@pytest.mark.parametrize("yaml_text", ['a: \\{{ name }} and }}', "a: '\\{{ name }} and }}'", 'a: "\\\\{{ name }} and }}"',
                                       "a: |\n  \\{{ name }} and }}\n"])
def test_the_escape_reads_the_same_in_every_kind_of_yaml_text(yaml_text):
    from kitgen.placeholders import check, fill
    from kitgen.yamlsafe import load_text
    doc = load_text(yaml_text, "f.yaml")
    assert doc.data["a"].strip() == "\\{{ name }} and }}"
    assert fill(doc.data["a"], {"name": "X"}).strip() == "{{ name }} and }}"
    assert check(doc, doc.data, {"name": "X"}, "kit variables") == []


def test_filling_is_one_pass():
    from kitgen.placeholders import fill
    assert fill("{{ a }}{{b}} \\{{ a }} {{ a", {"a": "{{ b }}", "b": "B"}) == "{{ b }}B {{ a }} {{ a"
