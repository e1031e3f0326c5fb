"""The formats of blocks: the segments each kind of block is run in, by default.

Each format is a list of :class:`Part` in order: its name (the key content and kits use to set its
minutes), its weight (its share of the block's minutes when nobody sets them), what its slides show,
and how participants work in it. docs/layouts.md ("The session plan") states them for authors.
"""

from __future__ import annotations

from dataclasses import dataclass

from kitgen.schedule.model import INDIVIDUAL, WHOLE, Grouping

WORK = None
"""The grouping of a segment in which participants work as the block's grouping says."""


@dataclass(frozen=True)
class Part:
    """One default segment of a format."""

    key: str
    weight: int
    parts: tuple[str, ...] = ()
    grouping: Grouping | None = WHOLE
    """Fixed, or WORK: the block's grouping."""
    questions: bool = False


CASE = (Part("brief", 2, ("case",)), Part("read", 2, ("scenario", "characters"), WORK),
        Part("groups", 11, ("questions", "task"), WORK), Part("debrief", 5, ("debrief",)))
DISCUSSION = (Part("open", 2, ("discussion", "ground_rules")), Part("discuss", 12, ("questions",)),
              Part("close", 3, ("actions",)))
REFLECTION = (Part("write", 2, ("reflection", "questions"), INDIVIDUAL), Part("share", 1, ("share",), Grouping("pairs", 2)))
BOOK_CLUB = (Part("intro", 1, ("books",)), Part("discuss", 3, ("meeting",)))
ACTIVITY = {
    "guest-speaker": (Part("intro", 1, ("activity", "step")), Part("talk", 5, ("step",)),
                      Part("questions", 4, ("step",), questions=True), Part("thanks", 1, ("step",))),
    "role-play": (Part("setup", 1, ("activity", "step")), Part("play", 3, ("step",), WORK),
                  Part("debrief", 2, ("step", "questions"), questions=True)),
    "exercise": (Part("brief", 1, ("activity", "step")), Part("work", 4, ("step",), WORK),
                 Part("debrief", 2, ("step", "questions"), questions=True)),
    "other": (Part("brief", 1, ("activity", "step")), Part("work", 4, ("step",), WORK),
              Part("debrief", 2, ("step", "questions"), questions=True)),
}
PLAIN = {
    "welcome": (Part("open", 3, ("section",)), Part("introductions", 4, ("introductions",))),
    "close": (Part("commit", 4, ("action_plan",), INDIVIDUAL), Part("thanks", 3, ("thanks",))),
}
"""Plain blocks with segments of their own; any other plain block is one segment named after it."""

GUIDES = {"case_study": CASE, "discussion": DISCUSSION, "reflection": REFLECTION, "book_club": BOOK_CLUB}

TOPIC_WEIGHTS = {"objectives": 2, "key_insights": 3, "quote": 1, "definition": 2, "why_it_matters": 2,
                 "application_ideas": 3, "faqs": 3, "related_skills": 2}
"""The share of a block's minutes a covered part of the topic takes by default."""

COVERS = {"welcome": ("objectives", "quote", "definition", "why_it_matters"), "close": ("key_insights",)}
"""What a block presents of the topic when the kit does not say (`covers:`): those the topic has."""

GROUPING = {"case_study": Grouping("groups", 4), "role-play": Grouping("pairs", 2), "exercise": INDIVIDUAL,
            "guest-speaker": WHOLE, "other": WHOLE}
"""The default grouping of the formats in which participants work on their own terms."""

STEP_QUESTIONS_LAST = ("role-play", "exercise", "other")
"""Activity kinds whose questions are asked in their last step (a guest speaker's after the talk)."""


def covered_first(block_ref: str | None) -> bool:
    """Covered parts open a block, except in the welcome, where they follow its opening segment."""
    return block_ref != "welcome"
