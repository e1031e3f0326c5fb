"""The build engine: incremental, parallel, atomic, byte-reproducible, HTML export."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from conftest import set_field, statuses


KIT = "leadership-half-day"
SMALL = "case-cards,book-club-guide,discussion-guide"
WITH_DECK = SMALL + ",slides"
OUT = f"build/{KIT}"


def digests(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".")}


def test_two_builds_are_byte_identical_and_parallel_equals_serial(kitgen, sample, tmp_path):
    first = kitgen("build", "-C", sample, KIT, "--only", WITH_DECK, "-j", "1", "--out", tmp_path / "a")
    second = kitgen("build", "-C", sample, KIT, "--only", WITH_DECK, "-j", "2", "--out", tmp_path / "b")
    assert first.code == 0 and second.code == 0, first.text + second.text
    a, b = digests(tmp_path / "a" / KIT), digests(tmp_path / "b" / KIT)
    assert len(a) == 5  # and the workbook, whose pages the slides cite
    assert a == b


def test_source_date_epoch_changes_metadata_only_when_set(kitgen, sample, tmp_path, monkeypatch):
    from pypdf import PdfReader
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert kitgen("build", "-C", sample, KIT, "--only", "case-cards", "--out", tmp_path / "e").code == 0
    info = PdfReader(tmp_path / "e" / KIT / f"{KIT}-case-cards.pdf").metadata
    assert info["/CreationDate"].startswith("D:20231114")


def test_noop_rebuild_renders_nothing_and_imports_no_models_or_renderer(sample):
    first = subprocess.run([sys.executable, "-m", "kitgen", "build", KIT, "--only", SMALL, "-C", sample],
                           capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    probe = ("import sys, runpy\n"
             "sys.argv = ['kitgen', 'build', %r, '--only', %r, '-C', %r]\n"
             "try:\n    runpy.run_module('kitgen', run_name='__main__')\n"
             "except SystemExit as e:\n    assert not e.code, e.code\n"
             "print('WEASYPRINT' if 'weasyprint' in sys.modules else 'NO-RENDERER')\n"
             "print('PPTX' if 'pptx' in sys.modules else 'NO-PPTX')\n"
             "print('PYDANTIC' if 'pydantic' in sys.modules else 'NO-PYDANTIC')\n") % (KIT, SMALL, str(sample))
    second = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert "0 built, 3 unchanged" in second.stdout
    assert "NO-RENDERER" in second.stdout and "NO-PPTX" in second.stdout and "NO-PYDANTIC" in second.stdout


def test_edit_rerenders_only_dependent_outputs(kitgen, sample):
    assert kitgen("build", "-C", sample, KIT, "--only", SMALL).code == 0
    set_field(sample / "content/topics/reverse-mentoring/book-club.yaml", "logistics", "Bring your own copy.")
    result = kitgen("build", "-C", sample, KIT, "--only", SMALL)
    assert result.code == 0
    assert statuses(result) == {f"{KIT}-case-cards.pdf": "unchanged", f"{KIT}-book-club-guide.pdf": "built",
                                f"{KIT}-discussion-guide.pdf": "unchanged"}


def test_layout_change_rerenders(kitgen, sample):
    assert kitgen("build", "-C", sample, KIT, "--only", "case-cards").code == 0
    (sample / "layouts").mkdir()
    (sample / "layouts" / "case-cards.html").write_text(
        '{% extends "builtin/case-cards.html" %}', encoding="utf-8")
    result = kitgen("build", "-C", sample, KIT, "--only", "case-cards")
    assert statuses(result) == {f"{KIT}-case-cards.pdf": "built"}


def test_failed_render_keeps_previous_file_and_leaves_no_temp(kitgen, sample):
    assert kitgen("build", "-C", sample, KIT, "--only", "case-cards,discussion-guide").code == 0
    target = sample / OUT / f"{KIT}-case-cards.pdf"
    before = target.read_bytes()
    (sample / "layouts").mkdir()
    (sample / "layouts" / "case-cards.html").write_text("<html>{{ kit.missing_field }}</html>", encoding="utf-8")
    set_field(sample / "content/topics/reverse-mentoring/discussion-guide.yaml", "closing", "Thank everyone.")
    result = kitgen("build", "-C", sample, KIT, "--only", "case-cards,discussion-guide")
    assert result.code == 1
    assert "failed" in result.err and "case-cards" in result.err
    assert statuses(result)[f"{KIT}-discussion-guide.pdf"] == "built"  # the others still build
    assert target.read_bytes() == before
    assert not [p for p in (sample / OUT).iterdir() if p.name.endswith(".tmp")]


def test_interrupted_write_keeps_previous_file(tmp_path):
    from kitgen.atomic import write_atomic
    target = tmp_path / "x.pdf"
    target.write_bytes(b"good")

    def half(handle):
        handle.write(b"half-written")
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, half)
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["x.pdf"]


def test_html_export_is_what_the_renderer_gets(kitgen, sample, tmp_path):
    result = kitgen("build", "-C", sample, KIT, "--only", "case-cards", "--format", "html", "--out", tmp_path)
    assert result.code == 0, result.text
    html = (tmp_path / KIT / f"{KIT}-case-cards.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "<style" in html and "@page" in html
    assert "Priya Raman" in html


def test_watch_rebuilds_what_changed(sample):
    import queue
    import threading
    import time
    proc = subprocess.Popen([sys.executable, "-m", "kitgen", "watch", KIT, "--only", "case-cards,book-club-guide",
                             "-C", str(sample)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()

    def wait_for(fragment: str, seconds: float = 60) -> list[str]:
        seen, deadline = [], time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                continue
            seen.append(line)
            if fragment in line:
                return seen
        raise AssertionError(f"{fragment!r} not seen in {seen}")
    try:
        wait_for("watching")
        time.sleep(0.5)
        book = sample / "content/topics/reverse-mentoring/book-club.yaml"
        book.write_text(book.read_text(encoding="utf-8").replace(" the ", " this ", 1), encoding="utf-8")
        seen = wait_for("built, ")
        text = "".join(seen)
        assert "changed: content/topics/reverse-mentoring/book-club.yaml" in text
        assert "book-club-guide.pdf  built" in text and "case-cards.pdf  unchanged" in text
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_file_a_layout_loads_is_an_input(kitgen, sample):
    """An image named only by a workspace layout is tracked: changing it re-renders the output."""
    from PIL import Image
    (sample / "assets").mkdir()
    Image.new("RGB", (40, 20), "red").save(sample / "assets" / "band.png")
    (sample / "layouts").mkdir()
    (sample / "layouts" / "case-cards.html").write_text(
        '{% extends "builtin/case-cards.html" %}{% block cover %}<img src="assets/band.png" alt="">{% endblock %}',
        encoding="utf-8")
    assert kitgen("build", "-C", sample, KIT, "--only", "case-cards").code == 0
    assert statuses(kitgen("build", "-C", sample, KIT, "--only", "case-cards")) == {f"{KIT}-case-cards.pdf": "unchanged"}
    Image.new("RGB", (40, 20), "blue").save(sample / "assets" / "band.png")
    assert statuses(kitgen("build", "-C", sample, KIT, "--only", "case-cards")) == {f"{KIT}-case-cards.pdf": "built"}


def test_source_date_epoch_is_an_input(kitgen, sample, monkeypatch):
    assert kitgen("build", "-C", sample, KIT, "--only", "case-cards").code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert statuses(kitgen("build", "-C", sample, KIT, "--only", "case-cards")) == {f"{KIT}-case-cards.pdf": "built"}


def test_output_folder_from_kitgen_yaml(kitgen, sample):
    (sample / "kitgen.yaml").write_text("output: dist\n", encoding="utf-8")
    assert kitgen("build", "-C", sample, KIT, "--only", "case-cards").code == 0
    assert (sample / "dist" / KIT / f"{KIT}-case-cards.pdf").is_file()
    assert not (sample / "build").exists()
    assert statuses(kitgen("build", "-C", sample, KIT, "--only", "case-cards")) == {f"{KIT}-case-cards.pdf": "unchanged"}


def test_output_folder_outside_the_workspace_refused(kitgen, sample):
    (sample / "kitgen.yaml").write_text("paper: a4\noutput: ../elsewhere\n", encoding="utf-8")
    result = kitgen("validate", "-C", sample)
    assert result.code == 1
    assert "kitgen.yaml:2:1: output: '../elsewhere' leads outside the workspace" in result.err


def test_missing_fast_subsetter_is_reported(kitgen, sample, monkeypatch):
    import kitgen.render.pdf as pdf
    monkeypatch.setattr(pdf, "harfbuzz_subset_available", lambda: False)
    result = kitgen("build", "-C", sample, KIT, "--only", "case-cards", "-j", "1")
    assert result.code == 0
    assert "libharfbuzz-subset0" in result.err


def test_a_render_over_the_time_limit_fails_cleanly(kitgen, sample):
    (sample / "kitgen.yaml").write_text("limits: {cpu_seconds: 3}\n", encoding="utf-8")
    (sample / "layouts").mkdir()
    (sample / "layouts" / "case-cards.html").write_text(
        "<html><body>{% for i in range(9000) %}{% for j in range(9000) %}{% endfor %}{% endfor %}</body></html>",
        encoding="utf-8")
    result = kitgen("build", "-C", sample, KIT, "--only", "case-cards,discussion-guide", "-j", "1")
    assert result.code == 1
    assert "the CPU-time limit of 3 s" in result.err
    assert statuses(result)[f"{KIT}-discussion-guide.pdf"] == "built"
    assert not (sample / OUT / f"{KIT}-case-cards.pdf").exists()


def test_an_edit_during_a_build_is_not_lost(kitgen, sample, monkeypatch):
    import kitgen.build as build
    original = build.execute
    case = sample / "content/topics/reverse-mentoring/case-studies/digital-dashboard.yaml"

    def edit_while_building(*args):
        yield from original(*args)
        case.write_text(case.read_text(encoding="utf-8").replace("title:", "title: Edited —", 1), encoding="utf-8")
    monkeypatch.setattr(build, "execute", edit_while_building)
    assert kitgen("build", "-C", sample, KIT, "--only", "case-cards").code == 0
    monkeypatch.setattr(build, "execute", original)
    result = kitgen("build", "-C", sample, KIT, "--only", "case-cards")
    assert statuses(result) == {f"{KIT}-case-cards.pdf": "built"}
