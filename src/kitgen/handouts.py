"""The PDF writer: a layout rendered to HTML with the context, then to PDF by WeasyPrint."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from kitgen.context import Context
from kitgen.errors import ContentError, Loc, Problem, rel
from kitgen.layouts import BUILTIN_DIR, environment, render
from kitgen.outputs import OutputSpec
from kitgen.paths import inside


def handout_html(ctx: Context, spec: OutputSpec, workspace: Path) -> str:
    """The exact HTML (with its CSS inline) that the PDF renderer receives."""
    env = environment(workspace)
    return render(env, spec.layout, ctx.as_dict(), workspace)


def created_at(ctx: Context) -> dt.datetime:
    """A reproducible creation date: SOURCE_DATE_EPOCH, else the session date, else a fixed date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    day = ctx.kit.date or dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def write_handout(ctx: Context, spec: OutputSpec, workspace: Path, out_path: Path) -> dict:
    """Render one handout to `out_path` atomically; returns its page count and the workspace files it read.

    A resource the layout asks for and may not have (outside the workspace, missing, on the network)
    fails the output before anything is written, with a problem naming the layout.
    """
    from kitgen.render.pdf import ResourcesRefused, render_pdf
    html = handout_html(ctx, spec, workspace)
    t = ctx.t
    try:
        info = render_pdf(html, workspace.as_uri() + "/", out_path, roots=[workspace, BUILTIN_DIR],
                          title=f"{ctx.kit.title.plain} — {t[spec.label]}",
                          author=ctx.kit.facilitator or ctx.kit.organization or None,
                          subject=ctx.topic.title.plain, lang=ctx.kit.lang,
                          keywords=[ctx.topic.title.plain, t[spec.label]], created=created_at(ctx))
    except ResourcesRefused as exc:
        layout = f"layouts/{spec.layout}" if (workspace / "layouts" / spec.layout).exists() else f"built-in layouts/{spec.layout}"
        raise ContentError([Problem(Loc(layout), "", f"refused to load {_shown(url, workspace)}: {why}",
                                    "images, fonts and stylesheets must be files inside the workspace")
                            for url, why in exc.refused]) from None
    inputs = sorted(rel(path, workspace) for path in info.served if inside(workspace, path))
    return {"pages": info.pages, "inputs": inputs}


def _shown(url: str, workspace: Path) -> str:
    """A refused URL as the user wrote it: relative to the workspace where it points inside it."""
    prefix = workspace.as_uri() + "/"
    return url[len(prefix):] if url.startswith(prefix) else url
