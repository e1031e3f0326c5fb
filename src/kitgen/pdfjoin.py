"""Join tagged PDFs that WeasyPrint rendered from parts of one document into one tagged PDF.

A handout with a page per person (name tents, certificates) is rendered a few hundred people at a
time for a large roster (:mod:`kitgen.handouts`), and the parts are joined here with pikepdf: their
pages in order, and their structure trees as one, so the whole stays an accessible tagged PDF.

Each part has a structure tree of one `Document` element, whose children are joined under the first
part's; the elements of a part point to its pages (`/Pg`) and its annotations (`/Obj`), which are
copied first, so the copies point to the copied pages. Each page (and annotation) finds its elements
through the parent tree by its `/StructParents` (`/StructParent`) key: a part's keys are shifted past
the keys before it. Named destinations are joined, the first part's kept when two parts name the
same one. The document's other entries (language, metadata, viewer preferences) are the first
part's: the parts are rendered from one layout for one kit, so they agree. A part with anything
else a join would have to merge (bookmarks, page labels, a form) is refused with `NotJoinable`, and
the caller renders the document whole.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Pdf

from kitgen.atomic import write_atomic

_JOINED = frozenset({"/Type", "/Pages", "/StructTreeRoot", "/MarkInfo", "/Lang", "/ViewerPreferences", "/Metadata",
                     "/Names"})
"""The document entries a join knows: the first part's are kept, or (the tree, the names) joined."""


class NotJoinable(ValueError):
    """A part has what the join does not merge (bookmarks, page labels, a form, a tree it cannot read)."""


def join(parts: Sequence[bytes], path: Path) -> int:
    """Write the PDFs `parts` (bytes, in order) to `path` as one, atomically; returns its page count."""
    with Pdf.open(io.BytesIO(parts[0])) as pdf:
        _check(pdf)
        tree = _Tree(pdf)
        for data in parts[1:]:
            with Pdf.open(io.BytesIO(data)) as part:
                _check(part)
                tree.append(part)
        write_atomic(path, lambda handle: pdf.save(handle, deterministic_id=True,
                                                   stream_decode_level=pikepdf.StreamDecodeLevel.none))
        return len(pdf.pages)


def _check(pdf: Pdf) -> None:
    extra = sorted(set(map(str, pdf.Root.keys())) - _JOINED)
    names = pdf.Root.get("/Names")
    if names is not None:
        extra += sorted(set(map(str, names.keys())) - {"/Dests"})
    root = pdf.Root.get("/StructTreeRoot")
    if root is not None:
        extra += sorted(set(map(str, root.keys())) - {"/Type", "/K", "/ParentTree", "/ParentTreeNextKey"})
    if extra:
        raise NotJoinable(f"the part has {', '.join(extra)}")


class _Tree:
    """The joined document: its pages, its structure tree's `Document` element and parent tree."""

    def __init__(self, pdf: Pdf) -> None:
        self.pdf = pdf
        root = pdf.Root.get("/StructTreeRoot")
        self.document = _document(root) if root is not None else None
        self.nums = _nums(root) if root is not None else None
        self.next_key = _next_key(self.nums) if self.nums is not None else 0

    def append(self, part: Pdf) -> None:
        root = part.Root.get("/StructTreeRoot")
        if (root is None) != (self.document is None):
            raise NotJoinable("one part is tagged and another is not")
        offset = self.next_key
        tops = _detached_tops(root) if root is not None else []
        self._append_pages(part, offset)
        if root is not None:
            self._append_tree(part, root, tops, offset)
        self._join_names(part)

    def _append_pages(self, part: Pdf, offset: int) -> None:
        """The part's pages, their parent-tree keys (and their annotations') shifted by `offset`."""
        for page in part.pages:
            self.pdf.pages.append(page)
            copied = self.pdf.pages[-1].obj
            if "/StructParents" in copied:
                copied.StructParents = int(copied.StructParents) + offset
            for annot in copied.get("/Annots", Array()):
                if isinstance(annot, Dictionary) and "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset

    def _append_tree(self, part: Pdf, root: pikepdf.Object, tops: list[Dictionary], offset: int) -> None:
        """The part's top elements under the joined `Document`, and its parent tree after the joined one's."""
        assert self.document is not None and self.nums is not None
        kids = self.document.get("/K")
        if not isinstance(kids, Array):
            kids = self.document.K = Array([kids] if kids is not None else [])
        for element in tops:
            copied = self._copy(part, element)
            copied.P = self.document
            kids.append(copied)
        nums = _nums(root)
        for i in range(0, len(nums), 2):
            self.nums.append(int(nums[i]) + offset)
            self.nums.append(self._copy(part, nums[i + 1]))
        self.next_key = offset + _next_key(nums)
        if "/ParentTreeNextKey" in self.pdf.Root.StructTreeRoot:
            self.pdf.Root.StructTreeRoot.ParentTreeNextKey = self.next_key

    def _copy(self, part: Pdf, value: pikepdf.Object) -> pikepdf.Object:
        """`value` of `part` copied into the joined document (pointing to what was copied before it)."""
        return self.pdf.copy_foreign(value if value.is_indirect else part.make_indirect(value))

    def _join_names(self, part: Pdf) -> None:
        names = part.Root.get("/Names")
        if names is None or "/Dests" not in names:
            return
        if "/Names" not in self.pdf.Root:
            self.pdf.Root.Names = Dictionary()
        mine = self.pdf.Root.Names
        if "/Dests" not in mine:
            mine.Dests = self.pdf.make_indirect(Dictionary(Names=Array()))
        target = pikepdf.NameTree(mine.Dests)
        for name, value in pikepdf.NameTree(names.Dests).items():
            if name not in target:
                target[name] = self._copy(part, value) if isinstance(value, (Array, Dictionary)) else value


def _detached_tops(root: pikepdf.Object) -> list[Dictionary]:
    """The children of a part's `Document`, without their parent: copied with it, they would bring the
    part's whole tree along."""
    tops = [k for k in _kids(_document(root)) if isinstance(k, Dictionary)]
    for element in tops:
        if "/P" in element:
            del element["/P"]
    return tops


def _kids(element: pikepdf.Object) -> list:
    kids = element.get("/K")
    return list(kids) if isinstance(kids, Array) else [kids] if kids is not None else []


def _document(root: pikepdf.Object) -> Dictionary:
    """The structure tree's one top element (WeasyPrint's `Document`)."""
    tops = [k for k in _kids(root) if isinstance(k, Dictionary)]
    if len(tops) != 1:
        raise NotJoinable(f"the structure tree has {len(tops)} top elements")
    return tops[0]


def _nums(root: pikepdf.Object) -> Array:
    """The parent tree's flat list of keys and values (a tree with `/Kids` is refused)."""
    tree = root.get("/ParentTree")
    if tree is None:
        tree = root.ParentTree = Dictionary(Nums=Array())
    if "/Kids" in tree or not isinstance(tree.get("/Nums"), Array):
        raise NotJoinable("the parent tree is not a flat list")
    return tree.Nums


def _next_key(nums: Array) -> int:
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    return max(keys, default=-1) + 1

