"""Reading outputs back: a PDF's text and characters (pypdf, pdfplumber), a deck's words (python-pptx).

Parsing a PDF is the slow part of reading it, so each reading is kept by the file's content hash:
in memory, and in `CACHE` (a folder of the test run that every xdist worker shares). The outputs of
a session build are read in parallel processes as soon as they are made (`prefetch`); a file a test
rebuilds has another hash and is read afresh.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

CACHE: Path | None = None
"""Where readings are kept across processes (set by conftest for the test run)."""
_MEMO: dict[tuple[str, str], Any] = {}


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass(frozen=True)
class Char:
    """One drawn character, as pdfplumber reads it (points, from the page's top-left corner)."""

    text: str
    size: float
    top: float
    bottom: float
    fontname: str
    x0: float = 0.0


SHAPE_KEYS = ("x0", "x1", "top", "bottom", "width", "height", "fill", "non_stroking_color")
"""What is kept of each rectangle, line and image pdfplumber finds (the keys the page-flow checker reads)."""


@dataclass(frozen=True)
class Page:
    text: str
    """pdfplumber's text of the page: the margin boxes and the body in reading order."""
    chars: tuple[Char, ...]
    height: float
    width: float = 0.0
    rects: tuple[dict, ...] = ()
    lines: tuple[dict, ...] = ()
    images: tuple[dict, ...] = ()


def _shapes(objects: list[dict]) -> tuple[dict, ...]:
    return tuple({k: _plain(o[k]) for k in SHAPE_KEYS if k in o} for o in objects)


def _plain(value: Any) -> Any:
    """A value pickled without pdfminer's classes: numbers as floats, colours as tuples."""
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, (bool, str)) or value is None:
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def _pypdf_text(path: Path) -> str:
    from pypdf import PdfReader
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _layout(path: Path) -> tuple[Page, ...]:
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        return tuple(Page(page.extract_text() or "",
                          tuple(Char(c["text"], c["size"], c["top"], c["bottom"], c["fontname"], c["x0"])
                                for c in page.chars),
                          float(page.height), float(page.width),
                          _shapes(page.rects), _shapes(page.lines), _shapes(page.images))
                     for page in pdf.pages)


READINGS: dict[str, Callable[[Path], Any]] = {"text": _pypdf_text, "layout": _layout}


def _reading(kind: str, path: Path, key: str | None = None) -> Any:
    key = key or digest(path)
    if (kind, key) in _MEMO:
        return _MEMO[(kind, key)]
    kept = CACHE / f"{key}.{kind}.pickle" if CACHE else None
    if kept is not None and kept.exists():
        value = pickle.loads(kept.read_bytes())
    else:
        value = READINGS[kind](Path(path))
        if kept is not None:
            fd, tmp = tempfile.mkstemp(dir=CACHE, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle)
            os.replace(tmp, kept)
    _MEMO[(kind, key)] = value
    return value


def _read(task: tuple[str, str]) -> None:
    _reading(task[0], Path(task[1]))


def prefetch(paths: Iterable[Path], kinds: Iterable[str] = tuple(READINGS), jobs: int = 2) -> None:
    """Make the readings `kinds` of every PDF of `paths` now, in `jobs` processes, into `CACHE`."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    todo = [(kind, str(p)) for p in paths if Path(p).suffix == ".pdf" for kind in kinds]
    if CACHE is None or not todo:
        return
    import pdfplumber  # noqa: F401 - imported once, before the readers fork
    import pypdf  # noqa: F401
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(_read, sorted(todo, key=lambda t: -Path(t[1]).stat().st_size)))  # largest first


def pdf_text(path: Path) -> str:
    """Every page's text as pypdf extracts it, pages joined by line breaks."""
    return _reading("text", path)


def normal(text: str) -> str:
    """Letters and digits only, lower case: immune to hyphenation, line breaks and smart quotes."""
    return re.sub(r"[\W_]+", "", text.lower())


class Pdf:
    """One PDF output, read back once (use `read_pdf`)."""

    def __init__(self, path: Path, key: str):
        self.path = Path(path)
        self._key = key

    @cached_property
    def reader(self):
        from pypdf import PdfReader
        return PdfReader(self.path)

    @cached_property
    def layout(self) -> tuple[Page, ...]:
        return _reading("layout", self.path, self._key)

    @property
    def pages(self) -> list[str]:
        """The text of every page."""
        return [page.text for page in self.layout]

    @cached_property
    def text(self) -> str:
        return "\n".join(self.pages)

    def large_text(self, min_size: float, top_fraction: float = 1.0) -> list[str]:
        """Per page: the text set at `min_size` points or more (headings), in the top part of the page."""
        return ["".join(c.text for c in page.chars if c.size >= min_size and c.top <= page.height * top_fraction)
                for page in self.layout]


def read_pdf(path: Path) -> Pdf:
    return Pdf(path, digest(path))


def deck_text(path: Path, notes: bool = False) -> str:
    """The text of every shape of every slide (and the speaker notes, when asked), one per line."""
    from pptx import Presentation
    parts = []
    for slide in Presentation(str(path)).slides:
        parts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        if notes and slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)
