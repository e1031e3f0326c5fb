"""The people in the room, resolved for one kit: its roster read, its groups and pairs made.

A problem with the roster names the roster's file, line and column; a problem with the kit's
settings names the kit's line. Neither ever quotes a value from the roster.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kitgen.cohort import Cohort
from kitgen.errors import Loc, Problem, Problems
from kitgen.groups import assigned, breakout
from kitgen.pairs import PairingError, mentoring_pairs, same_side, side_values
from kitgen.paths import workspace_bytes
from kitgen.roster import MAX_BYTES, SUFFIXES, parse
from kitgen.roster_rows import column_name

if TYPE_CHECKING:
    from pathlib import Path

    from kitgen.models import Kit
    from kitgen.models.people import Pairs as PairsSettings
    from kitgen.roster import Roster
    from kitgen.yamlsafe import Doc


def resolve_cohort(root: Path, kit: Kit, doc: Doc) -> tuple[Cohort | None, list[Problem]]:
    """The kit's roster with its groups and pairs, or None (no roster, or one with errors)."""
    problems = Problems()
    if kit.roster is None:
        for key in ("groups", "pairs"):
            if getattr(kit, key) is not None:
                problems.add(doc.loc((key,)), key, f"{key} are made from a roster, and the kit names none",
                             "add roster: people/your-cohort.csv")
        return None, problems.items
    raw, why = workspace_bytes(root, kit.roster, set(SUFFIXES), MAX_BYTES)
    if raw is None:
        problems.add(doc.loc(("roster",)), "roster", why, "a roster is a .csv (or tab-separated .tsv, .txt), .xlsx or .yaml file inside the workspace")
        return None, problems.items
    roster, found = parse(raw, kit.roster)
    problems.extend(found)
    if roster is None:
        return None, problems.items
    _check_glyphs(roster, problems)
    groups = _groups(kit, doc, roster, problems)
    pairs = _pairs(kit, doc, roster, problems)
    if problems.errors:
        return None, problems.items
    by = column_name(kit.pairs.by) if kit.pairs else None
    sides = _sides(kit.pairs, roster, pairs, by) if kit.pairs and by and pairs else ()
    return Cohort(roster, tuple(groups), tuple(pairs), by, sides), problems.items


def _check_glyphs(roster: Roster, problems: Problems) -> None:
    """A warning for each name with characters no installed font draws (emoji without a colour emoji
    font, a script without its font): they would print as empty boxes. By code point, never the name."""
    from kitgen.fonts import code_points, undrawable
    for person in roster.people:
        for column in ("name", "first_name"):
            missing = undrawable(getattr(person, column) or "")
            if missing:
                problems.warn(Loc(roster.file, person.line), column,
                              f"no installed font draws {code_points(missing)}: on paper it prints as an empty box",
                              "install a font that has it (emoji need a colour emoji font), or write the name without it")


def _sides(settings: PairsSettings, roster: Roster, pairs: list, by: str) -> tuple:
    """Each side of the pairs: its name (the kit's, else empty) and the `by` values it holds."""
    names = settings.sides or ("", "")
    return tuple(zip(names, side_values(pairs, roster.people, by, settings.order), strict=True))


def _column(roster: Roster, doc: Doc, path: tuple, name: str, problems: Problems) -> str | None:
    column = column_name(name)
    if not roster.has(column):
        problems.add(doc.loc(path), ".".join(map(str, path)), f"the roster has no column {name!r}",
                     f"its columns are: {', '.join(roster.columns)}")
        return None
    return column


GROUP_COLUMNS = ("group", "groups", "breakout_group", "group_number")
"""Columns in which an export assigns people to groups of its own."""


def _groups(kit: Kit, doc: Doc, roster: Roster, problems: Problems) -> list:
    settings = kit.groups
    if settings is None:
        return []
    if settings.column is not None:
        column = _column(roster, doc, ("groups", "column"), settings.column, problems)
        return _assigned(roster, column, problems) if column else []
    _warn_group_column(roster, doc, problems)
    balance = _column(roster, doc, ("groups", "balance"), settings.balance, problems) if settings.balance else None
    if settings.balance and balance is None:
        return []
    return breakout(roster.people, size=settings.size, count=settings.count, balance=balance, seed=settings.seed)


def _assigned(roster: Roster, column: str, problems: Problems) -> list:
    """The groups a roster column assigns (:func:`kitgen.groups.assigned`). A person without a value is an
    error at their row (never their name): everyone is in exactly one group."""
    found = assigned(roster.people, column)
    for person in found.without:
        problems.add(Loc(roster.file, person.line), column, "this person has no group",
                     f"give everyone a value in the {column!r} column, or deal the groups with groups: {{size: 4}}")
    for group, others in found.respelled:
        lines = ", ".join(str(p.line) for p in others)
        problems.warn(Loc(roster.file, group.members[0].line), column,
                      f"group {group.number} is written in {len(others) + 1} ways (another at line(s) {lines}); "
                      "read as one group", f"write the {column!r} column's values one way")
    for person, like in found.lonely:
        problems.warn(Loc(roster.file, person.line), column,
                      f"this person is alone in their group, whose name is close to another group's (line {like.line})",
                      f"if they belong to that group, write its name as line {like.line} does")
    return found.groups


def _warn_group_column(roster: Roster, doc: Doc, problems: Problems) -> None:
    """A roster that already assigns groups (an HR or registration export's Group column) beside the kit's
    `groups:`: every output prints the groups kitgen deals, so the column's assignment would be dropped
    without a word. A warning at the kit's line, naming the column, never a value."""
    for column in (c for c in GROUP_COLUMNS if roster.has(c)):
        problems.warn(doc.loc(("groups",)), "groups",
                      f"the roster's column {column!r} is not read as groups: the breakout groups are dealt by kitgen "
                      f"(in {roster.file})",
                      f"to print the roster's own groups, write groups: {{column: {column}}}")


def _pairs(kit: Kit, doc: Doc, roster: Roster, problems: Problems) -> list:
    settings = kit.pairs
    if settings is None:
        return []
    by = _column(roster, doc, ("pairs", "by"), settings.by, problems)
    written = "avoid_same" in settings.model_fields_set
    avoid_same = [c for c in settings.avoid_same if written or roster.has(column_name(c))]  # the default where the roster has it
    avoid = [_column(roster, doc, ("pairs", "avoid_same", i), c, problems) for i, c in enumerate(avoid_same)]
    if by is None or None in avoid:
        return []
    try:
        pairs = mentoring_pairs(roster.people, by=by, order=settings.order, avoid_same=avoid, seed=settings.seed)  # type: ignore[arg-type]
    except PairingError as exc:
        problems.add(doc.loc(("pairs",)), "pairs", f"{exc.message} (in {roster.file})", exc.hint)
        return []
    crossing = same_side(pairs, roster.people, by, settings.order)
    if crossing:
        problems.warn(doc.loc(("pairs", "by")), "pairs.by", f"{crossing} pair(s) have the same {by} on both sides",
                      f"the roster has more people at one end of {by} than at the other")
    return pairs
