"""What each block uses: the handouts it cites (a workbook section, a case card) and the materials to
have ready, each with what one copy serves (the room, a participant, a pair, a trio, a group)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kitgen.schedule.model import HandoutUse, BlockMaterial

if TYPE_CHECKING:
    from kitgen.schedule.model import BlockPlan
    from kitgen.session import Block

WORKBOOK, CARDS, BOOK_CLUB = "participant-workbook", "case-cards", "book-club-guide"

PER_WORDS = {
    "pair": ("per pair", "each pair", "par binôme", "par paire", "chaque binôme"),
    "trio": ("per trio", "each trio", "for observers", "par trio", "chaque trio", "pour les observateurs"),
    "group": ("per table", "each table", "per group", "each group", "par table", "par groupe", "chaque groupe"),
    "participant": ("each participant", "per participant", "per person", "each person", "for everyone", "one each",
                    "pens", "index cards", "name tags", "chaque participant", "par participant", "par personne",
                    "stylos", "fiches bristol"),
}
"""Words of a material's text (English and French) saying what one of it serves, the narrower counts
first; a material that says none is one for the room. The checklist and the print order both read it."""

GROUPING_PER = {"pairs": "pair", "trios": "trio", "groups": "group", "individual": "participant"}
"""A block's grouping as what one of a handout it gives to each unit serves."""


def per_of(text: str) -> str:
    """What one of the material `text` serves, read from how it counts: "room" when it does not say."""
    lower = " ".join(re.sub(r"[^\w\s-]", " ", text.lower()).split())
    return next((per for per, words in PER_WORDS.items() if any(w in lower for w in words)), "room")


def uses(plan: BlockPlan, handouts: list[str]) -> list[HandoutUse]:
    """The handouts the block cites, among the kit's: its workbook section, its case card, its guide."""
    block = plan.block
    out = []
    in_workbook = (block.kind in ("case_study", "reflection") or plan.covers
                   or block.kind == "block" and block.ref == "close" or hands_out(block, CARDS not in handouts))
    if in_workbook and WORKBOOK in handouts:
        out.append(HandoutUse(WORKBOOK))
    if block.kind == "case_study" and CARDS in handouts and plan.case_number:
        out.append(HandoutUse(CARDS, plan.case_number))
    elif _content(block) is not None and _content(block).role_briefs and CARDS in handouts:
        out.append(HandoutUse(CARDS, piece="role_briefs"))  # its role cards
    if block.kind == "book_club" and BOOK_CLUB in handouts:
        out.append(HandoutUse(BOOK_CLUB))
    return out


def hands_out(block: Block, briefs: bool = True) -> bool:
    """Whether participants get something of the block: a worksheet, an observer sheet, a block's own
    text to teach, or (`briefs`: when they count, as in a workbook without role cards) role briefs."""
    content = _content(block)
    if content is None:
        return False
    return bool(content.worksheet or briefs and content.role_briefs or content.observer_sheet
                or block.custom is not None and block.custom.text)


def materials(plan: BlockPlan, handouts: list[str]) -> list[BlockMaterial]:
    """The block's cards (one set per group of the block), what its content hands out and keeps (each
    with the handout it is printed in and its place there), and its activity's materials."""
    block, out = plan.block, []
    size = plan.grouping.size if plan.grouping.kind in ("pairs", "trios", "groups") else None
    unit = GROUPING_PER.get(plan.grouping.kind, "room")
    for use in plan.handouts:
        if use.card is not None:
            out.append(BlockMaterial(use.output, unit, block.index, size, use.output))
    out.extend(pieces(plan, handouts, unit, size))
    content = block.activity or block.custom
    if content is not None:
        for text in content.materials:
            per = per_of(text)
            out.append(BlockMaterial(text, per, block.index, size if per == "group" else None))
    return out


def pieces(plan: BlockPlan, handouts: list[str], unit: str, size: int | None) -> list[BlockMaterial]:
    """The worksheet (one per participant, in the workbook), the role briefs and the observer sheet (a
    set per group that plays them: on cards when the kit prints cards, else in the workbook), and the
    answer key (the guide's), with the anchors the layouts give them (`block-3-worksheet`, ...)."""
    block, anchor = plan.block, plan.anchor
    content = _content(block)
    if content is None:
        return []
    workbook = WORKBOOK if WORKBOOK in handouts else None
    briefs = CARDS if CARDS in handouts else workbook
    group = size if unit == "group" else None
    out = []
    if content.worksheet:
        out.append(BlockMaterial("worksheet", "participant", block.index, None, workbook, "worksheet", f"{anchor}-worksheet"))
    if content.role_briefs:
        out.append(BlockMaterial("role_briefs", unit, block.index, group, briefs, "role_briefs", f"{anchor}-brief-1",
                                 f"{anchor}-brief-{len(content.role_briefs)}"))
    if content.observer_sheet:
        out.append(BlockMaterial("observer_sheet", unit, block.index, group, workbook, "observer_sheet", f"{anchor}-observer"))
    if content.solution:
        out.append(BlockMaterial("answer_key", "room", block.index, None, None, "answer_key", f"{anchor}-answer-key"))
    return out


def _content(block: Block):
    """The activity, block content or case study whose material the block hands out, or None."""
    return block.activity or block.custom or (block.case.model if block.case else None)
