"""PDF handouts: a layout rendered to HTML with the context, then to PDF by WeasyPrint."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kitgen.errors import ContentError, Loc, Problem, rel
from kitgen.layouts import BUILTIN_DIR, environment, render
from kitgen.paths import inside

if TYPE_CHECKING:
    from kitgen.context import Context
    from kitgen.outputs import OutputSpec


def handout_html(ctx: Context, spec: OutputSpec, workspace: Path, extra: dict | None = None,
                 served: list[Path] | None = None) -> str:
    """The exact HTML (with its CSS inline) that the PDF renderer receives, through the render gate;
    `extra`: more names for the layout beside the context (what a writer measured, e.g. `fitting`);
    the files the gate read are added to `served`."""
    from kitgen.render.gate import checked_html
    env = environment(workspace)
    html = render(env, spec.layout, {**ctx.as_dict(), **(extra or {})}, workspace)
    return checked_html(html, workspace, spec.layout, served)


def workspace_files(paths: list[Path], workspace: Path) -> list[str]:
    """The workspace-relative names of the files among `paths` that are inside the workspace."""
    return sorted(rel(path, workspace) for path in paths if inside(workspace, path))


def write_handout(ctx: Context, spec: OutputSpec, workspace: Path, out_path: Path,
                  extra: dict | None = None) -> tuple[int, list[str]]:
    """Render one handout to `out_path` atomically; returns its page count and the workspace files it read.

    A resource the layout asks for and may not have (outside the workspace, missing, on the network)
    fails the output before anything is written, with a problem naming the layout.
    """
    checked: list[Path] = []
    pages, inputs = pdf_from_html(handout_html(ctx, spec, workspace, extra, checked), ctx, spec, workspace, out_path)
    return pages, sorted({*inputs, *workspace_files(checked, workspace)})


PEOPLE_PER_RENDER = 400
"""People per render of an output whose pages are each person's own (`OutputSpec.per_person`): a
render's time grows faster than its pages, so 5,000 name tents in one render would take longer
than a render may (the `cpu_seconds` limit); in parts, each part is well within it, and the parts
render in parallel. Fixed, not set by the number of processors, so a roster gives the same bytes on
any machine."""


def in_parts(ctx: Context, spec: OutputSpec) -> bool:
    """Whether `spec` is rendered for `ctx` in parts (a per-person output for a large roster)."""
    return spec.per_person and ctx.roster is not None and vars(ctx.roster)["count"] > PEOPLE_PER_RENDER


def write_in_parts(ctx: Context, spec: OutputSpec, workspace: Path, out_path: Path,
                   extra: dict | None = None) -> tuple[int, list[str]]:
    """Render a per-person handout `PEOPLE_PER_RENDER` people at a time, in parallel (each part in a
    process with the worker's limits, each its own), and join the parts into one tagged PDF
    (:mod:`kitgen.pdfjoin`); as `write_handout`. A layout whose parts cannot be joined (bookmarks,
    page labels, a form) is rendered whole."""
    from kitgen.pdfjoin import NotJoinable, join
    from kitgen.rosterviews import roster_parts
    from kitgen.workers import cores, forked_map
    checked: list[Path] = []
    htmls = [handout_html(ctx, spec, workspace, {**(extra or {}), "roster": part}, checked)
             for part in roster_parts(ctx.roster, PEOPLE_PER_RENDER)]

    rendered = forked_map(lambda index: pdf_bytes(htmls[index], ctx, spec, workspace), len(htmls), cores())
    try:
        pages = join([data for data, _ in rendered], out_path)
    except NotJoinable:
        return write_handout(ctx, spec, workspace, out_path, extra)
    return pages, sorted({*(name for _, inputs in rendered for name in inputs), *workspace_files(checked, workspace)})


def pdf_from_html(html: str, ctx: Context, spec: OutputSpec, workspace: Path, out_path: Path,
                  tagged: bool = True) -> tuple[int, list[str]]:
    """Print HTML that `spec`'s layout made to `out_path` (see `write_handout`): tagged and declared
    PDF/UA-1, or (`tagged` false: a layer stamped onto a tagged handout) neither."""
    from kitgen.render.pdf import ResourcesRefused, render_pdf
    t = ctx.t
    try:
        info = render_pdf(html, workspace.as_uri() + "/", out_path, roots=[workspace, BUILTIN_DIR], pdf_ua=tagged,
                          title=f"{ctx.kit.title.plain} — {t[spec.label]}",
                          author=ctx.kit.facilitator or ctx.kit.organization or None,
                          subject=ctx.topic.title.plain, lang=ctx.kit.lang,
                          keywords=[ctx.topic.title.plain, t[spec.label]], created=ctx.kit.created, tagged=tagged)
    except ResourcesRefused as exc:
        layout = f"layouts/{spec.layout}" if (workspace / "layouts" / spec.layout).exists() else f"built-in layouts/{spec.layout}"
        raise ContentError([Problem(Loc(layout), "", f"refused to load {_shown(url, workspace)}: {why}",
                                    "images, fonts and stylesheets must be files inside the workspace")
                            for url, why in exc.refused]) from None
    return info.pages, workspace_files(info.served, workspace)


def pdf_bytes(html: str, ctx: Context, spec: OutputSpec, workspace: Path,
              tagged: bool = True) -> tuple[bytes, list[str]]:
    """`pdf_from_html` to bytes (through a temporary file): the PDF and the workspace files it read."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "render.pdf"
        inputs = pdf_from_html(html, ctx, spec, workspace, target, tagged)[1]
        return target.read_bytes(), inputs


def _shown(url: str, workspace: Path) -> str:
    """A refused URL as the user wrote it: relative to the workspace where it points inside it."""
    prefix = workspace.as_uri() + "/"
    return url[len(prefix):] if url.startswith(prefix) else url
