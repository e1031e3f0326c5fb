"""What a PowerPoint template may bring into a deck: outside links refused whatever their relationship
type (also at the package level), OLE objects and macros left out with a note, XML with a DTD or an
undefined entity refused, slide sizes bounded, and continuation slides counted against the slide cap."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import template_fixtures as tf
from conftest import MINIMAL_KIT, SAMPLE_KIT, edit
from kitgen.deck.template import open_named_template
from kitgen.errors import ContentError, Loc

KIT = Path("content/kits") / f"{SAMPLE_KIT}.yaml"
LOC = Loc(KIT.as_posix(), 3)


def _open(ws: Path, name: str, data: bytes):
    (ws / "assets").mkdir(parents=True, exist_ok=True)
    (ws / "assets" / name).write_bytes(data)
    return open_named_template(f"assets/{name}", ws, LOC)


def _refused(ws: Path, name: str, data: bytes) -> str:
    with pytest.raises(ContentError) as info:
        _open(ws, name, data)
    (problem,) = info.value.problems
    assert problem.loc == LOC and problem.field == "deck.template"
    return problem.message


def _saved(template) -> dict[str, bytes]:
    buf = io.BytesIO()
    template.prs.save(buf)
    with zipfile.ZipFile(buf) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.mark.parametrize("target", ["http://127.0.0.1:8765/tracker.png?deck-opened", "file:///SECRET-CANARY.png"])
def test_picture_loaded_through_a_hyperlink_relationship_is_refused(tmp_path, target):
    message = _refused(tmp_path, "corp.pptx", tf.hostile_linked_picture(target))
    assert "slideMaster1.xml" in message and target[:30] in message and "picture or object" in message


def test_outside_link_at_the_package_level_is_refused(tmp_path):
    message = _refused(tmp_path, "corp.pptx", tf.hostile_package_link())
    assert "package links to http://127.0.0.1:8765/pkg.png" in message


def test_plain_template_opens_with_nothing_left_out(tmp_path):
    template = _open(tmp_path, "plain.pptx", tf.base_bytes())
    assert template.notes == []


def test_ole_object_is_left_out_with_a_note(tmp_path):
    template = _open(tmp_path, "ole.pptx", tf.hostile_ole())
    assert template.notes == ["assets/ole.pptx has OLE objects; they are left out of the deck"]
    saved = _saved(template)
    assert not [name for name in saved if "embeddings" in name]
    assert not any(b"<p:oleObj" in body for body in saved.values())
    assert not any(b"relationships/oleObject" in body for name, body in saved.items() if name.endswith(".rels"))
    assert b"graphicFrame" not in saved[tf.MASTER]


@pytest.mark.parametrize("suffix", [".potm", ".pptm"])
def test_macro_enabled_template_loses_its_macros_and_keeps_4_3(tmp_path, suffix):
    path = tf.macro(tmp_path / f"m{suffix}", suffix)
    template = _open(tmp_path, f"corp{suffix}", path.read_bytes())
    assert template.notes == [f"assets/corp{suffix} is macro-enabled; its macros are left out of the deck"]
    assert (template.prs.slide_width, template.prs.slide_height) == (9144000, 6858000)
    saved = _saved(template)
    assert "ppt/vbaProject.bin" not in saved
    assert b"macroEnabled" not in saved["[Content_Types].xml"] and b"vbaProject" not in b"".join(saved.values())


def test_macro_template_renamed_to_pptx_opens_and_says_so(tmp_path):
    path = tf.macro(tmp_path / "m.potm", ".potm")
    template = _open(tmp_path, "renamed.pptx", path.read_bytes())
    assert "macro-enabled" in template.notes[0]


def test_a_file_that_is_not_a_presentation_is_named_clearly(tmp_path):
    data = tf.rezip(tf.base_bytes(), {"[Content_Types].xml": lambda b: b.replace(
        b"presentationml.presentation.main+xml", b"wordprocessingml.document.main+xml")})
    message = _refused(tmp_path, "letter.pptx", data)
    assert "not a PowerPoint presentation or template" in message and "BytesIO" not in message


def test_entity_declared_in_a_dtd_is_refused(tmp_path):
    message = _refused(tmp_path, "xxe.pptx", tf.hostile_entity())
    assert "slideLayout3.xml declares a DTD" in message


def test_undefined_entity_is_refused(tmp_path):
    data = tf.rezip(tf.base_bytes(), {"ppt/slideLayouts/slideLayout2.xml": lambda b: b.replace(
        b"<a:t>", b"<a:t>&undefined;", 1)})
    assert "slideLayout2.xml is not well-formed XML" in _refused(tmp_path, "ent.pptx", data)


@pytest.mark.parametrize("cx", ["-2147483648", "0", "99999999999"])
def test_slide_size_out_of_range_is_refused(tmp_path, cx):
    assert "slide width" in _refused(tmp_path, "size.pptx", tf.hostile_slide_size(cx))


def test_validate_reports_the_refusal_at_the_kit_line(kitgen, sample):
    (sample / "assets").mkdir()
    (sample / "assets" / "corp.pptx").write_bytes(tf.hostile_linked_picture())
    edit(sample / KIT, "outputs:", "deck: {template: assets/corp.pptx}\noutputs:")
    result = kitgen("validate", "-C", sample)
    assert result.code == 1
    line = next(n for n, text in enumerate((sample / KIT).read_text().splitlines(), 1) if text.startswith("deck:"))
    assert f"{KIT.as_posix()}:{line}" in result.text and "outside the file" in result.text


def test_validate_warns_that_macros_are_left_out(kitgen, sample):
    (sample / "assets").mkdir()
    tf.macro(sample / "assets" / "corp.potm")
    edit(sample / KIT, "outputs:", "deck: {template: assets/corp.potm}\noutputs:")
    result = kitgen("validate", "-C", sample)
    assert result.code == 0, result.text
    assert "warning: assets/corp.potm is macro-enabled; its macros are left out of the deck" in result.text


def test_a_build_says_what_the_template_loses_once_at_the_kit_line(kitgen, minimal):
    (minimal / "assets").mkdir()
    tf.macro(minimal / "assets" / "corp.potm")
    kit = Path("content/kits") / f"{MINIMAL_KIT}.yaml"
    edit(minimal / kit, "outputs:", "deck: {template: assets/corp.potm}\noutputs:")
    result = kitgen("build", "-C", minimal, MINIMAL_KIT, "--only", "slides")
    assert result.code == 0, result.text
    said = [line for line in result.text.splitlines() if "its macros are left out" in line]
    assert len(said) == 1 and said[0].startswith(f"{kit.as_posix()}:"), said


def test_continuation_slides_count_against_the_slide_cap(kitgen, minimal):
    from kitgen.deck.plan import MAX_SLIDES
    (minimal / "layouts").mkdir(exist_ok=True)
    long_item = "A long item that fills most of a slide on its own. " * 12
    (minimal / "layouts" / "slides.jinja").write_text(
        "{% for n in range(5) %}{% do slide('content', title='Many', bullets=[" + repr(long_item)
        + "] * 200) %}{% endfor %}", encoding="utf-8")
    result = kitgen("build", "-C", minimal, MINIMAL_KIT, "--only", "slides")
    assert result.code == 1, result.text
    assert f"more than {MAX_SLIDES} slides" in result.text and "continuation slides" in result.text
    assert not list((minimal / "build").rglob("*.pptx"))
