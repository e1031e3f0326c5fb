"""Breakout groups: everyone in exactly one group, sizes within one of each other, colleagues spread out;
or the groups a roster column already assigns.

Deterministic for the same roster and seed on every machine: the only randomness is
`random.Random(seed)` over lists in roster order (no `hash()` of text, which changes per process).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kitgen.roster import Person


@dataclass(frozen=True)
class Group:
    """One breakout group: its 1-based number and its members, in the order they were dealt."""

    number: int
    members: tuple[Person, ...]
    name: str = ""
    """What the roster calls it ("Blue", "Table A"), printed instead of "Group 3": set for the groups a
    roster column assigns when its values do not number them."""


def group_count(people: int, size: int | None = None, count: int | None = None) -> int:
    """How many groups: `count`, else as many groups of at most `size` as needed (at least one)."""
    wanted = count if count else math.ceil(people / size) if size else 1
    return max(1, min(wanted, people))


def breakout(people: Sequence[Person], *, size: int | None = None, count: int | None = None,
             balance: str | None = None, seed: int = 0) -> list[Group]:
    """Split `people` into groups of at most `size` (or into `count` groups).

    With `balance` (a column such as team), people who share a value are dealt to consecutive groups,
    largest teams first, so each group holds as few colleagues as the numbers allow: a team of m
    people puts floor(m/k) or ceil(m/k) of them in each of the k groups.
    """
    if not people:
        return []
    k = group_count(len(people), size, count)
    rng = random.Random(seed)
    order = _balanced(people, balance, rng) if balance else _shuffled(people, rng)
    dealt: list[list[Person]] = [[] for _ in range(k)]
    for i, person in enumerate(order):
        dealt[i % k].append(person)
    return [Group(n + 1, tuple(members)) for n, members in enumerate(dealt)]


def _shuffled(people: Sequence[Person], rng: random.Random) -> list[Person]:
    order = list(people)
    rng.shuffle(order)
    return order


def _balanced(people: Sequence[Person], column: str, rng: random.Random) -> list[Person]:
    """People in runs of the same `column` value: the largest runs first, each run shuffled.

    People without a value share nothing with anyone, so each is a run of one.
    """
    runs: dict[str, list[Person]] = {}
    alone: list[list[Person]] = []
    for person in people:
        value = person.value(column)
        if value:
            runs.setdefault(value.casefold(), []).append(person)
        else:
            alone.append([person])
    batches = [*runs.values(), *alone]
    rng.shuffle(batches)  # equal-sized runs in a seeded order, then a stable sort by size
    batches.sort(key=len, reverse=True)
    order: list[Person] = []
    for batch in batches:
        rng.shuffle(batch)
        order.extend(batch)
    return order


def group_of(groups: Sequence[Group]) -> dict[int, Group]:
    """Each person's group, by the person's roster number."""
    return {person.number: group for group in groups for person in group.members}


@dataclass(frozen=True)
class Assigned:
    """The groups a roster column assigns, and the people it gives no group."""

    groups: list[Group]
    without: list[Person]


def assigned(people: Sequence[Person], column: str) -> Assigned:
    """One group per value of `column` (the same whatever its case and spacing): numbered by the value
    when every value is a distinct number ("3", "Group 3", "Table 03" is Group 3); else named by the
    value as the roster first writes it ("Blue", "Table A"), in the order the roster first names them."""
    values: dict[str, list[Person]] = {}
    written: dict[str, str] = {}
    without = []
    for person in people:
        value = " ".join((person.value(column) or "").split())
        if value:
            key = value.casefold()
            written.setdefault(key, value)
            values.setdefault(key, []).append(person)
        else:
            without.append(person)
    numbers = {key: _group_number(key) for key in values}
    numbered = None not in numbers.values() and len(set(numbers.values())) == len(numbers)
    if numbered:
        groups = [Group(numbers[key], tuple(members)) for key, members in values.items()]
    else:
        groups = [Group(n, tuple(members), written[key]) for n, (key, members) in enumerate(values.items(), 1)]
    return Assigned(sorted(groups, key=lambda g: g.number), without)


def _group_number(value: str) -> int | None:
    match = re.fullmatch(r"\D{0,20}?(\d{1,4})", value.strip())
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None
