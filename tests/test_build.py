"""The build engine on the `minimal` root: reproducible bytes, atomic writes, incremental rebuilds,
the no-op path, HTML export, watch. What decides a rebuild field by field, and the build record, are
in test_changes.py; the limits a render runs under, in test_limits.py."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile

import pytest

from conftest import MINIMAL_KIT, statuses

KIT = MINIMAL_KIT
OUT = f"build/{KIT}"
CASE = "content/topics/listening/case-studies/quiet-meeting.yaml"
BOOK = "content/topics/listening/book-club.yaml"
CARDS = f"{KIT}-case-cards.pdf"


def digests(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".")}


def layout(ws, name: str, text: str) -> None:
    (ws / "layouts").mkdir(exist_ok=True)
    (ws / "layouts" / name).write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- the same inputs, the same bytes


def test_the_same_inputs_give_the_same_bytes(built_minimal, minimal):
    """Another folder, another process with another hash seed, serial where the session build was
    parallel: the guide (contents laid out in two passes) and the deck are byte for byte the same."""
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    subprocess.run([sys.executable, "-m", "kitgen", "build", KIT, "-C", str(minimal), "--only",
                    "facilitator-guide,slides", "-j", "1", "--quiet"],
                   env={**os.environ, "PYTHONHASHSEED": seed}, check=True, capture_output=True)
    again = digests(minimal / OUT)  # with the outputs these cite (the workbook's pages, the cards)
    assert {f"{KIT}-facilitator-guide.pdf", f"{KIT}-slides.pptx"} <= set(again)
    assert again == {name: d for name, d in digests(built_minimal / OUT).items() if name in again}
    assert b"/ID [" in (minimal / OUT / f"{KIT}-facilitator-guide.pdf").read_bytes()  # a hash of the content


def test_source_date_epoch_dates_every_output_and_is_an_input(kitgen, prebuilt_minimal, monkeypatch):
    from pypdf import PdfReader
    cards, deck = prebuilt_minimal / OUT / CARDS, prebuilt_minimal / OUT / f"{KIT}-slides.pptx"
    assert PdfReader(cards).metadata["/CreationDate"].startswith("D:20261208")  # unset: the kit's date
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    result = kitgen("build", "-C", prebuilt_minimal, KIT, "--only", "case-cards,slides")
    made = statuses(result)  # with the workbook, whose pages the slides cite
    assert {CARDS, f"{KIT}-slides.pptx"} <= set(made) and set(made.values()) == {"built"}, result.text
    info = PdfReader(cards).metadata
    assert info["/CreationDate"] == info["/ModDate"] == "D:20231114221320Z"
    with zipfile.ZipFile(deck) as z:
        assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        assert z.infolist()[0].filename == "[Content_Types].xml"
        assert b"2023-11-14T22:13:20Z" in z.read("docProps/core.xml")


# --------------------------------------------------------------------------- atomic writes


@pytest.mark.parametrize("failure", [OSError("disk full"), KeyboardInterrupt()], ids=["error", "interrupt"])
def test_a_failed_write_keeps_the_previous_file_and_leaves_nothing_else(tmp_path, failure):
    from kitgen.atomic import write_atomic
    target = tmp_path / "x.pdf"
    target.write_bytes(b"good")

    def half(handle):
        handle.write(b"half-written")
        raise failure
    with pytest.raises(type(failure)):
        write_atomic(target, half)
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["x.pdf"]


def test_a_write_replaces_the_file_and_keeps_its_permissions(tmp_path):
    from kitgen.atomic import write_bytes
    target = tmp_path / "x.pdf"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o777 == 0o640
    write_bytes(tmp_path / "fresh.pdf", b"x")
    assert (tmp_path / "fresh.pdf").stat().st_mode & 0o777 == 0o666 & ~_umask()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.pdf", "x.pdf"]


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def test_a_failed_render_keeps_the_previous_file_and_the_others_build(kitgen, prebuilt_minimal):
    target = prebuilt_minimal / OUT / CARDS
    before = target.read_bytes()
    layout(prebuilt_minimal, "case-cards.html", "<html>{{ kit.missing_field }}</html>")
    layout(prebuilt_minimal, "discussion-guide.html", '{% extends "builtin/discussion-guide.html" %}')
    result = kitgen("build", "-C", prebuilt_minimal, KIT, "--only", "case-cards,discussion-guide")
    assert result.code == 1
    assert "failed" in result.err and "case-cards" in result.err
    assert statuses(result) == {CARDS: "failed", f"{KIT}-discussion-guide.pdf": "built"}
    assert target.read_bytes() == before
    assert not [p for p in (prebuilt_minimal / OUT).iterdir() if p.name.endswith(".tmp")]


# --------------------------------------------------------------------------- incremental


def test_a_noop_rebuild_imports_no_models_nor_renderer(kitgen, prebuilt_minimal):
    """Once a build found nothing to do, the same build answers from the record alone."""
    assert statuses(kitgen("build", KIT, "-C", prebuilt_minimal)) == dict.fromkeys(digests(prebuilt_minimal / OUT),
                                                                                   "unchanged")
    probe = ("import sys, runpy\n"
             "sys.argv = ['kitgen', 'build', %r, '-C', %r]\n"
             "try:\n    runpy.run_module('kitgen', run_name='__main__')\n"
             "except SystemExit as e:\n    assert not e.code, e.code\n"
             "print(sorted(m for m in ('weasyprint', 'pptx', 'pydantic') if m in sys.modules))\n") % (KIT, str(prebuilt_minimal))
    second = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert "0 built, 6 unchanged" in second.stdout
    assert second.stdout.rstrip().endswith("[]"), second.stdout


def test_a_layout_change_rerenders(kitgen, prebuilt_minimal):
    layout(prebuilt_minimal, "case-cards.html", '{% extends "builtin/case-cards.html" %}')
    assert statuses(kitgen("build", "-C", prebuilt_minimal, KIT, "--only", "case-cards")) == {CARDS: "built"}


def test_a_file_a_layout_loads_is_an_input(kitgen, minimal):
    """An image named only by a workspace layout is tracked: changing it re-renders the output."""
    from PIL import Image
    (minimal / "assets").mkdir()
    Image.new("RGB", (40, 20), "red").save(minimal / "assets" / "band.png")
    layout(minimal, "case-cards.html",
           '{% extends "builtin/case-cards.html" %}{% block cover %}<img src="assets/band.png" alt="">{% endblock %}')
    assert kitgen("build", "-C", minimal, KIT, "--only", "case-cards").code == 0
    assert statuses(kitgen("build", "-C", minimal, KIT, "--only", "case-cards")) == {CARDS: "unchanged"}
    Image.new("RGB", (40, 20), "blue").save(minimal / "assets" / "band.png")
    assert statuses(kitgen("build", "-C", minimal, KIT, "--only", "case-cards")) == {CARDS: "built"}


def test_an_edit_during_a_build_is_not_lost(kitgen, minimal, monkeypatch):
    import kitgen.build as build
    original = build.execute
    case = minimal / CASE

    def edit_while_building(*args):
        yield from original(*args)
        case.write_text(case.read_text(encoding="utf-8").replace("title:", "title: Edited —", 1), encoding="utf-8")
    monkeypatch.setattr(build, "execute", edit_while_building)
    assert kitgen("build", "-C", minimal, KIT, "--only", "case-cards").code == 0
    monkeypatch.setattr(build, "execute", original)
    result = kitgen("build", "-C", minimal, KIT, "--only", "case-cards")
    assert statuses(result) == {CARDS: "built"}


def test_watch_rebuilds_what_changed(prebuilt_minimal):
    import queue
    import threading
    import time
    proc = subprocess.Popen([sys.executable, "-m", "kitgen", "watch", KIT, "--only", "case-cards,book-club-guide",
                             "-C", str(prebuilt_minimal)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()

    def wait_for(fragment: str, seconds: float = 120) -> list[str]:  # a bound on waiting, not an assertion on time
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
        book = prebuilt_minimal / BOOK
        book.write_text(book.read_text(encoding="utf-8").replace("first Tuesday", "second Tuesday"), encoding="utf-8")
        text = "".join(wait_for("built, "))
        assert f"changed: {BOOK}" in text
        assert "book-club-guide.pdf  built" in text and "case-cards.pdf  unchanged" in text
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# --------------------------------------------------------------------------- output folders and formats


def test_html_export_is_what_the_renderer_gets(kitgen, minimal, tmp_path):
    result = kitgen("build", "-C", minimal, KIT, "--only", "case-cards", "--format", "html", "--out", tmp_path / "out")
    assert result.code == 0, result.text
    assert sorted(p.name for p in (tmp_path / "out" / KIT).iterdir() if not p.name.startswith(".")) == \
        [f"{KIT}-case-cards.html"]
    html = (tmp_path / "out" / KIT / f"{KIT}-case-cards.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "<style" in html and "@page" in html
    assert "Priya Raman" in html and "{{ lead }}" not in html


def test_output_folder_from_kitgen_yaml(kitgen, minimal):
    (minimal / "kitgen.yaml").write_text("output: dist\n", encoding="utf-8")
    assert kitgen("build", "-C", minimal, KIT, "--only", "case-cards").code == 0
    assert (minimal / "dist" / KIT / CARDS).is_file()
    assert not (minimal / "build").exists()
    assert statuses(kitgen("build", "-C", minimal, KIT, "--only", "case-cards")) == {CARDS: "unchanged"}


def test_output_folder_outside_the_workspace_refused(kitgen, minimal):
    (minimal / "kitgen.yaml").write_text("paper: a4\noutput: ../elsewhere\n", encoding="utf-8")
    result = kitgen("validate", "-C", minimal)
    assert result.code == 1
    assert "kitgen.yaml:2:1: output: '../elsewhere' leads outside the workspace" in result.err


def test_missing_fast_subsetter_is_reported(kitgen, minimal, monkeypatch):
    import kitgen.render.pdf as pdf
    monkeypatch.setattr(pdf, "harfbuzz_subset_available", lambda: False)
    result = kitgen("build", "-C", minimal, KIT, "--only", "case-cards", "-j", "1")
    assert result.code == 0
    assert "libharfbuzz-subset0" in result.err
