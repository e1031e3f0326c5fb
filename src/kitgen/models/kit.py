"""content/kits/<kit-id>.yaml: a session pack: what to build, for whom, in which order."""

from __future__ import annotations

import datetime as dt
import difflib
import typing
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from kitgen.models.base import LOCALE_RE, NAME_RE, Color, Markdown, Minutes, Slug, Strict, Text, is_slug
from kitgen.models.located import invalid_at
from kitgen.models.refs import GuideRef, Ref
from kitgen.models.span import BlockMinutes
from kitgen.models.people import Feedback, Groups, NamedWorkbooks, Pairs
from kitgen.models.timing import Grouping, Segments, TopicPart

AGENDA_KINDS = ("block", "case_study", "activity", "discussion", "reflection", "book_club", "day")
VarName = Annotated[str, Field(pattern=NAME_RE, max_length=60)]
Clock = Annotated[str, Field(pattern=r"^([01]?\d|2[0-3]):[0-5]\d$")]
Day = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2100, 12, 31))]
TotalMinutes = Annotated[int, Field(gt=0, le=14 * 1440)]
TOPIC_PARTS: tuple[str, ...] = typing.get_args(TopicPart)
"""The parts of a topic a block can present (`covers:`)."""


class Organization(Strict):
    """The client organization the session is run for."""

    name: Text
    """Its name, printed on covers and footers."""
    logo: Text | None = None
    """A logo image inside the workspace (PNG, JPEG, GIF, WebP or SVG; the slides show PNG, JPEG or GIF), e.g. assets/logo.png."""


class Theme(Strict):
    """Colours, fonts and logo of every output."""

    primary: Color = "#1F4E79"
    """Main colour: covers, headings, slide titles."""
    accent: Color = "#F2A900"
    """Accent colour: rules, highlights, bullets."""
    font: Text = "Carlito"
    """Body font family; must be installed (fc-list lists installed fonts)."""
    heading_font: Text | None = None
    """Heading font family (defaults to the body font)."""
    logo: Text | None = None
    """A logo image inside the workspace, used when the organization has none."""


class AgendaItem(Strict):
    """One block of the session (a plain block, a case study, an activity, a guide or reflection), or
    the start of a day."""

    block: Ref | None = None
    """A block: welcome, break, close, lunch, energizer, any name of yours, or one with content in the
    topic's blocks folder (blocks/<id>.yaml; other-topic/id for another topic's)."""
    case_study: Ref | None = None
    """A case study id from the topic's case-studies folder (other-topic/id for another topic's)."""
    activity: Ref | None = None
    """An activity id from the topic's activities folder (other-topic/id for another topic's)."""
    discussion: GuideRef | None = None
    """true: the topic's group discussion (discussion-guide.yaml); or another topic's id."""
    reflection: GuideRef | None = None
    """true: individual reflection on the topic's reflection questions; or another topic's id."""
    book_club: GuideRef | None = None
    """true: a book-club meeting (book-club.yaml); or another topic's id."""
    day: Annotated[int, Field(ge=1, le=14)] | None = None
    """A day marker: the blocks after it are day N (2, 3, ...), with their own date and start."""
    date: Day | None = None
    """A day marker's date, YYYY-MM-DD (default: the day after the previous day)."""
    start: Clock | None = None
    """A day marker's start time, "HH:MM" (default: the kit's start)."""
    minutes: BlockMinutes | None = None
    """How long the block lasts: one number of minutes (every block but a day marker)."""
    with_: Annotated[dict[VarName, Text], Field(alias="with")] = {}
    """Values for the case study's parameters, e.g. {mentor: Priya}."""
    title: Text | None = None
    """A title for the block (or the day) instead of the default."""
    notes: Markdown | None = None
    """Facilitator notes for this block (facilitator guide and speaker notes only)."""
    grouping: Grouping | None = None
    """How participants work in this block: individual, pairs, trios, groups of N, whole group
    (default: the case study's or activity's own, else the format's)."""
    segments: Segments = {}
    """Minutes (or {minutes, say}) of this block's segments, by name, e.g. {read: 8, groups: 20}."""
    covers: Annotated[list[Text], Field(max_length=len(TOPIC_PARTS) * 4)] | None = None
    """Parts of the topic this block presents, e.g. [objectives, quote] (other-topic/faqs for another
    topic's; defaults: the welcome covers objectives, quote, definition and why_it_matters; the close
    covers key_insights): they appear in its guide steps, slides and workbook section."""

    @field_validator("covers")
    @classmethod
    def _parts(cls, value: list[str] | None) -> list[str] | None:
        for i, part in enumerate(value or []):
            if (why := _no_part(part)) is not None:
                raise invalid_at((i,), why, part)
            if part in value[:i]:
                raise invalid_at((i,), f"{part!r} is listed twice", part)
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> "AgendaItem":
        kinds = [k for k in AGENDA_KINDS if getattr(self, k) not in (None, False)]
        if len(kinds) != 1:
            raise ValueError("each agenda item needs exactly one of: " + ", ".join(AGENDA_KINDS)
                             + (f" (found {', '.join(kinds)})" if kinds else ""))
        if self.with_ and not self.case_study:
            raise ValueError("`with` only applies to a case_study item")
        self._check_timing(kinds[0])
        return self

    def _check_timing(self, kind: str) -> None:
        """A day marker has a date and start and nothing of a block; a block has minutes and no date."""
        if kind == "day":
            extra = [k for k in ("minutes", "notes", "grouping", "covers") if getattr(self, k) is not None]
            if extra or self.segments:
                raise ValueError(f"a day marker takes date, start and title only (found {', '.join(extra or ['segments'])})")
        elif self.minutes is None:
            raise ValueError("every block needs `minutes` (a day marker, `day: N`, has none)")
        elif self.date is not None or self.start is not None:
            raise ValueError("`date` and `start` belong to a day marker (`day: N`) or to the kit itself")

    @property
    def kind(self) -> str:
        return next(k for k in AGENDA_KINDS if getattr(self, k) not in (None, False))


def _no_part(part: str) -> str | None:
    """Why `part` names no part of a topic (None when it does)."""
    topic, _, name = part.rpartition("/")
    if topic and not is_slug(topic):
        return f"{topic!r} is not a topic id"
    if name in TOPIC_PARTS:
        return None
    close = difflib.get_close_matches(name, TOPIC_PARTS, n=1)
    return f"a block can cover: {', '.join(TOPIC_PARTS)}" + (f" (did you mean {close[0]!r}?)" if close else "")


PlaceholderRef = Annotated[int, Field(ge=0, le=2**31)] | Text


class DeckLayout(Strict):
    """A slide kind's layout and the placeholder (idx or name, as `kitgen deck-layouts` lists them) of each text."""

    layout: Text | None = None
    """The layout's name (default: the one kitgen chooses)."""
    subtitle: PlaceholderRef | None = None
    """Title slides: the subtitle."""
    details: PlaceholderRef | None = None
    """Title and agenda slides: the details line (date, times, facilitator)."""
    lead: PlaceholderRef | None = None
    """Section slides: the lead text and time."""
    body: PlaceholderRef | None = None
    """Content and closing slides: the text and lists."""
    left: PlaceholderRef | None = None
    """Two-content slides: the left column."""
    right: PlaceholderRef | None = None
    """Two-content slides: the right column."""
    quote: PlaceholderRef | None = None
    """Quote slides: the quotation."""
    attribution: PlaceholderRef | None = None
    """Quote slides: who said it."""
    rows: PlaceholderRef | None = None
    """Agenda slides: the agenda's rows."""


def _setting_kind(value: Any) -> str:
    return "dict" if isinstance(value, dict) or isinstance(value, DeckLayout) else "str"


#: A ``deck.layouts`` entry: a layout name, or a mapping with the layout and placeholders.
LayoutSetting = Annotated[Annotated[Text, Tag("str")] | Annotated[DeckLayout, Tag("dict")],
                          Discriminator(_setting_kind)]


class Deck(Strict):
    """How the slide deck is made."""

    template: Text | None = None
    """Your organization's PowerPoint template (.pptx, .potx; .pptm and .potm lose their macros) inside the workspace."""
    layouts: dict[Annotated[str, Field(pattern=r"^[a-z-]+$")], LayoutSetting] = {}
    """Slide kind -> layout name, or {layout, and a placeholder per text}, e.g. {quote: 'Big Statement', content: {body: 14}}."""


class Print(Strict):
    """How the handouts are printed, and the print files made for it."""

    duplex: bool = False
    """Printed on both sides: case cards start on right-hand pages, blank backs say so, and every
    document has an even page count."""
    booklet: list[Slug] = []
    """Handouts also made as a saddle-stitched booklet, <kit>-<output>-booklet.pdf: padded to a multiple
    of four pages, two pages to a side of an A3 (Tabloid) sheet, in booklet order."""
    two_up_cards: bool = False
    """Case cards on A5 (half-letter) pages, and <kit>-case-cards-two-up.pdf with two copies of each on
    an A4 (Letter) sheet and a cut guide."""
    crop_marks: bool = False
    """Handouts with 3 mm bleed and crop marks, for a print shop (the cover's colour runs past the edge)."""
    colour: bool = True
    """Printed in colour; false: black and white (the print order says which)."""
    group_size: Annotated[int, Field(ge=1, le=50)] = 4
    """People per breakout group: the print order counts one set of case cards per group."""


class Overrides(Strict):
    """Changes for this kit only, merged onto a copy of the content and validated like it.

    A key replaces the field; `key+` appends to a list; `key-` removes items (by text or 1-based number).
    """

    topic: dict[str, Any] = {}
    """Changes to topic.yaml fields."""
    case_studies: dict[Ref, dict[str, Any]] = {}
    """Changes to case studies, by id (other-topic/id for another topic's)."""
    activities: dict[Ref, dict[str, Any]] = {}
    """Changes to activities, by id (other-topic/id for another topic's)."""
    blocks: dict[Ref, dict[str, Any]] = {}
    """Changes to blocks with content (blocks/<id>.yaml), by id."""
    discussion: dict[str, Any] = {}
    """Changes to the discussion guide."""
    book_club: dict[str, Any] = {}
    """Changes to the book-club guide."""


class Kit(Strict):
    """A session pack."""

    title: Text
    """The session's title, on covers, headers and the title slide."""
    topic: Slug
    """The topic id (its folder under content/topics/)."""
    audience: Text
    """Who the session is for."""
    facilitator: Text | None = None
    """Who runs it."""
    organization: Organization | None = None
    """The client organization."""
    date: Day | None = None
    """The session date (its first day's), YYYY-MM-DD."""
    start: Clock | None = None
    """Start time, "HH:MM"; agenda clock times derive from it."""
    duration: TotalMinutes | None = None
    """Length of the whole session in minutes, every day together; the agenda must fit, and minutes it
    leaves unplanned are a warning (default: the agenda's own length)."""
    paper: Literal["a4", "letter"] = "a4"
    """Paper size of the handouts: a4 or letter."""
    locale: Annotated[str, Field(pattern=LOCALE_RE)] = "en"
    """Language of the labels in the outputs, e.g. en, fr."""
    theme: Theme = Theme()
    """Colours, fonts and logo."""
    variables: dict[VarName, Text] = {}
    """Names usable as {{ name }} in any prose of this kit."""
    agenda: Annotated[list[AgendaItem], Field(min_length=1, max_length=60)]
    """The blocks of the session, in order, with a day marker ({day: 2, date: ..., start: ...}) before
    each day after the first."""
    overrides: Overrides = Overrides()
    """Changes to the content for this kit only."""
    outputs: list[Slug] | None = None
    """Which outputs to build (default: the handouts and the slides; the roster's paperwork when listed;
    the print files the print settings and `participants` ask for in either case)."""
    deck: Deck = Deck()
    """The slide deck's template and layout mapping."""
    roster: Text | None = None
    """The people in the room: a CSV (or tab-separated), .xlsx or YAML file inside the workspace, e.g. people/cohort-a.csv."""
    groups: Groups | None = None
    """Breakout groups made from the roster, e.g. {size: 4, balance: team, seed: 7}."""
    pairs: Pairs | None = None
    """Mentoring pairs made from the roster, e.g. {by: generation, avoid_same: [team]}."""
    feedback: Feedback = Feedback()
    """The feedback form's statements (default: sensible ones, and the topic's objectives)."""
    named_workbooks: NamedWorkbooks = NamedWorkbooks()
    """How the named workbooks are made."""
    participants: Annotated[int, Field(ge=1, le=10_000)] | None = None
    """How many people take part; with it, the build makes a print order (<kit>-print-order.pdf, .csv, .json).
    With a roster, the print order counts the roster's people instead."""
    spares: Annotated[int, Field(ge=0, le=10_000)] = 0
    """Extra copies of the participants' handouts (and one spare set of case cards) in the print order."""
    print_: Annotated[Print, Field(alias="print")] = Print()
    """How the handouts are printed: duplex, booklets, two-up cards, crop marks, colour."""

    @field_validator("paper", mode="before")
    @classmethod
    def _paper(cls, value):
        return value.lower() if isinstance(value, str) else value

    @field_validator("outputs")
    @classmethod
    def _unique(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("an output is listed twice")
        return value

    @property
    def start_time(self) -> dt.time | None:
        return clock_time(self.start)

    @property
    def blocks(self) -> list[AgendaItem]:
        """The agenda without its day markers."""
        return [item for item in self.agenda if item.kind != "day"]

    @property
    def logo_field(self) -> tuple[tuple[str, str], str | None]:
        """The logo the outputs show and the field that names it: the organization's, else the theme's."""
        if self.organization and self.organization.logo:
            return ("organization", "logo"), self.organization.logo
        return ("theme", "logo"), self.theme.logo


def clock_time(text: str | None) -> dt.time | None:
    """"09:30" as a time (None for None)."""
    if not text:
        return None
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))
