"""Tables and figures of a slide's text, each given a slide of its own.

A content slide whose ``body`` (prose from content) holds a Markdown table or a figure becomes a
run of content slides in the text's order: the text before it, a slide with the table (a PowerPoint
table, fitted and continued like text: :mod:`kitgen.deck.tables`), a slide with the figure (the
picture with its alt text: :mod:`kitgen.deck.pictures`), then the text after it. A short line just before a table
or figure ("The habits that demotivate learners most often:") stays with it, above it. Table and figure
slides are content slides with ``media`` set and no text: they take the content layout, and the
table or picture takes the place of its text box. The first keeps the slide's
title and notes; the others are titled "… (continued)", and their notes say which slide they
continue, after the first line of its notes (its timing).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from kitgen.deck.lines import Join
from kitgen.markup import Rich
from kitgen.media import Figure, Table, split

if TYPE_CHECKING:
    from kitgen.deck.plan import SlideSpec

def expand(spec: SlideSpec, continued: str) -> list[SlideSpec]:
    """`spec`, or the slides it becomes when its body holds tables or figures (`continued` is the label
    of continuation slides)."""
    parts = _parts(spec)
    if all(isinstance(p, str) for p in parts):
        return [spec]
    out: list[SlideSpec] = []
    texts: list[str] = []
    for part in parts:
        if isinstance(part, str):
            texts.append(part)
            continue
        lead = _lead(texts) if not (not out and spec.subtitle) else None
        if lead is None and (texts or (not out and spec.subtitle)):
            out.append(_text_slide(spec, texts, first=not out, last=False))
        texts = []
        out.append(replace(spec, subtitle=lead, body=None, bullets=[], numbered=False, media=part))
    if texts or spec.bullets:
        out.append(_text_slide(spec, texts, first=False, last=True))
    return [s if i == 0 else continued_slide(s, spec, continued, i, len(out)) for i, s in enumerate(out)]


_RULE = re.compile(r"^\s{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.M)


def _shows_something(text: str) -> bool:
    """Whether Markdown text has more than rules and blank lines."""
    return bool(_RULE.sub("", text).strip())


def continued_slide(slide: SlideSpec, spec: SlideSpec, continued: str, page: int, pages: int,
                    titled: bool = True) -> SlideSpec:
    """Slide `page` (from 0) of the `pages` that `spec` became: titled "… (continued)" (unless `titled`
    is false: its title says so already); its notes are the first of the slide's own (its timing) and
    which slide it continues, not the same notes again."""
    said = Join([spec.title, f"({continued} {page + 1}/{pages})"], " ")
    title = Join([spec.title, f"({continued})"], " ") if titled else spec.title
    return replace(slide, title=title, notes=list(spec.notes[:1]) + [said])


def _parts(spec: SlideSpec) -> list[str | Table | Figure]:
    """A content slide's prose body cut at its tables and figures (any other slide: no parts)."""
    body = spec.body
    if spec.kind != "content" or not isinstance(body, Rich) or body.inline:
        return []
    return [p for p in split(body.md) if not isinstance(p, str) or _shows_something(p)]  # a rule alone: no slide


LEAD_CHARS = 160
"""A text this short just before a table or figure is its lead line, on its slide, not a slide of its own."""


def _lead(texts: list[str]) -> Rich | None:
    """The texts before a table or figure as its lead: one short paragraph, else None."""
    if len(texts) != 1 or "\n\n" in texts[0].strip():
        return None
    lead = Rich(texts[0].strip())
    return lead if len(lead.plain) <= LEAD_CHARS and len(lead.paras) == 1 and not lead.paras[0].level else None


def _text_slide(spec: SlideSpec, texts: list[str], first: bool, last: bool) -> SlideSpec:
    """The text between tables and figures: the first keeps the subtitle, the last the bullets."""
    return replace(spec, subtitle=spec.subtitle if first else None, body=Rich("\n\n".join(texts)) if texts else None,
                   bullets=spec.bullets if last else [])
