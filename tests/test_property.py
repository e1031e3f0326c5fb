"""Property: whatever the content, kitgen never shows a traceback, and every successful build opens."""

from __future__ import annotations

import shutil

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import REPO

CASE = "content/topics/reverse-mentoring/case-studies/digital-dashboard.yaml"
TOPIC = "content/topics/reverse-mentoring/topic.yaml"

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
scalar = st.one_of(text, st.integers(-5, 10_000), st.booleans(), st.none(), st.sampled_from(
    ["{{ mentor }}", "{{ nope }}", "{{ 1+1 }}", "**bold** _it_", "<script>x</script>", "[l](javascript:x)",
     "no", "on", "010", "1:30", "- a\n- b", "\u202eevil", "名前", "مرحبا"]))
value = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(st.sampled_from(["question", "prompt", "name", "x"]), inner, max_size=3)),
                     max_leaves=8)
FIELDS = ["title", "summary", "scenario", "discussion_questions", "characters", "group_task", "minutes",
          "facilitator_notes", "key_takeaways", "parameters", "unknown_field"]


def _workspace(tmp_path_factory):
    ws = tmp_path_factory.mktemp("prop")
    shutil.copytree(REPO / "content", ws / "content")
    return ws


def _mutate(ws, changes: dict) -> None:
    path = ws / CASE
    data = yaml.safe_load((REPO / CASE).read_text(encoding="utf-8"))
    for key, val in changes.items():
        if val is None and key in data:
            del data[key]
        else:
            data[key] = val
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(changes=st.dictionaries(st.sampled_from(FIELDS), value, max_size=4))
def test_validate_never_crashes(kitgen, tmp_path_factory, changes):
    ws = _workspace(tmp_path_factory)
    _mutate(ws, changes)
    result = kitgen("validate", "-C", ws)
    assert result.code in (0, 1), result.text
    assert "Traceback" not in result.text
    assert "internal error" not in result.text
    if result.code == 1:
        assert "digital-dashboard.yaml:" in result.err or "leadership-half-day.yaml:" in result.err \
            or "clinic-managers-fr.yaml:" in result.err, result.err


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(title=text.filter(lambda s: s.strip()), scenario=text.filter(lambda s: s.strip()),
       question=text.filter(lambda s: s.strip()))
def test_successful_builds_open(kitgen, tmp_path_factory, title, scenario, question):
    from pypdf import PdfReader
    ws = _workspace(tmp_path_factory)
    _mutate(ws, {"title": title, "scenario": scenario, "discussion_questions": [question]})
    result = kitgen("build", "-C", ws, "leadership-half-day", "--only", "case-cards,slides", "-j", "1")
    assert "Traceback" not in result.text
    assert result.code in (0, 1), result.text
    if result.code == 0:
        from pptx import Presentation
        reader = PdfReader(ws / "build/leadership-half-day/leadership-half-day-case-cards.pdf")
        assert len(reader.pages) >= 1
        assert "".join(p.extract_text() for p in reader.pages)
        deck = Presentation(str(ws / "build/leadership-half-day/leadership-half-day-slides.pptx"))
        assert len(deck.slides) > 10
        assert all(slide.shapes.title is not None and slide.shapes.title.text_frame.text for slide in deck.slides)
