"""Writes that stay inside (security review M4 write side, L4, L9): outputs go through folder
descriptors opened once, so a folder swapped for a link mid-build cannot send them elsewhere;
`kitgen new` and `kitgen layouts --copy` refuse folders leading outside the workspace; `kitgen
watch` watches the workspace's own folders only and never follows a link out.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from conftest import MINIMAL_KIT, make_workspace, set_field

KIT = MINIMAL_KIT
KIT_FILE = f"content/kits/{KIT}.yaml"
CASES = "content/topics/listening/case-studies"


@pytest.fixture
def ws(tmp_path) -> Path:
    """A copy of the `minimal` root."""
    return make_workspace(tmp_path / "ws", root="minimal")


@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def every_file(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# --- M4: the output folder swapped between its check and the write --------------------------------------

def swapping_outputs(outside: Path, levels: int):
    """A toy output whose writer, once the build has checked and opened the output folders, renames the
    folder `levels` above its file away and puts a link to `outside` in its place, then writes its file
    where it was told to."""
    from kitgen.atomic import write_text
    from kitgen.outputs import OUTPUTS, OutputSpec
    from kitgen.writers.base import Writer, Written

    class Swapper(Writer):
        kind, suffix = "swap", ".txt"

        def write(self, ctx, spec, workspace, path, needs):
            folder = path.parents[levels - 1]
            folder.rename(folder.with_name(folder.name + "-moved"))
            folder.symlink_to(outside, target_is_directory=True)
            write_text(path, "made inside\n")
            return Written(1)
    return {**OUTPUTS, "swap": OutputSpec("swap", Swapper(), "participant", "", material=False)}


@pytest.mark.parametrize("levels, jobs", [(1, 1), (1, 2), (2, 1)], ids=["kit folder", "kit folder, -j2", "output root"])
def test_a_folder_swapped_for_a_link_mid_build_cannot_redirect_a_write(ws, outside, levels, jobs):
    from kitgen.build import build
    from kitgen.changes import RECORD
    from kitgen.request import Request
    set_field(ws / KIT_FILE, "outputs", ["swap"])
    results = build(ws, Request([KIT], quiet=True, jobs=jobs), swapping_outputs(outside, levels))
    assert [r.status for r in results] == ["built"], [r.error for r in results]
    assert every_file(outside) == []
    root = ws / ("build" if levels == 1 else "build-moved")
    kit = root / (f"{KIT}-moved" if levels == 1 else KIT)
    assert (kit / f"{KIT}-swap.txt").read_text(encoding="utf-8") == "made inside\n"
    assert [p.name for p in kit.iterdir()] == [f"{KIT}-swap.txt"]  # no temporary file left
    assert (root / RECORD).is_file()  # the build record, written after the swap, went where it was checked


def test_output_folder_linking_outside_is_refused_before_anything_is_made(kitgen, ws, outside):
    (ws / "build").symlink_to(outside, target_is_directory=True)
    result = kitgen("build", "-C", ws, KIT, "--only", "case-cards")
    assert result.code == 1
    assert "build: the output folder links outside the workspace; refused" in result.err, result.err
    assert every_file(outside) == []


def test_a_link_inside_the_workspace_is_a_usable_output_folder(kitgen, ws):
    (ws / "elsewhere").mkdir()
    (ws / "build").symlink_to(ws / "elsewhere", target_is_directory=True)
    result = kitgen("build", "-C", ws, KIT, "--only", "case-cards")
    assert result.code == 0, result.text
    assert (ws / "elsewhere" / KIT / f"{KIT}-case-cards.pdf").is_file()


# --- L4: kitgen new and kitgen layouts --copy --------------------------------------------------------------

@pytest.mark.parametrize("folder, command", [
    ("layouts", ("layouts", "--copy", "case-cards.html")),
    (CASES, ("new", "case-study", "pwned")),
    ("content/kits", ("new", "kit", "pwned")),
])
def test_new_files_are_never_written_through_a_folder_leading_outside(kitgen, ws, outside, folder, command):
    target = ws / folder
    if target.exists():
        shutil.rmtree(target)
    target.symlink_to(outside, target_is_directory=True)
    result = kitgen(*command, "-C", ws)
    assert result.code == 2, result.text
    assert "leads outside the workspace" in result.err, result.err
    assert every_file(outside) == []


def test_new_files_go_through_links_that_stay_inside(kitgen, ws):
    (ws / "shared-layouts").mkdir()
    (ws / "layouts").symlink_to(ws / "shared-layouts", target_is_directory=True)
    assert kitgen("layouts", "-C", ws, "--copy", "case-cards.html").code == 0
    assert (ws / "shared-layouts" / "case-cards.html").is_file()
    result = kitgen("new", "topic", "fresh-topic", "-C", ws)
    assert result.code == 0, result.text
    assert (ws / "content/topics/fresh-topic/topic.yaml").is_file()
    assert (ws / "content/topics/fresh-topic/case-studies").is_dir()


def test_new_never_replaces_a_link_with_a_file(kitgen, ws, outside):
    (ws / CASES / "pwned.yaml").symlink_to(outside / "pwned.yaml")
    result = kitgen("new", "case-study", "pwned", "-C", ws)
    assert result.code == 2
    assert "already exists" in result.err
    assert every_file(outside) == []


# --- L9: kitgen watch ------------------------------------------------------------------------------------

def test_watch_puts_no_watch_outside_the_workspace(ws, outside, monkeypatch):
    import watchfiles

    from kitgen.commands import changes_in
    (outside / "deep").mkdir()
    (ws / "content" / "usrlink").symlink_to(outside, target_is_directory=True)
    (ws / "content" / "rootlink").symlink_to("/", target_is_directory=True)
    seen = {}

    def fake_watch(*paths, **options):
        seen.update(paths=paths, options=options)
        return iter(())
    monkeypatch.setattr(watchfiles, "watch", fake_watch)
    assert list(changes_in(ws, ws / "build")) == []
    real = [Path(os.path.realpath(p)) for p in seen["paths"]]
    assert seen["options"]["recursive"] is False  # each folder by itself: nothing below it is added
    assert Path(ws) in real and ws / "content" / "topics" in real
    assert all(p.is_relative_to(ws) for p in real), real
    assert not any(p.is_symlink() for p in map(Path, seen["paths"]))


def test_watch_sees_changes_inside_and_none_through_a_link_out(ws, outside):
    from kitgen.commands import changes_in
    (ws / "content" / "usrlink").symlink_to(outside, target_is_directory=True)
    stop, seen = threading.Event(), threading.Event()
    batches: list[list[str]] = []

    def watch() -> None:
        for names in changes_in(ws, ws / "build", stop):
            batches.append(names)
            seen.set()
    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for attempt in range(20):  # until the watcher, started in its thread, has seen one batch
            (outside / "x.yaml").write_text(f"outside {attempt}\n", encoding="utf-8")
            (ws / "content" / "kits" / "note.yaml").write_text(f"inside {attempt}\n", encoding="utf-8")
            if seen.wait(2):
                break
    finally:
        stop.set()
        watcher.join(30)
    assert batches, "no change seen"
    assert all(names == ["content/kits/note.yaml"] for names in batches), batches
