"""The slide kinds: the one table of what each kind of slide takes, which layout it uses and its text boxes.

A kind is what ``slide(kind, ...)`` in ``slides.jinja`` asks for. Everything the deck knows about
a kind is in :data:`SLIDE_KINDS`: the arguments it takes besides ``title``, the layout it uses (the
built-in template's layout name; in other templates, the names tried and the kind whose layout stands
in), and its text slots in placeholder order with the smallest size each may be set at.
"""

from __future__ import annotations

from dataclasses import dataclass

TITLE_FLOOR_PT = 24  #: no slide title is set smaller
#: Arguments every kind takes.
COMMON_ARGS = frozenset({"title", "notes", "field", "block"})


@dataclass(frozen=True)
class TextSlot:
    """One text box of a slide kind: its name, its floor (points) and whether it continues on more slides."""

    name: str
    floor_pt: int
    continues: bool


@dataclass(frozen=True)
class SlideKind:
    """What a kind of slide takes and where it goes."""

    name: str  #: as ``slide()`` names it, e.g. ``"two-content"``
    layout: str  #: the built-in template's layout for it, e.g. ``"Two Content"``
    args: frozenset[str]  #: arguments besides the common ones
    slots: tuple[TextSlot, ...]  #: text boxes after the title, in placeholder order
    layout_names: tuple[str, ...]  #: layout names looked for in other templates, in order
    stand_in: str | None = None  #: the kind whose layout is used when a template has none for this one
    required: tuple[str, ...] = ()  #: arguments that must be given


SLIDE_KINDS: dict[str, SlideKind] = {kind.name: kind for kind in (
    SlideKind("title", "Title", frozenset({"subtitle", "body"}),
              (TextSlot("subtitle", 16, False), TextSlot("details", 12, False)),
              ("Title", "Title Slide", "Title Page", "Cover")),
    SlideKind("section", "Section", frozenset({"subtitle", "body"}),
              (TextSlot("lead", 18, False),),
              ("Section", "Section Header", "Section Title", "Divider"), stand_in="title"),
    SlideKind("content", "Content", frozenset({"subtitle", "bullets", "body", "numbered"}),
              (TextSlot("main", 18, True),),
              ("Content", "Title and Content", "Title & Content", "Title, Content", "Text")),
    SlideKind("two-content", "Two Content", frozenset({"left", "right", "left_title", "right_title", "numbered"}),
              (TextSlot("left", 16, True), TextSlot("right", 16, True)),
              ("Two Content", "Two Columns", "Comparison", "Two Content Layout"), stand_in="content"),
    SlideKind("quote", "Quote", frozenset({"quote", "attribution"}),
              (TextSlot("quote", 20, True), TextSlot("attribution", 14, False)),
              ("Quote", "Quotation"), stand_in="content", required=("quote",)),
    SlideKind("agenda", "Agenda", frozenset({"rows", "body"}),
              (TextSlot("rows", 16, True), TextSlot("details", 12, False)),
              ("Agenda", "Contents", "Table of Contents"), stand_in="content", required=("rows",)),
    SlideKind("closing", "Closing", frozenset({"subtitle", "body", "bullets"}),
              (TextSlot("main", 18, False),),
              ("Closing", "End", "Thank You", "Questions"), stand_in="section"),
)}

#: The built-in template's layouts, in its order (one per kind).
BUILTIN_LAYOUTS: tuple[str, ...] = tuple(kind.layout for kind in SLIDE_KINDS.values())
