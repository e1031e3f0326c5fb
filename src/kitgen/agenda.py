"""The agenda's references resolved, block by block, in the kit's topic or in others.

An agenda item names its content by id in the kit's topic (`case_study: digital-dashboard`) or in
another topic (`case_study: other-topic/digital-dashboard`); `discussion`, `reflection` and
`book_club` take `true` or another topic's id; `block` finds the topic's `blocks/<id>.yaml` when
there is one; `covers` may name another topic's parts (`other-topic/faqs`). Each reference that does
not resolve is a problem at its own item, with the ids that exist. Day markers (`{day: 2}`) start a
new day's clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kitgen.errors import Problems
from kitgen.models import Activity, CaseStudy, CustomBlock
from kitgen.models.kit import clock_time
from kitgen.models.refs import split_ref
from kitgen.modelcheck import model_from_doc
from kitgen.overlay import overlay
from kitgen.session import Block, CaseUse, Day
from kitgen.workspace import suggest
from kitgen.yamlsafe import dotted

if TYPE_CHECKING:
    from kitgen.models import BookClub, DiscussionGuide, Kit, Topic
    from kitgen.workspace import Entry, TopicFiles, Workspace
    from kitgen.yamlsafe import Doc

FOLDERS = {"case_study": ("case_studies", "case study", "case-studies"),
           "activity": ("activities", "activity", "activities"),
           "block": ("blocks", "block", "blocks")}
"""For each kind of reference: its table in TopicFiles, what it is called, its folder."""
GUIDE_FILES = {"discussion": ("discussion", "discussion-guide.yaml"), "book_club": ("book_club", "book-club.yaml")}
GUIDE_KINDS = ("discussion", "reflection", "book_club")


def canonical(ref: str, topic: str) -> str:
    """A reference as the session keys it: bare in the kit's topic, `topic/id` in another."""
    owner, ident = split_ref(ref, topic)
    return ident if owner == topic else f"{owner}/{ident}"


def topic_files(ws: Workspace, doc: Doc, where: tuple, topic: str, problems: Problems) -> TopicFiles | None:
    """The folder of `topic`, or a problem at `where` saying there is none."""
    files = ws.topics.get(topic)
    if files is None:
        problems.add(doc.loc(where), dotted(where), f"no topic {topic!r} in content/topics/", suggest(topic, ws.topics))
    return files


def agenda_entry(ws: Workspace, doc: Doc, kit_topic: str, i: int, key: str, ref: str, problems: Problems) -> Entry | None:
    """The case study, activity or block file an agenda item names, or a problem at that item."""
    owner, ident = split_ref(ref, kit_topic)
    where = ("agenda", i, key)
    files = topic_files(ws, doc, where, owner, problems)
    if files is None:
        return None
    table_name, what, folder = FOLDERS[key]
    table = getattr(files, table_name)
    entry = table.get(ident)
    if entry is None:
        problems.add(doc.loc(where), dotted(where), f"no {what} {ident!r} in {files.folder.name}/{folder}/", suggest(ident, table))
    return entry


@dataclass
class AgendaResolver:
    """Resolves a kit's agenda against the workspace, collecting the content it uses."""

    ws: Workspace
    kit: Kit
    doc: Doc
    topic: Topic | None
    """The kit's topic with the kit's overrides applied."""
    problems: Problems
    docs: list[tuple[Doc, Any]]
    """Every document the session uses, with its model (for the checks of each text)."""
    topics: dict[str, Topic] = field(default_factory=dict)
    cases: list[CaseUse] = field(default_factory=list)
    activities: dict[str, Activity] = field(default_factory=dict)
    custom: dict[str, CustomBlock] = field(default_factory=dict)
    own_guides: dict[str, DiscussionGuide | BookClub | None] = field(default_factory=dict)
    """The kit's own topic's guides with the kit's overrides applied."""
    guides: dict[tuple[str, str], Any] = field(default_factory=dict)
    """Each guide used, by (kind, topic)."""
    days: list[Day] = field(default_factory=list)
    """The session's days, once :meth:`blocks` has run."""
    _docs: dict[str, Doc] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.topic is not None:
            self.topics[self.kit.topic] = self.topic

    def blocks(self) -> list[Block]:
        """The agenda's blocks in order, each timed on its day's clock (day markers start a day)."""
        kit = self.kit
        out: list[Block] = []
        self.days = [Day(1, kit.date, _clock(kit.date, kit.start_time))]
        clock = self.days[0].start
        for i, item in enumerate(kit.agenda):
            if item.kind == "day":
                self.days.append(_day(kit, self.doc, i, self.days, self.problems))
                clock = self.days[-1].start
                continue
            end = clock + dt.timedelta(minutes=item.minutes) if clock else None
            block = self._block(len(out), i, item.kind)
            block.start, block.end, block.day = clock, end, self.days[-1].number
            self._covers(i)
            out.append(block)
            clock = end
        return out

    def _block(self, index: int, i: int, kind: str) -> Block:
        item = self.kit.agenda[i]
        value = getattr(item, kind)
        if kind in GUIDE_KINDS:
            owner = self.kit.topic if value is True else value
            block = Block(index, item, kind, None, None, None, at=i, topic_id=owner)
            self._guide(block, owner)
            return block
        owner, ident = split_ref(value, self.kit.topic)
        block = Block(index, item, kind, canonical(value, self.kit.topic), None, None, at=i, topic_id=owner)
        if kind == "case_study":
            block.case = self._case(i)
            if block.case is not None:
                self.cases.append(block.case)
        elif kind == "activity":
            block.activity, block.activity_doc = self._content(i, "activity", Activity, self.activities)
            block.activity_id = block.ref if block.activity is not None else None
        elif "/" in value or ident in self._files_of(owner, "blocks"):
            block.custom, block.custom_doc = self._content(i, "block", CustomBlock, self.custom)
        return block

    def _files_of(self, topic: str, table: str) -> dict:
        files = self.ws.topics.get(topic)
        return getattr(files, table) if files is not None else {}

    def _content(self, i: int, key: str, cls: type, seen: dict[str, Any]) -> tuple[Any, Doc | None]:
        """An activity or a block's content with the kit's overrides, and its document: resolved once
        per reference (`seen` holds the models by reference)."""
        ref = canonical(getattr(self.kit.agenda[i], key), self.kit.topic)
        if ref in seen:
            return seen[ref], self._docs[ref]
        entry = agenda_entry(self.ws, self.doc, self.kit.topic, i, key, ref, self.problems)
        if entry is None or entry.model is None:
            return None, None
        table = "activities" if key == "activity" else "blocks"
        model = overridden(entry, getattr(self.kit.overrides, table).get(ref, {}), cls, self.doc,
                           ("overrides", table, ref), self.problems, self.docs)
        if model is None:
            return None, None
        seen[ref], self._docs[ref] = model, self.docs[-1][0]
        return model, self._docs[ref]

    def _case(self, i: int) -> CaseUse | None:
        item = self.kit.agenda[i]
        ref = canonical(item.case_study, self.kit.topic)
        entry = agenda_entry(self.ws, self.doc, self.kit.topic, i, "case_study", ref, self.problems)
        if entry is None or entry.model is None:
            return None
        changes = self.kit.overrides.case_studies.get(ref, {})
        case_doc, model = entry.doc, entry.model
        if changes:
            case_doc, found = overlay(entry.doc, changes, self.doc, ("overrides", "case_studies", ref))
            self.problems.extend(found)
            model, found = model_from_doc(CaseStudy, case_doc)
            self.problems.extend(found)
            if model is None:
                return None
        values = {name: p.default for name, p in model.parameters.items()}
        for name, value in item.with_.items():
            if name not in model.parameters:
                path = ("agenda", i, "with", name)
                self.problems.add(self.doc.loc(path), dotted(path), f"case study {ref!r} has no parameter {name!r}",
                                  suggest(name, model.parameters))
            values[name] = value
        return CaseUse(ref, model, {**self.kit.variables, **values}, entry.doc.file, case_doc)

    def topic_model(self, owner: str, where: tuple) -> Topic | None:
        """The topic `owner` as this kit uses it (its own topic with overrides); a problem when unusable."""
        if owner in self.topics:
            return self.topics[owner]
        files = topic_files(self.ws, self.doc, where, owner, self.problems)
        if files is None:
            return None
        if files.topic is None or files.topic.model is None:
            self.problems.add(self.doc.loc(where), dotted(where), f"topic {owner!r} has errors (each is listed with its own file)")
            return None
        self.topics[owner] = files.topic.model
        self.docs.append((files.topic.doc, files.topic.model))
        return files.topic.model

    def _guide(self, block: Block, owner: str) -> None:
        """A discussion, book-club or reflection block: what it presents must exist in its topic."""
        kind, where = block.kind, ("agenda", block.index, block.kind)
        topic = self.topic_model(owner, where)
        if kind == "reflection":
            if topic is not None and not topic.reflection_questions:
                self.problems.add(self.doc.loc(where), dotted(where), f"topic {owner!r} has no reflection_questions for this block",
                                  "add reflection_questions to its topic.yaml")
            return
        attr, name = GUIDE_FILES[kind]
        files = self.ws.topics.get(owner)
        entry = getattr(files, attr) if files is not None else None
        if files is not None and entry is None:
            self.problems.add(self.doc.loc(where), dotted(where), f"topic {owner!r} has no {name}",
                              f"add {name} to the topic's folder, or remove this block")
        if entry is None or entry.model is None:
            return
        if (kind, owner) not in self.guides:
            if owner == self.kit.topic:
                self.guides[(kind, owner)] = self.own_guides.get(kind)
            else:
                self.guides[(kind, owner)] = entry.model
                self.docs.append((entry.doc, entry.model))
        setattr(block, kind, self.guides[(kind, owner)])

    def _covers(self, i: int) -> None:
        """The topics an item's `covers` names exist and are usable (the plan warns of a part one lacks)."""
        for j, part in enumerate(self.kit.agenda[i].covers or []):
            owner = part.rpartition("/")[0]
            if owner and owner != self.kit.topic:
                self.topic_model(owner, ("agenda", i, "covers", j))


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


def overridden(entry: Entry, changes: dict[str, Any], cls, kit_doc: Doc, path: tuple, problems: Problems,
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
