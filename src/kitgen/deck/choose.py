"""Choosing the layout of each slide kind: the one place it is decided.

The kit's ``deck.layouts`` wins. Otherwise each kind takes the best layout of the roles it accepts
(:data:`~kitgen.deck.kinds.SLIDE_KINDS` ``roles``; what a layout's role is: :mod:`kitgen.deck.roles`):

1. a layout named for the kind (kitgen's own layout name, or a word such as "Quote" or "Agenda" in
   any language), when its role is one of the kind's first two;
2. else the first role in the kind's order that the template has; among layouts of that role (for
   two columns, the fewest text boxes first), one whose name says the role, then one whose type
   says it, one without picture or chart boxes, the larger body, the earlier.

The cover (the title kind's layout) is never used for another kind while the template has a
content layout. A kind that gets a layout of another role than its first says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kitgen.deck.kinds import SLIDE_KINDS, SlideKind
from kitgen.deck.roles import (ROLE_WORDS, LayoutFacts, LayoutRole, classify, layout_facts, names_match,
                               normalized_name)

_NOT_TEXT = frozenset({"pic", "chart", "tbl", "dgm", "media", "clipArt"})  # placeholders kitgen leaves empty
ROLE_NAMES = {"title": "title slide", "section": "section", "content": "content", "two-content": "two-content",
              "title-only": "title-only"}


@dataclass(frozen=True)
class LayoutChoice:
    """The layout a slide kind uses (None: the template has none for it) and why."""

    layout: Any
    why: str


@dataclass(frozen=True)
class _Candidate:
    layout: Any
    facts: LayoutFacts
    role: LayoutRole


def mapped_layout(value: Any) -> str | None:
    """The layout name a ``deck.layouts`` entry gives: the entry itself, or its ``layout`` key."""
    if isinstance(value, str):
        return value
    return getattr(value, "layout", None) or (value.get("layout") if isinstance(value, dict) else None)


def named(prs: Any, wanted: str) -> Any:
    """The layout the kit names: the exact name, else the first one that differs only in case and spaces."""
    layouts = list(prs.slide_layouts)
    return next((lay for lay in layouts if lay.name == wanted), None) \
        or next((lay for lay in layouts if " ".join(lay.name.lower().split()) == " ".join(wanted.lower().split())),
                None)


def candidates(prs: Any) -> list[_Candidate]:
    """Every layout of the template with its facts and role."""
    width, height = prs.slide_width, prs.slide_height
    out = []
    for index, layout in enumerate(prs.slide_layouts):
        facts = layout_facts(layout, index, width, height)
        out.append(_Candidate(layout, facts, classify(facts)))
    return out


def _named_for(kind: SlideKind, cand: _Candidate) -> str | None:
    if normalized_name(cand.facts.name) == normalized_name(kind.layout):
        return cand.facts.name
    return names_match(cand.facts.name, kind.words)


def _rank(cand: _Candidate) -> tuple:
    role = cand.role.role or ""
    bodies = cand.facts.bodies
    main = cand.facts.share(bodies[0]) if bodies else 0.0
    pictures = any(box.type in _NOT_TEXT for box in cand.facts.boxes)
    return (len(bodies) if role == "two-content" else 0, names_match(cand.facts.name, ROLE_WORDS.get(role, ())) is None,
            not cand.role.typed, pictures, -round(main, 2), cand.facts.index)


def _best(kind: SlideKind, pool: list[_Candidate]) -> LayoutChoice | None:
    for cand in pool:
        word = _named_for(kind, cand)
        if word and cand.role.role in kind.roles[:2]:
            return LayoutChoice(cand.layout, f"named for {kind.name} slides ({word!r}); "
                                f"{ROLE_NAMES[cand.role.role]} layout: {cand.role.why}")
    for position, role in enumerate(kind.roles):
        found = sorted((c for c in pool if c.role.role == role), key=_rank)
        if found:
            cand = found[0]
            why = f"{ROLE_NAMES[role]} layout: {cand.role.why}"
            if position:
                why = f"no {ROLE_NAMES[kind.roles[0]]} layout, so a {why}"
            return LayoutChoice(cand.layout, why)
    return None


def _kit_choice(prs: Any, name: str) -> LayoutChoice:
    layout = named(prs, name)
    return LayoutChoice(layout, "kit deck.layouts" if layout is not None else f"kit deck.layouts: no layout {name!r}")


def _without_cover(pool: list[_Candidate], cover: LayoutChoice | None) -> list[_Candidate]:
    """The layouts other kinds may use: all but a title-slide cover, while the template has a content layout."""
    if cover is None or cover.layout is None or not any(c.role.role in ("content", "two-content") for c in pool):
        return pool
    return [c for c in pool if c.layout.part is not cover.layout.part or c.role.role != "title"]


def choose_layouts(prs: Any, mapping: dict[str, Any] | None = None) -> dict[str, LayoutChoice]:
    """Every slide kind's layout and why: the kit's ``deck.layouts`` (``mapping``) first, then the rules above."""
    mapping = mapping or {}
    pool = [c for c in candidates(prs) if c.role.role is not None]
    title = mapped_layout(mapping.get("title"))
    cover = _kit_choice(prs, title) if title is not None else _best(SLIDE_KINDS["title"], pool)
    others = _without_cover(pool, cover)
    out: dict[str, LayoutChoice] = {}
    for kind in SLIDE_KINDS.values():
        name = mapped_layout(mapping.get(kind.name))
        if name is not None:
            out[kind.name] = _kit_choice(prs, name)
            continue
        choice = _best(kind, pool if kind.name == "title" else others)
        out[kind.name] = choice or LayoutChoice(None, "no layout with a title; map one in the kit's deck.layouts")
    return out
