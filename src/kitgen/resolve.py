"""Resolve a kit against its workspace: defaults, overrides, agenda references, clock times.

The result is a :class:`~kitgen.session.Resolution`: the session (or as much of it as could be
resolved) and the problems found on the way: files the kit names that do not exist, overrides that
do not apply or do not validate. Checking what was resolved is the next stage (:mod:`kitgen.check`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from kitgen.errors import Loc, Problems
from kitgen.models import Activity, BookClub, CaseStudy, DiscussionGuide, Kit, Topic
from kitgen.modelcheck import model_from_doc
from kitgen.overlay import overlay
from kitgen.models.kit import clock_time
from kitgen.people import resolve_cohort
from kitgen.session import Block, CaseUse, Day, Resolution, Session
from kitgen.workspace import suggest
from kitgen.yamlsafe import Doc, dotted

if TYPE_CHECKING:
    from kitgen.workspace import Entry, TopicFiles, Workspace


def resolve_kit(ws: Workspace, kit_id: str) -> Resolution:
    """The kit's session over everything it uses, with every problem found resolving it."""
    problems = Problems()
    doc = with_defaults(ws, ws.kit_docs[kit_id], problems)
    kit, found = model_from_doc(Kit, doc)
    problems.extend(found)
    out = Resolution(kit_id, doc, kit)
    if kit is not None:
        out.files = ws.topics.get(kit.topic)
        out.session = _session(ws, kit_id, kit, doc, out.files, problems)
    out.problems = problems.items
    return out


def _session(ws: Workspace, kit_id: str, kit: Kit, doc: Doc, files: TopicFiles | None,
             problems: Problems) -> Session | None:
    if files is None:
        problems.add(doc.loc(("topic",)), "topic", f"no topic {kit.topic!r} in content/topics/", suggest(kit.topic, ws.topics))
        return None
    if files.topic is None or files.topic.model is None:
        problems.add(doc.loc(("topic",)), "topic", f"topic {kit.topic!r} has errors (each is listed with its own file)")
        return None
    ov = kit.overrides
    docs: list[tuple[Doc, Any]] = []
    topic = _overridden(files.topic, ov.topic, Topic, doc, ("overrides", "topic"), problems, docs)
    discussion = _optional(files.discussion, ov.discussion, DiscussionGuide, doc, ("overrides", "discussion"), problems, docs)
    book_club = _optional(files.book_club, ov.book_club, BookClub, doc, ("overrides", "book_club"), problems, docs)
    for name, table in (("case_studies", files.case_studies), ("activities", files.activities)):
        for ref in getattr(ov, name):
            if ref not in table:
                problems.add(doc.loc(("overrides", name, ref)), f"overrides.{name}.{ref}",
                             f"no {name[:-1].replace('_', ' ')} {ref!r} to override", suggest(ref, table))
    blocks, cases, activities, days = _agenda(kit, doc, files, problems, docs)
    if topic is None:
        return None
    cohort, found = resolve_cohort(ws.root, kit, doc)
    problems.extend(found)
    return Session(kit_id, kit, doc.file, kit.topic, topic, blocks, cases, activities, discussion, book_club,
                   dict(kit.variables), docs, cohort=cohort, days=days)


def agenda_entry(doc: Doc, files: TopicFiles, i: int, key: str, ref: str, problems: Problems) -> Entry | None:
    """The case study or activity an agenda item names, or a problem at that item saying it is missing."""
    table, what, folder = ((files.case_studies, "case study", "case-studies") if key == "case_study"
                           else (files.activities, "activity", "activities"))
    entry = table.get(ref)
    if entry is None:
        where = ("agenda", i, key)
        problems.add(doc.loc(where), dotted(where), f"no {what} {ref!r} in {files.folder.name}/{folder}/", suggest(ref, table))
    return entry


def with_defaults(ws: Workspace, doc: Doc, problems: Problems) -> Doc:
    """The kit's document over the workspace defaults of kitgen.yaml (paper, locale, theme)."""
    if ws.config_doc is None or not isinstance(ws.config_doc.data, dict) or not isinstance(doc.data, dict):
        return doc
    base = Doc(doc.file, {}, {})
    defaults = {k: v for k, v in ws.config_doc.data.items() if k in ("paper", "locale", "theme")}
    merged, _ = overlay(base, defaults, ws.config_doc, ())
    if isinstance(merged.data.get("theme"), dict) and isinstance(doc.data.get("theme"), dict):
        theme_changes = doc.data["theme"]
        theme_doc, _ = overlay(Doc(doc.file, merged.data["theme"], {p[1:]: l for p, l in merged.locs.items() if p[:1] == ("theme",)}),
                               theme_changes, doc, ("theme",))
        rest = {k: v for k, v in doc.data.items() if k != "theme"}
        merged, _ = overlay(merged, rest, doc, ())
        merged.data["theme"] = theme_doc.data
        merged.locs.update({("theme",) + p: l for p, l in theme_doc.locs.items()})
        merged.locs[("theme",)] = doc.loc(("theme",))
    else:
        merged, _ = overlay(merged, doc.data, doc, ())
    merged.locs[()] = Loc(doc.file, 1, 1)
    return merged


def _overridden(entry: Entry, changes: dict[str, Any], cls, kit_doc: Doc, path: tuple, problems: Problems,
                docs: list[tuple[Doc, Any]]):
    """The entry's model with the kit's changes applied and validated; its document joins `docs`."""
    doc = entry.doc
    if changes:
        doc, found = overlay(entry.doc, changes, kit_doc, path)
        problems.extend(found)
        model, found = model_from_doc(cls, doc)
        problems.extend(found)
    else:
        model = entry.model
    if model is not None:
        docs.append((doc, model))
    return model


def _optional(entry: Entry | None, changes, cls, kit_doc: Doc, path: tuple, problems: Problems, docs: list[tuple[Doc, Any]]):
    if entry is None:
        if changes:
            problems.add(kit_doc.loc(path), dotted(path), "the topic has no such guide to override")
        return None
    if entry.model is None:
        return None
    return _overridden(entry, changes, cls, kit_doc, path, problems, docs)


def _agenda(kit: Kit, doc: Doc, files: TopicFiles, problems: Problems, docs: list[tuple[Doc, Any]]):
    blocks: list[Block] = []
    cases: list[CaseUse] = []
    activities: dict[str, tuple[Activity, Doc]] = {}
    days = [Day(1, kit.date, _clock(kit.date, kit.start_time))]
    clock = days[0].start
    for i, item in enumerate(kit.agenda):
        kind = item.kind
        if kind == "day":
            days.append(_day(kit, doc, i, days, problems))
            clock = days[-1].start
            continue
        ref = getattr(item, kind) if kind in ("block", "case_study", "activity") else None
        end = clock + dt.timedelta(minutes=item.minutes) if clock else None
        block = Block(len(blocks), item, kind, ref, clock, end, at=i, day=days[-1].number)
        if kind == "case_study":
            block.case = _case(kit, doc, files, i, problems)
            if block.case:
                cases.append(block.case)
        elif kind == "activity":
            found = _activity(kit, doc, files, i, problems, activities, docs)
            if found is not None:
                block.activity, block.activity_doc = found
                block.activity_id = ref
        else:
            _check_guide(kit, doc, files, i, kind, problems)
        blocks.append(block)
        clock = end
    return blocks, cases, {ref: model for ref, (model, _) in activities.items()}, days


def _clock(day: dt.date | None, start: dt.time | None) -> dt.datetime | None:
    return dt.datetime.combine(day or dt.date(2000, 1, 1), start) if start else None


def _day(kit: Kit, doc: Doc, i: int, days: list[Day], problems: Problems) -> Day:
    """A day marker: the day after the last, its date (default: the next day) and start (default: the kit's)."""
    item, previous = kit.agenda[i], days[-1]
    first = i == 0 or all(it.kind == "day" for it in kit.agenda[:i])
    expected = 1 if first else previous.number + 1
    if item.day != expected:
        where = ("agenda", i, "day")
        problems.add(doc.loc(where), dotted(where), f"this is day {expected}, not day {item.day}",
                     "number the days 1, 2, 3, ... in order; the blocks before the first marker are day 1")
    date = item.date or (kit.date if first else previous.date + dt.timedelta(days=1) if previous.date else None)
    start = clock_time(item.start) or kit.start_time
    day = Day(expected, date, _clock(date, start), item.title, i)
    if first:
        days.pop()  # a marker before any block describes the first day itself
    return day


def _activity(kit: Kit, doc: Doc, files: TopicFiles, i: int, problems: Problems,
              activities: dict[str, tuple[Activity, Doc]], docs: list[tuple[Doc, Any]]) -> tuple[Activity, Doc] | None:
    ref = kit.agenda[i].activity
    if ref in activities:
        return activities[ref]
    entry = agenda_entry(doc, files, i, "activity", ref, problems)
    if entry is None or entry.model is None:
        return None
    model = _overridden(entry, kit.overrides.activities.get(ref, {}), Activity, doc,
                        ("overrides", "activities", ref), problems, docs)
    if model is None:
        return None
    activities[ref] = (model, docs[-1][0])
    return activities[ref]


def _check_guide(kit: Kit, doc: Doc, files: TopicFiles, i: int, kind: str, problems: Problems) -> None:
    """A discussion, book-club or reflection block needs what it presents to exist in the topic."""
    where = ("agenda", i, kind)
    if kind == "discussion" and files.discussion is None:
        problems.add(doc.loc(where), dotted(where), f"topic {files.id!r} has no discussion-guide.yaml",
                     "add discussion-guide.yaml to the topic's folder, or remove this block")
    elif kind == "book_club" and files.book_club is None:
        problems.add(doc.loc(where), dotted(where), f"topic {files.id!r} has no book-club.yaml")
    elif kind == "reflection" and files.topic and files.topic.model and not files.topic.model.reflection_questions \
            and not kit.overrides.topic:
        problems.add(doc.loc(where), dotted(where), "the topic has no reflection_questions for this block",
                     "add reflection_questions to topic.yaml")


def _case(kit: Kit, doc: Doc, files: TopicFiles, i: int, problems: Problems) -> CaseUse | None:
    item = kit.agenda[i]
    ref = item.case_study
    entry = agenda_entry(doc, files, i, "case_study", ref, problems)
    if entry is None or entry.model is None:
        return None
    changes = kit.overrides.case_studies.get(ref, {})
    case_doc = entry.doc
    if changes:
        case_doc, found = overlay(entry.doc, changes, doc, ("overrides", "case_studies", ref))
        problems.extend(found)
        model, found = model_from_doc(CaseStudy, case_doc)
        problems.extend(found)
        if model is None:
            return None
    else:
        model = entry.model
    values = {name: p.default for name, p in model.parameters.items()}
    for name, value in item.with_.items():
        if name not in model.parameters:
            path = ("agenda", i, "with", name)
            problems.add(doc.loc(path), dotted(path), f"case study {ref!r} has no parameter {name!r}",
                         suggest(name, model.parameters))
        values[name] = value
    return CaseUse(ref, model, {**kit.variables, **values}, entry.doc.file, case_doc)
