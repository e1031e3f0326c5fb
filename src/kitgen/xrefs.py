"""Cross-references: which slides and pages show a block, read from the files of the outputs cited.

An output that cites others (the guide cites slides and workbook pages, the speaker notes cite the
workbook) is made after them; its writer's `anchors` says where each block's anchor landed in their
files. Lookups are not noted as reads of the context: what they depend on is those files, which the
change detector hashes (`needs`), not the content.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from kitgen.schedule.materials import CARDS

if TYPE_CHECKING:
    from kitgen.i18n import Labels

Anchors = Mapping[str, Mapping[str, list[int]]]
"""Output name -> anchor -> page or slide numbers."""


class References:
    """Slide numbers and page numbers by anchor, for layouts: `refs.slides(b.anchor)`,
    `refs.page('participant-workbook', b.anchor)`, `refs.handout(use)`."""

    def __init__(self, t: Labels, labels: Mapping[str, str], load: Callable[[], Anchors] | None = None):
        self._t, self._labels, self._load = t, dict(labels), load
        self._anchors: Anchors | None = None

    def _of(self, output: str) -> Mapping[str, list[int]]:
        if self._anchors is None:
            self._anchors = self._load() if self._load else {}
        return self._anchors.get(output, {})

    def has(self, output: str) -> bool:
        """Whether this render can cite `output` (its file was made first and has pages or slides)."""
        return bool(self._of(output))

    def slide_numbers(self, anchor: str) -> list[int]:
        """The deck's slides of a block (`block-3`) or of one of its segments (`block-3-s2`), in order."""
        found: set[int] = set()
        for name, numbers in self._of("slides").items():
            if name == anchor or name.startswith(anchor + "-s"):
                found.update(numbers)
        return sorted(found)

    def slides(self, anchor: str) -> str:
        """"Slide 12", "Slides 12–15" ("Slides 4, 6–7" when not in one run), or "" when none show it."""
        numbers = self.slide_numbers(anchor)
        if not numbers:
            return ""
        key = "slide_n" if len(numbers) == 1 else "slides_n"
        return self._t.fmt(key, n=_runs(numbers))

    def page(self, output: str, anchor: str) -> int | None:
        """The page of `output` where `anchor` starts, or None."""
        numbers = self._of(output).get(anchor)
        return numbers[0] if numbers else None

    def handout(self, output: str, *anchors: str | None, card: int | None = None, through: str | None = None,
                piece: str | None = None) -> str:
        """A handout as the pack cites it: "H1 Workbook p. 6" (the page of the first of `anchors` it
        has), "H1 Workbook pp. 5–7" (to the last page of `through`, a piece's last part, when that is
        later), "H3 Book-club guide" (no page known). The case cards number their pages card by card
        ("Case 2 · 1/2"), so they are cited by card, "H2 Card 1", by the `piece` printed on them, "H2
        Role briefs", or by name, never by a page of their file."""
        label = self._labels.get(output)
        if label is None:
            return ""
        if card is not None:
            return self._t.fmt("cite_card", label=label, n=card)
        name = self._t.get(f"short_{output.replace('-', '_')}", self._t.get(output.replace("-", "_"), output))
        if output == CARDS:
            return self._t.fmt("cite_handout", label=label, name=self._t[piece] if piece else name)
        page = next((p for a in anchors if a and (p := self.page(output, a)) is not None), None)
        last = self._of(output).get(through) if through else None
        if page is not None and last and last[-1] > page:
            return self._t.fmt("cite_pages", label=label, name=name, first=page, last=last[-1])
        if page is not None:
            return self._t.fmt("cite_page", label=label, name=name, page=page)
        return self._t.fmt("cite_handout", label=label, name=name)


def _runs(numbers: list[int]) -> str:
    """[4, 6, 7, 8] -> "4, 6–8"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)
