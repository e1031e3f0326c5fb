"""What a template may bring into a deck: macros, OLE objects and ActiveX controls are left out; outside
links other than text hyperlinks, DTDs, XML that does not parse and absurd slide sizes are refused.

Two passes. :func:`prepare` works on the file's bytes before python-pptx opens it: every XML part
must parse on its own with no DTD (so no entity can be declared, expanded, or kept undefined once
the declaration is dropped), and the main part's content type is made a presentation's (a
``.potx``, ``.potm`` or ``.pptm``; macro-enabled files are noted). :func:`clean` works on the opened
package, over exactly the parts a saved deck will hold: relationships to VBA projects, OLE objects
and ActiveX controls are dropped with the shapes that use them; an outside target is kept only as a
hyperlink (``http``, ``https`` or ``mailto``) on text or a shape, and refused when a picture, an
object or a frame would load it; package-level relationships are checked too. Each refusal is a
:class:`TemplateRefused` whose message names the part.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from kitgen import ooxml

_PML = "application/vnd.openxmlformats-officedocument.presentationml."
_MS = "application/vnd.ms-powerpoint."
PRESENTATION_MAIN = _PML + "presentation.main+xml"
MAIN_TYPES = frozenset({PRESENTATION_MAIN, _PML + "template.main+xml", _PML + "slideshow.main+xml",
                        _MS + "presentation.macroEnabled.main+xml", _MS + "template.macroEnabled.main+xml",
                        _MS + "slideshow.macroEnabled.main+xml"})
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MSR = "http://schemas.microsoft.com/office/2006/relationships"
#: Relationship types of active content: what they point to is left out of the deck.
ACTIVE_TYPES: dict[str, str] = {
    _MSR + "/vbaProject": "macros (VBA project)",
    _MSR + "/vbaProjectSignature": "macros (VBA project)",
    _MSR + "/keyMapCustomizations": "macros (key bindings)",
    _MSR + "/attachedToolbars": "macros (toolbars)",
    _R + "/oleObject": "OLE objects",
    _R + "/package": "embedded packages",
    _R + "/control": "ActiveX controls",
    _MSR + "/activeXControlBinary": "ActiveX controls",
}
HYPERLINK = _R + "/hyperlink"
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_LINK_TAGS = frozenset({"hlinkClick", "hlinkHover", "hlinkMouseOver"})  # a:… elements whose r:id is a link
#: The slide sizes PowerPoint allows (ST_SlideSizeCoordinate): 1 to 56 inches.
MIN_SLIDE_EMU, MAX_SLIDE_EMU = 914400, 51206400
_NOTES_MAX_EMU = 2 * MAX_SLIDE_EMU
_SHAPES = frozenset({"sp", "pic", "graphicFrame", "grpSp", "cxnSp", "contentPart", "control", "AlternateContent"})
_CONTAINERS = frozenset({"spTree", "grpSp", "controls"})


class TemplateRefused(ValueError):
    """A template kitgen will not use, and why (names the part)."""


@dataclass
class Prepared:
    """A template's bytes ready for python-pptx, and what was changed on the way."""

    data: bytes
    notes: list[str] = field(default_factory=list)


def parse_part(name: str, blob: bytes) -> etree._Element:
    """One XML part, parsed on its own; a DTD, an entity or anything not well-formed is refused."""
    try:
        return ooxml.parse_part(name, blob, "PowerPoint file")
    except ooxml.PartRefused as exc:
        raise TemplateRefused(str(exc)) from None


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def prepare(data: bytes) -> Prepared:
    """Check every XML part and give the main part a presentation's content type (see the module doc)."""
    out = io.BytesIO()
    notes: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if _is_xml(info.filename):
                root = parse_part(info.filename, blob)
                if info.filename == "[Content_Types].xml":
                    blob = _main_as_presentation(root, notes)
            dst.writestr(info, blob)
    return Prepared(out.getvalue(), notes)


def _main_as_presentation(types: etree._Element, notes: list[str]) -> bytes:
    if not any((o.get("ContentType") or "") in MAIN_TYPES for o in types):
        raise TemplateRefused("is not a PowerPoint presentation or template (it has no presentation part)")
    for override in types:
        content_type = override.get("ContentType") or ""
        if content_type in MAIN_TYPES and content_type != PRESENTATION_MAIN:
            if "macroEnabled" in content_type:
                notes.append("is macro-enabled; its macros are left out of the deck")
            override.set("ContentType", PRESENTATION_MAIN)
    return etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)


# --------------------------------------------------------------------------- the opened package


def _part_xml(part: Any) -> etree._Element | None:
    """The XML of a part (python-pptx keeps some, e.g. themes, as bytes), None for a binary part."""
    element = getattr(part, "_element", None)
    if element is not None:
        return element
    if str(part.content_type).endswith("xml"):
        return parse_part(str(part.partname), part.blob)
    return None


def _uses(root: etree._Element | None, rid: str) -> list[etree._Element]:
    """The attributes (as their elements) that refer to relationship ``rid``."""
    if root is None:
        return []
    return [el for el in root.iter() if isinstance(el.tag, str)
            and any(key.startswith("{%s}" % _R) and value == rid for key, value in el.attrib.items())]


def _is_text_link(element: etree._Element) -> bool:
    return etree.QName(element).localname in _LINK_TAGS


def _outside(part: Any, rid: str, rel: Any, root: etree._Element | None) -> str | None:
    """Why an outside relationship may not stay (None: a hyperlink on text or a shape, or unused)."""
    target = str(rel.target_ref)[:120]
    uses = _uses(root, rid)
    if rel.reltype != HYPERLINK:
        return f"part {part.partname} links to {target} outside the file ({rel.reltype.rsplit('/', 1)[-1]})"
    if root is None or any(not _is_text_link(el) for el in uses):
        return f"part {part.partname} loads {target} from outside the file (a hyperlink used by a picture or object)"
    if uses and urlsplit(target).scheme.lower() not in LINK_SCHEMES:
        return f"part {part.partname} has a link to {target}; links may only be http, https or mailto"
    return None


def _drop_users(root: etree._Element, rid: str) -> None:
    """Remove the shapes (or ActiveX controls) that use relationship ``rid``."""
    for element in _uses(root, rid):
        node, shape = element, None
        while node is not None:
            parent = node.getparent()
            if etree.QName(node).localname in _SHAPES and parent is not None \
                    and etree.QName(parent).localname in _CONTAINERS | {"Choice", "Fallback"}:
                shape = node
                if etree.QName(parent).localname in _CONTAINERS:
                    break
            node = parent
        if shape is not None and shape.getparent() is not None:
            shape.getparent().remove(shape)
    for controls in root.iter("{http://schemas.openxmlformats.org/presentationml/2006/main}controls"):
        if not len(controls) and controls.getparent() is not None:
            controls.getparent().remove(controls)


def clean(prs: Any) -> list[str]:
    """Strip active content from the opened package and refuse outside links (see the module doc).

    Returns what was left out, e.g. ``["OLE objects"]``.
    """
    package = prs.part.package
    for rel in package._rels.values():  # noqa: SLF001 - python-pptx has no public package-level rels
        if rel.is_external:
            raise TemplateRefused(f"the package links to {str(rel.target_ref)[:120]} outside the file")
    left_out: list[str] = []
    for part in list(package.iter_parts()):
        root = _part_xml(part)
        for rid, rel in list(part.rels.items()):
            if rel.is_external:
                why = _outside(part, rid, rel, root)
                if why:
                    raise TemplateRefused(why)
                if not _uses(root, rid):
                    part.drop_rel(rid)
            elif rel.reltype in ACTIVE_TYPES:
                if root is not None:
                    _drop_users(root, rid)
                    if getattr(part, "_element", None) is None:
                        part.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                part.rels.pop(rid)
                left_out.append(ACTIVE_TYPES[rel.reltype])
    check_slide_size(prs)
    return sorted(set(left_out))


def check_slide_size(prs: Any) -> None:
    """The slide size must be one PowerPoint allows (1 to 56 in each way), the notes size positive."""
    width, height = prs.slide_width, prs.slide_height
    for what, value in (("width", width), ("height", height)):
        if value is None or not MIN_SLIDE_EMU <= int(value) <= MAX_SLIDE_EMU:
            raise TemplateRefused(f"its slide {what} ({value} EMU) is not between 1 and 56 inches")
    notes = prs.part._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}notesSz")  # noqa: SLF001
    if notes is not None:
        for key in ("cx", "cy"):
            value = notes.get(key) or ""
            if not value.isdigit() or not 0 < int(value) <= _NOTES_MAX_EMU:
                raise TemplateRefused(f"its notes page size ({key}={value!r}) is out of range")
