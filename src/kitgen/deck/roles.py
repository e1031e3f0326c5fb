"""What a slide layout is for: its role (title, section, content, two-content, title-only), and why.

Evidence is taken in this order:

1. the layout's type (``type="obj"``, ``"secHead"``, ...: language-independent, written by PowerPoint),
   when its placeholders agree with it;
2. the kinds, sizes and positions of its placeholders: a title and one large body is a content
   layout, two large bodies side by side a two-content one, a centred title or a subtitle box a
   title slide, a title with only small text boxes (or a band) a section;
3. its name, in any language (accents and a leading ``1_`` dropped), as a hint: it decides
   between a title slide and a section when nothing else does, and ranks layouts of one role.

Everything here works on :class:`LayoutFacts` (plain data); :func:`layout_facts` reads them from a
python-pptx layout.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from kitgen.deck.geometry import Rect

#: Layout types (ST_SlideLayoutType) and the role each one says a layout has.
TYPE_ROLES: dict[str, str] = {
    "title": "title", "obj": "content", "tx": "content", "secHead": "section", "titleOnly": "title-only",
    "twoObj": "two-content", "twoColTx": "two-content", "twoTxTwoObj": "two-content",
}
#: Placeholder types that take kitgen's text, and the title ones.
TEXT_TYPES = frozenset({"body", "obj", "subTitle"})
TITLE_TYPES = frozenset({"title", "ctrTitle"})
VERTICAL_TYPES = frozenset({"vertTitle", "vertBody", "vertObj"})
LARGE_SHARE = 0.25  #: a large body covers at least this share of the slide...
LARGE_HEIGHT = 0.35  #: ...and is at least this share of its height
COLUMN_SHARE = 0.08  #: each column of a two-content layout covers at least this share

#: Words naming each role (lower case, accents dropped); a word in ``=…`` must be the whole name.
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "title": ("title slide", "=title", "cover", "first slide", "opening", "slide de titulo", "diapositivo de titulo",
              "=titulo", "capa", "diapositiva de titulo", "portada", "titelfolie", "=titel", "deckblatt",
              "diapositive de titre", "=titre", "page de titre", "couverture", "diapositiva titolo", "=titolo",
              "copertina", "titeldia"),
    "section": ("section", "divider", "chapter", "cabecalho de secao", "secao", "seccao", "separador", "divisor",
                "encabezado de seccion", "seccion", "abschnitt", "kapitel", "trenner", "trennfolie",
                "en-tete de section", "intercalaire", "chapitre", "intestazione sezione", "sezione", "divisore"),
    "content": ("title and content", "content", "text", "bullets", "titulo e conteudo", "conteudo", "texto",
                "titulo y objetos", "contenido", "titel und inhalt", "inhalt", "titre et contenu", "contenu",
                "texte", "titolo e contenuto", "contenuto", "testo", "inhoud"),
    "two-content": ("two content", "two contents", "two columns", "comparison", "duas partes de conteudo",
                    "dois conteudos", "duas colunas",
                    "comparacao", "dos objetos", "dos columnas", "comparacion", "zwei inhalte", "zwei spalten",
                    "vergleich", "deux contenus", "deux colonnes", "comparaison", "due contenuti", "confronto"),
    "title-only": ("title only", "so titulo", "solo titulo", "nur titel", "titre seul", "solo titolo"),
}


@dataclass(frozen=True)
class Box:
    """A placeholder as the chooser sees it: its type (OOXML name, e.g. ``"obj"``), idx, name and rectangle."""

    type: str
    idx: int
    name: str
    rect: Rect

    @property
    def area(self) -> int:
        return self.rect.width * self.rect.height


@dataclass(frozen=True)
class LayoutFacts:
    """What the chooser knows about one layout."""

    name: str
    index: int
    type: str | None  #: the layout's ``type`` attribute (None: not set, or "cust")
    boxes: tuple[Box, ...]  #: its placeholders, in the layout's order
    slide_width: int
    slide_height: int

    @property
    def title(self) -> Box | None:
        return next((b for b in self.boxes if b.type in TITLE_TYPES), None)

    @property
    def bodies(self) -> tuple[Box, ...]:
        """The placeholders that take text, largest first."""
        return tuple(sorted((b for b in self.boxes if b.type in TEXT_TYPES), key=lambda b: -b.area))

    def share(self, box: Box) -> float:
        return box.area / max(self.slide_width * self.slide_height, 1)

    def large(self, box: Box) -> bool:
        return self.share(box) >= LARGE_SHARE and box.rect.height >= LARGE_HEIGHT * self.slide_height


@dataclass(frozen=True)
class LayoutRole:
    """A layout's role and the reason for it, in words for ``kitgen deck-layouts``."""

    role: str | None  #: None: no use to kitgen (no title, vertical text, pictures only)
    why: str
    typed: bool = False  #: said by the layout's type


def normalized_name(name: str) -> str:
    """A layout name for matching: lower case, accents dropped, a leading ``1_`` gone, spaces collapsed."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"^\d+_", "", text.strip())
    return " ".join(re.sub(r"[^a-z0-9&\-]+", " ", text).split())


def names_match(name: str, words: tuple[str, ...]) -> str | None:
    """The first of ``words`` that ``name`` contains as whole words (``=word``: is), None if none."""
    norm = normalized_name(name)
    for word in words:
        if word.startswith("="):
            if norm == word[1:]:
                return word[1:]
        elif re.search(rf"(^|\s){re.escape(word)}($|\s)", norm):
            return word
    return None


def side_by_side(a: Rect, b: Rect) -> bool:
    """Two boxes next to each other: apart left to right, mostly level with each other."""
    left, right = sorted((a, b), key=lambda rect: rect.left)
    if left.right > right.left + 0.05 * min(left.width, right.width):
        return False
    overlap = min(left.bottom, right.bottom) - max(left.top, right.top)
    return overlap >= 0.5 * min(left.height, right.height)


def columns(facts: LayoutFacts) -> tuple[Box, Box] | None:
    """The two largest bodies that stand side by side, left one first (None: no such pair)."""
    bodies = [b for b in facts.bodies if facts.share(b) >= COLUMN_SHARE and b.rect.height >= LARGE_HEIGHT
              * facts.slide_height]
    for i, a in enumerate(bodies):
        for b in bodies[i + 1:]:
            if side_by_side(a.rect, b.rect):
                return tuple(sorted((a, b), key=lambda box: box.rect.left))  # type: ignore[return-value]
    return None


def stacked(facts: LayoutFacts) -> bool:
    """Two wide bodies one above the other that together cover a large body's share and height (a
    "split" layout): content fits there, not in a section's small boxes."""
    wide = [b for b in facts.bodies if facts.share(b) >= COLUMN_SHARE]
    for i, a in enumerate(wide):
        for b in wide[i + 1:]:
            upper, lower = sorted((a.rect, b.rect), key=lambda rect: rect.top)
            level = min(upper.right, lower.right) - max(upper.left, lower.left) >= 0.8 * max(upper.width, lower.width)
            if level and upper.bottom <= lower.top + 12700 and facts.share(a) + facts.share(b) >= LARGE_SHARE \
                    and lower.bottom - upper.top >= LARGE_HEIGHT * facts.slide_height:
                return True
    return False


def _size(box: Box) -> str:
    return f"{box.rect.width / 914400:.1f} x {box.rect.height / 914400:.1f} in"


def _by_geometry(facts: LayoutFacts) -> LayoutRole:
    bodies = facts.bodies
    title = facts.title
    assert title is not None
    if columns(facts):
        return LayoutRole("two-content", "two large bodies side by side")
    if bodies and facts.large(bodies[0]):
        return LayoutRole("content", f"a title and a large body ({_size(bodies[0])})")
    if stacked(facts):
        return LayoutRole("content", "a title and two wide bodies, one above the other, that together are large")
    if title.type == "ctrTitle" or any(b.type == "subTitle" for b in bodies):
        return LayoutRole("title", "a centred title or a subtitle box")
    hint = names_match(facts.name, ROLE_WORDS["title"])
    if hint:
        return LayoutRole("title", f"a title with small text boxes, named like a title slide ({hint!r})")
    if not bodies:
        return LayoutRole("title-only", "a title and no text box")
    if facts.index == 0 and not names_match(facts.name, ROLE_WORDS["section"]):
        return LayoutRole("title", "the template's first layout, a title with small text boxes")
    return LayoutRole("section", "a title with small text boxes only")


def _type_agrees(facts: LayoutFacts, role: str) -> bool:
    bodies = facts.bodies
    if role == "content":
        return bool(bodies) and facts.share(bodies[0]) >= COLUMN_SHARE
    if role == "two-content":
        return columns(facts) is not None
    return True


def classify(facts: LayoutFacts) -> LayoutRole:
    """The role of a layout and why (see the module doc)."""
    if facts.title is None:
        return LayoutRole(None, "no title placeholder")
    if any(b.type in VERTICAL_TYPES for b in facts.boxes):
        return LayoutRole(None, "vertical text")
    role = TYPE_ROLES.get(facts.type or "")
    if role and _type_agrees(facts, role):
        return LayoutRole(role, f"type {facts.type}", typed=True)
    found = _by_geometry(facts)
    if facts.type and facts.type != "cust":
        if facts.type not in TYPE_ROLES:  # a caption, picture, chart or table layout
            return LayoutRole(None, f"type {facts.type} (not one kitgen fills)")
        return LayoutRole(found.role, f"type {facts.type}, but {found.why}")
    return found


# --------------------------------------------------------------------------- from python-pptx


def _rect(shape: Any) -> Rect:
    return Rect(shape.left or 0, shape.top or 0, shape.width or 0, shape.height or 0)


def ph_type(ph: Any) -> str:
    node = ph._element.ph  # noqa: SLF001 - the OOXML type name, not python-pptx's enum
    return node.get("type", "obj") if node is not None else "obj"


def layout_facts(layout: Any, index: int, slide_width: int, slide_height: int) -> LayoutFacts:
    """Read a python-pptx layout (positions inherited from the master where the layout sets none)."""
    boxes = tuple(Box(ph_type(ph), ph.placeholder_format.idx, ph.name, _rect(ph)) for ph in layout.placeholders)
    kind = layout._element.get("type")  # noqa: SLF001
    return LayoutFacts(layout.name, index, kind if kind and kind != "cust" else None, boxes,
                       int(slide_width), int(slide_height))
