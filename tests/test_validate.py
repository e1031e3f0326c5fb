"""kitgen validate: every content problem reported with file, line and field, exit 1, no traceback."""

from __future__ import annotations

import re

import pytest

from conftest import MINIMAL_KIT, REPO, edit, expect_problem, line_of

KIT = "content/kits/leadership-half-day.yaml"
CASE = "content/topics/reverse-mentoring/case-studies/digital-dashboard.yaml"
TOPIC = "content/topics/reverse-mentoring/topic.yaml"


def test_repository_validates(kitgen):
    result = kitgen("validate", "-C", REPO)
    assert result.code == 0, result.text
    assert "3 kit(s) valid" in result.out


def test_workspace_flag_anywhere_on_the_line(kitgen, sample):
    assert kitgen("-C", sample, "validate").code == 0
    assert kitgen("validate", "leadership-half-day", "--workspace", sample).code == 0


# (file, text to replace, replacement, text on the line the error must name, fragments of the message)
ONE_EDIT = {
    "misspelt field": (CASE, "group_task:", "group_tasks:", "group_tasks:",
                       ["unknown field 'group_tasks'", "did you mean 'group_task'?"]),
    "wrong type": (CASE, "minutes: 45", "minutes: forty", "minutes: forty",
                   ["minutes: expected a whole number, got 'forty'"]),
    "unknown placeholder": (CASE, "{{ mentee }}", "{{ mentie }}", "{{ mentie }}",
                            ["unknown placeholder {{ mentie }}", "did you mean {{ mentee }}?"]),
    "placeholder expression": (CASE, "{{ mentee }}", "{{ mentee.__class__ }}", "__class__", ["is not a plain name"]),
    "agenda too long": (KIT, "duration: 210", "duration: 180", "agenda:",
                        ["the agenda lasts 210 minutes, longer than the kit's duration of 180"]),
    "missing case study": (KIT, "case_study: inclusion-listening-tour", "case_study: inclusion-tour", "inclusion-tour",
                           ["no case study 'inclusion-tour'", "did you mean 'inclusion-listening-tour'?"]),
    "unknown parameter": (KIT, "mentor: Priya Raman", "mentr: Priya Raman", "mentr:", ["has no parameter 'mentr'"]),
    "placeholder in a link": (TOPIC, "url: https://doi.org/10.1002/hrm.21489", "url: https://doi.org/{{ company }}",
                              "{{ company }}", ["cannot hold a placeholder"]),
    "bad grouping": (KIT, "{block: welcome, minutes: 15}", "{block: welcome, minutes: 15, grouping: quartets}",
                     "quartets", ["'quartets' does not have the expected form", "groups of N (2 to 20)"]),
}


@pytest.mark.parametrize("case", list(ONE_EDIT))
def test_one_edit_one_located_error(kitgen, sample, case):
    file, old, new, needle, fragments = ONE_EDIT[case]
    edit(sample / file, old, new)
    expect_problem(kitgen("validate", "-C", sample), file, line_of(sample / file, needle), *fragments)


def test_missing_required_field(kitgen, sample):
    text = (sample / TOPIC).read_text(encoding="utf-8")
    (sample / TOPIC).write_text(re.sub(r"(?m)^title:.*\n", "", text, count=1), encoding="utf-8")
    expect_problem(kitgen("validate", "-C", sample), TOPIC, 1, "title: required field is missing")


def test_duplicate_key_names_both_lines(kitgen, sample):
    first = line_of(sample / KIT, "audience:")
    edit(sample / KIT, "audience:", "audience: Everyone\naudience:")
    expect_problem(kitgen("validate", "-C", sample), KIT, first + 1, f"duplicate key 'audience' (first set on line {first})")


def test_python_tag_refused(kitgen, sample):
    edit(sample / TOPIC, "title:", "title: !!python/object/apply:os.system ['echo pwned']\nsubtitle2:")
    result = kitgen("validate", "-C", sample)
    expect_problem(result, TOPIC, 1, "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed")
    assert "pwned" not in result.text


def test_all_problems_reported_at_once(kitgen, sample):
    edit(sample / CASE, "minutes: 45", "minutes: forty")
    edit(sample / KIT, "duration: 210", "duration: 100")
    edit(sample / TOPIC, "subtitle:", "subtitel:")
    result = kitgen("validate", "-C", sample)
    assert result.code == 1
    assert CASE in result.err and TOPIC in result.err
    assert "error(s)" in result.err


def test_yaml_11_surprises_keep_the_authors_text(sample):
    from kitgen.validation import validate
    text = (sample / TOPIC).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title:.*$", "title: no", text)
    text = re.sub(r"(?m)^subtitle:.*$", "subtitle: 1.10", text)
    (sample / TOPIC).write_text(text, encoding="utf-8")
    loaded = validate(sample)
    topic = loaded.workspace.topics["reverse-mentoring"].topic.model
    assert topic.title == "no"
    assert topic.subtitle == "1.10"


def test_override_is_validated_and_located_in_the_kit(kitgen, sample):
    kit = sample / "content/kits/clinic-managers-fr.yaml"
    text = kit.read_text(encoding="utf-8")
    assert "reflection_questions:" in text
    edit(kit, "reflection_questions:", "reflection_questionz:")
    expect_problem(kitgen("validate", "-C", sample), "content/kits/clinic-managers-fr.yaml",
            line_of(kit, "reflection_questionz:"), "unknown field 'reflection_questionz'")


def test_override_adds_and_drops_items(sample):
    from kitgen.validation import validate
    base = validate(sample).sessions["leadership-half-day"].topic.reflection_questions
    kit = sample / KIT
    kit.write_text(kit.read_text(encoding="utf-8") + "overrides:\n  topic:\n    reflection_questions-: [1]\n"
                   "    reflection_questions+:\n      - What will you try first?\n", encoding="utf-8")
    loaded = validate(sample)
    assert not loaded.problems.errors, loaded.problems.errors
    questions = [q.question for q in loaded.sessions["leadership-half-day"].topic.reflection_questions]
    assert questions[0] == base[1].question
    assert questions[-1] == "What will you try first?"
    assert len(questions) == len(base)


def test_clock_times_follow_start(sample):
    from kitgen.validation import validate
    session = validate(sample).sessions["leadership-half-day"]
    starts = [b.start.strftime("%H:%M") for b in session.blocks]
    assert starts[0] == "09:00"
    assert starts[1] == "09:15"
    assert session.blocks[-1].end.strftime("%H:%M") == "12:30"


def test_invalid_id_is_an_error(kitgen, sample):
    (sample / CASE).rename(sample / "content/topics/reverse-mentoring/case-studies/Bad Name.yaml")
    result = kitgen("validate", "-C", sample)
    assert result.code == 1
    assert "'Bad Name' is not a valid id" in result.err


def test_usage_error_exit_2(kitgen, sample):
    assert kitgen("build", "-C", sample, "--only", "posters").code == 2
    assert kitgen("frobnicate").code == 2


@pytest.mark.parametrize("kind", ["topic", "case-study", "book-club", "discussion-guide", "activity", "kit", "config"])
def test_schema_describes_every_field(kind):
    from kitgen.schema import schema_for
    schema = schema_for(kind)
    assert schema["additionalProperties"] is False
    for name, prop in schema["properties"].items():
        assert prop.get("description"), f"{kind}.{name} has no description"


def test_broken_file_is_reported_once_without_cascades(kitgen, sample):
    """A case study that does not parse is one error, not also 'no such case study' in every kit."""
    path = sample / CASE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title:", "title: [unclosed", 1), encoding="utf-8")
    result = kitgen("validate", "-C", sample)
    assert result.code == 1
    assert result.err.count("error(s)") == 1
    assert "1 error(s)" in result.err, result.err
    assert "no case study" not in result.err


def test_a_kit_named_on_the_command_line_that_does_not_parse_is_one_error_not_also_missing(kitgen, minimal):
    kit = minimal / f"content/kits/{MINIMAL_KIT}.yaml"
    kit.write_text(kit.read_text(encoding="utf-8") + "pairs: {by: x}\n  by: x\n", encoding="utf-8")
    for command in ("validate", "build"):
        result = kitgen(command, "-C", minimal, MINIMAL_KIT)
        assert result.code == 1 and "1 error(s)" in result.err, result.err
        assert f"content/kits/{MINIMAL_KIT}.yaml:" in result.err and "no kit" not in result.err


def test_an_empty_list_item_is_called_empty_at_its_line(kitgen, minimal):
    topic = minimal / "content/topics/listening/topic.yaml"
    text = topic.read_text(encoding="utf-8")
    topic.write_text(text.replace("reflection_questions:\n", "reflection_questions:\n  - \n", 1), encoding="utf-8")
    result = kitgen("validate", "-C", minimal)
    assert result.code == 1
    line = line_of(topic, "reflection_questions:") + 1
    assert f"topic.yaml:{line}:" in result.err and "reflection_questions[0]: this list item is empty" in result.err
    assert "write the item after `- `" in result.err and "expected a mapping" not in result.err, result.err


def test_an_agenda_running_past_midnight_is_a_warning_at_its_start(kitgen, minimal):
    kit = minimal / f"content/kits/{MINIMAL_KIT}.yaml"
    edit(kit, 'start: "09:00"', 'start: "23:30"')
    result = kitgen("validate", "-C", minimal, MINIMAL_KIT)
    assert result.code == 0, result.text
    line = line_of(kit, 'start: "23:30"')
    assert f"{MINIMAL_KIT}.yaml:{line}:" in result.err and "run past midnight" in result.err, result.err
    edit(kit, 'start: "23:30"', 'start: "21:00"')
    assert "midnight" not in kitgen("validate", "-C", minimal, MINIMAL_KIT).text


def test_question_mark_in_flow_list_gets_a_quoting_hint(kitgen, sample):
    path = sample / CASE
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^discussion_questions:\n(  - .*?\n)+(?=\S)", "discussion_questions: [Why?]\n", text)
    path.write_text(text, encoding="utf-8")
    result = kitgen("validate", "-C", sample)
    assert result.code == 1
    assert "put text containing ? : , # [ ] { } in quotes" in result.err, result.err


def test_published_schemas_match_the_models():
    import json
    from kitgen.schema import KINDS, schema_for
    for kind in KINDS:
        published = json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert published == schema_for(kind), f"schemas/{kind}.schema.json is stale: run make schemas"


def test_sample_content_validates_against_the_published_schemas():
    """What an editor's YAML extension checks agrees with kitgen (a few representative files)."""
    import json
    import jsonschema
    import yaml
    pairs = [("kit", "content/kits/leadership-half-day.yaml"),
             ("case-study", "content/topics/reverse-mentoring/case-studies/digital-dashboard.yaml"),
             ("topic", "content/topics/reverse-mentoring/topic.yaml")]
    for kind, file in pairs:
        schema = json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        data = json.loads(json.dumps(yaml.safe_load((REPO / file).read_text(encoding="utf-8")), default=str))
        errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
        assert not errors, (file, errors[:3])


def test_kit_errors_and_agenda_errors_in_one_run(kitgen, sample):
    """An invalid kit field does not hide a missing case study or an over-long agenda."""
    edit(sample / KIT, "paper: a4", "paper: a5")
    edit(sample / KIT, "case_study: inclusion-listening-tour", "case_study: inclusion-tour")
    edit(sample / KIT, "duration: 210", "duration: 200")
    result = kitgen("validate", "-C", sample)
    assert result.code == 1
    assert "paper: 'a5' is not one of the allowed values" in result.err
    assert "no case study 'inclusion-tour'" in result.err
    assert "the agenda lasts 210 minutes, longer than the kit's duration of 200" in result.err


def test_warnings_pass_unless_strict(kitgen, sample):
    (sample / "content/topics/reverse-mentoring/case-studies/draft.yml").write_text("title: x\n", encoding="utf-8")
    relaxed = kitgen("validate", "-C", sample)
    assert relaxed.code == 0
    assert "case-studies/draft.yml: warning: ignored: kitgen reads .yaml files" in relaxed.err
    assert kitgen("validate", "--strict", "-C", sample).code == 1


def test_placeholders_in_the_kit_itself_are_checked(kitgen, sample):
    edit(sample / KIT, "title: Reverse Mentoring for Leadership Teams", "title: \"{{ nosuch }} Reverse Mentoring\"")
    edit(sample / KIT, "mentor: Priya Raman", "mentor: \"{{ company }}\"")
    result = kitgen("validate", "-C", sample)
    assert result.code == 1
    assert "title: unknown placeholder {{ nosuch }}" in result.err
    assert "with.mentor: placeholders are not filled inside values" in result.err


def test_a_list_item_indented_one_space_too_far_is_a_warning_at_its_line(kitgen, minimal):
    """YAML joins `   - more` to the unquoted item above it: the author meant a new item, and is told so."""
    topic = minimal / "content/topics/listening/topic.yaml"
    edit(topic, "  - Silence after a question gives the room time to think.",
         "  - Silence after a question gives the room time to think.\n   - Wait before you answer.")
    result = kitgen("validate", "-C", minimal)
    assert result.code == 0, result.text  # a warning: the text is kept as YAML reads it
    line = line_of(topic, "   - Wait before you answer.")
    assert f"topic.yaml:{line}:4: key_insights[1]: warning: this line starts with \"- \"" in result.text, result.text
    edit(topic, "\n   - Wait before you answer.", "\n    and so does a pause.")  # a line that only goes on: no warning
    assert "starts with" not in kitgen("validate", "-C", minimal).text


def test_a_warning_both_kits_share_is_shown_and_counted_once(kitgen, sample):
    topic = sample / TOPIC
    text = topic.read_text(encoding="utf-8")
    topic.write_text(text.replace("summary: |\n", "summary: |\n  <b>Bold</b>\n", 1), encoding="utf-8")
    result = kitgen("validate", "-C", sample)
    assert result.code == 0, result.text
    shown = [line for line in result.err.splitlines() if "raw HTML prints as text" in line]
    assert len(shown) == 1 and "2 kit(s) valid, 1 warning(s)" in result.out, result.text


def test_a_character_no_font_draws_is_a_warning_at_its_field(kitgen, minimal):
    topic = minimal / "content/topics/listening/topic.yaml"
    edit(topic, "title: Listening Well\n", 'title: "Listening Well \U0010FFFD"\n')
    result = kitgen("validate", "-C", minimal)
    assert result.code == 0, result.text
    assert f"topic.yaml:{line_of(topic, 'title:')}:1: title: warning: no installed font draws U+10FFFD" in result.text, result.text


def test_a_kit_variable_no_text_uses_is_a_warning_at_its_line(kitgen, minimal):
    """A value the kit gives that no text of its content, or of the kit, uses would show nowhere: a warning
    at the variable's line. The variable the content uses gets none, and layouts of the workspace's own
    silence the check (they may print the kit's variables)."""
    kit = minimal / "content/kits/short-session.yaml"
    edit(kit, "variables: {company: Northwind Logistics}", "variables: {company: Northwind Logistics, region: EMEA}")
    result = kitgen("validate", "-C", minimal)
    assert result.code == 0, result.text
    warned = [line for line in result.err.splitlines() if "shows nowhere" in line]
    column = next(line for line in kit.read_text(encoding="utf-8").splitlines() if line.startswith("variables:")).index("region") + 1
    assert warned == [f"content/kits/short-session.yaml:{line_of(kit, 'variables:')}:{column}: variables.region: warning: "
                      "no text of the kit's content uses the variable 'region', so its value shows nowhere"], result.err
    (minimal / "layouts").mkdir(exist_ok=True)
    (minimal / "layouts" / "groups.html").write_text("{{ kit.variables.region }}", encoding="utf-8")
    assert "shows nowhere" not in kitgen("validate", "-C", minimal).err


def test_a_file_with_an_error_of_its_own_still_has_its_placeholders_checked(kitgen, minimal):
    listening = minimal / "content/topics/listening"
    case, topic = listening / "case-studies/quiet-meeting.yaml", listening / "topic.yaml"
    edit(case, "title: The Quiet Meeting\n", "")                        # the model fails: no title
    edit(case, "scenario: |\n", "scenario: |\n  {{ nobody }} speaks first.\n")
    result = kitgen("validate", "-C", minimal)
    expect_problem(result, "quiet-meeting.yaml", 1, "title: required field is missing")
    expect_problem(result, "quiet-meeting.yaml", line_of(case, "{{ nobody }}"), "unknown placeholder {{ nobody }}",
                   "colleague, company, lead")                          # at the text's line, not the field's
    edit(topic, "title: Listening Well\n", "")                          # and a topic with errors of its own
    edit(topic, "summary: |\n", "summary: |\n  {{ firm }} listens.\n")
    result = kitgen("validate", "-C", minimal)
    expect_problem(result, "topic.yaml", line_of(topic, "{{ firm }}"), "unknown placeholder {{ firm }}", "kit variables")
    expect_problem(result, "quiet-meeting.yaml", line_of(case, "{{ nobody }}"), "unknown placeholder {{ nobody }}")
    assert result.err.count("{{ nobody }}") == 1, result.err


@pytest.mark.parametrize("old, new, field, hint", [
    ("key_insights:\n", "key_insights: just one\nkey_insights_was:\n", "key_insights", 'starting with "- "'),
    ("duration: 90\n", "duration: ninety\n", "duration", "whole number without units"),
], ids=["list", "number"])
def test_a_value_of_the_wrong_type_says_how_to_write_it(kitgen, minimal, old, new, field, hint):
    path = next(p for p in (minimal / "content/topics/listening/topic.yaml", minimal / f"content/kits/{MINIMAL_KIT}.yaml")
                if old in p.read_text(encoding="utf-8"))
    edit(path, old, new)
    expect_problem(kitgen("validate", "-C", minimal), path.name, line_of(path, new.splitlines()[0]), f"{field}:", hint)


def test_a_kit_listing_no_outputs_makes_the_default_ones_its_content_supports(kitgen, minimal):
    """No book-club.yaml and no case study in the agenda: the default set leaves out the book-club guide and
    the case cards (listing them is still an error, at their line)."""
    from kitgen.outputs import OUTPUTS
    from kitgen.plan import plan
    from kitgen.request import Request
    from kitgen.validation import validate
    kit = minimal / f"content/kits/{MINIMAL_KIT}.yaml"
    text = kit.read_text(encoding="utf-8")
    kept = [ln for ln in text.splitlines() if not ln.startswith(("outputs:", "variables:")) and "book_club:" not in ln
            and "case_study:" not in ln]  # the case was the only text using the kit's variable
    kit.write_text("\n".join(ln for ln in kept if not ln.startswith("duration:")) + "\n", encoding="utf-8")
    (minimal / "content/topics/listening/book-club.yaml").unlink()
    result = kitgen("validate", "-C", minimal)
    assert result.code == 0 and "warning" not in result.text, result.text
    checked = validate(minimal)
    made = {job.spec.name for job in plan(checked.workspace, checked.sessions, Request([], quiet=True), OUTPUTS)}
    assert made == {"facilitator-guide", "participant-workbook", "discussion-guide", "slides"}, made
    kit.write_text(kit.read_text(encoding="utf-8") + "outputs: [facilitator-guide, book-club-guide]\n", encoding="utf-8")
    expect_problem(kitgen("validate", "-C", minimal), kit.name, line_of(kit, "outputs:"), "outputs[1]",
                   "book-club-guide needs a book-club.yaml")


def test_a_kit_with_invalid_fields_is_checked_without_them_so_every_problem_shows_at_once(kitgen, minimal):
    """Fields the kit's model rejects (a colour, a range of minutes, a font) no longer hide the problems
    of the rest: an output kitgen does not make, a case study that does not exist. The kit's length is
    not checked while a block's minutes are in error (it would count a stand-in)."""
    kit = minimal / f"content/kits/{MINIMAL_KIT}.yaml"
    edit(kit, 'primary: "#1F4E79"', "primary: purple, font: Comic Sans MS")
    edit(kit, "{block: welcome, minutes: 10}", "{block: welcome, minutes: 10-15}")
    edit(kit, "case_study: quiet-meeting,", "case_study: quiet-meting,")
    edit(kit, "outputs: [facilitator-guide,", "outputs: [handouts, facilitator-guide,")
    result = kitgen("validate", "-C", minimal)
    assert result.code == 1
    expect_problem(result, kit.name, line_of(kit, "theme:"), "theme.primary", "'purple'")
    expect_problem(result, kit.name, line_of(kit, "theme:"), "theme.font", "'Comic Sans MS' is not installed",
                   "installed fonts for text: Carlito")
    expect_problem(result, kit.name, line_of(kit, "block: welcome"), "agenda[0].minutes", "not a range")
    expect_problem(result, kit.name, line_of(kit, "quiet-meting"), "agenda[1].case_study", "quiet-meeting")
    expect_problem(result, kit.name, line_of(kit, "outputs:"), "outputs[0]", "no output 'handouts'")
    assert "5 error(s)" in result.text and "unplanned" not in result.text, result.text


def test_a_text_too_long_says_its_length_at_the_field_as_written(kitgen, minimal):
    """A question written as a plain text is a record inside kitgen; its problem names the text as written."""
    path = next((minimal / "content/topics/listening/case-studies").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    first = re.search(r"discussion_questions:\n(\s+)- ", text)
    assert first, text
    long = "word " * 450
    path.write_text(text[:first.end()] + f'"{long.strip()}"\n{first.group(1)}- ' + text[first.end():], encoding="utf-8")
    expect_problem(kitgen("validate", "-C", minimal), path.name, line_of(path, long.strip()[:40]),
                   "discussion_questions[0]:", "2,249 characters, at most 2,000")


def test_a_logo_the_slides_cannot_show_is_a_warning_at_validation(kitgen, minimal):
    """An SVG logo prints on the handouts; the deck's title slide shows PNG, JPEG or GIF only: validate
    says so at the logo's line (not only the build)."""
    (minimal / "assets").mkdir(exist_ok=True)
    (minimal / "assets/logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
                                              '<rect width="120" height="40" fill="#1F4E79"/></svg>', encoding="utf-8")
    kit = minimal / f"content/kits/{MINIMAL_KIT}.yaml"
    edit(kit, "organization: {name: Northwind Logistics}", "organization: {name: Northwind Logistics, logo: assets/logo.svg}")
    result = kitgen("validate", "-C", minimal)
    assert result.code == 0 and "1 warning(s)" in result.text, result.text
    expect_problem(kitgen("validate", "--strict", "-C", minimal), kit.name, line_of(kit, "organization:"),
                   "organization.logo", "warning", "the slides show PNG, JPEG or GIF logos", "assets/logo.svg")
