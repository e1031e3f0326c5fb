"""Resolve a kit against its workspace: defaults, overrides, agenda references, clock times, placeholders.

The result, a `Session`, holds validated models only; nothing after this stage reads YAML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kitgen.errors import Loc, Problem, Problems
from kitgen.models import Activity, BookClub, CaseStudy, DiscussionGuide, Kit, Topic
from kitgen.models.base import whole_number
from kitgen.models.kit import AgendaItem
from kitgen.overlay import overlay
from kitgen import placeholders
from kitgen.kitchecks import check_assets, check_locale
from kitgen.validate import model_from_doc
from kitgen.workspace import Entry, TopicFiles, Workspace, suggest
from kitgen.yamlsafe import Doc, dotted

PLAIN_BLOCKS = ("welcome", "break", "lunch", "energizer", "close")


@dataclass
class CaseUse:
    """A case study as this kit uses it: overrides applied and parameter values chosen."""

    id: str
    model: CaseStudy
    values: dict[str, str]
    file: str


@dataclass
class Block:
    """One agenda block with its clock time."""

    index: int
    item: AgendaItem
    kind: str
    ref: str | None
    start: dt.datetime | None
    end: dt.datetime | None
    case: CaseUse | None = None
    activity: Activity | None = None
    activity_id: str | None = None


@dataclass
class Session:
    """A kit ready to render: the kit, its content after overrides, and the timed agenda."""

    id: str
    kit: Kit
    kit_file: str
    topic_id: str
    topic: Topic
    blocks: list[Block]
    case_studies: list[CaseUse]
    activities: dict[str, Activity]
    discussion: DiscussionGuide | None
    book_club: BookClub | None
    variables: dict[str, str]
    kit_doc: Doc | None = None
    """The kit file as loaded (its data and the location of every value), for problems found later."""
    sources: dict[str, list[str]] = field(default_factory=dict)
    """Workspace-relative files each part of the content came from: kit, topic, cases, activities, ..."""
    warnings: list[Problem] = field(default_factory=list)


def resolve_kit(ws: Workspace, kit_id: str) -> tuple[Session | None, list[Problem]]:
    """Validate the kit and everything it uses; returns the session or every problem found."""
    doc = ws.kit_docs[kit_id]
    problems = Problems()
    kit_doc = _with_defaults(ws, doc, problems)
    kit, found = model_from_doc(Kit, kit_doc)
    problems.extend(found)
    check_assets(kit_doc.data, kit_doc, ws.root, problems)
    if kit is None:
        _check_raw_agenda(kit_doc, ws, problems)
        return None, problems.errors
    check_locale(kit, doc, problems)
    if (kit.deck.template or kit.deck.layouts) and "slides" in kit.outputs and not problems.errors:
        from kitgen.deck.template import check_deck_settings  # python-pptx only when a kit customizes the deck
        problems.extend(check_deck_settings(kit.deck.template, dict(kit.deck.layouts), ws.root, doc.loc))
    files = ws.topics.get(kit.topic)
    if files is None:
        problems.add(doc.loc(("topic",)), "topic", f"no topic {kit.topic!r} in content/topics/", suggest(kit.topic, ws.topics))
        return None, problems.errors
    if files.topic is None or files.topic.model is None:
        problems.add(doc.loc(("topic",)), "topic", f"topic {kit.topic!r} has errors (each is listed with its own file)")
        return None, problems.errors
    variables = dict(kit.variables)
    ov = kit.overrides
    topic = _overridden(files.topic, ov.topic, Topic, doc, ("overrides", "topic"), problems, variables, "kit variables")
    discussion = _optional(files.discussion, ov.discussion, DiscussionGuide, doc, ("overrides", "discussion"), problems, variables)
    book_club = _optional(files.book_club, ov.book_club, BookClub, doc, ("overrides", "book_club"), problems, variables)
    for name, table in (("case_studies", files.case_studies), ("activities", files.activities)):
        for ref in getattr(ov, name):
            if ref not in table:
                problems.add(doc.loc(("overrides", name, ref)), f"overrides.{name}.{ref}", f"no {name[:-1].replace('_', ' ')} {ref!r} to override",
                             suggest(ref, table))
    blocks, cases, activities = _agenda(kit, doc, files, problems, variables)
    _check_outputs(kit, doc, files, problems)
    _check_length(doc, sum(i.minutes for i in kit.agenda), kit.duration, problems)
    problems.extend(placeholders.check(kit_doc, kit, variables, "kit variables", skip={"variables", "with", "overrides"}))
    problems.extend(_plain_values(kit, doc))
    if problems.errors or topic is None:
        return None, problems.errors
    sources = {
        "kit": [doc.file] + ([ws.config_doc.file] if ws.config_doc else []),
        "topic": [files.topic.doc.file],
        "cases": sorted({c.file for c in cases}),
        "activities": sorted(files.activities[a].doc.file for a in activities),
        "discussion": [files.discussion.doc.file] if files.discussion else [],
        "book_club": [files.book_club.doc.file] if files.book_club else [],
    }
    return Session(kit_id, kit, doc.file, kit.topic, topic, blocks, cases, activities, discussion, book_club,
                   variables, doc, sources, problems.warnings), []


def _plain_values(kit: Kit, doc: Doc) -> list[Problem]:
    """Variable and parameter values are plain text: a placeholder inside one would print as written."""
    found = []
    values = [(("variables", k), v) for k, v in kit.variables.items()]
    values += [(("agenda", i, "with", k), v) for i, item in enumerate(kit.agenda) for k, v in item.with_.items()]
    for path, value in values:
        if "{{" in value:
            found.append(Problem(doc.loc(path), dotted(path), "placeholders are not filled inside values",
                                 "write the value out in full"))
    return found


def _check_raw_agenda(doc: Doc, ws: Workspace, problems: Problems) -> None:
    """When the kit itself is invalid, still check what can be checked of its agenda, so a facilitator
    sees missing case studies and an over-long agenda in the same run as the kit's own errors."""
    data = doc.data if isinstance(doc.data, dict) else {}
    files = ws.topics.get(data.get("topic")) if isinstance(data.get("topic"), str) else None
    agenda = data.get("agenda") if isinstance(data.get("agenda"), list) else []
    total = 0
    for i, item in enumerate(agenda):
        if not isinstance(item, dict):
            continue
        total += whole_number(item.get("minutes")) or 0
        for key in ("case_study", "activity"):
            if files is not None and isinstance(item.get(key), str):
                _entry(doc, files, i, key, item[key], problems)
    duration = whole_number(data.get("duration"))
    if duration is not None:
        _check_length(doc, total, duration, problems)


def _check_length(doc: Doc, total: int, duration: int, problems: Problems) -> None:
    """The agenda must fit the kit's duration."""
    if total > duration:
        problems.add(doc.loc(("agenda",)), "agenda", f"the agenda lasts {total} minutes, longer than the kit's duration of {duration}",
                     f"shorten blocks by {total - duration} minutes or raise `duration`")


def _entry(doc: Doc, files: TopicFiles, i: int, key: str, ref: str, problems: Problems) -> Entry | None:
    """The case study or activity an agenda item names, or a problem at that item saying it is missing."""
    table, what, folder = ((files.case_studies, "case study", "case-studies") if key == "case_study"
                           else (files.activities, "activity", "activities"))
    entry = table.get(ref)
    if entry is None:
        where = ("agenda", i, key)
        problems.add(doc.loc(where), dotted(where), f"no {what} {ref!r} in {files.folder.name}/{folder}/", suggest(ref, table))
    return entry


def _with_defaults(ws: Workspace, doc: Doc, problems: Problems) -> Doc:
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
                names: dict[str, str], what: str):
    doc = entry.doc
    if changes:
        doc, found = overlay(entry.doc, changes, kit_doc, path)
        problems.extend(found)
        model, found = model_from_doc(cls, doc)
        problems.extend(found)
    else:
        model = entry.model
    if model is None:
        return None
    problems.extend(placeholders.check(doc, model, names, what))
    return model


def _optional(entry: Entry | None, changes, cls, kit_doc: Doc, path: tuple, problems: Problems, names: dict[str, str]):
    if entry is None:
        if changes:
            problems.add(kit_doc.loc(path), dotted(path), "the topic has no such guide to override")
        return None
    if entry.model is None:
        return None
    return _overridden(entry, changes, cls, kit_doc, path, problems, names, "kit variables")


def _agenda(kit: Kit, doc: Doc, files: TopicFiles, problems: Problems, variables: dict[str, str]):
    blocks: list[Block] = []
    cases: list[CaseUse] = []
    activities: dict[str, Activity] = {}
    clock = dt.datetime.combine(kit.date or dt.date(2000, 1, 1), kit.start_time) if kit.start_time else None
    for i, item in enumerate(kit.agenda):
        kind = item.kind
        ref = getattr(item, kind) if kind in ("block", "case_study", "activity") else None
        end = clock + dt.timedelta(minutes=item.minutes) if clock else None
        block = Block(i, item, kind, ref, clock, end)
        where = ("agenda", i, kind)
        if kind == "case_study":
            block.case = _case(kit, doc, files, item, i, problems, variables)
            if block.case:
                cases.append(block.case)
        elif kind == "activity":
            entry = _entry(doc, files, i, kind, ref, problems)
            if entry is not None and entry.model is not None:
                model = _overridden(entry, kit.overrides.activities.get(ref, {}), Activity, doc,
                                    ("overrides", "activities", ref), problems, variables, "kit variables")
                if model is not None:
                    activities[ref] = model
                    block.activity, block.activity_id = model, ref
        elif kind == "discussion" and files.discussion is None:
            problems.add(doc.loc(where), dotted(where), f"topic {files.id!r} has no discussion-guide.yaml",
                         "add discussion-guide.yaml to the topic's folder, or remove this block")
        elif kind == "book_club" and files.book_club is None:
            problems.add(doc.loc(where), dotted(where), f"topic {files.id!r} has no book-club.yaml")
        elif kind == "reflection" and files.topic and files.topic.model and not files.topic.model.reflection_questions \
                and not kit.overrides.topic:
            problems.add(doc.loc(where), dotted(where), "the topic has no reflection_questions for this block",
                         "add reflection_questions to topic.yaml")
        blocks.append(block)
        clock = end
    return blocks, cases, activities


def _case(kit: Kit, doc: Doc, files: TopicFiles, item: AgendaItem, i: int, problems: Problems,
          variables: dict[str, str]) -> CaseUse | None:
    ref = item.case_study
    entry = _entry(doc, files, i, "case_study", ref, problems)
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
    names = {**variables, **values}
    problems.extend(placeholders.check(case_doc, model, names,
                                       "names come from the case study's parameters and the kit's variables"))
    return CaseUse(ref, model, names, entry.doc.file)


def _check_outputs(kit: Kit, doc: Doc, files: TopicFiles, problems: Problems) -> None:
    needs = {"discussion-guide": (files.discussion, "a discussion-guide.yaml in the topic"),
             "book-club-guide": (files.book_club, "a book-club.yaml in the topic"),
             "case-cards": ([i for i in kit.agenda if i.case_study], "at least one case study in the agenda")}
    for i, name in enumerate(kit.outputs):
        if name in needs and not needs[name][0]:
            problems.add(doc.loc(("outputs", i)), f"outputs[{i}]", f"{name} needs {needs[name][1]}",
                         f"add it, or remove {name} from outputs")
