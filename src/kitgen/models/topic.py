"""topic.yaml: the topic itself, everything handouts and slides say about it."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from kitgen.models.base import TEXT_OR_MAP, Markdown, Strict, Text, Url, wrap_strings


class Quote(Strict):
    """A quotation that frames the topic."""

    text: Text
    """The words quoted."""
    attribution: Text
    """Who said or wrote them."""
    source: Text | None = None
    """Where they appeared (book, interview, speech)."""


class ApplicationIdea(Strict):
    """One way to put the topic into practice."""

    title: Text
    """A short name for the idea."""
    body: Markdown
    """How to do it, in a few sentences."""


class ReflectionQuestion(Strict):
    """A question participants answer in writing."""

    question: Text
    """The question itself."""
    prompt: Text | None = None
    """A nudge printed under the question, e.g. 'Think of a meeting last week'."""


class Skill(Strict):
    """A skill related to the topic."""

    name: Text
    """The skill's name."""
    description: Markdown
    """How it connects to the topic."""


class Faq(Strict):
    """A frequently asked question."""

    question: Text
    """The question as participants ask it."""
    answer: Markdown
    """A short answer."""


class Reading(Strict):
    """A book, article or video for further reading."""

    title: Text
    """Title of the work."""
    author: Text | None = None
    """Author or authors."""
    year: Annotated[int, Field(ge=1000, le=2100)] | None = None
    """Year of publication."""
    url: Url | None = None
    """A web address (http, https or mailto only)."""
    note: Text | None = None
    """Why it is worth reading."""


class Topic(Strict):
    """A training topic: what the session is about."""

    title: Text
    """The topic's name, e.g. 'Reverse Mentoring'."""
    subtitle: Text | None = None
    """A line under the title."""
    summary: Markdown
    """What the topic is about, in a paragraph."""
    key_insights: Annotated[list[Markdown], Field(min_length=1, max_length=50)]
    """The essential insights participants should leave with."""
    quote: Quote | None = None
    """A quotation that frames the topic."""
    definition: Markdown | None = None
    """A definition of the topic's central idea."""
    why_it_matters: Markdown | None = None
    """Why the topic matters to leaders and organizations."""
    application_ideas: Annotated[list[ApplicationIdea], Field(max_length=50)] = []
    """Practical ways to apply the topic."""
    reflection_questions: Annotated[list[ReflectionQuestion], Field(max_length=100), TEXT_OR_MAP] = []
    """Questions participants answer in writing: text, or {question, prompt}."""
    related_skills: Annotated[list[Skill], Field(max_length=50)] = []
    """Skills related to the topic."""
    faqs: Annotated[list[Faq], Field(max_length=50)] = []
    """Frequently asked questions with answers."""
    further_reading: Annotated[list[Reading], Field(max_length=50)] = []
    """Books, articles and videos for further reading."""
    objectives: Annotated[list[Text], Field(max_length=20)] = []
    """What participants will be able to do after the session."""

    @field_validator("reflection_questions", mode="before")
    @classmethod
    def _questions(cls, value):
        return wrap_strings(value, "question")
