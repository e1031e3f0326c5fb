"""Rendering the roster layouts on the sample kit with the 50-person fixture roster (tests and looking)."""

from __future__ import annotations

import shutil
from pathlib import Path

from kitgen.cohort import Cohort, records
from kitgen.groups import breakout
from kitgen.pairs import mentoring_pairs
from kitgen.roster import read

REPO = Path(__file__).resolve().parent.parent
ROSTER = REPO / "tests" / "fixtures" / "roster" / "cohort-50.csv"
KIT = "leadership-half-day"
GENERATIONS = ("Gen Z", "Millennial", "Gen X", "Baby Boomer")


def workspace(dest: Path) -> Path:
    shutil.copytree(REPO / "content", dest / "content")
    (dest / "people").mkdir()
    shutil.copy(ROSTER, dest / "people" / "cohort-50.csv")
    return dest


def cohort(ws: Path):
    roster, problems = read(ws / "people" / "cohort-50.csv", "people/cohort-50.csv")
    assert roster is not None, problems
    groups = breakout(roster.people, size=4, balance="team", seed=7)
    pairs = mentoring_pairs(roster.people, by="generation", order=GENERATIONS, avoid_same=("team",), seed=7)
    return roster, Cohort(roster, tuple(groups), tuple(pairs), pairs_by="generation")


def render(ws: Path, layout: str, out: Path, kit: str = KIT, edition: str = "participant") -> int:
    """Render one roster layout of `kit` to `out`; returns the page count."""
    from kitgen.context import build_context
    from kitgen.feedback import questions
    from kitgen.handouts import created_at
    from kitgen.layouts import BUILTIN_DIR, environment, render as render_layout
    from kitgen.render.pdf import render_pdf
    from kitgen.session import load
    loaded = load(ws, [kit])
    session = loaded.sessions[kit]
    ctx = build_context(session, edition, layout.removesuffix(".html"))
    _, group = cohort(ws)
    group = Cohort(group.roster, group.groups, group.pairs, group.pairs_by,
                   tuple(c.title.plain for c in ctx.case_studies))
    data = {**ctx.as_dict(), "roster": records(group, session.kit.locale),
            "feedback": questions(None, None, ctx.topic.objectives, ctx.t)}
    html = render_layout(environment(ws), layout, data, ws)
    info = render_pdf(html, ws.as_uri() + "/", out, roots=[ws, BUILTIN_DIR], title=ctx.kit.title.plain,
                      author=None, subject=None, lang=ctx.kit.lang, created=created_at(ctx))
    return info.pages


if __name__ == "__main__":  # render every roster layout into a folder to look at
    import sys
    import tempfile
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/roster-look")
    target.mkdir(parents=True, exist_ok=True)
    names = sys.argv[2:] or ["name-tents", "sign-in-sheet", "feedback-form", "certificates", "groups"]
    with tempfile.TemporaryDirectory() as tmp:
        ws = workspace(Path(tmp))
        for kit in (KIT, "clinic-managers-fr"):
            for name in names:
                pages = render(ws, f"{name}.html", target / f"{kit}-{name}.pdf", kit)
                print(f"{kit}-{name}.pdf: {pages} pages")


PLATE = ('<div class="name-plate" style="margin: 0 0 8mm; width: 100%">'
         '<p class="label" style="margin: 0">{{ t.workbook_holder }}</p>'
         '<div id="name-plate" style="height: 12mm; border-bottom: 0.8pt solid var(--writing-line)"></div></div>\n')


def plate_layouts(ws: Path) -> None:
    """A workspace base.html whose cover has the name plate (the built-in one, plus the plate)."""
    from kitgen.layouts import BUILTIN_DIR
    base = (BUILTIN_DIR / "base.html").read_text(encoding="utf-8")
    marker = '<div class="foot">\n'
    assert marker in base
    (ws / "layouts").mkdir(exist_ok=True)
    (ws / "layouts" / "base.html").write_text(base.replace(marker, marker + PLATE), encoding="utf-8")


def named(ws: Path, out: Path, people: int | None = None, footer: bool = False, jobs: int = 1,
          kit: str = KIT) -> tuple[Path, list[Path], Path]:
    """The workbook (with a plate) and its named copies; `people` repeats the roster up to that count."""
    import dataclasses
    import tempfile
    from kitgen.build import BuildOptions, run_build
    from kitgen.context import build_context
    from kitgen.layouts import BUILTIN_DIR, environment, render as render_layout
    from kitgen.personalize import chunks, find_plate, personalize
    from kitgen.render.pdf import render_pdf
    from kitgen.roster import Roster
    from kitgen.session import load
    plate_layouts(ws)
    loaded = load(ws, [kit])
    run_build(loaded, BuildOptions(out_dir=out, only=["participant-workbook"], quiet=True, jobs=1))
    workbook = out / kit / f"{kit}-participant-workbook.pdf"
    roster, group = cohort(ws)
    if people:
        base = roster.people
        roster = Roster(roster.file, tuple(dataclasses.replace(base[i % len(base)], number=i + 1) for i in range(people)),
                        roster.columns)
        group = Cohort(roster)
    session = loaded.sessions[kit]
    ctx = build_context(session, "participant", "named-workbooks")
    view = records(group, session.kit.locale)
    plate = find_plate(workbook)
    env = environment(ws)
    parts = chunks(len(view.people))
    htmls = [render_layout(env, "named-workbook.html", {**ctx.as_dict(), "plate": plate, "footer": footer,
                                                         "stamps": view.people[r.start:r.stop]}, ws) for r in parts]
    folder = out / kit / f"{kit}-named-workbooks"
    names = [[f"{kit}-workbook-{i + 1:03d}.pdf" for i in r] for r in parts]

    def render(html: str) -> bytes:
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "stamps.pdf"
            render_pdf(html, ws.as_uri() + "/", target, roots=[ws, BUILTIN_DIR], title=None, author=None,
                       subject=None, lang=None, tagged=False)
            return target.read_bytes()
    collated = out / kit / f"{kit}-named-workbooks.pdf"
    from kitgen.atomic import write_folder
    write_folder(folder, lambda tmp: personalize(workbook, plate, htmls, render, 2 if footer else 1,
                                                 [[tmp / n for n in chunk] for chunk in names], collated, jobs))
    return workbook, [folder / n for chunk in names for n in chunk], collated
