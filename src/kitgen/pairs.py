"""Mentoring pairs across a divide (seniority, generation), never two people who share a team.

People are ranked by the `by` column and cut into a lower and an upper half; each pair joins one
person of each half (in a reverse-mentoring programme: an early-career colleague and a senior
leader), found as a matching that first tries the partner at the same place in the other half (so
every pair is about half the ranking apart) and never pairs people who share a value of an
`avoid_same` column. An odd one out joins a pair as its third member. When no
such pairing exists the reason names rows (file lines), never people.

Deterministic for the same roster and seed: `random.Random(seed)` only breaks ties between equal ranks.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kitgen.roster import Person

MAX_LINES_SHOWN = 8


@dataclass(frozen=True)
class Pair:
    """One mentoring pair (or trio): members from the lower half of the ranking first."""

    number: int
    members: tuple[Person, ...]


class PairingError(Exception):
    """No pairing satisfies the rules; `message` and `hint` name rows by line, never by name."""

    def __init__(self, message: str, hint: str = ""):
        self.message = message
        self.hint = hint
        super().__init__(message)


def ranks(people: Sequence[Person], by: str, order: Sequence[str] | None = None) -> dict[int, float]:
    """Each person's rank (by roster number): the position of their value in `order`, else the value
    as a number; two plain values (junior/senior) need no order. Raises PairingError."""
    missing = [p.line for p in people if not p.value(by)]
    if missing:
        raise PairingError(f"no {by} on line{_plural(missing)} {_lines(missing)}",
                           f"every participant needs a {by} to be paired")
    values = {p.number: (p.value(by) or "").casefold() for p in people}
    if order:
        return _ordered(people, values, by, order)
    numbers = {n: _number(v) for n, v in values.items()}
    if None not in numbers.values():
        return numbers  # type: ignore[return-value]
    distinct = sorted(set(values.values()))
    if len(distinct) > 2:
        raise PairingError(f"{by} has {len(distinct)} different values and they are not numbers",
                           f"list them in pairs.order (e.g. order: [Gen Z, Millennial, Gen X, Boomer]) "
                           f"so that kitgen knows which end is which")
    return {n: float(distinct.index(v)) for n, v in values.items()}


def _ordered(people: Sequence[Person], values: dict[int, str], by: str, order: Sequence[str]) -> dict[int, float]:
    where = {v.casefold(): i for i, v in enumerate(order)}
    unknown = [p.line for p in people if values[p.number] not in where]
    if unknown:
        raise PairingError(f"the {by} on line{_plural(unknown)} {_lines(unknown)} is not in pairs.order",
                           f"list every value of {by} in pairs.order, from one end to the other")
    return {n: float(where[v]) for n, v in values.items()}


def mentoring_pairs(people: Sequence[Person], *, by: str, order: Sequence[str] | None = None,
                    avoid_same: Sequence[str] = ("team",), seed: int = 0) -> list[Pair]:
    """Pair everyone across the `by` divide; raises PairingError when the rules cannot all hold."""
    if len(people) < 2:
        raise PairingError("pairs need at least two participants")
    rank = ranks(people, by, order)
    ranked = list(people)
    random.Random(seed).shuffle(ranked)
    ranked.sort(key=lambda p: rank[p.number])
    half = len(ranked) // 2
    lower, upper = ranked[:half], ranked[half:]
    match = _match(lower, upper, avoid_same)
    unmatched = [lower[i].line for i, j in enumerate(match) if j is None]
    if unmatched:
        raise PairingError(*_impossible(people, avoid_same, unmatched, by))
    pairs = [[lower[i], upper[j]] for i, j in enumerate(match) if j is not None]
    used = set(match)
    for j, person in enumerate(upper):
        if j not in used:
            _join_a_pair(person, pairs, avoid_same)
    return [Pair(n + 1, tuple(members)) for n, members in enumerate(pairs)]


def _join_a_pair(person: Person, pairs: list[list[Person]], avoid_same: Sequence[str]) -> None:
    """The odd one out joins the first pair it shares nothing with, as its third member."""
    home = next((pair for pair in pairs if all(_compatible(person, other, avoid_same) for other in pair)), None)
    if home is None:
        raise PairingError(f"the participant on line {person.line} (the odd one out) shares a "
                           f"{' or '.join(avoid_same)} with someone in every pair",
                           "add or remove one participant, or relax avoid_same")
    home.append(person)


def side_values(pairs: Sequence[Pair], people: Sequence[Person], by: str,
                order: Sequence[str] | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The `by` values of each side of the pairs, lowest rank first (each value as first written): the
    first members' and the others'."""
    rank = ranks(people, by, order)

    def values(members: Sequence[Person]) -> tuple[str, ...]:
        seen: dict[str, tuple[float, str]] = {}
        for p in members:
            value = p.value(by) or ""
            seen.setdefault(value.casefold(), (rank[p.number], value))
        return tuple(v for _, v in sorted(seen.values()))

    return values([p.members[0] for p in pairs]), values([m for p in pairs for m in p.members[1:]])


def same_side(pairs: Sequence[Pair], people: Sequence[Person], by: str, order: Sequence[str] | None = None) -> int:
    """How many pairs have the same `by` value on both sides (more people on one side than the other)."""
    rank = ranks(people, by, order)
    return sum(1 for pair in pairs if len({rank[p.number] for p in pair.members}) == 1)


def _compatible(a: Person, b: Person, avoid_same: Sequence[str]) -> bool:
    for column in avoid_same:
        x, y = a.value(column), b.value(column)
        if x and y and x.casefold() == y.casefold():
            return False
    return True


def _match(lower: list[Person], upper: list[Person], avoid_same: Sequence[str]) -> list[int | None]:
    """A maximum matching lower[i] -> upper[j] (augmenting paths, Kuhn), trying upper[i] first and
    then the candidates nearest to it, so pairs keep their distance in the ranking where they can."""
    n = len(upper)
    owner: list[int | None] = [None] * n
    match: list[int | None] = [None] * len(lower)

    def options(i: int):
        return (j for j in _nearest(i, n) if _compatible(lower[i], upper[j], avoid_same))

    for root in range(len(lower)):
        seen: set[int] = set()
        stack = [(root, options(root))]
        path: list[tuple[int, int]] = []  # the edges tried from the root down to the top of the stack
        while stack:
            node, choices = stack[-1]
            j = next((j for j in choices if j not in seen), None)
            if j is None:  # a dead end: back up one step
                stack.pop()
                if path:
                    path.pop()
                continue
            seen.add(j)
            path.append((node, j))
            holder = owner[j]
            if holder is None:  # a free partner: every lower on the path takes the upper it tried
                for a, b in path:
                    owner[b], match[a] = a, b
                break
            stack.append((holder, options(holder)))
    return match


def _nearest(i: int, n: int):
    """0..n-1 starting at i and moving outwards: i, i-1, i+1, i-2, i+2, ..."""
    if i < n:
        yield i
    for d in range(1, max(i, n - 1 - i) + 1):
        if 0 <= i - d < n:
            yield i - d
        if i + d < n:
            yield i + d


def _impossible(people: Sequence[Person], avoid_same: Sequence[str], unmatched: list[int], by: str) -> tuple[str, str]:
    for column in avoid_same:
        counts: dict[str, list[int]] = {}
        for p in people:
            if p.value(column):
                counts.setdefault((p.value(column) or "").casefold(), []).append(p.line)
        biggest = max(counts.values(), key=len, default=[])
        if len(biggest) * 2 > len(people):
            return (f"{len(biggest)} of {len(people)} participants share one {column} (the {column} on line "
                    f"{biggest[0]}), so some pairs would share it",
                    f"pairs cannot keep colleagues apart when one {column} is more than half the room")
    return (f"no pairing across {by} keeps every pair in different {' and '.join(avoid_same)}: the "
            f"participant{_plural(unmatched)} on line{_plural(unmatched)} {_lines(unmatched)} cannot be paired",
            f"check the {by} and {' and '.join(avoid_same)} of those rows")


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _lines(lines: list[int]) -> str:
    shown = ", ".join(map(str, lines[:MAX_LINES_SHOWN]))
    return shown + (f" and {len(lines) - MAX_LINES_SHOWN} more" if len(lines) > MAX_LINES_SHOWN else "")


def _plural(items: list) -> str:
    return "s" if len(items) != 1 else ""
