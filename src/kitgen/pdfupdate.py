"""Incremental updates: a PDF that differs from another in a few objects, written as the original's
bytes followed by an update section (ISO 32000 7.5.6), so a copy costs kilobytes and microseconds
instead of a full rewrite.

The update holds the objects changed since opening (given) and every object created since (found by
walking from the changed ones: only new objects can be reached that the original lacks), then a
cross-reference stream pointing back at the original's with /Prev. The result is deterministic: the
second half of /ID is a digest of the update.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


class UpdateError(ValueError):
    """The original is not a PDF this module can append to (no final startxref)."""


class Appender:
    """Appends updates to one original PDF (its bytes, and a copy of it opened for changing)."""

    def __init__(self, original: bytes):
        match = _STARTXREF.search(original[-64:])
        if match is None:
            raise UpdateError("the PDF has no startxref at its end")
        self.original = original
        self.previous = int(match.group(1))

    def open(self) -> Pdf:
        """A fresh copy to change; objects created in it from now on are the update's."""
        import io
        return Pdf.open(io.BytesIO(self.original))

    def update(self, pdf: Pdf, first_new: int, changed: Iterable[pikepdf.Object]) -> bytes:
        """The original with `changed` objects (and every new object they reach) appended.

        `first_new` is the object number the copy gave its first new object (its /Size when opened).
        """
        objects: dict[int, pikepdf.Object] = {}
        for obj in changed:
            objects[obj.objgen[0]] = obj
            _reach(obj, first_new, objects)
        body = bytearray(b"\n")
        offsets: dict[int, int] = {}
        for num in sorted(objects):
            offsets[num] = len(self.original) + len(body)
            body += b"%d 0 obj\n%s\nendobj\n" % (num, _serialize(objects[num]))
        xref = max(first_new, *(n + 1 for n in objects))
        offsets[xref] = len(self.original) + len(body)
        body += _xref_stream(pdf, xref, offsets, self.previous, hashlib.md5(bytes(body)).digest())
        return self.original + bytes(body)


def _reach(obj: pikepdf.Object, first_new: int, found: dict[int, pikepdf.Object]) -> None:
    """Add every new indirect object reachable from `obj` to `found` (iteratively: fonts nest deep)."""
    stack = [obj]
    while stack:
        item = stack.pop()
        for value in _children(item):
            if value.is_indirect:
                num = value.objgen[0]
                if num < first_new or num in found:
                    continue
                found[num] = value
            stack.append(value)


def _children(obj: pikepdf.Object) -> list[pikepdf.Object]:
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, Dictionary):
        values = [obj[k] for k in obj.keys()]
    elif isinstance(obj, Array):
        values = list(obj)
    else:
        return []
    return [v for v in values if isinstance(v, pikepdf.Object)]  # numbers come back as Python values


def _serialize(obj: pikepdf.Object) -> bytes:
    """An indirect object's body as PDF syntax (references stay references)."""
    if isinstance(obj, pikepdf.Stream):
        raw = obj.read_raw_bytes()
        head = Dictionary(obj.stream_dict)
        head.Length = len(raw)
        return head.unparse() + b"\nstream\n" + raw + b"\nendstream"
    if isinstance(obj, Dictionary):
        return Dictionary(obj).unparse()
    if isinstance(obj, Array):
        return Array(list(obj)).unparse()
    return obj.unparse(resolved=True)


def _xref_stream(pdf: Pdf, num: int, offsets: dict[int, int], previous: int, digest: bytes) -> bytes:
    """The update's cross-reference stream (object `num`): type-1 entries, 4-byte offsets."""
    numbers = sorted(offsets)
    index: list[int] = []
    for n in numbers:
        if index and index[-2] + index[-1] == n:
            index[-1] += 1
        else:
            index += [n, 1]
    rows = b"".join(b"\x01" + offsets[n].to_bytes(4, "big") + b"\x00\x00" for n in numbers)
    head = Dictionary(Type=Name.XRef, Size=num + 1, W=Array([1, 4, 2]), Index=Array(index), Prev=previous,
                      Root=pdf.trailer.Root, Length=len(rows))
    if "/Info" in pdf.trailer:
        head.Info = pdf.trailer.Info
    first = pdf.trailer.ID[0] if "/ID" in pdf.trailer else pikepdf.String(digest)
    head.ID = Array([first, pikepdf.String(digest)])
    return b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % (
        num, head.unparse(), rows, offsets[num], )
