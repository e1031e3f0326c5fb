"""Named workbooks, cheaply: the workbook is rendered once and each copy is stamped with pikepdf.

1. The participant workbook is rendered once with an empty name plate on its cover: an element whose
   id is `name-plate`, found again in the PDF as a named destination (page, left, top).
2. The stamp layout is rendered for `CHUNK` people at a time: a transparent page per person with the
   name (and group) where the plate is, and optionally a page whose footer carries the name.
3. Each stamp page becomes a form XObject drawn over the cover (and the footer over every other
   page) of the one workbook held in memory, which is saved once per participant; the collated print
   file holds every copy, in roster order, sharing the workbook's fonts and images.

The cover's name is tagged as a paragraph of the cover's section, the footer as a pagination
artifact, so each participant's copy stays an accessible tagged PDF. The chunks are fixed in size
(not in number of processes), so the same roster gives the same bytes on any machine.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from kitgen.atomic import write_atomic
from kitgen.pdfupdate import Appender

CHUNK = 100
"""People per stamp render: small enough to keep font subsets small and spread over processes."""
ANCHOR = "name-plate"
_PLATE = Name("/KgNamePlate")
_FOOTER = Name("/KgNameFooter")
_ARTIFACT = b"/Artifact <</Type /Pagination>> BDC %DRAW% EMC"
_SAVE = {"deterministic_id": True, "stream_decode_level": pikepdf.StreamDecodeLevel.none}


class PlateMissing(Exception):
    """The workbook has no name plate (a workspace layout that dropped it)."""


@dataclass(frozen=True)
class Plate:
    """Where the name goes: the page (0-based) and the plate's top-left corner and width, in points
    from the page's top-left corner (as CSS places it)."""

    page: int
    left: float
    top: float
    width: float


def find_plate(pdf_path: Path) -> Plate:
    """The name plate of a rendered workbook; raises PlateMissing."""
    with Pdf.open(pdf_path) as pdf:
        names = pdf.Root.get("/Names")
        dests = names.get("/Dests") if names is not None else None
        target = pikepdf.NameTree(dests).get(ANCHOR) if dests is not None else None
        if target is None:
            raise PlateMissing(f"the workbook has no element with id {ANCHOR!r} on its cover")
        page = next(i for i, p in enumerate(pdf.pages) if p.obj.objgen == target[0].objgen)
        box = [float(v) for v in pdf.pages[page].mediabox]
        left, top = float(target[2]), float(target[3])
        return Plate(page, round(left - box[0], 2), round(box[3] - top, 2), round(box[2] - 2 * (left - box[0]), 2))


def chunks(count: int) -> list[range]:
    """The roster positions of each stamp render."""
    return [range(start, min(start + CHUNK, count)) for start in range(0, count, CHUNK)]


# -- stamps as form XObjects -------------------------------------------------------------------

def _form(target: Pdf, stamps: Pdf, index: int) -> pikepdf.Object:
    """Stamp page `index` as a form XObject in `target`, carrying only the fonts it uses."""
    page = stamps.pages[index]
    form = page.as_form_xobject()
    used = {str(operands[0]) for operands, _ in pikepdf.parse_content_stream(page, "Tf")}
    resources = Dictionary(form.Resources)
    fonts = resources.get("/Font")
    if fonts is not None:
        resources.Font = Dictionary({k: fonts[k] for k in fonts.keys() if k in used})
    form.Resources = resources
    return target.copy_foreign(form)


class _Painter:
    """Draws forms over pages of one document: each page's own contents first, inside `q ... Q` (they
    may leave a transformation in force), then the forms inside `marks` (a BDC ... EMC pair or none)."""

    def __init__(self, pdf: Pdf):
        self.pdf = pdf
        self.save_state = pdf.make_stream(b"q\n")  # shared by every page: one object, not one per page

    def draw(self, page: pikepdf.Object, contents: pikepdf.Object, resources: pikepdf.Object,
             forms: dict[Name, pikepdf.Object], marks: bytes = b"%DRAW%") -> None:
        merged = Dictionary(resources)
        xobjects = Dictionary(resources.get("/XObject", Dictionary()))
        for key, form in forms.items():
            xobjects[key] = form
        merged.XObject = xobjects
        page.Resources = merged
        calls = b" ".join(b"q %s Do Q" % str(key).encode() for key in forms)
        stamp = self.pdf.make_stream(b"Q\n" + marks.replace(b"%DRAW%", calls))
        page.Contents = Array([self.save_state, *(contents if isinstance(contents, Array) else [contents]), stamp])


# -- each participant's own copy ---------------------------------------------------------------

@dataclass(frozen=True)
class ReadyWorkbook:
    """The workbook ready for stamping: its bytes with a structure element waiting for the name, and
    the marked-content operators that connect the cover's stamp to that element."""

    data: bytes
    plate: Plate
    marks: bytes


def prepare(workbook: Path, plate: Plate) -> ReadyWorkbook:
    """Tag the cover for its name (one full save); every copy is this plus a small update."""
    with Pdf.open(workbook) as pdf:
        marks = _tag_cover(pdf, pdf.pages[plate.page].obj)
        buffer = io.BytesIO()
        pdf.save(buffer, **_SAVE)
    return ReadyWorkbook(buffer.getvalue(), plate, marks)


class Personalizer:
    """One prepared workbook in memory; each copy is its bytes plus an incremental update holding the
    stamped pages and the stamp's objects (see kitgen.pdfupdate)."""

    def __init__(self, prepared: ReadyWorkbook):
        self.prepared = prepared
        self.appender = Appender(prepared.data)
        self.pdf = self.appender.open()
        self.first_new = int(self.pdf.trailer.Size)
        self.pages = [p.obj for p in self.pdf.pages]
        self.original = [(p.get("/Contents"), p.get("/Resources", Dictionary())) for p in self.pages]
        self.painter = _Painter(self.pdf)

    def copy(self, stamps: Pdf, first_page: int, footer: bool) -> bytes:
        """This workbook stamped with stamp pages from `first_page` (the plate, then the footer)."""
        cover = self.prepared.plate.page
        plate = _form(self.pdf, stamps, first_page)
        foot = _form(self.pdf, stamps, first_page + 1) if footer else None
        changed = []
        for i, page in enumerate(self.pages):
            contents, resources = self.original[i]
            if i == cover:
                self.painter.draw(page, contents, resources, {_PLATE: plate}, self.prepared.marks)
            elif foot is not None:
                self.painter.draw(page, contents, resources, {_FOOTER: foot}, _ARTIFACT)
            else:
                continue
            changed.append(page)
        return self.appender.update(self.pdf, self.first_new, changed)

    def close(self) -> None:
        self.pdf.close()


def _tag_cover(pdf: Pdf, cover: pikepdf.Object) -> bytes:
    """Make room for the name in the structure tree: a paragraph of the cover's section, pointing at a
    new marked-content id on the cover page. Returns the marks to draw the plate inside."""
    tree = pdf.Root.get("/StructTreeRoot")
    key = cover.get("/StructParents")
    if tree is None or key is None or "/ParentTree" not in tree:
        return b"%DRAW%"
    parents = pikepdf.NumberTree(tree.ParentTree)
    marked = parents.get(int(key))
    if marked is None:
        return b"%DRAW%"
    section = _section_of(tree, cover)
    mcid = len(marked)
    element = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, P=section, Pg=cover, K=mcid))
    marked.append(element)
    kids = section.get("/K")
    section.K = Array([*(kids if isinstance(kids, Array) else [kids] if kids is not None else []), element])
    return b"/P <</MCID %d>> BDC %%DRAW%% EMC" % mcid


def _section_of(tree: pikepdf.Object, page: pikepdf.Object) -> pikepdf.Object:
    """The top-level structure element that holds the page's content (the cover's section)."""
    top = tree.K
    document = top[0] if isinstance(top, Array) else top
    kids = document.get("/K")
    for kid in kids if isinstance(kids, Array) else []:
        if isinstance(kid, Dictionary) and _on_page(kid, page):
            return kid
    return document


def _on_page(element: pikepdf.Object, page: pikepdf.Object, depth: int = 0) -> bool:
    if depth > 40:
        return False
    pg = element.get("/Pg")
    if pg is not None and pg.objgen == page.objgen:
        return True
    kids = element.get("/K")
    return any(_on_page(k, page, depth + 1) for k in (kids if isinstance(kids, Array) else [])
               if isinstance(k, Dictionary))


def write_copies(prepared: ReadyWorkbook, stamps_pdf: bytes, per_person: int, paths: Sequence[Path]) -> None:
    """Write one stamped copy per path, from a stamp render of exactly those people."""
    personalizer = Personalizer(prepared)
    try:
        with Pdf.open(io.BytesIO(stamps_pdf)) as stamps:
            if len(stamps.pages) != per_person * len(paths):
                raise ValueError(f"the stamp layout made {len(stamps.pages)} pages for {len(paths)} people "
                                 f"(expected {per_person} each)")
            for n, path in enumerate(paths):  # inside a folder that atomic.write_folder puts in place
                path.write_bytes(personalizer.copy(stamps, n * per_person, per_person > 1))
    finally:
        personalizer.close()


# -- the collated print file -------------------------------------------------------------------

_PRINT_ONLY = ("/StructTreeRoot", "/MarkInfo", "/Outlines", "/Names", "/PageLabels")


def write_collated(workbook: Path, plate: Plate, stamp_renders: Sequence[bytes], per_person: int, path: Path) -> int:
    """Every participant's copy in one file for the printer (untagged, no links); returns its page count."""
    with Pdf.open(workbook) as pdf:
        for key in _PRINT_ONLY:
            if key in pdf.Root:
                del pdf.Root[key]
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            if "pdfuaid:part" in meta:  # untagged, so it claims no PDF/UA conformance
                del meta["pdfuaid:part"]
        originals = [p.obj for p in pdf.pages]
        for page in originals:
            for key in ("/StructParents", "/Annots"):
                if key in page:
                    del page[key]
        kids: list[pikepdf.Object] = []
        painter = _Painter(pdf)
        for render in stamp_renders:
            with Pdf.open(io.BytesIO(render)) as stamps:
                for first in range(0, len(stamps.pages), per_person):
                    plate_form = _form(pdf, stamps, first)
                    foot = _form(pdf, stamps, first + 1) if per_person > 1 else None
                    kids += _copy_pages(painter, originals, plate.page, plate_form, foot)
        tree = pdf.Root.Pages
        for kid in kids:
            kid.Parent = tree
        tree.Kids = Array(kids)
        tree.Count = len(kids)
        write_atomic(path, lambda handle: pdf.save(handle, **_SAVE))
        return len(kids)


def _copy_pages(painter: _Painter, originals: list[pikepdf.Object], cover: int, plate: pikepdf.Object,
                foot: pikepdf.Object | None) -> list[pikepdf.Object]:
    """New page objects for one copy: shallow copies sharing the workbook's contents and resources."""
    out = []
    for i, original in enumerate(originals):
        page = painter.pdf.make_indirect(Dictionary({k: original[k] for k in original.keys() if k != "/Parent"}))
        contents, resources = original.get("/Contents"), original.get("/Resources", Dictionary())
        if i == cover:
            painter.draw(page, contents, resources, {_PLATE: plate})
        elif foot is not None:
            painter.draw(page, contents, resources, {_FOOTER: foot})
        out.append(page)
    return out


# -- the whole run -----------------------------------------------------------------------------

def personalize(workbook: Path, plate: Plate, htmls: Sequence[str], render, per_person: int,
                paths: Sequence[Sequence[Path]], collated: Path, jobs: int = 1) -> int:
    """Stamp every copy and write the collated print file; returns the print file's page count.

    `htmls[i]` is the stamp layout rendered for the people of `paths[i]` (see `chunks`), `render`
    turns such HTML into PDF bytes. Chunks run in `jobs` forked processes when there are several.
    """
    from kitgen.workers import forked_map
    prepared = prepare(workbook, plate)

    def chunk(index: int) -> bytes:
        """Render one chunk's stamps and write its copies."""
        stamps = render(htmls[index])
        write_copies(prepared, stamps, per_person, paths[index])
        return stamps
    renders = forked_map(chunk, len(htmls), jobs)
    return write_collated(workbook, plate, renders, per_person, collated)
