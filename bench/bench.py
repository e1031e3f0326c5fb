"""kitgen benchmark: `make bench`. Prints a table of wall-clock times and peak memory.

Measures, on copies of the sample workspace in a temporary folder:
  `kitgen validate` against Python's start-up with the imports validation needs,
  cold build (serial and parallel), no-op rebuild, rebuilds after a one-field edit and after a
  comment-only edit (and which outputs each remade),
  the cost of the limits: a serial build with each render in its bounded worker process against the
  same build in one process (no workers, no limits), in wall-clock and processor time,
  kitgen's handouts against bare WeasyPrint rendering the same exported HTML in one process,
  the whole kit against pandoc's nearest equivalent (Markdown -> PDF via WeasyPrint, Markdown -> PPTX),
  peak memory for a large kit (a dozen case studies, two dozen reflection questions), 20 kits in one build,
  named workbooks for 20, 200 and 1,000 participants against one plain workbook render,
  name tents for 2,000 people (rendered in parts) against 400 (one render),
  Markdown that makes backtracking parsers slow and an alias bomb (how fast they are refused),
  and the test suite's wall and CPU time, serial and with `-n 2` (BENCH_SUITE=0 leaves it out).
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KIT = "leadership-half-day"
HANDOUTS = "facilitator-guide,participant-workbook,case-cards,book-club-guide,discussion-guide"
PY = sys.executable
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def kitgen(ws: Path, *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run([PY, "-m", "kitgen", *args, "-C", str(ws), "--quiet"], capture_output=True, text=True)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"kitgen {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return took, proc.stdout


UNLIMITED = ("import sys, kitgen.execute, kitgen.limits\n"
             "kitgen.execute.supported = kitgen.limits.supported = lambda: False  # no workers, so no limits\n"
             "from kitgen.cli import main\nmain()\n")
"""kitgen with validation and every render in its own process, as without the limits."""


def with_and_without_limits(ws: Path) -> tuple[tuple[float, float], tuple[float, float]]:
    """(wall, processor) seconds of a serial cold build of the kit, with the limits and without (best of RUNS)."""
    def run(*command: str) -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([PY, *command, "build", KIT, "--force", "-j", "1", "-C", str(ws), "--quiet"], check=True,
                       capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.perf_counter() - start, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    limited, unlimited = [], []
    for _ in range(RUNS):  # alternated, so a change in the machine's load falls on both
        limited.append(run("-m", "kitgen"))
        unlimited.append(run("-c", UNLIMITED))
    return (min(w for w, _ in limited), min(c for _, c in limited)), (min(w for w, _ in unlimited), min(c for _, c in unlimited))


def best(fn, runs: int = RUNS) -> float:
    return min(fn() for _ in range(runs))


def timed(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([PY, *args], check=True, capture_output=True)
    return time.perf_counter() - start


def rebuilt(ws: Path) -> tuple[float, list[str]]:
    """Build the sample kit once more: the time, and the outputs it made again."""
    start = time.perf_counter()
    proc = subprocess.run([PY, "-m", "kitgen", "build", KIT, "-C", str(ws)], capture_output=True, text=True)
    took = time.perf_counter() - start
    return took, sorted(set(re.findall(rf"{KIT}-([a-z-]+)\.(?:pdf|pptx)\s+built", proc.stdout)))


def workspace(root: Path, name: str) -> Path:
    ws = root / name
    shutil.copytree(REPO / "content", ws / "content")
    return ws


def bare_weasyprint(html_dir: Path, out: Path) -> float:
    script = (
        "import sys, time, pathlib\n"
        "t = time.perf_counter()\n"
        "from weasyprint import HTML\n"
        "src = pathlib.Path(sys.argv[1]); out = pathlib.Path(sys.argv[2])\n"
        "for f in sorted(src.glob('*.html')):\n"
        "    HTML(string=f.read_text(), base_url=sys.argv[3]).write_pdf(out / (f.stem + '.pdf'), pdf_tags=True)\n"
    )
    start = time.perf_counter()
    subprocess.run([PY, "-c", script, str(html_dir), str(out), html_dir.as_uri() + "/"], check=True, capture_output=True)
    return time.perf_counter() - start


def pandoc_equivalent(html_dir: Path, md_dir: Path, out: Path) -> float | None:
    if not shutil.which("pandoc"):
        return None
    md_dir.mkdir(exist_ok=True)
    for f in sorted(html_dir.glob("*.html")):
        subprocess.run(["pandoc", str(f), "-t", "markdown", "-o", str(md_dir / (f.stem + ".md"))], check=True)
    slides_md = md_dir / "slides.md"
    slides_md.write_text("\n".join(
        f"# {line.strip('# ')}\n" if line.startswith("#") else line
        for line in (md_dir / f"{KIT}-participant-workbook.md").read_text().splitlines()))
    env = {**os.environ, "PATH": f"{Path(PY).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    start = time.perf_counter()
    for f in sorted(md_dir.glob(f"{KIT}-*.md")):
        subprocess.run(["pandoc", str(f), "-o", str(out / (f.stem + ".pdf")), "--pdf-engine=weasyprint"],
                       check=True, capture_output=True, env=env)
    subprocess.run(["pandoc", str(slides_md), "-o", str(out / "slides.pptx")], check=True, capture_output=True)
    return time.perf_counter() - start


def big_workspace(root: Path) -> Path:
    ws = workspace(root, "big")
    topic = ws / "content/topics/reverse-mentoring"
    cases = topic / "case-studies"
    base = (cases / "pilot-that-stalled.yaml").read_text()
    agenda = ["  - {block: welcome, minutes: 10}"]
    for i in range(12):
        (cases / f"case-{i:02d}.yaml").write_text(base.replace("title:", f"title: Case {i + 1} —", 1))
        agenda.append(f"  - {{case_study: case-{i:02d}, minutes: 20}}")
    agenda += ["  - {reflection: true, minutes: 20}", "  - {block: close, minutes: 10}"]
    questions = "\n".join(f"      - \"Question {i + 1}: what would you do differently next quarter, and who would you ask for help?\""
                          for i in range(24))
    (ws / "content/kits/big.yaml").write_text(
        "title: Large kit\ntopic: reverse-mentoring\naudience: Everyone\nduration: 300\nstart: \"09:00\"\n"
        "agenda:\n" + "\n".join(agenda) + "\n"
        "overrides:\n  topic:\n    reflection_questions:\n" + questions + "\n")
    return ws


def peak_rss_mb(ws: Path, *args: str) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run([PY, "-m", "kitgen", *args, "-C", str(ws), "--quiet"], capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(proc.stderr)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(before, after) / 1024


COHORT = REPO / "tests" / "roots" / "roster" / "people" / "cohort-50.csv"
NAMED_SIZES = (20, 200, 1000)


def roster_of(count: int, path: Path) -> None:
    """A roster of `count` people: the 50-person fixture (eight scripts) repeated, each name made unique."""
    header, *rows = COHORT.read_bytes().decode("utf-8-sig").splitlines()
    out = [header]
    for i in range(count):
        name, rest = rows[i % len(rows)].split(",", 1)
        out.append(f"{name} {i // len(rows) + 1},{rest}" if i >= len(rows) else rows[i])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def name_tents(root: Path) -> list[tuple[str, str, str]]:
    """Name tents for 400 people (one render) and 2,000 (five parts of 400, joined): how their time grows."""
    ws = workspace(root, "tents")
    kit = (ws / f"content/kits/{KIT}.yaml").read_text()
    kit = "\n".join(line for line in kit.splitlines() if not line.startswith("outputs:"))
    (ws / "content/kits/tents.yaml").write_text(kit + "\nroster: people/cohort.csv\noutputs: [name-tents]\n")
    rows = []
    times = {}
    for count in (400, 2000):
        roster_of(count, ws / "people/cohort.csv")
        times[count] = kitgen(ws, "build", "tents", "--force", "-j", "1")[0]
        note = "one render" if count == 400 else (f"{times[count] / times[400]:.1f}x 400 tents (5.0x: as many "
                                                   "seconds a tent); five parts of 400, on the cores there are")
        rows.append((f"{count:,} name tents, 1 job", f"{times[count]:.2f} s", note))
    return rows


def named_workbooks(root: Path) -> list[tuple[str, str, str]]:
    """Named workbooks for 20, 200 and 1,000 people (time, peak memory) against one plain workbook render."""
    ws = workspace(root, "named")
    kit = (ws / f"content/kits/{KIT}.yaml").read_text()
    kit = "\n".join(line for line in kit.splitlines() if not line.startswith("outputs:"))
    (ws / "content/kits/named.yaml").write_text(
        kit + "\nroster: people/cohort.csv\ngroups: {size: 4, balance: team}\n"
        "outputs: [participant-workbook, named-workbooks]\n")
    roster_of(20, ws / "people/cohort.csv")
    kitgen(ws, "build", "named", "--force")  # warm caches
    plain = best(lambda: kitgen(ws, "build", "named", "--only", "participant-workbook", "--force", "-j", "1")[0])
    rows = [("one plain workbook render (18 pages)", f"{plain:.2f} s", "the unit below")]
    for count in NAMED_SIZES:
        roster_of(count, ws / "people/cohort.csv")
        took = best(lambda: kitgen(ws, "build", "named", "--force", "-j", "2")[0], 1 if count > 200 else RUNS)
        rss = peak_rss_mb(ws, "build", "named", "--force", "-j", "2")
        per_copy = (took - plain) / count * 1000
        rows.append((f"{count} named workbooks (+ their workbook), 2 cores", f"{took:.2f} s",
                     f"{took / plain:.1f}x one workbook (goal for 1,000: < 10x); {per_copy:.1f} ms a copy; "
                     f"peak {rss:.0f} MB"))
    return rows


PATHOLOGICAL = {
    "[" * 10000: "10,000 [", "> " * 5000 + "x": "5,000 nested quotes", "".join("  " * i + "- x\n" for i in range(300)):
    "300 nested lists", "*a " * 10000: "10,000 *a", "[a](" * 5000: "5,000 [a](", "`" * 20000: "20,000 `",
    "<" * 20000: "20,000 <"}
ALIAS_BOMB = "\n".join(['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'] + [
    f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]" for i in range(1, 10)]) + "\n"


def hostile_input(root: Path) -> list[tuple[str, str, str]]:
    """How long refusing or rendering hostile input takes (the tests check what happens, not how fast)."""
    sys.path.insert(0, str(REPO / "src"))
    from kitgen.markup import to_html, to_paras

    def slowest() -> tuple[float, str]:
        times = []
        for text, name in PATHOLOGICAL.items():
            start = time.perf_counter()
            to_html(text)
            to_paras(text)
            times.append((time.perf_counter() - start, name))
        return max(times)
    took, name = min((slowest() for _ in range(RUNS)), key=lambda t: t[0])
    ws = workspace(root, "alias-bomb")
    (ws / "content/topics/reverse-mentoring/topic.yaml").write_text(ALIAS_BOMB, encoding="utf-8")
    start = time.perf_counter()
    proc = subprocess.run([PY, "-m", "kitgen", "validate", "-C", str(ws)], capture_output=True, text=True)
    refused = time.perf_counter() - start
    if proc.returncode != 1 or "aliases" not in proc.stderr:
        raise SystemExit(f"the alias bomb was not refused:\n{proc.stderr}")
    return [("pathological Markdown, slowest of 7 inputs", f"{took:.3f} s", f"{name} (target < 1 s)"),
            ("kitgen validate refusing an alias bomb", f"{refused:.3f} s", "refused at the first alias")]


def suite_times() -> list[tuple[str, str, str]]:
    """The whole test suite, serial and on two workers: wall time, CPU time of every process, load."""
    rows = []
    for label, extra in (("serial", []), ("-n 2", ["-n", "2"])):
        load = os.getloadavg()[0]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run([PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra], cwd=REPO,
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        summary = (proc.stdout.strip().splitlines() or ["no output"])[-1]
        rows.append((f"test suite, {label}", f"{wall:.1f} s",
                     f"CPU {cpu:.0f} s, load {load:.1f} at start (target < 90 s); {summary}"))
    return rows


def main() -> None:
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="kitgen-bench-") as tmp:
        root = Path(tmp)
        ws = workspace(root, "ws")
        kitgen(ws, "build", KIT, "--force")  # warm caches (fonts, bytecode)

        serial = best(lambda: kitgen(ws, "build", KIT, "--force", "-j", "1")[0])
        parallel = best(lambda: kitgen(ws, "build", KIT, "--force", "-j", "2")[0])
        rows += [("cold build, whole kit, 1 job", f"{serial:.2f} s", ""),
                 ("cold build, whole kit, 2 jobs", f"{parallel:.2f} s", f"{serial / parallel:.2f}x faster")]

        (wall, cpu), (wall_free, cpu_free) = with_and_without_limits(ws)
        rows += [("cold build, 1 job, each render in a bounded worker", f"{wall:.2f} s", f"{cpu:.2f} s of processor time"),
                 ("the same in one process, no limits", f"{wall_free:.2f} s", f"{cpu_free:.2f} s of processor time"),
                 ("cost of the limits", f"{wall / wall_free:.2f}x", f"{cpu / cpu_free:.2f}x in processor time")]

        noop = best(lambda: kitgen(ws, "build", KIT)[0], 5)
        rows.append(("no-op rebuild", f"{noop:.3f} s", "target < 0.3 s"))

        import yaml
        book = ws / "content/topics/reverse-mentoring/book-club.yaml"
        data = yaml.safe_load(book.read_text())
        data["logistics"] = data["logistics"].rstrip() + "\n- **Snacks:** welcome.\n"  # one field edited
        book.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000))
        took, remade = rebuilt(ws)
        rows.append(("one-field edit (book-club logistics)", f"{took:.2f} s",
                     f"{len(remade)} of 6 outputs: {', '.join(remade) or 'none'}"))
        book.write_text(book.read_text() + "\n# a comment\n")
        took, remade = rebuilt(ws)
        rows.append(("comment-only edit of book-club.yaml", f"{took:.2f} s", f"{len(remade)} outputs remade"))

        start_up = best(lambda: timed("-c", "pass"), 9)
        imports = best(lambda: timed("-c", "import kitgen.cli, kitgen.commands, kitgen.validation"), 9)
        validate = best(lambda: timed("-m", "kitgen", "validate", "-C", str(ws)), 9)
        rows += [("python start-up", f"{start_up:.3f} s", ""),
                 ("python start-up + validation's imports", f"{imports:.3f} s", "pydantic models, PyYAML, babel, click"),
                 ("kitgen validate (sample workspace)", f"{validate:.3f} s",
                  f"{validate - imports:.3f} s over its imports (target <= 0.25 s)")]

        html_dir = root / "html"
        kitgen(ws, "build", KIT, "--format", "html", "--only", HANDOUTS, "--out", str(html_dir), "--force")
        html_dir = html_dir / KIT
        shutil.copytree(ws / "content", html_dir / "content", dirs_exist_ok=True)
        bare_out = root / "bare"
        bare_out.mkdir()
        bare = best(lambda: bare_weasyprint(html_dir, bare_out))
        ours = best(lambda: kitgen(ws, "build", KIT, "--only", HANDOUTS, "--force", "-j", "1")[0])
        ours_par = best(lambda: kitgen(ws, "build", KIT, "--only", HANDOUTS, "--force", "-j", "2")[0])
        rows += [("bare WeasyPrint, 5 handouts, 1 process", f"{bare:.2f} s", "renderer's floor"),
                 ("kitgen, 5 handouts, 1 job", f"{ours:.2f} s", f"{ours / bare:.2f}x bare (target <= 1.15x)"),
                 ("kitgen, 5 handouts, 2 jobs", f"{ours_par:.2f} s", f"{ours_par / bare:.2f}x bare (target < 1x)")]

        pandoc_out = root / "pandoc"
        pandoc_out.mkdir()
        pandoc = pandoc_equivalent(html_dir, root / "md", pandoc_out)
        if pandoc is None:
            rows.append(("pandoc equivalent", "n/a", "pandoc not installed"))
        else:
            rows += [("pandoc: 5 PDFs via WeasyPrint + 1 PPTX", f"{pandoc:.2f} s", ""),
                     ("kitgen whole kit (2 jobs) vs pandoc", f"{parallel / pandoc:.2f}x", "target <= 0.5x")]

        big = big_workspace(root)
        rss = peak_rss_mb(big, "build", "big", "--force", "-j", "1")
        rows.append(("peak memory, 12 cases + 24 questions, 1 job", f"{rss:.0f} MB", "target < 400 MB"))

        many = workspace(root, "many")
        kit_text = (many / f"content/kits/{KIT}.yaml").read_text()
        for i in range(19):
            (many / f"content/kits/kit-{i:02d}.yaml").write_text(kit_text.replace("title:", f"title: Cohort {i + 1} —", 1))
        (many / "content/kits/leadership-cohort.yaml").unlink()  # the roster kit is measured below
        twenty, _ = kitgen(many, "build", "--force", "-j", "2")
        rows.append(("20 kits (120 outputs), 2 jobs", f"{twenty:.1f} s", f"{twenty / 20:.2f} s per kit"))
        rows += named_workbooks(root)
        rows += name_tents(root)
        rows += hostile_input(root)
    if os.environ.get("BENCH_SUITE", "1") != "0":
        rows += suite_times()

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':{width}}  {'result':>12}  note")
    print("-" * (width + 40))
    for name, value, note in rows:
        print(f"{name:{width}}  {value:>12}  {note}")
    (REPO / "bench-results").mkdir(exist_ok=True)
    (REPO / "bench-results" / "latest.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
