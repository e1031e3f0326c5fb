"""Which text placeholder of a layout receives which text slot of a slide kind: by role and size, never idx.

* The kit's ``deck.layouts`` may name the placeholder of a slot (by idx or by name): that wins.
* Two columns take the two largest text boxes that stand side by side, the left one first.
* A main slot (a content slide's body, a section's lead, a quotation, an agenda's rows) takes the
  largest text box left; a title slide's subtitle takes the subtitle placeholder when there is one.
* The other slots (details, attribution) take the largest box left that holds their lines at their
  floor (three for details): an attribution only a box below its quotation. A slot with no box joins the slot its kind names (:class:`~kitgen.deck.kinds.TextSlot`
  ``joins``) or is left out.
* Text boxes left over stay empty, and the writer removes them (no prompt text is ever shown).

Pure: works on :class:`~kitgen.deck.geometry.TextPlaceholder` data, so ``kitgen deck-layouts`` and
the placement step show and use the same decision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from kitgen.deck.geometry import TextPlaceholder, lines_held
from kitgen.deck.kinds import SLIDE_KINDS, TextSlot
from kitgen.deck.roles import side_by_side

PlaceholderRef = int | str  #: a placeholder named in a kit: its idx, or its name


@dataclass
class BoxPlan:
    """Each slot's placeholder (None: it has none) and why; the text boxes that stay empty."""

    boxes: dict[str, TextPlaceholder | None] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)
    unused: list[TextPlaceholder] = field(default_factory=list)


def _size(ph: TextPlaceholder) -> str:
    return f"{ph.rect.width / 914400:.1f} x {ph.rect.height / 914400:.1f} in"


def describe(ph: TextPlaceholder) -> str:
    """A placeholder in words: ``idx 14 "Content 2" (obj, 11.8 x 5.0 in)``."""
    return f"idx {ph.idx} {ph.name!r} ({ph.type}, {_size(ph)})" if ph.name else f"idx {ph.idx} ({ph.type}, {_size(ph)})"


def find(bodies: Sequence[TextPlaceholder], ref: PlaceholderRef) -> TextPlaceholder | None:
    """The text placeholder a kit names: by idx (a number), else by name (case and spaces ignored)."""
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        return next((ph for ph in bodies if ph.idx == int(ref)), None)
    want = " ".join(str(ref).lower().split())
    return next((ph for ph in bodies if " ".join(ph.name.lower().split()) == want), None)


def _area(ph: TextPlaceholder) -> int:
    return ph.rect.width * ph.rect.height


def _columns(plan: BoxPlan, free: list[TextPlaceholder]) -> None:
    """Left and right: the two largest free boxes side by side (or whichever side the kit pinned)."""
    free.sort(key=lambda ph: -_area(ph))
    pinned = [plan.boxes[s] for s in ("left", "right") if plan.boxes.get(s) is not None]
    for i, a in enumerate(free):
        for b in free[i + 1:] if not pinned else []:
            if side_by_side(a.rect, b.rect):
                left, right = sorted((a, b), key=lambda ph: ph.rect.left)
                plan.boxes.update(left=left, right=right)
                plan.why.update(left="the left one of the two largest text boxes side by side",
                                right="the right one of the two largest text boxes side by side")
                free.remove(a)
                free.remove(b)
                return


def _main(slot: str, plan: BoxPlan, free: list[TextPlaceholder]) -> None:
    if slot == "subtitle":
        sub = next((ph for ph in free if ph.type == "subTitle"), None)
        if sub is not None:
            plan.boxes[slot], plan.why[slot] = sub, "the subtitle placeholder"
            free.remove(sub)
            return
    if free:
        best = max(free, key=_area)
        plan.boxes[slot], plan.why[slot] = best, "the largest text box left" if plan.boxes else "the largest text box"
        free.remove(best)


def _holds(ph: TextPlaceholder, slot: TextSlot) -> bool:
    """Whether ``ph`` is tall enough for ``slot.lines`` lines at the slot's floor (insets included)."""
    return lines_held(ph.rect.height, slot.floor_pt) >= slot.lines


def _other(slot: TextSlot, plan: BoxPlan, free: list[TextPlaceholder]) -> None:
    pool = [ph for ph in free if _holds(ph, slot)]
    name = slot.name
    if name == "attribution" and plan.boxes.get("quote") is not None:
        quote = plan.boxes["quote"]
        assert quote is not None
        pool = sorted((ph for ph in pool if ph.rect.top >= quote.rect.top + quote.rect.height // 2),
                      key=lambda ph: ph.rect.top)
    if pool:
        best = pool[0] if name == "attribution" else max(pool, key=_area)
        plan.boxes[name], plan.why[name] = best, ("the text box below the quotation" if name == "attribution"
                                                  else f"the largest text box left that holds {slot.lines} "
                                                  f"line{'s' if slot.lines > 1 else ''}")
        free.remove(best)


def plan_boxes(kind: str, bodies: Sequence[TextPlaceholder],
               chosen: Mapping[str, PlaceholderRef] | None = None) -> BoxPlan:
    """Each slot of ``kind`` and the placeholder it fills (see the module doc)."""
    plan = BoxPlan()
    free = list(bodies)
    for slot, ref in (chosen or {}).items():
        ph = find(free, ref)
        if ph is not None:
            plan.boxes[slot], plan.why[slot] = ph, "kit deck.layouts"
            free.remove(ph)
    slots = SLIDE_KINDS[kind].slots
    if kind == "two-content":
        _columns(plan, free)
    for slot in slots:
        if slot.name == "right" and "right" not in plan.boxes:
            continue  # no two text boxes side by side: the right column joins the left one
        if slot.name not in plan.boxes:
            if slot.main:
                _main(slot.name, plan, free)
            else:
                _other(slot, plan, free)
    for slot in slots:
        if plan.boxes.get(slot.name) is None:
            plan.boxes[slot.name] = None
            plan.why[slot.name] = (f"no text box left: joins the {slot.joins}" if slot.joins
                                   else "no text box left: left out")
    plan.unused = sorted(free, key=lambda ph: ph.idx)
    return plan
