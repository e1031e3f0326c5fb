"""What layouts see of the people in the room: `roster`, as views that note what a render reads.

Names are text, printed as written (autoescaped, never Markdown), with the writing direction of
their script so that a right-to-left name is isolated from the text around it. Email addresses are
not shown to layouts at all: no output prints them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kitgen.cohort import direction, tall, width
from kitgen.collation import collated

if TYPE_CHECKING:
    from kitgen.cohort import Cohort
    from kitgen.groups import Group
    from kitgen.roster import Person
    from kitgen.views import View, Viewer


def roster_view(cohort: Cohort, locale: str, viewer: Viewer, cases: Sequence[View] = ()) -> View:
    """The `roster` record of the layouts that show the people (see docs/layouts.md)."""
    at = ("roster",)
    group_of = {p.number: g for g in cohort.groups for p in g.members}
    people = [_person(viewer, at + ("people", i), p, group_of.get(p.number)) for i, p in enumerate(cohort.roster.people)]
    by_number = {p.number: view for p, view in zip(cohort.roster.people, people, strict=True)}

    def ordered(members: Sequence[Person]) -> list[View]:
        return [by_number[m.number] for m in collated(members, locale, key=lambda m: m.sort_as)]

    groups = [viewer.record(at + ("groups", i), number=g.number, name=g.name, size=len(g.members),
                            members=viewer.seq(ordered(g.members), at + ("groups", i, "members")),
                            cases=viewer.seq([c for c in cases if g.number in vars(c)["groups"]],
                                             at + ("groups", i, "cases")))
              for i, g in enumerate(cohort.groups)]
    by = cohort.pairs_by
    pairs = [viewer.record(at + ("pairs", i), number=p.number, members=viewer.seq(
        [viewer.record(at + ("pairs", i, "members", j), person=by_number[m.number],
                       side=(m.value(by) or "") if by else "") for j, m in enumerate(p.members)],
        at + ("pairs", i, "members"))) for i, p in enumerate(cohort.pairs)]
    return viewer.record(at, people=viewer.seq(people, at + ("people",)),
                         sorted=viewer.seq(ordered(cohort.roster.people), at + ("sorted",)),
                         count=len(people), columns=list(cohort.roster.columns),
                         groups=viewer.seq(groups, at + ("groups",)), pairs=viewer.seq(pairs, at + ("pairs",)),
                         pairs_by=by.replace("_", " ").capitalize() if by else "",
                         pairs_sides=[viewer.record(at + ("pairs_sides", i), name=name, values=list(values))
                                      for i, (name, values) in enumerate(cohort.pairs_sides)],
                         has_teams=cohort.roster.has("team"))


def roster_parts(roster: View, size: int) -> list[View]:
    """The roster cut into parts of `size` people in its sorted order, for the outputs that make each
    person's pages alone (:mod:`kitgen.handouts`): each part's `sorted` and `people` (in roster order)
    hold its people only; `count` and the groups and pairs stay the whole roster's."""
    from kitgen.views import replaced, sliced
    fields = vars(roster)
    everyone, in_order = fields["sorted"], fields["people"]
    parts = []
    for start in range(0, list.__len__(everyone), size):
        part = list.__getitem__(everyone, slice(start, start + size))
        numbers = {vars(p)["number"] for p in part}
        parts.append(replaced(roster, sorted=sliced(everyone, part),
                              people=sliced(in_order, [p for p in list.__iter__(in_order) if vars(p)["number"] in numbers])))
    return parts


def _person(viewer: Viewer, at: tuple, p: Person, group: Group | None) -> View:
    return viewer.record(at, number=p.number, name=p.name, called=p.called, pronouns=p.pronouns or "",
                         role=p.role or "", team=p.team or "", department=p.department or "",
                         language=p.language or "", accessibility=p.accessibility or "", extra=dict(p.extra),
                         group=group.number if group else None, group_name=group.name if group else "",
                         dir=direction(p.name), called_dir=direction(p.called), called_width=width(p.called),
                         name_width=width(p.name), tall=tall(p.name) or tall(p.called))
