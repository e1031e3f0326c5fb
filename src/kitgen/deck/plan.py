"""The slide plan: which slides, in which order, decided by the layout ``slides.jinja``.

The deck's structure is not written in Python. ``slides.jinja`` (looked up like every layout: the
workspace's ``layouts/`` first, then the built-in one) is rendered with the usual context plus a
few functions; each ``{% do slide('content', title=..., bullets=...) %}`` appends one
:class:`SlideSpec`. The text the template renders is thrown away: only the calls count. Values
stay what the context holds (`Rich` content texts, label strings), so content is never turned
into markup and read back. A bad call (unknown kind, argument the kind does not take, missing
title, wrong type) raises an error that becomes a `LayoutError` naming the layout file and line.

Functions the layout can call (see docs/deck.md):

``slide(kind, title, ...)``
    append a slide; kinds and their arguments are in :data:`~kitgen.deck.kinds.SLIDE_KINDS`.
``join(parts, sep=' ')``
    inline parts (content or labels) joined by ``sep``, formatting kept; empty parts dropped.
``timing(block)``
    the block's timing cue, e.g. "Timing: 09:15–10:00 (45 min)" (empty without clock times).
``item(lead=None, text=None, sub=None, detail=None)``
    a list item with a bold lead-in, a text, sub-items and a muted detail; a plain dict works too.
``bold(text)``
    the text in bold (a heading in the speaker notes, e.g. ``bold(t.key_takeaways)``).
``bulleted(texts)``
    each text of a list as an item, so a list of plain texts (a block's steps, a case's key
    takeaways) shows as a bulleted list, also in the speaker notes.
``held(content)``
    what only the facilitator holds of an activity, case study or block (its answer key, debrief
    points and facilitator notes) as notes, each under a bold heading: for speaker notes only.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kitgen.deck.kinds import COMMON_ARGS, SLIDE_KINDS
from kitgen.deck.lines import Join, is_text
from kitgen.layouts import render, text_environment
from kitgen.markup import Rich
from kitgen.sizes import MAX_VALUE

if TYPE_CHECKING:
    from kitgen.context import Context

LAYOUT = "slides.jinja"
MAX_SLIDES = 400
MAX_LIST_ITEMS = 200

_TEXT_ARGS = {"subtitle", "quote", "attribution", "left_title", "right_title"}
_LIST_ARGS = {"bullets", "rows", "left", "right"}


class PlanError(ValueError):
    """A bad ``slide(...)`` call; the layout machinery reports it with the layout's file and line."""


@dataclass
class SlideSpec:
    """One planned slide, with the values exactly as the layout passed them."""

    kind: str
    title: Any
    subtitle: Any = None
    bullets: list[Any] = dc_field(default_factory=list)
    body: Any = None
    left: Any = None
    right: Any = None
    left_title: Any = None
    right_title: Any = None
    numbered: bool = False
    rows: list[Any] = dc_field(default_factory=list)
    quote: Any = None
    attribution: Any = None
    notes: list[Any] = dc_field(default_factory=list)
    field: str = ""
    block: Any = None
    media: Any = None
    """A table or figure slide's :class:`~kitgen.media.Table` or :class:`~kitgen.media.Figure`
    (made from content: :mod:`kitgen.deck.media`)."""

    @property
    def builtin_layout(self) -> str:
        """The name of this kind's layout in the built-in template."""
        return SLIDE_KINDS[self.kind].layout


def _check_text(name: str, value: Any) -> None:
    if value is None or is_text(value):
        return
    if isinstance(value, (list, tuple)) and all(v is None or is_text(v) or isinstance(v, dict) for v in value):
        return
    raise PlanError(f"slide(): {name} must be a text, got {type(value).__name__}")


def _check_items(name: str, value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (Rich, str, Join)):
        raise PlanError(f"slide(): {name} must be a list (use body= for a single text)")
    if not isinstance(value, (list, tuple)):
        raise PlanError(f"slide(): {name} must be a list, got {type(value).__name__}")
    if len(value) > MAX_LIST_ITEMS:
        raise PlanError(f"slide(): {name} has more than {MAX_LIST_ITEMS} items")
    for i, item in enumerate(value):
        if isinstance(item, dict):
            unknown = set(item) - {"lead", "text", "sub", "detail", "sep", "time", "title", "day"}
            if unknown:
                raise PlanError(f"slide(): {name} item {i + 1} has unknown key(s) {', '.join(sorted(unknown))}; "
                                "items take lead, text, sub, detail (agenda rows: time, title, detail, day)")
            for key in ("lead", "text", "detail", "time", "title", "sep"):
                _check_text(f"{name} item {i + 1} {key}", item.get(key))
            if not isinstance(item.get("day", False), bool):
                raise PlanError(f"slide(): {name} item {i + 1} day must be true or false")
            if item.get("sub") is not None:
                _check_items(f"{name} item {i + 1} sub", item["sub"])
        elif item is not None and not is_text(item):
            raise PlanError(f"slide(): {name} item {i + 1} must be a text or an item, got {type(item).__name__}")
    return [v for v in value if v is not None]


def _check_title(kind: str, title: Any) -> None:
    if title is None or (is_text(title) and not str(title).strip() and not isinstance(title, Join)) \
            or (isinstance(title, Join) and not title):
        raise PlanError(f"slide({kind!r}): every slide needs a title")
    _check_text("title", title)


def _notes(value: Any) -> list[Any]:
    notes = [n for n in (value if isinstance(value, (list, tuple)) else [value])
             if n is not None and not (is_text(n) and not str(n).strip())]
    _check_items("notes", notes)
    return notes


def _field(value: Any) -> str:
    if not isinstance(value, str):
        raise PlanError("slide(): field must be a string naming the content field, e.g. 'topic.key_insights'")
    return value


_NORMALIZE = {"notes": _notes, "field": _field, "numbered": bool}


def _checked(name: str, value: Any) -> Any:
    """An argument of ``slide()`` checked, and normalized where it may take several forms."""
    if name in _TEXT_ARGS or name == "body":
        _check_text(name, value)
        return value
    if name in _LIST_ARGS:  # two-content columns may also be a single text
        is_column_text = name in ("left", "right") and (value is None or is_text(value))
        return value if is_column_text else _check_items(name, value)
    return _NORMALIZE[name](value) if name in _NORMALIZE else value


class Collector:
    """The ``slide`` function given to the layout, and the specs it collected."""

    def __init__(self) -> None:
        self.slides: list[SlideSpec] = []

    def __call__(self, kind: str = "", title: Any = None, **kwargs: Any) -> str:
        if kind not in SLIDE_KINDS:
            raise PlanError(f"slide(): unknown slide kind {kind!r}; kinds: {', '.join(SLIDE_KINDS)}")
        allowed = SLIDE_KINDS[kind].args | COMMON_ARGS
        unknown = sorted(set(kwargs) - allowed)
        if unknown:
            raise PlanError(f"slide({kind!r}): unknown argument(s) {', '.join(unknown)}; "
                            f"{kind!r} slides take {', '.join(sorted(allowed))}")
        _check_title(kind, title)
        for name in SLIDE_KINDS[kind].required:
            if kwargs.get(name) in (None, [], ""):
                raise PlanError(f"slide({kind!r}): {name}= is required")
        checked = {name: _checked(name, value) for name, value in kwargs.items()}
        if len(self.slides) >= MAX_SLIDES:
            raise PlanError(f"slide(): more than {MAX_SLIDES} slides")
        self.slides.append(SlideSpec(kind, title, **checked))
        return ""


def _item(lead: Any = None, text: Any = None, sub: Any = None, detail: Any = None) -> dict[str, Any]:
    return {"lead": lead, "text": text, "sub": list(sub or []), "detail": detail}


def _bullets(texts: Any) -> list[dict[str, Any]]:
    if texts is None:
        return []
    if isinstance(texts, (Rich, str, Join)) or not isinstance(texts, (list, tuple)):
        raise PlanError("bulleted() takes a list of texts")
    for t in texts:
        _check_text("bulleted()", t)
    return [_item(text=t) for t in texts if t is not None]


def _bold(text: Any) -> Join:
    _check_text("bold()", text)
    return Join([text], "", bold=True)


def _join(parts: Any, sep: str = " ") -> Join:
    if not isinstance(parts, (list, tuple)):
        parts = [parts]
    for p in parts:
        _check_text("join()", p)
    joined = Join(list(parts), sep if isinstance(sep, str) else str(sep))
    if len(joined) > MAX_VALUE:  # the sandbox's bound on a text, for a text the deck joins later
        raise PlanError(f"join() would make a text longer than {MAX_VALUE:,} characters")
    return joined


def timing_cue(ctx: Context, block: Any) -> str:
    """"Timing: 09:15–10:00 (45 min)" for an agenda block, or "Time box: 45 min" without clock times."""
    if block is None:
        return ""
    if getattr(block, "start_text", "") and getattr(block, "end_text", ""):
        return ctx.t.fmt("timing_cue", start=block.start_text, end=block.end_text, minutes=block.minutes_text)
    return ctx.t.fmt("time_box_cue", minutes=block.minutes_text)


def held(ctx: Context, content: Any) -> list[Any]:
    """What only the facilitator holds of an activity, a case study or a block, as speaker notes: its
    answer key, its debrief points and its facilitator notes, each under a bold heading (none in a
    participant context, where these fields are empty)."""
    if content is None:
        return []
    out: list[Any] = []
    solution, debrief = getattr(content, "solution", None), getattr(content, "debrief", None)
    if solution:
        out += [_bold(ctx.t.answer_key), solution]
    if debrief:
        out += [_bold(ctx.t.debrief_points)] + _bullets(list(debrief))
    notes = getattr(content, "facilitator_notes", None)
    return out + ([_bold(ctx.t.facilitator_notes), notes] if notes else [])


def plan_slides(ctx: Context, workspace: Path | None) -> list[SlideSpec]:
    """Render ``slides.jinja`` with the context and return the slides it asked for, in order."""
    env = text_environment(workspace)  # `~` gives text
    collector = Collector()
    values = ctx.as_dict()
    values.update(slide=collector, join=_join, item=_item, bold=_bold, bulleted=_bullets,
                  timing=lambda block: timing_cue(ctx, block), held=lambda x: held(ctx, x))
    render(env, LAYOUT, values, workspace)
    return collector.slides
