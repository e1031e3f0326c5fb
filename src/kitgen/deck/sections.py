"""PowerPoint sections, one per agenda block ("09:15 Case 1: The Dashboard Nobody Opened"), so the
slide sorter shows the session's structure: the slides of each block together, welcome to close.

Sections are PowerPoint 2010's `p14:sectionLst` extension of presentation.xml; readers that do not
know it ignore it. Their ids are derived from the kit and the block, so the same inputs give the same
bytes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from lxml import etree
from pptx.oxml.ns import qn

P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
SECTIONS_EXT = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"


def block_of(slide_name: str) -> str:
    """"block-3-s2" -> "block-3": the agenda block a slide named after its segment belongs to."""
    return slide_name.rsplit("-s", 1)[0] if "-s" in slide_name else slide_name


def add_sections(prs: Any, names: dict[str, str], seed: str) -> None:
    """Group the deck's slides into sections by block: `names` maps a block's anchor to its section's
    name; slides of no block (a layout's own) join the section before them."""
    runs = _runs((sld.get("id"), block_of(slide._element.cSld.get("name") or ""))
                 for sld, slide in zip(prs.slides._sldIdLst, prs.slides))  # noqa: SLF001
    if not any(anchor in names for anchor, _ in runs):
        return
    ext_lst = prs.part._element.find(qn("p:extLst"))  # noqa: SLF001
    if ext_lst is None:
        ext_lst = etree.SubElement(prs.part._element, qn("p:extLst"))  # noqa: SLF001 - the last child, as it must be
    for old in ext_lst.findall(qn("p:ext")):
        if old.get("uri") == SECTIONS_EXT:  # a template's own sections name its dropped example slides
            ext_lst.remove(old)
    ext = etree.SubElement(ext_lst, qn("p:ext"), uri=SECTIONS_EXT)
    section_list = etree.SubElement(ext, f"{{{P14}}}sectionLst", nsmap={"p14": P14})
    for anchor, ids in runs:
        guid = uuid.uuid5(uuid.NAMESPACE_URL, f"kitgen:{seed}:{anchor}:{ids[0]}")
        section = etree.SubElement(section_list, f"{{{P14}}}section", name=names.get(anchor, anchor),
                                   id="{" + str(guid).upper() + "}")
        slide_ids = etree.SubElement(section, f"{{{P14}}}sldIdLst")
        for slide_id in ids:
            etree.SubElement(slide_ids, f"{{{P14}}}sldId", id=slide_id)


def _runs(slides: Iterable[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """Consecutive slides of the same block, as (block anchor, slide ids)."""
    runs: list[tuple[str, list[str]]] = []
    for slide_id, anchor in slides:
        if runs and (anchor == runs[-1][0] or not anchor):
            runs[-1][1].append(slide_id)
        else:
            runs.append((anchor, [slide_id]))
    return runs
