"""What layouts see of the people in the room: the roster, its groups and pairs, as plain records.

Names are text, printed as written (autoescaped by the layouts, never Markdown), with the writing
direction of their script so a right-to-left name is isolated from the text around it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING

from kitgen.collation import collated

if TYPE_CHECKING:
    from kitgen.groups import Group
    from kitgen.pairs import Pair
    from kitgen.roster import Person, Roster

_RTL = frozenset(("R", "AL"))


class Record(SimpleNamespace):
    """A read-only record for layouts; a misspelt field is an error that lists the real ones."""

    def __getattr__(self, name: str):
        raise AttributeError(f"no field {name!r}; this record has: {', '.join(sorted(vars(self)))}")


def direction(text: str) -> str:
    """"rtl" when the first letter with a strong direction is right-to-left (Arabic, Hebrew), else "ltr"."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in _RTL:
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


@dataclass(frozen=True)
class Cohort:
    """A roster with its groups and pairs (either may be empty), ready to become records."""

    roster: Roster
    groups: tuple[Group, ...] = ()
    pairs: tuple[Pair, ...] = ()
    pairs_by: str | None = None
    """The column the pairs were made across (e.g. generation), shown beside each name."""
    cases: tuple[str, ...] = ()
    """The titles of the session's case studies, dealt to the groups in turn (group 1 → case 1…)."""


def records(cohort: Cohort, locale: str) -> Record:
    """The `roster` every roster layout receives (see docs/layouts.md)."""
    group_of = {p.number: g.number for g in cohort.groups for p in g.members}
    people = {p.number: _person(p, group_of.get(p.number)) for p in cohort.roster.people}

    def ordered(members: Sequence[Person]) -> list[Record]:
        return collated((people[m.number] for m in members), locale, key=lambda r: r.name)

    groups = [Record(number=g.number, members=ordered(g.members), size=len(g.members),
                     case=cohort.cases[(g.number - 1) % len(cohort.cases)] if cohort.cases else None)
              for g in cohort.groups]
    by = cohort.pairs_by
    pairs = [Record(number=p.number, members=[Record(person=people[m.number], side=(m.value(by) or "") if by else "")
                                              for m in p.members]) for p in cohort.pairs]
    return Record(people=list(people.values()), sorted=ordered(cohort.roster.people), count=len(people),
                  columns=list(cohort.roster.columns), groups=groups, pairs=pairs,
                  pairs_by=by.replace("_", " ").capitalize() if by else "", has_teams=cohort.roster.has("team"))


def _person(p: Person, group: int | None) -> Record:
    return Record(number=p.number, name=p.name, called=p.called, pronouns=p.pronouns or "", role=p.role or "",
                  team=p.team or "", department=p.department or "", language=p.language or "",
                  accessibility=p.accessibility or "", extra=dict(p.extra), group=group,
                  dir=direction(p.name), called_dir=direction(p.called), called_width=width(p.called))


def width(text: str) -> int:
    """How many Latin letters wide `text` sets: wide (CJK) characters count as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
