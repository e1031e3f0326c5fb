"""The YAML loader: libyaml and the pure-Python fallback give the same documents and the same errors;
located values; the safety rules; hints for the mistakes authors make most."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from conftest import REPO, ROOTS, edit, make_workspace

from kitgen import yamlsafe
from kitgen.errors import Loc
from kitgen.yamlsafe import Doc, YamlError, load_text

TOPIC = "content/topics/reverse-mentoring/topic.yaml"
CASE = "content/topics/reverse-mentoring/case-studies/digital-dashboard.yaml"
SAMPLE = sorted(ROOTS.rglob("*.yaml")) + sorted((REPO / "src/kitgen/locales").glob("*.yaml"))
libyaml = pytest.mark.skipif("libyaml" not in yamlsafe.PARSERS, reason="PyYAML was built without libyaml")

# Files each parser must read identically: edge cases that load, and faults each refused the same way.
CRAFTED = {
    "plain": "title: Hello\nlist:\n  - a\n  - b: c\n    d: e\n",
    "flow": "a: [x, 'y', \"z\", {k: v}]\nb: {}\nc: []\n",
    "block scalars": "a: |\n  one\n  two\nb: >-\n  folded\n  text\n\nc: |+\n  kept\n\n",
    "yaml 1.1 words stay text": "a: no\nb: on\nc: 010\nd: 1:30\ne: 1.10\nf: ~\ng: null\nh:\ni: ''\n",
    "non-ascii": "titre: Café « crème » 😀 日本語\nnfd: \"Cafe\\u0301\"\n",
    "crlf": "a: 1\r\nb:\r\n  - x\r\n",
    "lone cr": "a: 1\rb: 2\r",
    "line separators": "a: \"x\u2028y\"\nb: \"x\\Ly\"\n",
    "no final line break": "a: 1\nb: [x, y]",
    "only a document start": "---",
    "empty": "",
    "comments only": "# nothing here\n",
    "directive": "%YAML 1.1\n---\na: 1\n",
    "explicit str tag": "a: !!str 3\nb: ! text\n",
    "anchor without alias": "a: &x 1\nb: 2\n",
    "byte order mark": "\ufeffa: 1\n",
    "complex key": "? a\n: b\n",
    "empty key": "{? : a}\n",
    "question mark in flow": "a: [Why? Because]\n",
    "block scalar header": "a: >#c\n  x\n",
    "tab in plain text": "a: one\ttwo\n",
    "tab in quotes": "a: \"one\ttwo\"\n",
    "long simple key": "k" * 1100 + ": v\n",
    "alias": "a: &x [1, 2]\nb: *x\n",
    "merge key": "base: &b {title: x}\n<<: *b\n",
    "alias as key": "a: &k x\n*k : y\n",
    "python tag": "a: !!python/object/apply:os.system ['echo']\n",
    "local tag": "a: !include other.yaml\n",
    "int tag": "a: !!int 3\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "duplicate key after normalization": "caf\u00e9: 1\ncafe\u0301: 2\n",
    "deep flow": "a: " + "[" * 30 + "]" * 30 + "\n",
    "deep block": "".join("  " * i + f"k{i}:\n" for i in range(30)) + "  " * 30 + "v\n",
    "depth at the limit": "a: " + "[" * 22 + "x" + "]" * 22 + "\n",
    "too many values": "a:\n" + "".join(f"  - {i}\n" for i in range(5001)),
    "text too long": "a: " + "x" * 50_001 + "\n",
    "raw control": "a: bell\x07\n",
    "escaped control": "a: \"bell\\x07\"\n",
    "escaped c1 control": "a: \"\\x9b31m\"\n",
    "escaped next line": "a: \"x\\Ny\"\n",
    "raw bidi override": "a: abc\u202edef\n",
    "escaped bidi isolate": "a: \"x\\u2066y\"\n",
    "bidi in a key": "a\u202e: 1\n",
    "zero width no-break space": "a: x\ufeffy\n",
    "escaped surrogate": "a: \"\\ud800\"\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "unclosed flow": "a: [x, y\nb: 2\n",
    "unclosed quote": "a: \"x\nb: 2\n",
    "bad indentation": "a:\n  - x\n - y\n",
    "colon in a value": "summary: Silence is expensive: the problems pile up\n",
    "colon in a list item": "a:\n  - Silence is expensive: the problems: pile up\n",
    "colon on a continuation line": "a: This is long\n  and continues: here\n",
    "unknown escape": "a: \"\\{{ x }}\"\n",
    "tab before a value": "a:\t1\n",
}


def outcome(text: str, parser: str):
    try:
        doc = load_text(text, "f.yaml", parser)
    except YamlError as exc:
        return str(exc.problem)
    return doc.data, doc.locs, doc.colons


def mutations(count: int, seed: int = 20261108) -> list[str]:
    """Sample files with a few characters inserted, deleted or replaced: broken in every way YAML can be."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SAMPLE]
    pieces = [":", ": ", "- ", "\"", "'", "[", "]", "{", "}", "#", "\n", "  ", "&a ", "*a", "!t ", "? ", "|", ">",
              "---\n", "\\", ",", "?", "\t", "\r\n", "é", "\u202e", "%", "@", "`", "~"]
    out = []
    for _ in range(count):
        text = rng.choice(texts)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text))
            cut = rng.choice((0, 0, 1, 3))
            text = text[:at] + (rng.choice(pieces) if rng.random() < 0.8 else "") + text[at + cut:]
        out.append(text)
    return out


@libyaml
@pytest.mark.parametrize("name", list(CRAFTED))
def test_both_parsers_agree_on_crafted_files(name):
    assert outcome(CRAFTED[name], "libyaml") == outcome(CRAFTED[name], "python")


@libyaml
@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: p.name)
def test_both_parsers_agree_on_the_sample(path):
    text = path.read_text(encoding="utf-8")
    fast, reference = outcome(text, "libyaml"), outcome(text, "python")
    assert not isinstance(fast, str), fast
    assert fast == reference


@libyaml
def test_both_parsers_agree_on_broken_sample_files():
    pairs = [(text, outcome(text, "libyaml"), outcome(text, "python")) for text in mutations(200)]
    differ = [(text, fast, reference) for text, fast, reference in pairs if fast != reference]
    assert not differ, differ[:1]
    refused = sum(isinstance(reference, str) for _, _, reference in pairs)
    assert 20 < refused < 180  # the corpus holds both files that load and files that do not


def test_crafted_faults_are_refused_and_the_rest_load():
    loaded = {name for name, text in CRAFTED.items() if not isinstance(outcome(text, "python"), str)}
    assert loaded == {
        "plain", "flow", "block scalars", "yaml 1.1 words stay text", "non-ascii", "crlf", "lone cr",
        "line separators", "no final line break", "only a document start", "empty", "comments only",
        "directive", "explicit str tag", "anchor without alias", "byte order mark", "complex key", "empty key",
        "tab in quotes", "depth at the limit"}


def test_values_are_the_authors_text_with_locations():
    doc = load_text(CRAFTED["yaml 1.1 words stay text"] + "list:\n  - x\n  -   y\n", "f.yaml")
    assert doc.data == {"a": "no", "b": "on", "c": "010", "d": "1:30", "e": "1.10", "f": None, "g": None,
                        "h": None, "i": "", "list": ["x", "y"]}
    assert doc.loc(("d",)) == Loc("f.yaml", 4, 1)
    assert doc.loc(("list", 0)) == Loc("f.yaml", 11, 5)
    assert doc.loc(("list", 1)) == Loc("f.yaml", 12, 7)
    assert doc.loc(("list", 1, "deeper")) == doc.loc(("list", 1))
    assert load_text(CRAFTED["non-ascii"], "f.yaml").data["nfd"] == "Caf\u00e9"


@pytest.mark.parametrize("name, location, message", [
    ("alias", "f.yaml:2:4", "YAML aliases (*name) are not allowed"),
    ("merge key", "f.yaml:2:5", "YAML aliases (*name) are not allowed"),
    ("python tag", "f.yaml:1:4", "a: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    ("duplicate key", "f.yaml:3:1", "a: duplicate key 'a' (first set on line 1)"),
    ("duplicate key after normalization", "f.yaml:2:1", "duplicate key 'café' (first set on line 1)"),
    ("deep flow", "f.yaml:1:27", "nesting is deeper than 24 levels"),
    ("deep block", "f.yaml:24:47", "nesting is deeper than 24 levels"),
    ("too many values", "f.yaml:5000:5", "a[4998]: more than 5000 values in one file"),
    ("text too long", "f.yaml:1:4", "a: text is longer than 50000 characters"),
    ("raw control", "f.yaml:1:8", "character U+0007 cannot appear in content"),
    ("escaped c1 control", "f.yaml:1:4", "a: character U+009B at position 1 cannot appear in a document"),
    ("escaped next line", "f.yaml:1:4", "a: character U+0085 at position 2 cannot appear in a document"),
    ("raw bidi override", "f.yaml:1:4", "a: bidirectional control character U+202E at position 4 cannot appear"),
    ("escaped bidi isolate", "f.yaml:1:4", "a: bidirectional control character U+2066 at position 2 cannot appear"),
    ("bidi in a key", "f.yaml:1:1", "bidirectional control character U+202E at position 2 cannot appear"),
    ("zero width no-break space", "f.yaml:1:5", "character U+FEFF cannot appear in content"),
    ("escaped surrogate", "f.yaml:1:4", "a: character U+D800 at position 1 cannot appear"),
    ("two documents", "f.yaml:2:1", "expected a single document in the stream, but found another document"),
])
def test_each_fault_is_refused_at_its_place(name, location, message):
    problem = outcome(CRAFTED[name], "python")
    assert isinstance(problem, str), problem
    assert problem.startswith(location + ":"), problem
    assert message in problem, problem


def test_alias_bomb_is_refused_at_the_first_alias():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(YamlError) as exc:
        load_text("\n".join(lines), "bomb.yaml")
    assert str(exc.value.problem).startswith("bomb.yaml:2:8: YAML aliases")


@pytest.fixture
def roster_sample(tmp_path) -> Path:
    """The sample roots with a roster kit: the `roster` root (over `full`), three kits."""
    return make_workspace(tmp_path / "ws", root="roster")


def test_the_fallback_reads_the_sample_workspace(kitgen, roster_sample, monkeypatch, tmp_path):
    monkeypatch.setattr(yamlsafe, "PARSERS", ("python",))
    used = tmp_path / "used"  # validation runs in a worker process: it tallies in a file
    real = yamlsafe._PythonParser.__init__

    def counted(self, text):
        with used.open("a") as tally:
            tally.write("x")
        real(self, text)
    monkeypatch.setattr(yamlsafe._PythonParser, "__init__", counted)
    result = kitgen("validate", "-C", roster_sample)
    assert result.code == 0, result.text
    assert "3 kit(s) valid" in result.out
    assert len(used.read_text()) >= 10


@libyaml
def test_libyaml_reads_the_sample_workspace(roster_sample, monkeypatch):
    from kitgen.validation import validate
    monkeypatch.setattr(yamlsafe, "_PythonParser", None)  # any use of the fallback would fail
    loaded = validate(roster_sample)
    assert not loaded.problems.items, loaded.problems.items
    assert sorted(loaded.sessions) == ["clinic-managers-fr", "cohort-50", "leadership-half-day"]


# --- an unquoted ": " -------------------------------------------------------------------------------

def test_colon_in_a_list_item_shows_the_item_quoted(kitgen, sample):
    edit(sample / TOPIC, "key_insights:\n", "key_insights:\n  - Silence is expensive: the problems pile up unseen\n")
    result = kitgen("validate", "-C", sample)
    assert result.code == 1
    assert re.search(rf"{TOPIC}:\d+:5: key_insights\[0\]: YAML read this text as a key and a value", result.err), result.err
    assert 'hint: put the whole text in quotes: - "Silence is expensive: the problems pile up unseen"' in result.err
    assert "expected text" not in result.err


def test_colon_in_an_item_of_questions_is_one_problem(kitgen, sample):
    edit(sample / TOPIC, "reflection_questions:\n", "reflection_questions:\n  - Silence is expensive: what do you hear?\n")
    result = kitgen("validate", "-C", sample)
    assert result.code == 1
    assert 'put the whole text in quotes: - "Silence is expensive: what do you hear?"' in result.err
    assert "unknown field" not in result.err and "required field is missing" not in result.err, result.err
    assert result.err.count("reflection_questions[0]") == 1, result.err


def test_colon_in_a_value_shows_the_value_quoted(kitgen, sample):
    text = (sample / CASE).read_text(encoding="utf-8")
    (sample / CASE).write_text(re.sub(r"(?m)^summary:.*$", "summary: Silence is expensive: the problems pile up", text),
                               encoding="utf-8")
    line = next(i for i, l in enumerate((sample / CASE).read_text().splitlines(), 1) if l.startswith("summary:"))
    result = kitgen("validate", "-C", sample)
    assert result.code == 1
    assert f"{CASE}:{line}:30: a second \": \" in unquoted text makes YAML read another key here" in result.err
    assert 'put the text in quotes: summary: "Silence is expensive: the problems pile up"' in result.err
    assert "mapping values are not allowed" not in result.err


def test_colon_in_a_list_item_with_two_colons():
    problem = outcome("a:\n  - Silence is expensive: the problems: pile up # note\n", "python")
    assert problem.startswith("f.yaml:2:39:"), problem
    assert 'put the text in quotes: - "Silence is expensive: the problems: pile up"' in problem


def test_long_text_is_cut_in_the_hint():
    problem = outcome("summary: Silence is expensive: " + "word " * 30 + "\n", "python")
    assert 'summary: "Silence is expensive: word word word word word word word…"' in problem


def test_a_real_one_field_item_gets_no_quoting_hint(kitgen, sample):
    edit(sample / TOPIC, "faqs:\n", "faqs:\n  - question: What if the mentee is senior?\n")
    result = kitgen("validate", "-C", sample)
    assert result.code == 1
    assert "faqs[0].answer: required field is missing" in result.err
    assert "in quotes" not in result.err


def test_backslash_in_double_quotes_gets_a_hint():
    problem = outcome(CRAFTED["unknown escape"], "python")
    assert "found unknown escape character '{'" in problem
    assert "\\\\{{ for literal braces" in problem


def test_depth_limit_counts_every_level_down_to_the_text():
    data = outcome(CRAFTED["depth at the limit"], "python")[0]["a"]
    for _ in range(22):
        data = data[0]
    assert data == "x"  # 24 levels: the mapping, 22 lists and the text
    assert "nesting is deeper than 24 levels" in outcome("a: " + "[" * 23 + "x" + "]" * 23 + "\n", "python")


def test_doc_location_falls_back_to_the_nearest_ancestor():
    doc = Doc("f.yaml", {}, {(): Loc("f.yaml", 1, 1), ("a",): Loc("f.yaml", 2, 1)})
    assert doc.loc(("a", 3, "b")) == Loc("f.yaml", 2, 1)
    assert doc.loc(("z",)) == Loc("f.yaml", 1, 1)


def test_files_are_read_as_utf8_within_the_size_limit(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes("\ufeffa: café\n".encode("utf-8"))
    assert yamlsafe.load_file(path, "x.yaml").data == {"a": "café"}
    path.write_bytes(b"a: caf\xe9\n")
    with pytest.raises(YamlError, match="not UTF-8"):
        yamlsafe.load_file(path, "x.yaml")
    path.write_bytes(b"a: " + b"x" * yamlsafe.MAX_FILE_BYTES)
    with pytest.raises(YamlError, match="larger than 1000 kB"):
        yamlsafe.load_file(path, "x.yaml")


def test_refused_faults_name_no_path_outside(tmp_path):
    """Messages name the file as the workspace knows it, never the absolute path read."""
    path = tmp_path / "x.yaml"
    path.write_text("a: *b\n", encoding="utf-8")
    with pytest.raises(YamlError) as exc:
        yamlsafe.load_file(path, "content/x.yaml")
    assert str(tmp_path) not in str(exc.value.problem)
    assert Path(exc.value.problem.loc.file) == Path("content/x.yaml")


def test_a_problem_is_found_on_the_line_of_its_text_within_the_field_only():
    doc = load_text("scenario: |\n  First line.\n  Then {{ x }} here.\nsummary: '{{ y }} and {{ x }}'\n", "c.yaml")
    assert doc.find(doc.loc(("scenario",)), "{{ x }}") == Loc("c.yaml", 3, 8)
    assert doc.find(doc.loc(("scenario",)), "{{ y }}") == doc.loc(("scenario",))  # the next field's is not its
    assert doc.find(doc.loc(("summary",)), "{{ x }}") == Loc("c.yaml", 4, 23)
