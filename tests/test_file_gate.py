"""The file gate: paths opened beneath the workspace one component at a time (security review, M4),
hard links refused (L5), one file-size limit and one image-type table for every reader."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kitgen import images, paths
from kitgen.paths import FileRefused, read_beneath, workspace_bytes, workspace_file
from kitgen.render import fetcher as fetcher_module
from kitgen.render.fetcher import ResourceRefused, SandboxFetcher

CANARY = "SECRET-CANARY-b7e41d9c"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A workspace with assets/d/x.css inside, and outside/x.css (the canary) beside it."""
    ws = tmp_path / "ws"
    (ws / "assets" / "d").mkdir(parents=True)
    (ws / "assets" / "d" / "x.css").write_text("p { color: green } /* inside */", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "x.css").write_text(f"p::after {{ content: '{CANARY}' }}", encoding="utf-8")
    return ws


def swap_before_opening(monkeypatch, tree: Path, component: str) -> None:
    """Replace assets/d by a link to ../outside just before the walk opens `component` (a race,
    made deterministic)."""
    real_open = paths._open_at

    def open_at(dir_fd, name, flags):
        if name == component and not (tree / "assets" / "d-real").exists():
            os.rename(tree / "assets" / "d", tree / "assets" / "d-real")
            os.symlink(tree.parent / "outside", tree / "assets" / "d")
        return real_open(dir_fd, name, flags)
    monkeypatch.setattr(paths, "_open_at", open_at)


def test_folder_swapped_for_a_link_before_it_is_opened_is_refused(tree, monkeypatch):
    swap_before_opening(monkeypatch, tree, "d")
    fetcher = SandboxFetcher([tree])
    with pytest.raises(ResourceRefused, match="outside the allowed folders"):
        fetcher.fetch((tree / "assets" / "d" / "x.css").as_uri())
    assert (tree / "assets" / "d").is_symlink()  # the swap did happen


def test_folder_swapped_after_it_was_opened_still_serves_the_inside_file(tree, monkeypatch):
    swap_before_opening(monkeypatch, tree, "x.css")
    response = SandboxFetcher([tree]).fetch((tree / "assets" / "d" / "x.css").as_uri())
    served = response.read().decode()
    assert "inside" in served and CANARY not in served
    assert (tree / "assets" / "d").is_symlink()


def test_workspace_file_is_checked_on_the_file_it_opens(tree, monkeypatch):
    (tree / "assets" / "d" / "logo.png").write_bytes(b"inside")
    (tree.parent / "outside" / "logo.png").write_bytes(CANARY.encode())
    swap_before_opening(monkeypatch, tree, "d")
    data, why = workspace_bytes(tree, "assets/d/logo.png", paths.IMAGE_SUFFIXES)
    assert data is None and "leads outside the workspace" in why


def test_links_inside_the_workspace_are_followed_and_links_out_refused(tree):
    (tree / "brand").symlink_to(tree / "assets" / "d")  # absolute, inside
    (tree / "assets" / "up").symlink_to("../assets/d")  # relative, inside
    (tree / "assets" / "out").symlink_to("../../outside")  # relative, outside
    (tree / "assets" / "gone.css").symlink_to("nowhere.css")
    assert read_beneath(tree, "brand/x.css")[1] == (tree / "assets" / "d" / "x.css").resolve()
    assert b"inside" in read_beneath(tree, "assets/up/x.css")[0]
    for name, reason in [("assets/out/x.css", "outside"), ("../outside/x.css", "outside"),
                         ("assets/gone.css", "dangling"), ("assets/none.css", "missing"), ("assets/d", "special")]:
        with pytest.raises(FileRefused) as refused:
            read_beneath(tree, name)
        assert refused.value.reason == reason, name


def test_link_loop_is_refused(tree):
    (tree / "assets" / "a").symlink_to("b")
    (tree / "assets" / "b").symlink_to("a")
    with pytest.raises(FileRefused):
        read_beneath(tree, "assets/a/x.css")


def test_hard_link_to_an_outside_file_is_refused_everywhere(tree):
    os.link(tree.parent / "outside" / "x.css", tree / "assets" / "brand.css")
    os.link(tree.parent / "outside" / "x.css", tree / "assets" / "logo.svg")
    with pytest.raises(ResourceRefused, match="hard links"):
        SandboxFetcher([tree]).fetch((tree / "assets" / "brand.css").as_uri())
    path, why = workspace_file(tree, "assets/logo.svg", paths.IMAGE_SUFFIXES)
    assert path is None and "has other hard links" in why
    (tree / "assets" / "single.css").write_text("p {}", encoding="utf-8")
    assert SandboxFetcher([tree]).fetch((tree / "assets" / "single.css").as_uri()).read() == b"p {}"


def test_hard_linked_layout_is_refused_not_replaced(tree):
    from kitgen.layouts import LayoutRefused, environment
    (tree / "layouts").mkdir()
    (tree.parent / "outside" / "case-cards.html").write_text(CANARY, encoding="utf-8")
    os.link(tree.parent / "outside" / "case-cards.html", tree / "layouts" / "case-cards.html")
    environment.cache_clear()
    with pytest.raises(LayoutRefused, match="hard links"):
        environment(tree).get_template("case-cards.html")


def test_one_size_limit_and_one_image_table():
    assert SandboxFetcher([]).max_bytes == paths.MAX_FILE_BYTES
    assert workspace_file.__defaults__ == (paths.MAX_FILE_BYTES,)
    assert images.TYPES is paths.IMAGE_TYPES
    assert paths.IMAGE_SUFFIXES == set(paths.IMAGE_TYPES)
    assert {s: fetcher_module.ALLOWED_TYPES[s] for s in paths.IMAGE_TYPES} == paths.IMAGE_TYPES


def test_size_limit_applies_to_the_bytes_read(tree):
    (tree / "assets" / "big.png").write_bytes(b"\x89PNG" + b"\0" * 100)
    data, why = workspace_bytes(tree, "assets/big.png", paths.IMAGE_SUFFIXES, max_bytes=50)
    assert data is None and "is larger than" in why
    assert workspace_bytes(tree, "assets/big.png", paths.IMAGE_SUFFIXES)[0].startswith(b"\x89PNG")
