"""The render context: everything a layout sees, built in one place from a resolved session.

Every content string becomes a `Rich` (placeholders filled; prints as sanitized HTML in layouts,
offers `.plain` and `.paras` to the deck). Handouts and the deck read the same context, and the
participant edition has no facilitator-only material in it at all, so no layout can leak it.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import typing
from dataclasses import dataclass
from types import SimpleNamespace, UnionType
from typing import Any

from pydantic import BaseModel

from kitgen import placeholders
from kitgen.i18n import Labels, labels
from kitgen.markup import Rich
from kitgen.models.base import MarkdownMarker, PlainMarker
from kitgen.outputs import ALL, SPECS
from kitgen.resolve import Block, Session

FACILITATOR_ONLY = {"facilitator_notes"}
EDITIONS = ("facilitator", "participant")


class View(SimpleNamespace):
    """A read-only record for layouts: a content model's fields with text as `Rich`."""

    def __getattr__(self, name: str):
        raise AttributeError(f"no field {name!r}; this record has: {', '.join(sorted(vars(self)))}")


@functools.cache
def _markdown_fields(cls: type[BaseModel]) -> frozenset[str]:
    return frozenset(name for name, f in cls.model_fields.items()
                     if any(isinstance(m, MarkdownMarker) for m in f.metadata) or _has_marker(f.annotation))


@functools.cache
def _literal_fields(cls: type[BaseModel]) -> frozenset[str]:
    """Fields passed to layouts as written: choices (Literal) and plain values such as web addresses."""
    return frozenset(name for name, f in cls.model_fields.items()
                     if typing.get_origin(f.annotation) is typing.Literal or _has_plain(f.annotation))


def _has_plain(tp: Any) -> bool:
    if typing.get_origin(tp) is typing.Annotated:
        return any(isinstance(m, PlainMarker) for m in typing.get_args(tp)[1:])
    if typing.get_origin(tp) in (typing.Union, UnionType):
        return any(_has_plain(a) for a in typing.get_args(tp))
    return False


def _has_marker(tp: Any) -> bool:
    if typing.get_origin(tp) is typing.Annotated:
        return any(isinstance(m, MarkdownMarker) for m in typing.get_args(tp)[1:]) or _has_marker(typing.get_args(tp)[0])
    if typing.get_origin(tp) in (list, typing.Union, UnionType):
        return any(_has_marker(a) for a in typing.get_args(tp))
    return False


def view(value: Any, values: dict[str, str], edition: str, block_md: bool = False) -> Any:
    """Convert a model (recursively) into Views with `Rich` texts, dropping facilitator-only fields."""
    if isinstance(value, BaseModel):
        md_fields = _markdown_fields(type(value))
        out = {}
        for name in type(value).model_fields:
            key = name.rstrip("_")
            if edition != "facilitator" and name in FACILITATOR_ONLY:
                out[key] = None
                continue
            raw = getattr(value, name)
            out[key] = raw if name in _literal_fields(type(value)) else view(raw, values, edition, name in md_fields)
        return View(**out)
    if isinstance(value, str):
        return Rich(placeholders.fill(value, values), inline=not block_md)
    if isinstance(value, list):
        return [view(v, values, edition, block_md) for v in value]
    if isinstance(value, dict):
        return {k: view(v, values, edition, block_md) for k, v in value.items()}
    return value


@dataclass
class Context:
    """What every layout receives (see docs/layouts.md)."""

    kit: View
    topic: View
    agenda: list[View]
    case_studies: list[View]
    activities: list[View]
    discussion: View | None
    book_club: View | None
    materials: list[str]
    t: Labels
    edition: str
    output: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def created(day: dt.date | None) -> dt.datetime:
    """A reproducible creation date: SOURCE_DATE_EPOCH, else the session date, else a fixed date (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    day = day or dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def build_context(session: Session, edition: str, output: str = "", reads: tuple[str, ...] = ALL) -> Context:
    """The one function that turns a resolved session into what layouts see.

    `reads` names the parts of the content the output may show; the others are left out (an agenda
    block of a case study it does not read is titled "Case study"), so an output's recorded
    dependencies, used by incremental builds, can never miss what it printed.
    """
    kit = session.kit
    t = labels(kit.locale)
    variables = session.variables
    topic = view(session.topic, variables, edition)
    if not topic.title:
        topic.title = Rich(kit.title, inline=True)
    cases: list[View] = []
    activities: dict[str, View] = {}
    agenda = []
    for block in session.blocks:
        entry = _block_view(block, session, t, edition, cases, activities, reads)
        agenda.append(entry)
    discussion = view(session.discussion, variables, edition) if session.discussion and "discussion" in reads else None
    book_club = view(session.book_club, variables, edition) if session.book_club and "book_club" in reads else None
    if book_club is not None and not book_club.title:
        book_club.title = Rich(f"{t.book_club}: {topic.title.md}", inline=True)
    end = session.blocks[-1].end if session.blocks else None
    theme = kit.theme
    logo = (kit.organization.logo if kit.organization and kit.organization.logo else None) or theme.logo
    kit_view = View(
        id=session.id, title=Rich(placeholders.fill(kit.title, variables), inline=True),
        audience=Rich(placeholders.fill(kit.audience, variables), inline=True),
        facilitator=placeholders.fill(kit.facilitator or "", variables),
        organization=placeholders.fill(kit.organization.name, variables) if kit.organization else "",
        logo=logo, date=kit.date, date_text=t.format_date(kit.date),
        start_text=t.format_time(session.blocks[0].start) if kit.start_time else "", end_text=t.format_time(end) if end else "",
        duration=kit.duration, duration_text=t.format_minutes(kit.duration),
        agenda_minutes=sum(b.item.minutes for b in session.blocks),
        paper=kit.paper, page_size="A4" if kit.paper == "a4" else "Letter", locale=kit.locale,
        lang=kit.locale.split("-")[0], outputs=list(kit.outputs),
        theme=View(primary=theme.primary, accent=theme.accent, font=theme.font,
                   heading_font=theme.heading_font or theme.font, logo=logo, explicit=sorted(theme.model_fields_set)),
        variables=dict(variables),
        deck=View(template=kit.deck.template, layouts=dict(kit.deck.layouts)),
        file=session.kit_file, created=created(kit.date),
    )
    return Context(kit_view, topic, agenda, cases, list(activities.values()), discussion, book_club,
                   _materials(session, t, activities), t, edition, output)


def _block_view(block: Block, session: Session, t: Labels, edition: str, cases: list[View],
                activities: dict[str, View], reads: tuple[str, ...]) -> View:
    item = block.item
    notes = Rich(placeholders.fill(item.notes, session.variables)) if item.notes and edition == "facilitator" else None
    case = activity = None
    purpose = None
    steps: list[Rich] = []
    kind_label = t.get(block.ref or "", None) if block.kind == "block" else None
    if block.kind == "case_study" and "cases" not in reads:
        title, kind_label = Rich(t.case_study, inline=True), t.case_study
    elif block.kind == "activity" and "activities" not in reads:
        title, kind_label = Rich(t.activity, inline=True), t.activity
    elif block.kind == "case_study":
        case = view(block.case.model, block.case.values, edition)
        case.id, case.number, case.agenda_minutes = block.case.id, len(cases) + 1, item.minutes
        cases.append(case)
        title, kind_label = case.title, t.case_study
        purpose = case.summary
    elif block.kind == "activity":
        activity = activities.get(block.ref) or view(block.activity, session.variables, edition)
        activity.id = block.ref
        activity.kind_label = t[activity.kind.replace("-", "_")]
        activities[block.ref] = activity
        title, kind_label, purpose = activity.title, activity.kind_label, activity.purpose
    elif block.kind == "discussion":
        title, kind_label = Rich(t.group_discussion, inline=True), t.group_discussion
        purpose = Rich(t.block_discussion_purpose, inline=True)
    elif block.kind == "reflection":
        title, kind_label = Rich(t.reflection, inline=True), t.reflection
        purpose = Rich(t.block_reflection_purpose, inline=True)
        steps = [Rich(s, inline=True) for s in t.block_reflection_steps]
    elif block.kind == "book_club":
        title, kind_label = Rich(t.book_club, inline=True), t.book_club
        purpose = Rich(t.block_book_club_purpose, inline=True)
    else:
        name = block.ref or "other"
        title = Rich(t.get(name, name.replace("-", " ").capitalize()), inline=True)
        purpose = Rich(t.get(f"block_{name}_purpose", t.block_other_purpose), inline=True)
        steps = [Rich(s, inline=True) for s in t.get(f"block_{name}_steps", [])]
    if item.title:
        title = Rich(placeholders.fill(item.title, session.variables), inline=True)
    return View(
        index=block.index, number=block.index + 1, kind=block.kind, ref=block.ref, kind_label=kind_label or "",
        title=title, minutes=item.minutes, minutes_text=t.format_minutes(item.minutes),
        start=block.start, end=block.end, start_text=t.format_time(block.start), end_text=t.format_time(block.end),
        anchor=f"block-{block.index + 1}", purpose=purpose, steps=steps, notes=notes,
        case=case, activity=activity, is_break=block.kind == "block" and block.ref in ("break", "lunch"),
    )


def _materials(session: Session, t: Labels, activities: dict[str, View]) -> list[str]:
    """The facilitator's checklist: printed handouts, then what each activity asks for."""
    out: list[str] = [t[SPECS[name].label] for name in session.kit.outputs]
    for activity in activities.values():
        out.extend(m.plain for m in activity.materials)
    seen: set[str] = set()
    return [m for m in out if not (m in seen or seen.add(m))]
