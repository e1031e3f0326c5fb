"""A figure as a picture on its slide: the workspace image, fitted to the text area, with its alt text.

The image is read through the workspace's file gate and checked like a logo. The picture keeps its
proportions inside the layout's main text box (a caption, when the figure has one, takes a line
under it) and carries the figure's alt text as its description, which screen readers announce.
PowerPoint shows PNG, JPEG and GIF images; any other figure (an SVG) shows its alt text instead,
with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pptx.util import Emu

from kitgen.deck.geometry import Rect, TextStyle
from kitgen.deck.lines import TEXT, Line, clean_text
from kitgen.deck.paragraphs import ParagraphWriter
from kitgen.deck.textbox import TextBox
from kitgen.images import TYPES, image_problem
from kitgen.markup import Run
from kitgen.media import Figure
from kitgen.paths import IMAGE_SUFFIXES, SLIDE_IMAGE_SUFFIXES, workspace_file

CAPTION_PT = 14
CAPTION_EMU = 457200  # half an inch under the picture for its caption
_CAPTION = TextStyle(size_pt=CAPTION_PT, indents=(0,), space_before=0.0, line_spacing=1.0, bold=False, italic=True)


@dataclass(frozen=True)
class Picture:
    """A figure ready to draw: its file, its pixel size and where it goes."""

    path: Path
    rect: Rect
    figure: Figure


def fit_picture(figure: Figure, area: Rect, workspace: Path) -> tuple[Picture | None, str]:
    """Where the figure's picture goes in `area`, or None and why it cannot be drawn on a slide."""
    from PIL import Image
    path, why = workspace_file(workspace, figure.src, IMAGE_SUFFIXES)
    if path is None:
        return None, f"figure: {why}"
    if path.suffix.lower() not in SLIDE_IMAGE_SUFFIXES:
        return None, (f"figure {figure.src}: slides show PNG, JPEG or GIF images, so this slide shows its alt "
                      "text instead")
    data = path.read_bytes()
    if why := image_problem(data, TYPES[path.suffix.lower()], thorough=True):
        return None, f"figure {figure.src}: {why}"
    with Image.open(path) as image:
        width_px, height_px = image.size
    room = Rect(area.left, area.top, area.width, area.height - (CAPTION_EMU if figure.caption else 0))
    scale = min(room.width / width_px, room.height / height_px)
    width, height = int(width_px * scale), int(height_px * scale)
    rect = Rect(room.left + (room.width - width) // 2, room.top + (room.height - height) // 2, width, height)
    return Picture(path, rect, figure), ""


def draw_picture(slide: Any, picture: Picture, writer: ParagraphWriter, font: str | None) -> None:
    """Add the picture to `slide` with the figure's alt text as its description, and its caption."""
    rect, figure = picture.rect, picture.figure
    shape = slide.shapes.add_picture(str(picture.path), Emu(rect.left), Emu(rect.top), Emu(rect.width), Emu(rect.height))
    alt, _ = clean_text(figure.alt)
    props = shape._element.nvPicPr.cNvPr  # noqa: SLF001 - python-pptx has no public alt text
    props.set("descr", alt)
    props.set("name", f"Figure: {alt[:60]}")
    if figure.caption:
        box = slide.shapes.add_textbox(Emu(rect.left), Emu(rect.bottom), Emu(rect.width), Emu(CAPTION_EMU))
        body = box.text_frame._txBody  # noqa: SLF001
        body.clear_content()
        text = TextBox(rect.width, CAPTION_EMU, _CAPTION, font, CAPTION_PT, CAPTION_PT)
        body.append(writer.paragraph(Line([Run(figure.caption, italic=True)], TEXT), text, CAPTION_PT, align="ctr"))


def alt_text_lines(figure: Figure) -> list[Line]:
    """What a slide shows of a figure it cannot draw: its alt text (and caption)."""
    lines = [Line([Run(figure.alt, italic=True)], TEXT)]
    return lines + ([Line([Run(figure.caption)], TEXT)] if figure.caption else [])
