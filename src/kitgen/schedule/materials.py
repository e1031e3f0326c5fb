"""What each block uses: the handouts it cites (a workbook section, a case card) and the materials to
have ready, each with what one copy serves (the room, a participant, a pair, a trio, a group)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kitgen.schedule.model import HandoutUse, Material

if TYPE_CHECKING:
    from kitgen.schedule.model import BlockPlan
    from kitgen.session import Block

WORKBOOK, CARDS, BOOK_CLUB = "participant-workbook", "case-cards", "book-club-guide"

PER_WORDS = {
    "participant": ("each participant", "per participant", "per person", "each person", "for everyone", "one each",
                    "chaque participant", "par participant", "par personne"),
    "pair": ("per pair", "each pair", "par binôme", "par paire", "chaque binôme"),
    "trio": ("per trio", "each trio", "par trio", "chaque trio"),
    "group": ("per table", "each table", "per group", "each group", "par table", "par groupe", "chaque groupe"),
}
"""Words of a material's text (English and French) saying what one of it serves; else the room."""

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
                   or block.kind == "block" and block.ref == "close" or hands_out(block))
    if in_workbook and WORKBOOK in handouts:
        out.append(HandoutUse(WORKBOOK))
    if block.kind == "case_study" and CARDS in handouts and plan.case_number:
        out.append(HandoutUse(CARDS, plan.case_number))
    if block.kind == "book_club" and BOOK_CLUB in handouts:
        out.append(HandoutUse(BOOK_CLUB))
    return out


def hands_out(block: Block) -> bool:
    """Whether participants get something of the block in their workbook: a worksheet, role briefs or an
    observer sheet, or a block's own text to teach."""
    content = block.activity or block.custom or (block.case.model if block.case else None)
    if content is None:
        return False
    return bool(content.worksheet or content.role_briefs or content.observer_sheet
                or block.custom is not None and block.custom.text)


def materials(plan: BlockPlan) -> list[Material]:
    """The block's cards (one set per group of the block) and its activity's materials."""
    block, out = plan.block, []
    size = plan.grouping.size if plan.grouping.kind in ("pairs", "trios", "groups") else None
    for use in plan.handouts:
        if use.card is not None:
            out.append(Material(use.output, GROUPING_PER.get(plan.grouping.kind, "room"), block.index, size, use.output))
    if block.activity is not None:
        for text in block.activity.materials:
            per = per_of(text)
            out.append(Material(text, per, block.index, size if per == "group" else None))
    return out
