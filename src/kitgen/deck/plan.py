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
    append a slide; kinds and their arguments are in :data:`KINDS`.
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
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path
from typing import Any

from kitgen.context import Context
from kitgen.deck.runs import Join, is_text
from kitgen.layouts import environment, render
from kitgen.markup import Rich

LAYOUT = "slides.jinja"
MAX_SLIDES = 400
MAX_ITEMS = 200

#: Slide kinds: the template role (layout) each uses by default and the arguments it takes
#: besides ``title``, ``notes``, ``field`` and ``block``.
KINDS: dict[str, tuple[str, frozenset[str]]] = {
    "title": ("Title", frozenset({"subtitle", "body"})),
    "section": ("Section", frozenset({"subtitle", "body"})),
    "content": ("Content", frozenset({"subtitle", "bullets", "body", "numbered"})),
    "two-content": ("Two Content", frozenset({"left", "right", "left_title", "right_title", "numbered"})),
    "quote": ("Quote", frozenset({"quote", "attribution"})),
    "agenda": ("Agenda", frozenset({"rows", "body"})),
    "closing": ("Closing", frozenset({"subtitle", "body", "bullets"})),
}
_REQUIRED = {"quote": ("quote",), "agenda": ("rows",)}
_COMMON = frozenset({"title", "notes", "field", "block"})
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

    @property
    def role(self) -> str:
        """The template role (layout name in the built-in template) of this kind."""
        return KINDS[self.kind][0]


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
    if len(value) > MAX_ITEMS:
        raise PlanError(f"slide(): {name} has more than {MAX_ITEMS} items")
    for i, item in enumerate(value):
        if isinstance(item, dict):
            unknown = set(item) - {"lead", "text", "sub", "detail", "sep", "time", "title"}
            if unknown:
                raise PlanError(f"slide(): {name} item {i + 1} has unknown key(s) {', '.join(sorted(unknown))}; "
                                "items take lead, text, sub, detail (agenda rows: time, title, detail)")
            for key in ("lead", "text", "detail", "time", "title", "sep"):
                _check_text(f"{name} item {i + 1} {key}", item.get(key))
            if item.get("sub") is not None:
                _check_items(f"{name} item {i + 1} sub", item["sub"])
        elif item is not None and not is_text(item):
            raise PlanError(f"slide(): {name} item {i + 1} must be a text or an item, got {type(item).__name__}")
    return [v for v in value if v is not None]


class Collector:
    """The ``slide`` function given to the layout, and the specs it collected."""

    def __init__(self) -> None:
        self.slides: list[SlideSpec] = []

    def __call__(self, kind: str = "", title: Any = None, **kwargs: Any) -> str:
        if kind not in KINDS:
            raise PlanError(f"slide(): unknown slide kind {kind!r}; kinds: {', '.join(KINDS)}")
        allowed = KINDS[kind][1] | _COMMON
        unknown = sorted(set(kwargs) - allowed)
        if unknown:
            raise PlanError(f"slide({kind!r}): unknown argument(s) {', '.join(unknown)}; "
                            f"{kind!r} slides take {', '.join(sorted(allowed))}")
        if title is None or (is_text(title) and not str(title).strip() and not isinstance(title, Join)) \
                or (isinstance(title, Join) and not title):
            raise PlanError(f"slide({kind!r}): every slide needs a title")
        _check_text("title", title)
        for name in _REQUIRED.get(kind, ()):
            if kwargs.get(name) in (None, [], ""):
                raise PlanError(f"slide({kind!r}): {name}= is required")
        for name, value in kwargs.items():
            if name in _TEXT_ARGS:
                _check_text(name, value)
            elif name in _LIST_ARGS and not (name in ("left", "right") and (value is None or is_text(value))):
                kwargs[name] = _check_items(name, value)
            elif name == "body":
                _check_text(name, value)
            elif name == "notes":
                kwargs[name] = [n for n in (value if isinstance(value, (list, tuple)) else [value])
                                if n is not None and not (is_text(n) and not str(n).strip())]
                _check_items("notes", kwargs[name])
            elif name == "field" and not isinstance(value, str):
                raise PlanError("slide(): field must be a string naming the content field, e.g. 'topic.key_insights'")
            elif name == "numbered":
                kwargs[name] = bool(value)
        if len(self.slides) >= MAX_SLIDES:
            raise PlanError(f"slide(): more than {MAX_SLIDES} slides")
        self.slides.append(SlideSpec(kind, title, **kwargs))
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
    return Join(list(parts), sep if isinstance(sep, str) else str(sep))


def timing_cue(ctx: Context, block: Any) -> str:
    """"Timing: 09:15–10:00 (45 min)" for an agenda block, or "Time box: 45 min" without clock times."""
    if block is None:
        return ""
    if getattr(block, "start_text", "") and getattr(block, "end_text", ""):
        return ctx.t.fmt("timing_cue", start=block.start_text, end=block.end_text, minutes=block.minutes_text)
    return ctx.t.fmt("time_box_cue", minutes=block.minutes_text)


def plan_slides(ctx: Context, workspace: Path | None) -> list[SlideSpec]:
    """Render ``slides.jinja`` with the context and return the slides it asked for, in order."""
    # An overlay: the shared environment (and every handout rendered after the deck) keeps escaping.
    # Without escaping, layouts compile differently: keep them out of the shared bytecode cache too.
    env = environment(workspace).overlay(autoescape=False, bytecode_cache=None)  # `~` gives text
    collector = Collector()
    values = ctx.as_dict()
    values.update(slide=collector, join=_join, item=_item, bold=_bold, bulleted=_bullets,
                  timing=lambda block: timing_cue(ctx, block))
    render(env, LAYOUT, values, workspace)
    return collector.slides
