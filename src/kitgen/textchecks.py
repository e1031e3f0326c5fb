"""Every text of a kit's content checked for what the outputs cannot show: nothing is lost unsaid.

Each text is read as it is rendered (prose fields as block Markdown, one-line texts inline). What no
output shows, or shows only as typed (a footnote marker, raw HTML, a rule, a link to a relative
address, a block construct in a one-line text), is a warning at the text's file, line and field (what
names an image or an address, at the line and column inside the text where it stands). A figure must
be an image of the workspace with its alt text: anything else is an error.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kitgen import texts
from kitgen.errors import Loc, Problem
from kitgen.markup import link_problems
from kitgen.paths import IMAGE_SUFFIXES, workspace_file
from kitgen.unshown import figures, unshown
from kitgen.yamlsafe import dotted

if TYPE_CHECKING:
    from kitgen.session import Resolution
    from kitgen.yamlsafe import Doc

KIT_SKIP = frozenset({"variables", "with", "overrides"})
"""Kit fields that are values, not texts that are printed as Markdown."""


def check_texts(res: Resolution, root: Path) -> list[Problem]:
    """The problems of every text a kit prints: its own, and its content's as the kit uses it."""
    found: list[Problem] = []
    if res.kit is not None:
        found += _check_doc(res.doc, res.kit, root, KIT_SKIP)
    session = res.session
    if session is not None:
        for doc, model in session.docs:
            found += _check_doc(doc, model, root, frozenset({"parameters"}))
        for case in session.case_studies:
            found += _check_doc(case.doc, case.model, root, frozenset())
    return found


def _check_doc(doc: Doc, model: Any, root: Path, skip: frozenset[str]) -> list[Problem]:
    found = []
    for item in texts.walk(model, (), skip):
        where, field = doc.loc(item.path), dotted(item.path)
        for message, hint in unshown(item.text, inline=not item.markdown) + link_problems(item.text) + _glyphs(item.text):
            found.append(Problem(_at(doc, where, message), field, message, hint, "warning"))
        if item.markdown:
            for message, hint, severity in _figure_problems(item.text, root):
                found.append(Problem(_at(doc, where, message), field, message, hint, severity))
    return found


_QUOTED = re.compile(r"'([^'\n]{3,200})'")


def _at(doc: Doc, where: Loc, message: str) -> Loc:
    """The line inside a long text that holds what a problem names (the image, the link: the first
    quoted part of its message), not the field's first line."""
    quoted = _QUOTED.search(message)
    return doc.find(where, quoted.group(1)) if quoted else where


def _glyphs(text: str) -> list[tuple[str, str]]:
    """Characters no installed font draws (emoji, a script without its font): they print as empty boxes."""
    from kitgen.fonts import code_points, undrawable
    missing = undrawable(text)
    if not missing:
        return []
    return [(f"no installed font draws {code_points(missing)}: the handouts print an empty box for it",
             "install a font that has it (emoji need a colour emoji font; scripts/setup-system.sh installs "
             "the Noto fonts), or leave it out")]


def _figure_problems(text: str, root: Path) -> list[tuple[str, str, str]]:
    """A figure needs alt text and an image of the workspace that kitgen can draw (slides cannot draw SVG)."""
    out = []
    for figure in figures(text):
        if not figure.alt.strip():
            out.append((f"the figure {figure.src!r} has no alt text",
                        "describe what it shows between the brackets: ![A bar chart of ...](" + figure.src + ")", "error"))
        found, why = workspace_file(root, figure.src, IMAGE_SUFFIXES)
        if why:
            out.append((f"figure: {why}", "a figure is an image file inside the workspace, named from its folder, "
                        "e.g. ![What it shows](assets/chart.png)", "error"))
        elif why := _image_problem(found):
            out.append((f"the figure {figure.src!r}: {why}", "use a PNG, JPEG or SVG image", "error"))
        elif found.suffix.lower() == ".svg":
            out.append((f"slides show the SVG figure {figure.src!r} as its alt text (handouts draw it)",
                        "a PNG or JPEG copy of it shows on slides too", "warning"))
    return out


def _image_problem(path: Path) -> str:
    from kitgen.images import TYPES, image_problem  # Pillow, only when content has figures
    return image_problem(path.read_bytes(), TYPES[path.suffix.lower()], thorough=True)
