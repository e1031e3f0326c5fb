"""Check a resolved kit: everything that can be wrong with it, reported all at once.

What is checked: the files and fonts the kit names, its locale, its outputs (known, with the content
each needs, and whatever each output's writer checks, such as a deck template), the agenda's length,
and every placeholder. A kit that could not be resolved in full is checked as far as it goes, so a
facilitator sees its missing case studies and its over-long agenda in the same run as its own errors.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TYPE_CHECKING

from kitgen import placeholders
from kitgen.errors import Problems
from kitgen.kitchecks import check_assets, check_locale
from kitgen.models.base import whole_number
from kitgen.textchecks import check_texts
from kitgen.agenda import FOLDERS, agenda_entry
from kitgen.models.refs import is_ref
from kitgen.yamlsafe import dotted

if TYPE_CHECKING:
    from pathlib import Path

    from kitgen.errors import Problem
    from kitgen.models import Kit
    from kitgen.outputs import OutputSpec
    from kitgen.session import Resolution, Session
    from kitgen.workspace import Workspace
    from kitgen.yamlsafe import Doc

NEEDS = {"cases": "at least one case study in the agenda", "discussion": "a discussion-guide.yaml in the topic",
         "book_club": "a book-club.yaml in the topic", "roster": "a roster (roster: people/cohort.csv in the kit)",
         "participants": "a number of participants (participants: 20, or a roster)",
         "groupings": "breakout groups or mentoring pairs to list (groups: {size: 4} or pairs: {by: generation} in the kit)"}
"""What each part of the content an output may require means, for the problem that says it is missing."""


CASE_NAMES = "names come from the case study's parameters and the kit's variables"
"""Where the names a case study's placeholders may use come from (said in its placeholder problems)."""


def check_kit(res: Resolution, ws: Workspace, outputs: Mapping[str, OutputSpec]) -> list[Problem]:
    """Every problem of one resolved kit (beyond those found resolving it)."""
    problems = Problems()
    doc = res.doc
    check_assets(doc.data, doc, ws.root, problems)  # on the raw data: reported even when the kit is invalid
    kit = res.kit
    check_locale(kit, doc, problems)
    if kit is None:
        _check_raw_agenda(doc, ws, problems)
        return problems.items
    parts = _parts(kit, res)
    names = _output_names(kit, doc, outputs, parts, problems)
    _check_print(kit, doc, names, outputs, problems)
    if not problems.errors:  # a template that does not exist is reported once, by the file check
        for name in names:
            problems.extend(outputs[name].writer.check(outputs[name], kit, doc, ws.root))
    if res.files is not None:
        _check_needs(kit, doc, parts, [outputs[n] for n in names], problems)
    if res.timed:
        check_length(doc, sum(i.minutes for i in kit.blocks), kit.duration, problems)
    _check_kit_placeholders(kit, doc, problems)
    if res.session is not None:
        _check_content_placeholders(res.session, problems)
        _check_unused_variables(kit, doc, res.session, ws.root, problems)
        _check_counts(res.session, doc, problems)
    _check_unused_placeholders(kit, ws, res, problems)
    problems.extend(check_texts(res, ws.root))
    return problems.items


def content_parts(kit: Kit, discussion: bool, book_club: bool) -> frozenset[str]:
    """The parts of the content an output may require (`OutputSpec.requires`, NEEDS) that the kit has,
    given whether it has a discussion guide and a book club."""
    has = {"cases": any(i.case_study for i in kit.agenda), "discussion": discussion, "book_club": book_club,
           "roster": kit.roster is not None, "participants": kit.participants is not None or kit.roster is not None,
           "groupings": kit.groups is not None or kit.pairs is not None}
    return frozenset(part for part, present in has.items() if present)


def session_outputs(session: Session, outputs: Mapping[str, OutputSpec]) -> list[str]:
    """`kit_outputs` of a resolved kit, its content being what it has."""
    parts = content_parts(session.kit, session.discussion is not None, session.book_club is not None)
    return kit_outputs(session.kit, outputs, parts)


def kit_outputs(kit: Kit, outputs: Mapping[str, OutputSpec], parts: frozenset[str]) -> list[str]:
    """The names of the outputs a kit makes, for validation and the plan alike (`OutputSpec.made`):
    those it lists that kitgen makes, else every output made by default that its content (`parts`, see
    `content_parts`) has what it needs for; then those its settings ask for (`OutputSpec.asked_by`: a
    booklet, two-up cards, the print order) whose sources it makes."""
    if kit.outputs is None:
        names = [name for name, spec in outputs.items() if spec.made == "default" and parts.issuperset(spec.requires)]
    else:
        names = [name for name in kit.outputs if name in outputs]
    for name, spec in outputs.items():
        if name not in names and spec.asked_by is not None and spec.asked_by(kit, spec) \
                and all(n in names for n in spec.needs):
            names.append(name)
    return names


def _output_names(kit: Kit, doc: Doc, outputs: Mapping[str, OutputSpec], parts: frozenset[str],
                  problems: Problems) -> list[str]:
    """The kit's outputs that kitgen makes (`kit_outputs`); a problem for any other name it lists."""
    for i, name in enumerate(kit.outputs or ()):
        if name in outputs:
            continue
        close = difflib.get_close_matches(name, list(outputs), n=1)
        choices = f"outputs are: {', '.join(outputs)}"
        problems.add(doc.loc(("outputs", i)), f"outputs[{i}]", f"kitgen makes no output {name!r}",
                     f"did you mean {close[0]!r}? ({choices})" if close else choices)
    return kit_outputs(kit, outputs, parts)


def _check_print(kit: Kit, doc: Doc, names: list[str], outputs: Mapping[str, OutputSpec], problems: Problems) -> None:
    """The print options name handouts the kit makes."""
    handouts = [spec.needs[0] for spec in outputs.values() if spec.writer.kind == "booklet"]
    for i, name in enumerate(kit.print_.booklet):
        if name not in handouts:
            problems.add(doc.loc(("print", "booklet", i)), f"print.booklet[{i}]", f"{name!r} is not a handout",
                         f"booklets are made of handouts: {', '.join(handouts)}")
        elif name not in names:
            problems.add(doc.loc(("print", "booklet", i)), f"print.booklet[{i}]",
                         f"a booklet of {name} needs {name} in outputs", f"add {name} to outputs")
    if kit.print_.two_up_cards and "case-cards" not in names:
        problems.add(doc.loc(("print", "two_up_cards")), "print.two_up_cards", "two-up cards need case-cards in outputs",
                     "add case-cards to outputs, or remove two_up_cards")


def _check_counts(session: Session, doc: Doc, problems: Problems) -> None:
    """With a roster, the print order counts its people and its breakout groups: a `participants` or a
    `print.group_size` that says otherwise is not used, and the kit is told so (a count, never a name)."""
    kit, cohort = session.kit, session.cohort
    if cohort is None:
        return
    if kit.participants is not None and kit.participants != len(cohort.roster):
        problems.warn(doc.loc(("participants",)), "participants",
                      f"the roster lists {len(cohort.roster)} people: the print order counts them, not {kit.participants}",
                      "remove participants (spares: N adds copies for people not on the roster)")
    if cohort.groups and "group_size" in kit.print_.model_fields_set:
        problems.warn(doc.loc(("print", "group_size")), "print.group_size",
                      f"the print order counts the roster's {len(cohort.groups)} breakout groups, not groups of "
                      f"{kit.print_.group_size}", "remove print.group_size (groups: sets the groups' size)")


def _parts(kit: Kit, res: Resolution) -> frozenset[str]:
    """`content_parts` of a kit being checked: a guide file with errors of its own counts (its errors
    are its file's), as does one the agenda draws from another topic."""
    files, session = res.files, res.session
    return content_parts(kit, bool(files and files.discussion) or bool(session and session.discussion),
                         bool(files and files.book_club) or bool(session and session.book_club))


def _check_needs(kit: Kit, doc: Doc, parts: frozenset[str], specs: list[OutputSpec], problems: Problems) -> None:
    """Each output the kit lists has the content it is made of: its case studies, its guide (its own
    topic's, or one its agenda draws from another topic), the people it is printed for."""
    listed = kit.outputs or []
    for spec in specs:
        for part in spec.requires:
            if part not in parts and spec.name in listed:  # the settings ask only for what can be made
                i = listed.index(spec.name)
                problems.add(doc.loc(("outputs", i)), f"outputs[{i}]", f"{spec.name} needs {NEEDS[part]}",
                             f"add it, or remove {spec.name} from outputs")


def check_length(doc: Doc, total: int, duration: int | None, problems: Problems) -> None:
    """The agenda must fit the kit's duration (when the kit gives one: else the agenda is the duration)."""
    if duration is not None and total > duration:
        problems.add(doc.loc(("agenda",)), "agenda", f"the agenda lasts {total} minutes, longer than the kit's duration of {duration}",
                     f"shorten blocks by {total - duration} minutes or raise `duration`")


def _check_raw_agenda(doc: Doc, ws: Workspace, problems: Problems) -> None:
    """An invalid kit still has what can be checked of its agenda checked: references and length."""
    data = doc.data if isinstance(doc.data, dict) else {}
    topic = data.get("topic") if isinstance(data.get("topic"), str) else None
    agenda = data.get("agenda") if isinstance(data.get("agenda"), list) else []
    total = 0
    for i, item in enumerate(agenda):
        if not isinstance(item, dict):
            continue
        total += whole_number(item.get("minutes")) or 0
        for key in ("case_study", "activity"):
            if topic in ws.topics and isinstance(item.get(key), str) and is_ref(item[key]):
                agenda_entry(ws, doc, topic, i, key, item[key], problems)
    duration = whole_number(data.get("duration"))
    if duration is not None:
        check_length(doc, total, duration, problems)


def _check_kit_placeholders(kit: Kit, doc: Doc, problems: Problems) -> None:
    """The kit's own texts may use its variables; values themselves are plain text."""
    variables = dict(kit.variables)
    problems.extend(placeholders.check(doc, kit, variables, "kit variables", skip={"variables", "with", "overrides"}))
    values = [(("variables", k), v) for k, v in kit.variables.items()]
    values += [(("agenda", i, "with", k), v) for i, item in enumerate(kit.agenda) for k, v in item.with_.items()]
    for path, value in values:
        if "{{" in value:
            problems.add(doc.loc(path), dotted(path), "placeholders are not filled inside values",
                         "write the value out in full")


def _check_unused_placeholders(kit: Kit, ws: Workspace, res: Resolution, problems: Problems) -> None:
    """The placeholders of the files the kit names that its session leaves out, because they have
    errors of their own (or their topic has), checked on their raw data: one run reports both."""
    session = res.session
    checked = {d.file for d, _ in session.docs} | {c.file for c in session.case_studies} if session else set()
    for doc, names, what in _named_files(kit, ws, res.doc):
        if doc.file not in checked and isinstance(doc.data, dict):
            checked.add(doc.file)
            problems.extend(placeholders.check(doc, doc.data, names, what))


def _named_files(kit: Kit, ws: Workspace, kit_doc: Doc):
    """The documents the kit's topic and agenda name, each with the names its placeholders may use (a
    reference that resolves to nothing was reported resolving the kit)."""
    own = ws.topics.get(kit.topic)
    if own is not None and own.topic is not None:
        yield own.topic.doc, kit.variables, "kit variables"
    for i, item in enumerate(kit.agenda):
        for key in FOLDERS:
            ref = getattr(item, key, None)
            entry = agenda_entry(ws, kit_doc, kit.topic, i, key, ref, Problems()) if isinstance(ref, str) else None
            if entry is None:
                continue
            if key != "case_study":
                yield entry.doc, kit.variables, "kit variables"
                continue
            parameters = entry.doc.data.get("parameters") if isinstance(entry.doc.data, dict) else None
            defaults = {str(n): str(p.get("default", "")) if isinstance(p, dict) else ""
                        for n, p in (parameters if isinstance(parameters, dict) else {}).items()}
            yield entry.doc, {**kit.variables, **defaults, **item.with_}, CASE_NAMES


def _check_unused_variables(kit: Kit, doc: Doc, session: Session, root: Path, problems: Problems) -> None:
    """A warning for each of the kit's variables no text of its content or of the kit itself uses (a
    value the kit gives that would show nowhere). Only when everything else is right (content with
    errors of its own is not all in the session), and not in a workspace with layouts of its own, which
    may print the variables (their files are not read here: the render gate reads layouts)."""
    layouts = root / "layouts"
    if not kit.variables or problems.errors or (layouts.is_dir() and not layouts.is_symlink() and any(
            path.suffix in (".html", ".css", ".jinja") for path in layouts.iterdir())):
        return
    used = placeholders.names_used(kit, skip={"variables", "with", "parameters"})
    for _, model in session.docs:
        used |= placeholders.names_used(model)
    for case in session.case_studies:
        used |= placeholders.names_used(case.model)
    for name in kit.variables:
        if name not in used:
            problems.warn(doc.loc(("variables", name)), f"variables.{name}",
                         f"no text of the kit's content uses the variable {name!r}, so its value shows nowhere",
                         f"write {{{{ {name} }}}} where it belongs, or remove it")


def _check_content_placeholders(session: Session, problems: Problems) -> None:
    """Every placeholder in the content the kit uses names a kit variable (or a case's parameter)."""
    for doc, model in session.docs:
        problems.extend(placeholders.check(doc, model, session.variables, "kit variables"))
    for case in session.case_studies:
        problems.extend(placeholders.check(case.doc, case.model, case.values, CASE_NAMES))
