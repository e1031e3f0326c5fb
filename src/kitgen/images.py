"""Image checks shared by the PDF renderer's file gate, the HTML gate and kit validation: the bytes must
be the image their name says, and small enough to draw (a 48 kB PNG can claim 10000x10000 pixels; a
2 kB SVG of nested `<use>` can draw 10^9 shapes).

SVG is read with the parser WeasyPrint uses (expat, through ElementTree), entities expanded the same
way, so the elements counted are the elements drawn.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree

from PIL import Image

from kitgen.paths import IMAGE_TYPES
from kitgen.stylesheets import references

TYPES = IMAGE_TYPES  # the one table lives in kitgen.paths
MAX_PIXELS = 40_000_000
RASTER_FORMATS = {
    "image/png": {"PNG"},
    "image/jpeg": {"JPEG", "MPO"},
    "image/gif": {"GIF"},
    "image/webp": {"WEBP"},
}
MAX_SVG_ELEMENTS = 20_000  # elements written in the file
MAX_SVG_DEPTH = 64  # nesting of elements
MAX_SVG_DRAWN = 50_000  # elements drawn once <use>, patterns, masks and markers are expanded


def image_problem(data: bytes, content_type: str, max_pixels: int = MAX_PIXELS, thorough: bool = False) -> str:
    """Why `data` may not be used as `content_type` ('' when it may).

    SVG files are always parsed and bounded (elements, nesting, elements drawn); raster headers are read.
    With `thorough` (logos at validation), raster images are decoded in full and SVG files may not refer
    to any other file.
    """
    if content_type == "image/svg+xml":
        head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
        if not head.startswith(b"<"):
            return "not an SVG file"
        try:
            elements = _parse(data)
        except ElementTree.ParseError as exc:
            return f"not a valid SVG file ({exc})"
        except _Refused as exc:
            return str(exc)
        return svg_problem(elements, self_contained=thorough)
    formats = RASTER_FORMATS.get(content_type)
    if formats is None:
        return f"{content_type} is not an allowed image type"
    return _raster_problem(data, formats, max_pixels, thorough)


def _raster_problem(data: bytes, formats: set[str], max_pixels: int, thorough: bool) -> str:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                fmt, (width, height) = image.format, image.size
    except Image.DecompressionBombError:
        return f"image has more than {max_pixels} pixels"
    except Exception:  # noqa: BLE001 - anything Pillow cannot read is simply not a usable image
        return "not a readable image"
    if fmt not in formats:
        return f"image content ({fmt}) does not match its type"
    if width * height > max_pixels:
        return f"image is {width}x{height}, more than {max_pixels} pixels"
    if thorough:
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.load()
        except Exception:  # noqa: BLE001 - a truncated or corrupt image would be dropped from the page
            return "the image is damaged (it cannot be decoded in full)"
    return ""


class _Refused(Exception):
    """An SVG over a bound, found while reading it."""


@dataclass
class SvgElement:
    """What the bounds need of one SVG element."""

    name: str  # local name, without namespace
    attrib: dict[str, str]
    parent: int  # index of the parent element, -1 for the root
    depth: int
    text: str = ""  # a <style> element's CSS
    children: list[int] = field(default_factory=list)


def _parse(data: bytes) -> list[SvgElement]:
    """The elements of an SVG file, read as a stream so a huge file stops at the bound."""
    events = ElementTree.iterparse(io.BytesIO(data), events=("start", "end"))
    return list(svg_elements(events))


def tree_events(root) -> Iterator[tuple[str, ElementTree.Element]]:
    """("start", element) and ("end", element) for a parsed tree, as iterparse gives them."""
    stack = [(root, iter(root))]
    yield "start", root
    while stack:
        element, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            yield "end", element
        elif isinstance(child.tag, str):
            stack.append((child, iter(child)))
            yield "start", child


def svg_elements(events: Iterable[tuple[str, ElementTree.Element]]) -> Iterator[SvgElement]:
    """SvgElements from parse events; stops with _Refused past the element or nesting bound."""
    open_: list[int] = []
    count = 0
    pending: list[SvgElement] = []
    for event, element in events:
        if event == "start":
            if count >= MAX_SVG_ELEMENTS:
                raise _Refused(f"the SVG has more than {MAX_SVG_ELEMENTS:,} elements")
            if len(open_) >= MAX_SVG_DEPTH:
                raise _Refused(f"the SVG nests elements more than {MAX_SVG_DEPTH} deep")
            name = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
            node = SvgElement(name, dict(element.attrib), open_[-1] if open_ else -1, len(open_))
            if open_:
                pending[open_[-1]].children.append(count)
            pending.append(node)
            open_.append(count)
            count += 1
        else:
            index = open_.pop()
            if pending[index].name == "style":
                pending[index].text = "".join(element.itertext())
    yield from pending


# The fragment of a url() reference: WeasyPrint reads `url(this-file.svg#p)` as `url(#p)` too.
_LOCAL_URL = re.compile(r"url\(\s*['\"]?[^#'\")]*#([^'\")\s]+)", re.I)
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_DRAWN_REFS = {"use", "pattern", "mask", "clippath", "marker", "symbol", "g", "svg"}


def _hrefs(attrib: dict[str, str]) -> list[str]:
    return [value.strip() for name, value in attrib.items() if name.rsplit("}", 1)[-1] == "href"]


def svg_problem(elements: list[SvgElement], self_contained: bool = False) -> str:
    """Why these SVG elements may not be drawn ('' when they may): too many drawn, `<use>` loops, and
    (when `self_contained`) any reference to another file."""
    if self_contained:
        why = _outside_reference(elements)
        if why:
            return why
    try:
        drawn = _drawn(elements)
    except _Refused as exc:
        return str(exc)
    if drawn > MAX_SVG_DRAWN:
        return f"the SVG draws more than {MAX_SVG_DRAWN:,} elements once its <use> references are expanded"
    return ""


def _outside_reference(elements: list[SvgElement]) -> str:
    for element in elements:
        for href in _hrefs(element.attrib):
            if not href.startswith(("#", "data:")):
                return f"the SVG refers to another file ({href[:80]}); embed it or remove it"
        css = [element.text] + [v for v in element.attrib.values() if "(" in v or "\\" in v]
        for url in (u.strip() for text in css if text for u in references(text)):
            if not url.startswith(("#", "data:")):
                return "the SVG refers to another file through url() or @import; embed it or remove it"
    return ""


def _drawn(elements: list[SvgElement]) -> int:
    """How many elements drawing the SVG visits: each element once, plus the elements a reference to
    another element draws again (`<use>`, and patterns, masks, clip paths and markers named in url(#id);
    markers once per vertex). A reference loop is refused."""
    ids: dict[str, int] = {}
    for i, e in enumerate(elements):  # the first element with an id, as WeasyPrint looks it up
        if "id" in e.attrib:
            ids.setdefault(e.attrib["id"], i)
    names = [e.name.lower() for e in elements]
    refs = [_references(e, ids, names) for e in elements]
    for e in elements:  # url(#id) in a <style> element may apply to every element (markers: every vertex)
        for target in _style_targets(e.text, ids, elements) if e.name == "style" else ():
            times = sum(_vertices(x.attrib) for x in elements) if elements[target].name == "marker" else len(elements)
            refs[0].append((target, max(times, 1)))
    size: list[int | None] = [None] * len(elements)
    for start in range(len(elements)):
        if size[start] is None:
            _size_from(start, elements, refs, size)
    return size[0] if elements else 0


def _size_from(start: int, elements: list[SvgElement], refs: list, size: list) -> None:
    """Fill `size` for `start` and what it reaches (iterative depth-first, so long chains are fine)."""
    on_path: set[int] = set()
    stack = [start]
    while stack:
        node = stack[-1]
        if size[node] is not None:
            stack.pop()
            continue
        successors = elements[node].children + [target for target, _ in refs[node]]
        todo = [s for s in successors if size[s] is None]
        if node not in on_path:
            on_path.add(node)
            if any(s in on_path for s in todo):
                raise _Refused("the SVG's <use> references form a loop")
            stack.extend(todo)
            continue
        total = 1 + sum(size[c] for c in elements[node].children)
        total += sum(size[target] * times for target, times in refs[node])
        size[node] = min(total, MAX_SVG_DRAWN + 1)
        on_path.discard(node)
        stack.pop()


def _references(element: SvgElement, ids: dict[str, int], names: list[str]) -> list[tuple[int, int]]:
    """(element index, times drawn) for what `element` draws again."""
    out = []
    if element.name == "use":  # any href with a fragment: a file may name itself (`this.svg#id`)
        fragments = [h.rpartition("#")[2] for h in _hrefs(element.attrib)[:1] if "#" in h]
        out += [(ids[f], 1) for f in fragments if f in ids]
    for name, value in element.attrib.items():
        for target in _LOCAL_URL.findall(value) if "url" in value.lower() else ():
            if target in ids and names[ids[target]] in _DRAWN_REFS:
                times = max(1, _vertices(element.attrib)) if "marker" in name.lower() or "marker" in value else 1
                out.append((ids[target], times))
    return out


def _style_targets(css: str, ids: dict[str, int], elements: list[SvgElement]) -> list[int]:
    targets = [ids[u.strip()[1:]] for u in references(css or "") if u.strip().startswith("#") and u.strip()[1:] in ids]
    return [t for t in targets if elements[t].name.lower() in _DRAWN_REFS]


def _vertices(attrib: dict[str, str]) -> int:
    shape = attrib.get("d") or attrib.get("points") or ""
    return len(_NUMBER.findall(shape)) // 2 + 1 if shape else 0
