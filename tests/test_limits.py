"""Limits that hold from outside the process (security review H1, H3, H4, M6): every render, and the
loading and checking of the content, runs in a worker process whose memory and processor time the
operating system bounds, and which the build kills at its wall-clock deadline.

The bombs are built here. Each is first let past the check that normally refuses it (patched off in
this process, so in the workers forked from it too): what stops it is the limit alone. The hostile
output fails with a message naming the limit, leaves no file behind, and the other outputs build.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import time
from pathlib import Path

import pytest

from conftest import MINIMAL_KIT, make_workspace, edit, set_field

KIT = MINIMAL_KIT
KIT_FILE = f"content/kits/{KIT}.yaml"
TOPIC = "content/topics/listening/topic.yaml"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40">{}</svg>'


@pytest.fixture
def ws(tmp_path) -> Path:
    """A copy of the `minimal` root."""
    return make_workspace(tmp_path / "ws", root="minimal")


def limits(ws: Path, **values: int) -> None:
    (ws / "kitgen.yaml").write_text("limits: {" + ", ".join(f"{k}: {v}" for k, v in values.items()) + "}\n",
                                    encoding="utf-8")


def out(ws: Path, name: str, suffix: str = "pdf") -> Path:
    return ws / "build" / KIT / f"{KIT}-{name}.{suffix}"


def leftovers(ws: Path) -> list[str]:
    """Temporary files left in the kit's output folder."""
    folder = ws / "build" / KIT
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp")) if folder.is_dir() else []


def fails_alone(kitgen, ws: Path, hostile: str, other: str, *fragments: str) -> str:
    """Build `hostile` and `other`: the first fails with every fragment in its message, the other builds."""
    result = kitgen("build", "-C", ws, KIT, "--only", f"{hostile},{other}", "--force")
    assert result.code == 1, result.text
    assert "Traceback" not in result.text
    failure = next(line for line in result.err.splitlines() if line.startswith("failed:"))
    assert f"{KIT}-{hostile}.pdf" in failure, result.err
    for fragment in fragments:
        assert fragment in failure, failure
    assert not out(ws, hostile).exists()
    assert out(ws, other).exists()
    assert not leftovers(ws)
    return failure


def use_tree(levels: int, fan: int = 10) -> bytes:
    """`levels` levels of groups, each using the level below `fan` times: fan**levels rectangles."""
    parts = ['<defs><rect id="l0" width="1" height="1"/>']
    parts += [f'<g id="l{i}">' + f'<use xlink:href="#l{i - 1}"/>' * fan + "</g>" for i in range(1, levels + 1)]
    return SVG.format("".join(parts) + f'</defs><use xlink:href="#l{levels}"/>').encode()


def extends_case_cards(css: str = "", body: str = "") -> str:
    return ('{% extends "builtin/case-cards.html" %}\n'
            f'{{% block css %}}{{{{ super() }}}}\n{css}\n{{% endblock %}}\n'
            f'{{% block content %}}{{{{ super() }}}}{body}{{% endblock %}}\n')


def layout(ws: Path, name: str, text: str) -> None:
    (ws / "layouts").mkdir(exist_ok=True)
    (ws / "layouts" / name).write_text(text, encoding="utf-8")


# --- the three bombs, each stopped by a limit ---------------------------------------------------------

def test_svg_logo_of_nested_use_is_stopped_by_the_cpu_limit(kitgen, ws, monkeypatch):
    """H1: 10**9 rectangles drawn from 1.9 kB; WeasyPrint's SVG code swallowed the old alarm."""
    import kitgen.images as images
    monkeypatch.setattr(images, "svg_problem", lambda *args, **kwargs: "")
    (ws / "assets").mkdir()
    (ws / "assets" / "logo.svg").write_bytes(use_tree(9))
    edit(ws / KIT_FILE, "theme: {", "theme: {logo: assets/logo.svg, ")
    limits(ws, cpu_seconds=3)
    assert kitgen("validate", "-C", ws).code == 0  # the bound at validation is off: only the limit stands
    # the discussion guide's masthead shows the logo; the case cards have no cover, so no logo
    fails_alone(kitgen, ws, "discussion-guide", "case-cards", "CPU-time limit of 3 s", "limits.cpu_seconds")


def test_tab_size_layout_is_stopped_by_the_memory_limit(kitgen, ws, monkeypatch):
    """H3: Pango lays out a hundred million spaces per tab, in C code no Python handler can interrupt."""
    import kitgen.stylesheets as stylesheets
    monkeypatch.setattr(stylesheets, "problems", lambda css: [])
    layout(ws, "case-cards.html", extends_case_cards("body { tab-size: 100000000; white-space: pre }",
                                                     "<pre>\t\t\tx</pre>"))
    limits(ws, memory_mb=1024, cpu_seconds=120)
    fails_alone(kitgen, ws, "case-cards", "discussion-guide", "memory limit of 1,024 MB", "limits.memory_mb")


def test_memory_hungry_layout_is_stopped_by_the_memory_limit(kitgen, ws, monkeypatch):
    """H4: a 100-byte layout asking for a 6 GB string."""
    import kitgen.sandbox as sandbox
    monkeypatch.setattr(sandbox, "percent_size", lambda *args, **kwargs: 0)
    layout(ws, "case-cards.html", "<html><body><p>card</p>{% set big = '%(a)6000000000s' % {'a': 'x'} %}"
                                  "<p>{{ big|length }}</p></body></html>")
    limits(ws, memory_mb=1024, cpu_seconds=120)
    fails_alone(kitgen, ws, "case-cards", "discussion-guide", "needed more memory than the memory limit of 1,024 MB")


def test_running_out_of_memory_while_drawing_an_svg_fails_the_output(kitgen, ws, monkeypatch):
    """WeasyPrint draws SVG inside `except BaseException`: a MemoryError there must not give a file
    reported built with the image left out."""
    from weasyprint import svg

    def out_of_memory(*args, **kwargs):
        raise MemoryError
    monkeypatch.setattr(svg.SVG, "draw", out_of_memory)
    (ws / "assets").mkdir()
    (ws / "assets" / "a.svg").write_bytes(use_tree(2))
    layout(ws, "case-cards.html", extends_case_cards(body='<img src="assets/a.svg" style="width:3cm">'))
    fails_alone(kitgen, ws, "case-cards", "discussion-guide", "memory limit of 2,048 MB")


def test_quadratic_scan_is_stopped_by_the_cpu_limit_while_loading(kitgen, ws, monkeypatch):
    """M6: loading and checking have a bound too (here the backtracking pattern that took 140 s a kit)."""
    import yaml

    import kitgen.placeholders as placeholders
    scan, backtracking = placeholders._scan, re.compile(r"\{\{(.*?)\}\}", re.S)

    def as_reviewed(text):
        backtracking.findall(text)
        return scan(text)
    monkeypatch.setattr(placeholders, "_scan", as_reviewed)
    data = yaml.safe_load((ws / TOPIC).read_text(encoding="utf-8"))
    data["key_insights"] = ["{" * 19_990] * 47
    (ws / TOPIC).write_text(yaml.safe_dump(data, width=100_000), encoding="utf-8")
    limits(ws, cpu_seconds=1)
    for command in ("validate", "build"):
        result = kitgen(command, "-C", ws)
        assert result.code == 1, result.text
        assert "Traceback" not in result.text
        assert "loading and checking the content used more processor time than the CPU-time limit of 1 s" in result.err
    assert not (ws / "build").exists()


# --- the wall clock: SIGKILL, which nothing in the worker can catch ------------------------------------

def toy_outputs(stubborn_write):
    """An output table of two toy outputs: `calm` writes at once, `stubborn` runs `stubborn_write(path)`."""
    from kitgen.atomic import write_text
    from kitgen.outputs import OUTPUTS, OutputSpec
    from kitgen.writers.base import Writer, Written

    class Calm(Writer):
        kind, suffix = "calm", ".txt"

        def write(self, ctx, spec, workspace, path, needs):
            write_text(path, "calm\n")
            return Written(1)

    class Stubborn(Writer):
        kind, suffix = "stubborn", ".txt"

        def write(self, ctx, spec, workspace, path, needs):
            stubborn_write(path)
            return Written(1)
    return {**OUTPUTS, "calm": OutputSpec("calm", Calm(), "participant", "", material=False),
            "stubborn": OutputSpec("stubborn", Stubborn(), "participant", "", material=False)}


def half_written_and_deaf(path: Path) -> None:
    """Start writing `path`, then wait forever, ignoring every signal that can be ignored and catching
    every exception (as WeasyPrint's SVG code caught the old alarm)."""
    import tempfile

    from kitgen.atomic import write_atomic
    (path.parents[2] / "worker-tmp.txt").write_text(tempfile.gettempdir(), encoding="utf-8")
    for sig in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGXCPU):
        signal.signal(sig, signal.SIG_IGN)

    def forever(handle) -> None:
        handle.write(b"half of it")
        handle.flush()
        while True:
            try:
                time.sleep(3600)
            except BaseException:  # noqa: BLE001
                pass
    write_atomic(path, forever)


@pytest.mark.parametrize("config, env, message", [
    ({"wall_seconds": 2}, None, "wall-clock limit of 2 s"),
    ({"wall_seconds": 300}, "1", "wall-clock limit of 1 s (limits.wall_seconds in kitgen.yaml, or KITGEN_RENDER_TIMEOUT)"),
], ids=["kitgen.yaml", "KITGEN_RENDER_TIMEOUT"])
def test_a_render_that_ignores_signals_is_killed_at_the_wall_clock_limit(ws, monkeypatch, config, env, message):
    from kitgen.build import build
    from kitgen.request import Request
    if env is not None:
        monkeypatch.setenv("KITGEN_RENDER_TIMEOUT", env)
    limits(ws, **config)
    set_field(ws / KIT_FILE, "outputs", ["calm", "stubborn"])
    previous = out(ws, "stubborn", "txt")
    previous.parent.mkdir(parents=True)
    previous.write_text("the previous good file\n", encoding="utf-8")
    results = {r.output: r for r in build(ws, Request([KIT], quiet=True, jobs=2), toy_outputs(half_written_and_deaf))}
    assert results["calm"].status == "built"
    assert out(ws, "calm", "txt").read_text(encoding="utf-8") == "calm\n"
    assert results["stubborn"].status == "failed"
    assert message in results["stubborn"].error
    assert previous.read_text(encoding="utf-8") == "the previous good file\n"
    assert not leftovers(ws)
    private = Path((ws / "worker-tmp.txt").read_text(encoding="utf-8"))
    assert private.name.startswith("kitgen-worker-") and not private.exists()  # removed with the worker


# --- the limits themselves ------------------------------------------------------------------------------

def report_limits(path: Path) -> None:
    """Write the limits this worker process runs under."""
    import resource
    import tempfile

    from kitgen.atomic import write_text
    (path.parents[2] / "worker-tmp.txt").write_text(tempfile.gettempdir(), encoding="utf-8")
    cpu = resource.getrlimit(resource.RLIMIT_CPU)
    memory = resource.getrlimit(resource.RLIMIT_AS)
    core = resource.getrlimit(resource.RLIMIT_CORE)
    write_text(path, f"{cpu[0]} {cpu[1]} {memory[0]} {memory[1]} {core[1]}\n")


def test_each_worker_runs_under_the_configured_limits(ws):
    import resource
    from kitgen.build import build
    from kitgen.request import Request
    limits(ws, memory_mb=700, cpu_seconds=7, wall_seconds=60)
    set_field(ws / KIT_FILE, "outputs", ["stubborn"])
    results = build(ws, Request([KIT], quiet=True, jobs=1), toy_outputs(report_limits))
    assert [r.status for r in results] == ["built"]
    cpu_soft, cpu_hard, as_soft, as_hard, core = map(int, out(ws, "stubborn", "txt").read_text().split())
    assert (cpu_soft, cpu_hard, core) == (7, 8, 0)
    assert as_soft == as_hard and 700 << 20 < as_soft < (700 << 20) + (4 << 30)  # 700 MB past what it starts with
    assert resource.getrlimit(resource.RLIMIT_CPU)[0] != 7  # this process keeps its own
    private = Path((ws / "worker-tmp.txt").read_text(encoding="utf-8"))
    assert private.name.startswith("kitgen-worker-") and not private.exists()


def test_limits_in_kitgen_yaml_are_checked_with_their_line(kitgen, ws):
    (ws / "kitgen.yaml").write_text("paper: a4\nlimits:\n  memory_mb: 10\n  cpu: 5\n", encoding="utf-8")
    result = kitgen("validate", "-C", ws)
    assert result.code == 1
    assert re.search(r"kitgen\.yaml:3:\d+: limits\.memory_mb: .*256", result.err), result.err
    assert re.search(r"kitgen\.yaml:4:\d+: limits\.cpu: unknown field 'cpu'", result.err), result.err


def test_defaults_and_what_the_environment_replaces(ws, monkeypatch):
    from kitgen.limits import workspace_limits
    from kitgen.models.config import Limits
    monkeypatch.delenv("KITGEN_RENDER_TIMEOUT", raising=False)
    assert workspace_limits(ws) == Limits()
    limits(ws, memory_mb=512, wall_seconds=30)
    assert (workspace_limits(ws).memory_mb, workspace_limits(ws).wall_seconds) == (512, 30)
    monkeypatch.setenv("KITGEN_RENDER_TIMEOUT", "0")  # no wall-clock limit; the others still hold
    assert (workspace_limits(ws).memory_mb, workspace_limits(ws).wall_seconds) == (512, 0)
    limits(ws, memory_mb=10 ** 9)  # past the ceiling: the defaults (validation reports it)
    monkeypatch.delenv("KITGEN_RENDER_TIMEOUT")
    assert workspace_limits(ws) == Limits()


def test_an_interrupted_build_kills_its_workers_and_leaves_nothing_half_written(ws, monkeypatch):
    from kitgen.build import build
    from kitgen.progress import Reporter
    from kitgen.request import Request
    pid_file = ws / "stubborn.pid"

    def stubborn(path: Path) -> None:
        pid_file.write_text(str(os.getpid()), encoding="utf-8")
        half_written_and_deaf(path)

    def interrupted(self, result):  # Ctrl-C as the first output is reported, the other one mid-write
        raise KeyboardInterrupt
    monkeypatch.setattr(Reporter, "finished", interrupted)
    table = toy_outputs(stubborn)
    calm = table["calm"].writer
    write_calm = calm.write

    def after_the_stubborn_one_began(*args):
        while not pid_file.exists() or not leftovers(ws):
            time.sleep(0.05)
        return write_calm(*args)
    monkeypatch.setattr(calm, "write", after_the_stubborn_one_began)
    set_field(ws / KIT_FILE, "outputs", ["calm", "stubborn"])
    with pytest.raises(KeyboardInterrupt):
        build(ws, Request([KIT], quiet=True, jobs=2), table)
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text(encoding="utf-8")), 0)
    assert not leftovers(ws)
    assert not out(ws, "stubborn", "txt").exists()


def alive(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie does not), after a moment for a signal to land."""
    for _ in range(100):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return False
        if state in ("Z", "X"):
            return False
        time.sleep(0.05)
    return True


def leaves_a_process_behind(pid_file: Path, then):
    """A writer that starts a process of its own (one that ignores what it can and sleeps), then `then(path)`."""
    def write(path: Path) -> None:
        child = os.fork()
        if child == 0:
            for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                signal.signal(sig, signal.SIG_IGN)
            while True:
                time.sleep(3600)
        pid_file.write_text(str(child), encoding="utf-8")
        then(path)
    return write


def written(path: Path) -> None:
    from kitgen.atomic import write_text
    write_text(path, "done\n")


@pytest.mark.parametrize("then, status", [(written, "built"), (lambda path: time.sleep(3600), "failed")],
                         ids=["worker finishes", "worker killed at the deadline"])
def test_what_a_worker_starts_is_stopped_with_it(ws, then, status):
    """A render that forks (as the named workbooks do) leaves nothing running, however it ends; a
    process it left behind, holding the answer's pipe, does not hold the build up."""
    from kitgen.build import build
    from kitgen.request import Request
    pid_file = ws / "grandchild.pid"
    limits(ws, wall_seconds=20 if status == "built" else 2)
    set_field(ws / KIT_FILE, "outputs", ["stubborn"])
    results = build(ws, Request([KIT], quiet=True, jobs=1), toy_outputs(leaves_a_process_behind(pid_file, then)))
    pid = int(pid_file.read_text(encoding="utf-8"))
    try:
        assert [r.status for r in results] == [status], [r.error for r in results]
        assert not alive(pid)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)  # should this test fail, it leaves nothing running


def test_a_bug_in_a_worker_is_an_internal_error_with_its_traceback(kitgen, ws, monkeypatch):
    import kitgen.validation as validation

    def broken(*args):
        raise ZeroDivisionError("a bug in the worker")
    monkeypatch.setattr(validation, "_validated", broken)
    result = kitgen("validate", "-C", ws)
    assert result.code == 3
    assert "Traceback" not in result.text
    log = Path(re.search(r"Details were written to (\S+);", result.err).group(1))
    assert "ZeroDivisionError: a bug in the worker" in log.read_text() and "in broken" in log.read_text()
    log.unlink()
