"""Resolve a kit against its workspace: defaults, overrides, agenda references, clock times.

The result is a :class:`~kitgen.session.Resolution`: the session (or as much of it as could be
resolved) and the problems found on the way: files the kit names that do not exist, overrides that
do not apply or do not validate. Checking what was resolved is the next stage (:mod:`kitgen.check`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kitgen.agenda import AgendaResolver, overridden
from kitgen.errors import Loc, Problems
from kitgen.models import BookClub, DiscussionGuide, Kit, Topic
from kitgen.models.refs import split_ref
from kitgen.modelcheck import model_from_doc, without_errors
from kitgen.overlay import overlay
from kitgen.people import resolve_cohort
from kitgen.session import Resolution, Session
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
    if kit is None and found:  # checked without the fields in error, so that every problem shows at once
        out.kit, out.left_out = without_errors(Kit, doc.data)
        kit = out.kit
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
    topic = overridden(files.topic, ov.topic, Topic, doc, ("overrides", "topic"), problems, docs)
    discussion = _optional(files.discussion, ov.discussion, DiscussionGuide, doc, ("overrides", "discussion"), problems, docs)
    book_club = _optional(files.book_club, ov.book_club, BookClub, doc, ("overrides", "book_club"), problems, docs)
    _check_override_refs(ws, kit, doc, problems)
    agenda = AgendaResolver(ws, kit, doc, topic, problems, docs,
                            own_guides={"discussion": discussion, "book_club": book_club})
    blocks = agenda.blocks()
    if topic is None:
        return None
    used = [b for b in blocks if b.kind in ("discussion", "book_club")]
    discussion = next((b.discussion for b in used if b.discussion is not None), discussion)
    book_club = next((b.book_club for b in used if b.book_club is not None), book_club)
    cohort, found = resolve_cohort(ws.root, kit, doc)
    problems.extend(found)
    return Session(kit_id, kit, doc.file, kit.topic, topic, blocks, agenda.cases, agenda.activities, discussion, book_club,
                   dict(kit.variables), docs, cohort, days=agenda.days, topics=agenda.topics,
                   custom_blocks=agenda.custom)


def _check_override_refs(ws: Workspace, kit: Kit, doc: Doc, problems: Problems) -> None:
    """Every case study, activity and block the kit's overrides name exists."""
    for name in ("case_studies", "activities", "blocks"):
        for ref in getattr(kit.overrides, name):
            owner, ident = split_ref(ref, kit.topic)
            files = ws.topics.get(owner)
            table = getattr(files, name) if files is not None else {}
            if ident not in table:
                what = {"case_studies": "case study", "activities": "activity", "blocks": "block"}[name]
                problems.add(doc.loc(("overrides", name, ref)), f"overrides.{name}.{ref}",
                             f"no {what} {ref!r} to override", suggest(ident, table) if files else suggest(owner, ws.topics))


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


def _optional(entry: Entry | None, changes, cls, kit_doc: Doc, path: tuple, problems: Problems, docs: list[tuple[Doc, Any]]):
    if entry is None:
        if changes:
            problems.add(kit_doc.loc(path), dotted(path), "the topic has no such guide to override")
        return None
    if entry.model is None:
        return None
    return overridden(entry, changes, cls, kit_doc, path, problems, docs)
