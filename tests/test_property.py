"""Property: whatever the content, kitgen never shows a traceback, and every successful build opens.

Each example changes the case study of the `minimal` root, so each validation and build is quick."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, example, given, settings, strategies as st

from conftest import MINIMAL_KIT, ROOTS, make_workspace

CASE = "content/topics/listening/case-studies/quiet-meeting.yaml"
KIT_FILE = f"content/kits/{MINIMAL_KIT}.yaml"
ORIGINAL = yaml.safe_load((ROOTS / "minimal" / CASE).read_text(encoding="utf-8"))

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
scalar = st.one_of(text, st.integers(-5, 10_000), st.booleans(), st.none(), st.sampled_from(
    ["{{ lead }}", "{{ nope }}", "{{ 1+1 }}", "**bold** _it_", "<script>x</script>", "[l](javascript:x)",
     "no", "on", "010", "1:30", "- a\n- b", "\u202eevil", "名前", "مرحبا"]))
value = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(st.sampled_from(["question", "prompt", "name", "x"]), inner, max_size=3)),
                     max_leaves=8)
FIELDS = ["title", "summary", "scenario", "discussion_questions", "characters", "group_task", "minutes",
          "facilitator_notes", "key_takeaways", "parameters", "unknown_field"]


def _workspace(tmp_path_factory, changes: dict):
    """A fresh `minimal` root whose case study has `changes` (None removes a field)."""
    data = {key: val for key, val in {**ORIGINAL, **changes}.items() if not (val is None and key in changes)}
    return make_workspace(tmp_path_factory.mktemp("prop"), {CASE: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)},
                          root="minimal")


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(changes=st.dictionaries(st.sampled_from(FIELDS), value, max_size=4))
def test_validate_never_crashes(kitgen, tmp_path_factory, monkeypatch, changes):
    """In this process (not in a bounded worker, as test_limits.py checks): a crash is a traceback here."""
    from kitgen import limits
    monkeypatch.setattr(limits, "supported", lambda: False)
    ws = _workspace(tmp_path_factory, changes)
    result = kitgen("validate", "-C", ws)
    assert result.code in (0, 1), result.text
    assert "Traceback" not in result.text
    assert "internal error" not in result.text
    if result.code == 1:
        assert f"{CASE}:" in result.err or f"{KIT_FILE}:" in result.err, result.err


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(title=text.filter(lambda s: s.strip()), scenario=text.filter(lambda s: s.strip()),
       question=text.filter(lambda s: s.strip()))
@example(title="The Quiet Meeting, Again", scenario="Nobody speaks.", question="Why?")  # one that builds, always
def test_successful_builds_open(kitgen, tmp_path_factory, title, scenario, question):
    from pypdf import PdfReader
    ws = _workspace(tmp_path_factory, {"title": title, "scenario": scenario, "discussion_questions": [question]})
    result = kitgen("build", "-C", ws, MINIMAL_KIT, "--only", "case-cards,slides", "-j", "1")
    assert "Traceback" not in result.text
    assert result.code in (0, 1), result.text
    if title == "The Quiet Meeting, Again":
        assert result.code == 0, result.text
    if result.code == 0:
        from pptx import Presentation
        reader = PdfReader(ws / f"build/{MINIMAL_KIT}/{MINIMAL_KIT}-case-cards.pdf")
        assert len(reader.pages) >= 1
        assert "".join(p.extract_text() for p in reader.pages)
        deck = Presentation(str(ws / f"build/{MINIMAL_KIT}/{MINIMAL_KIT}-slides.pptx"))
        assert len(deck.slides) > 10
        assert all(slide.shapes.title is not None and slide.shapes.title.text_frame.text for slide in deck.slides)
