"""book-club.yaml: a reading group that continues the topic after the workshop."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from kitgen.models.base import Markdown, Minutes, Strict, Text


class Book(Strict):
    """A book the club reads."""

    title: Text
    """The book's title."""
    author: Text
    """Its author or authors."""
    year: Annotated[int, Field(ge=1000, le=2100)] | None = None
    """Year of publication."""
    why: Markdown | None = None
    """Why this book, for this topic."""


class Meeting(Strict):
    """One meeting of the club."""

    title: Text | None = None
    """A name for the meeting."""
    reading: Text
    """What to read before it."""
    minutes: Minutes | None = None
    """How long the meeting lasts."""
    questions: Annotated[list[Text], Field(min_length=1, max_length=30)]
    """Questions to discuss."""


class Role(Strict):
    """A role members take in turn."""

    name: Text
    """The role's name."""
    description: Markdown
    """What the person in that role does."""


class BookClub(Strict):
    """A book-club guide."""

    title: Text | None = None
    """The guide's title (defaults from the topic)."""
    books: Annotated[list[Book], Field(min_length=1, max_length=20)]
    """The books to read."""
    meetings: Annotated[list[Meeting], Field(min_length=1, max_length=30)]
    """The meeting schedule."""
    logistics: Markdown | None = None
    """Pace, where and when."""
    facilitation_tips: Annotated[list[Text], Field(max_length=30)] = []
    """Tips for whoever leads the meetings."""
    roles: Annotated[list[Role], Field(max_length=20)] = []
    """Roles members take in turn."""
