"""The slide kinds: the one table of what each kind of slide takes, which layout it uses and its text boxes.

A kind is what ``slide(kind, ...)`` in ``slides.jinja`` asks for. Everything the deck knows about
a kind is in :data:`SLIDE_KINDS`: the arguments it takes besides ``title``, the layout it uses (the
built-in template's layout name; in other templates, the roles of layout it takes in order of
preference and words that name a layout made for it), and its text slots with the smallest size
each may be set at. What a layout's role is comes from :mod:`kitgen.deck.roles`.
"""

from __future__ import annotations

from dataclasses import dataclass

TITLE_FLOOR_PT = 24  #: no slide title is set smaller
#: Arguments every kind takes.
COMMON_ARGS = frozenset({"title", "notes", "field", "block"})

#: Layout roles (:mod:`kitgen.deck.roles`), the order a kind takes them in when it names no better one.
ROLES = ("title", "section", "content", "two-content", "title-only")


@dataclass(frozen=True)
class TextSlot:
    """One text box of a slide kind: its name, its floor (points) and whether it continues on more slides.

    ``main`` slots go to the largest text placeholder; the others to what is left (a subtitle
    placeholder first for a ``subtitle``) that holds ``lines`` lines at the floor, or join the slot
    named by ``joins`` when nothing is left (``None``: left out, e.g. an agenda's details, which the
    title slide shows).
    """

    name: str
    floor_pt: int
    continues: bool
    main: bool = False
    joins: str | None = None
    lines: int = 1


@dataclass(frozen=True)
class SlideKind:
    """What a kind of slide takes and where it goes."""

    name: str  #: as ``slide()`` names it, e.g. ``"two-content"``
    layout: str  #: the built-in template's layout for it, e.g. ``"Two Content"``
    args: frozenset[str]  #: arguments besides the common ones
    slots: tuple[TextSlot, ...]  #: text boxes after the title
    roles: tuple[str, ...]  #: layout roles it takes, best first (the cover only when nothing else exists)
    words: tuple[str, ...] = ()  #: words (any language, accents dropped) naming a layout made for this kind
    required: tuple[str, ...] = ()  #: arguments that must be given
    essential: bool = False  #: most of the deck: a layout without a text box for it is an error, not a warning


SLIDE_KINDS: dict[str, SlideKind] = {kind.name: kind for kind in (
    SlideKind("title", "Title", frozenset({"subtitle", "body"}),
              (TextSlot("subtitle", 16, False, main=True), TextSlot("details", 12, False, joins="subtitle", lines=3)),
              ("title", "section", "title-only", "content", "two-content")),
    SlideKind("section", "Section", frozenset({"subtitle", "body"}),
              (TextSlot("lead", 18, False, main=True),),
              ("section", "title-only", "content", "two-content", "title")),
    SlideKind("content", "Content", frozenset({"subtitle", "bullets", "body", "numbered"}),
              (TextSlot("body", 18, True, main=True),),
              ("content", "two-content", "section", "title-only", "title"), essential=True),
    SlideKind("two-content", "Two Content", frozenset({"left", "right", "left_title", "right_title", "numbered"}),
              (TextSlot("left", 16, True, main=True), TextSlot("right", 16, True, main=True, joins="left")),
              ("two-content", "content", "section", "title-only", "title")),
    SlideKind("quote", "Quote", frozenset({"quote", "attribution"}),
              (TextSlot("quote", 20, True, main=True), TextSlot("attribution", 14, False, joins="quote")),
              ("content", "two-content", "section", "title-only", "title"),
              words=("quote", "quotation", "citation", "citacao", "cita", "zitat", "citazione"), required=("quote",)),
    SlideKind("agenda", "Agenda", frozenset({"rows", "body"}),
              (TextSlot("rows", 16, True, main=True), TextSlot("details", 12, False, lines=3)),
              ("content", "two-content", "section", "title-only", "title"),
              words=("agenda", "table of contents", "overview", "tagesordnung", "inhaltsverzeichnis",
                     "sommaire", "ordre du jour", "pauta", "sumario", "indice"), required=("rows",)),
    SlideKind("closing", "Closing", frozenset({"subtitle", "body", "bullets"}),
              (TextSlot("body", 18, False, main=True),),
              ("section", "content", "title-only", "two-content", "title"),
              words=("closing", "thank you", "thanks", "questions", "end", "obrigado", "obrigada", "danke",
                     "merci", "gracias", "grazie", "encerramento", "abschluss")),
)}

#: The built-in template's layouts, in its order (one per kind).
BUILTIN_LAYOUTS: tuple[str, ...] = tuple(kind.layout for kind in SLIDE_KINDS.values())


def slot_names(kind: str) -> tuple[str, ...]:
    """The text slots of ``kind`` by name, e.g. ``("quote", "attribution")``."""
    return tuple(slot.name for slot in SLIDE_KINDS[kind].slots)
