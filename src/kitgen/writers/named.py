"""Named workbooks: the participant workbook once more for every participant, with their name (and
group) on the cover and, as an option, in every footer (:mod:`kitgen.personalize`).

It is made from the participant workbook's own file (`needs`), whose cover then has a name plate:
the workbook is rendered once, and each copy is that file plus a small stamped update. It writes the
collated print file (the output's path) and, beside it, a folder with one file per participant,
numbered in roster order (`<kit>-named-workbooks/<kit>-workbook-007.pdf`), so that no name is ever
part of a file name, a log line or the build's messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from kitgen.writers.base import Writer, Written

if TYPE_CHECKING:
    from kitgen.context import Context
    from kitgen.outputs import OutputSpec

WORKBOOK = "participant-workbook"


class NamedWorkbooksWriter(Writer):
    """Stamped copies of the participant workbook, one per participant, and one file to print them all."""

    kind = "named-pdf"
    suffix = ".pdf"

    def as_format(self, fmt: str) -> Writer | None:
        return self if fmt == "files" else None  # there is no HTML preview of a stamp

    def prepare(self) -> list[str]:
        import kitgen.handouts  # noqa: F401
        import kitgen.personalize  # noqa: F401
        import kitgen.render.pdf  # noqa: F401
        return []

    def write(self, ctx: Context, spec: OutputSpec, workspace: Path, path: Path, needs: Mapping[str, Path]) -> Written:
        from kitgen.atomic import write_folder
        from kitgen.errors import ContentError, Loc, Problem
        from kitgen.layouts import environment, render
        from kitgen.handouts import workspace_files
        from kitgen.personalize import PlateMissing, chunks, find_plate, personalize
        from kitgen.render.gate import checked_html
        from kitgen.workers import cores
        workbook = needs[WORKBOOK]
        try:
            plate = find_plate(workbook)
        except PlateMissing as exc:
            raise ContentError([Problem(Loc(f"layouts/{WORKBOOK}.html"), "", f"{exc}, so no name can be printed on it",
                                        "keep the name plate of base.html's cover in a layout that replaces it")]) from None
        people = list(ctx.roster.people) if ctx.roster is not None else []
        env, data = environment(workspace), ctx.as_dict()
        parts = chunks(len(people))
        footer = bool(ctx.kit.named_workbooks.footer)
        served: list[Path] = []  # what the gate read of the workspace (the stamps' images and stylesheets)
        htmls = [checked_html(render(env, spec.layout, {**data, "plate": plate, "footer": footer,
                                                        "stamps": people[r.start:r.stop]}, workspace),
                              workspace, spec.layout, served) for r in parts]
        kit = ctx.kit.id
        names = [[f"{kit}-workbook-{i + 1:03d}.pdf" for i in r] for r in parts]

        def stamps(html: str) -> bytes:
            from kitgen.handouts import pdf_bytes
            return pdf_bytes(html, ctx, spec, workspace, tagged=False)[0]
        pages: list[int] = []
        write_folder(path.with_suffix(""), lambda folder: pages.append(personalize(
            workbook, plate, htmls, stamps, 2 if footer else 1, [[folder / n for n in chunk] for chunk in names], path, cores())))
        return Written(pages[0] if pages else 0, inputs=workspace_files(served, workspace))
