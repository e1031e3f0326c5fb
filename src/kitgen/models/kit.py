"""content/kits/<kit-id>.yaml: a session pack: what to build, for whom, in which order."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from kitgen.models.base import Color, Markdown, Minutes, NAME_RE, Slug, Strict, Text
from kitgen.models.people import Feedback, Groups, NamedWorkbooks, Pairs

AGENDA_KINDS = ("block", "case_study", "activity", "discussion", "reflection", "book_club")
VarName = Annotated[str, Field(pattern=NAME_RE, max_length=60)]


class Organization(Strict):
    """The client organization the session is run for."""

    name: Text
    """Its name, printed on covers and footers."""
    logo: Text | None = None
    """A logo image inside the workspace (PNG, JPEG or SVG), e.g. assets/logo.png."""


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
    """One block of the session: a plain block, a case study, an activity, a guide or reflection."""

    block: Slug | None = None
    """A plain block: welcome, break, close, lunch, energizer or any name of yours."""
    case_study: Slug | None = None
    """A case study id from the topic's case-studies folder."""
    activity: Slug | None = None
    """An activity id from the topic's activities folder."""
    discussion: bool | None = None
    """true: the topic's group discussion (discussion-guide.yaml)."""
    reflection: bool | None = None
    """true: individual reflection on the topic's reflection questions."""
    book_club: bool | None = None
    """true: a book-club meeting (book-club.yaml)."""
    minutes: Minutes
    """How long the block lasts."""
    with_: Annotated[dict[VarName, Text], Field(alias="with")] = {}
    """Values for the case study's parameters, e.g. {mentor: Priya}."""
    title: Text | None = None
    """A title for the block instead of the default."""
    notes: Markdown | None = None
    """Facilitator notes for this block (facilitator guide and speaker notes only)."""

    @model_validator(mode="after")
    def _one_kind(self) -> "AgendaItem":
        kinds = [k for k in AGENDA_KINDS if getattr(self, k) not in (None, False)]
        if len(kinds) != 1:
            raise ValueError("each agenda item needs exactly one of: " + ", ".join(AGENDA_KINDS)
                             + (f" (found {', '.join(kinds)})" if kinds else ""))
        if self.with_ and not self.case_study:
            raise ValueError("`with` only applies to a case_study item")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in AGENDA_KINDS if getattr(self, k) not in (None, False))


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
    case_studies: dict[Slug, dict[str, Any]] = {}
    """Changes to case studies, by id."""
    activities: dict[Slug, dict[str, Any]] = {}
    """Changes to activities, by id."""
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
    date: Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2100, 12, 31))] | None = None
    """The session date, YYYY-MM-DD."""
    start: Annotated[str, Field(pattern=r"^([01]?\d|2[0-3]):[0-5]\d$")] | None = None
    """Start time, "HH:MM"; agenda clock times derive from it."""
    duration: Minutes
    """Length of the session in minutes; the agenda must fit."""
    paper: Literal["a4", "letter"] = "a4"
    """Paper size of the handouts: a4 or letter."""
    locale: Annotated[str, Field(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en"
    """Language of the labels in the outputs, e.g. en, fr."""
    theme: Theme = Theme()
    """Colours, fonts and logo."""
    variables: dict[VarName, Text] = {}
    """Names usable as {{ name }} in any prose of this kit."""
    agenda: Annotated[list[AgendaItem], Field(min_length=1, max_length=60)]
    """The blocks of the session, in order."""
    overrides: Overrides = Overrides()
    """Changes to the content for this kit only."""
    outputs: list[Slug] | None = None
    """Which outputs to build (default: the handouts and the slides; the roster's paperwork when listed;
    the print files the print settings and `participants` ask for in either case)."""
    deck: Deck = Deck()
    """The slide deck's template and layout mapping."""
    roster: Text | None = None
    """The people in the room: a CSV or YAML file inside the workspace, e.g. people/cohort-a.csv."""
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
        if not self.start:
            return None
        hours, minutes = self.start.split(":")
        return dt.time(int(hours), int(minutes))
