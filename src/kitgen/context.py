"""The render context: everything a layout or writer sees, built in one place from a resolved session.

Every content string becomes a `Rich` (placeholders filled; prints as sanitized HTML in layouts,
offers `.plain` and `.paras` to the deck). Handouts and the deck read the same context. It carries
data only. Built with a :class:`~kitgen.views.Reads`, it notes every place a render reads, which is
what the output depends on (:func:`read_places`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kitgen import placeholders
from kitgen.blocks import BlockViews
from kitgen.editions import PEOPLE
from kitgen.i18n import labels, with_labels
from kitgen.markup import Rich
from kitgen.rosterviews import roster_view
from kitgen.runsheet import RunSheet, plan_view
from kitgen.views import Viewer, in_order
from kitgen.xrefs import References

if TYPE_CHECKING:
    from kitgen.i18n import Labels
    from kitgen.outputs import OutputSpec
    from kitgen.schedule import Schedule
    from kitgen.session import Session
    from kitgen.views import Place, Reads, View
    from kitgen.xrefs import Anchors

ALWAYS: tuple[Place, ...] = (("kit",), ("topic",), ("discussion",), ("book_club",), ("t",), ("edition",), ("output",),
                             ("plan",))
"""What every output depends on, read or not: which records exist, the labels' language, the edition."""


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
    roster: View | None = None
    """The people in the room, for the outputs that show them (`"roster"` in their `shows`); else None."""
    plan: View | None = None
    """The session plan's totals, days and handouts (docs/layouts.md, "The session plan")."""
    refs: References | None = None
    """The slides and pages of the outputs this one cites."""
    topics: dict[str, View] | None = None
    """Every topic the session draws on, by id (the kit's own first; `topic` is that one)."""
    blocks: list[View] | None = None
    """The agenda's blocks of the workspace's own (`blocks/<id>.yaml`), in order of first use."""

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def build_context(session: Session, spec: OutputSpec, outputs: Sequence[OutputSpec], reads: Reads | None = None,
                  anchors: Callable[[], Anchors] | None = None) -> Context:
    """The one function that turns a resolved session into what the layout of `spec` sees.

    `outputs` are the kit's outputs (their names and the materials checklist). The output is given
    only the parts of the content it shows (`spec.shows`): an agenda block of a case study it does
    not show is titled "Case study". `anchors` reads where each block is in the outputs this one
    cites (their pages and slides), when a render first asks.
    """
    kit, shown = session.kit, spec.shows
    schedule = _schedule(session)
    t = _labels(session)
    viewer = Viewer(spec.edition, session.variables, reads)
    topic = viewer.view(session.topic, ("topic",))
    if not vars(topic)["title"]:
        topic.title = Rich(kit.title, inline=True)
    topics = {session.topic_id: topic, **{tid: viewer.view(model, ("topics", tid))
                                          for tid, model in session.topics.items() if tid != session.topic_id}}
    sheet = RunSheet(schedule, t, viewer, session.variables, vars(topic)["title"].plain, topics,
                     deck=any(o.name == "slides" for o in outputs))
    discussion = viewer.view(session.discussion, ("discussion",)) if session.discussion and "discussion" in shown else None
    book_club = viewer.view(session.book_club, ("book_club",)) if session.book_club and "book_club" in shown else None
    if book_club is not None and not vars(book_club)["title"]:
        book_club.title = Rich(f"{t.book_club}: {vars(topic)['title'].md}", inline=True)
    guides = _guides(session, shown, viewer, {id(session.discussion): discussion, id(session.book_club): book_club})
    blocks = BlockViews(session, t, viewer, shown, sheet, topics, guides)
    agenda = viewer.seq([blocks.block(b) for b in session.blocks], ("agenda",))
    activities = list(blocks.activities.values())
    roster = _roster(session, shown, viewer, blocks.cases)
    plan = plan_view(sheet, list(outputs))
    refs = References(t, {name: schedule.label(name) for name in schedule.handouts}, anchors)
    ctx = Context(_kit_view(session, schedule, viewer, t, outputs), topic, agenda,
                  viewer.seq(blocks.cases, ("case_studies",)), viewer.seq(activities, ("activities",)),
                  discussion, book_club, viewer.seq(vars(plan)["checklist"], ("materials",)), t, spec.edition,
                  spec.name, roster, plan, refs, topics, viewer.seq(list(blocks.customs.values()), ("blocks",)))
    if reads is not None:
        reads.places.clear()  # what building the context looked at is not what the render read
    return ctx


def _labels(session: Session) -> Labels:
    """The kit's locale labels; the page of groups and pairs (the `groups` output, the guide's section)
    is called by what the roster makes of the people when it makes only one of them ("Breakout groups")."""
    t = labels(session.kit.locale)
    cohort = session.cohort
    if cohort is None or bool(cohort.groups) == bool(cohort.pairs):
        return t
    return with_labels(t, groups=t.breakout_groups if cohort.groups else t.mentoring_pairs)


def _guides(session: Session, shown: Sequence[str], viewer: Viewer, made: dict[int, View | None]) -> dict[int, View]:
    """The views of the guides the agenda's blocks present, by the model's id: the kit's discussion and
    book club, and any other topic's a block names (for the outputs that show guides)."""
    out = {k: v for k, v in made.items() if v is not None}
    for block in session.blocks:
        for kind, model in (("discussion", block.discussion), ("book_club", block.book_club)):
            if model is not None and id(model) not in out and kind in shown:
                out[id(model)] = viewer.view(model, (f"{kind}s", block.topic_id))
    return out


def _roster(session: Session, shown: Sequence[str], viewer: Viewer, cases: Sequence[View]) -> View | None:
    """The people in the room, for an output that shows them (and only when the kit has a roster)."""
    if session.cohort is None or PEOPLE not in shown:
        return None
    return roster_view(session.cohort, session.kit.locale, viewer, cases)
def _schedule(session: Session) -> Schedule:
    if session.schedule is None:
        raise ValueError(f"kit {session.id!r} has no session plan: contexts are built from validated sessions")
    return session.schedule


def read_places(reads: Reads) -> list[Place]:
    """The places an output depends on: those its render read, and those every output depends on."""
    return in_order(set(ALWAYS) | reads.places)


def created(session: Session) -> dt.datetime:
    """A reproducible creation date: SOURCE_DATE_EPOCH, else the session date, else a fixed date (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    day = session.kit.date or dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _printing(specs: Sequence[OutputSpec]) -> dict[str, dict[str, Any]]:
    """How the kit's handouts (outputs made from an HTML layout, listed in the materials) are printed:
    for whom (`printed_for`, else the edition), on one side only or not, and made from which outputs."""
    return {o.name: {"for": o.printed_for or o.edition, "simplex": o.simplex, "from": list(o.needs)}
            for o in specs if o.layout.endswith(".html") and o.material}


def _kit_view(session: Session, schedule: Schedule, viewer: Viewer, t: Labels, specs: Sequence[OutputSpec]) -> View:
    kit, variables = session.kit, session.variables
    end = session.blocks[-1].end if session.blocks else None
    theme = kit.theme
    logo = kit.logo_field[1]
    return viewer.record(
        ("kit",), id=session.id, file=session.kit_file, created=created(session),
        title=Rich(placeholders.fill(kit.title, variables), inline=True),
        audience=Rich(placeholders.fill(kit.audience, variables), inline=True),
        facilitator=placeholders.fill(kit.facilitator or "", variables),
        organization=placeholders.fill(kit.organization.name, variables) if kit.organization else "",
        logo=logo, date=kit.date, date_text=_dates_text(schedule, t),
        start_text=t.format_time(session.blocks[0].start) if kit.start_time else "", end_text=t.format_time(end) if end else "",
        duration=schedule.duration, duration_text=t.format_minutes(schedule.total),
        agenda_minutes=schedule.total,
        paper=kit.paper, page_size="A4" if kit.paper == "a4" else "Letter", locale=kit.locale,
        lang=kit.locale.split("-")[0], outputs=[o.name for o in specs],
        theme=viewer.record(("kit", "theme"), primary=theme.primary, accent=theme.accent, font=theme.font,
                            heading_font=theme.heading_font or theme.font, logo=logo,
                            explicit=sorted(theme.model_fields_set)),
        variables=dict(variables),
        deck=viewer.record(("kit", "deck"), template=kit.deck.template, layouts=dict(kit.deck.layouts)),
        feedback=viewer.record(("kit", "feedback"), reaction=_texts(kit.feedback.reaction, variables),
                               learning=_texts(kit.feedback.learning, variables)),
        named_workbooks=viewer.record(("kit", "named_workbooks"), footer=kit.named_workbooks.footer),
        participants=session.participants, spares=kit.spares, group_sizes=session.group_sizes,
        print=viewer.record(("kit", "print"), **kit.print_.model_dump(mode="python")),
        printing=_printing(specs),
    )


def _dates_text(schedule: Schedule, t: Labels) -> str:
    """The session's date, or the first and last of its days ("" without dates)."""
    dates = [d.date for d in schedule.days if d.date and d.blocks]
    return t.format_dates(dates[0], dates[-1]) if dates else ""


def _texts(items: Sequence[str] | None, variables: dict[str, str]) -> list[Rich]:
    return [Rich(placeholders.fill(x, variables), inline=True) for x in items or ()]
