"""The feedback form's questions: the kit's own, else sensible defaults from the topic and the locale.

Reaction questions ask how the session went; learning questions ask what participants can now do
(the topic's objectives when it has them). Both are rated on the locale's five-point scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kitgen.cohort import Record

if TYPE_CHECKING:
    from kitgen.i18n import Labels


def questions(reaction: Sequence[Any] | None, learning: Sequence[Any] | None, objectives: Sequence[Any],
              t: Labels) -> Record:
    """The `feedback` record of the feedback-form layout (texts, or Rich values from content)."""
    return Record(reaction=list(reaction or t.feedback_reaction_defaults),
                  learning=list(learning or objectives or t.feedback_learning_defaults),
                  scale=list(t.feedback_scale))
