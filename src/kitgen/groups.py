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
from dataclasses import dataclass, field
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
    """The groups a roster column assigns, and the people it gives no group.

    `respelled`: the numbered groups whose label the roster writes in more than one way ("Tisch 3",
    "T3"), each with the first person of each other way. `lonely`: each person alone in a group whose
    label is close to another group's ("Tabel A" beside "Table A"), with the first person of that group.
    """

    groups: list[Group]
    without: list[Person]
    respelled: list[tuple[Group, list[Person]]] = field(default_factory=list)
    lonely: list[tuple[Person, Person]] = field(default_factory=list)


CLOSE = 0.75
"""How alike two groups' labels are (difflib's ratio, case and spacing aside) for a group of one to be
taken for a label written another way."""


def assigned(people: Sequence[Person], column: str) -> Assigned:
    """One group per value of `column` (the same whatever its case and spacing): numbered by the value
    when every value has a number ("3", "Group 3", "Table 03" is Group 3; "T3" too, beside "Table 3": a
    label's letters that begin another's are the same label shortened); else named by the value as the
    roster first writes it ("Blue", "Table A"), in the order the roster first names them."""
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
    numbers = _numbers(list(values))
    if numbers is not None:
        by_number: dict[int, list[str]] = {}
        for key in values:
            by_number.setdefault(numbers[key], []).append(key)
        members: dict[int, list[Person]] = {n: [] for n in by_number}
        for person in people:
            key = " ".join((person.value(column) or "").split()).casefold()
            if key:
                members[numbers[key]].append(person)
        groups = {n: Group(n, tuple(group)) for n, group in members.items()}
        respelled = [(groups[n], [values[k][0] for k in keys[1:]]) for n, keys in by_number.items() if len(keys) > 1]
        return Assigned(sorted(groups.values(), key=lambda g: g.number), without, respelled, _lonely(values))
    groups_named = [Group(n, tuple(members), written[key]) for n, (key, members) in enumerate(values.items(), 1)]
    return Assigned(groups_named, without, [], _lonely(values))


def _numbers(keys: list[str]) -> dict[str, int] | None:
    """Each label's group number, when every label has one and the labels of one number are one label
    written shorter or longer (their letters, spaces and marks aside, each begin the other's); else None."""
    numbers = {key: _group_number(key) for key in keys}
    if None in numbers.values():
        return None
    letters: dict[int, list[str]] = {}
    for key, number in numbers.items():
        letters.setdefault(number, []).append(re.sub(r"[\W\d_]+", "", key))  # type: ignore[arg-type]
    for words in letters.values():
        if any(not (a.startswith(b) or b.startswith(a)) for a in words for b in words):
            return None
    return numbers  # type: ignore[return-value]


def _marks(key: str) -> set[str]:
    """The words of a label that tell groups apart ("3", "A", "b2"): numbers and words of two letters or fewer."""
    return {w for w in re.split(r"[\W_]+", key) if w and (w.isdigit() or len(w) <= 2)}


def _lonely(values: dict[str, list[Person]]) -> list[tuple[Person, Person]]:
    """Each person alone under a label close to another label that has more people and the same marks
    ("Tabel A" beside "Table A"; never "Table B" beside "Table A", nor "Tisch 2" beside "Tisch 1")."""
    import difflib
    out = []
    for key, members in values.items():
        if len(members) != 1:
            continue
        marks = _marks(key)
        others = [k for k in values if k != key and len(values[k]) > 1 and _marks(k) == marks]
        close = difflib.get_close_matches(key, others, n=1, cutoff=CLOSE)
        if close:
            out.append((members[0], values[close[0]][0]))
    return out


def _group_number(value: str) -> int | None:
    match = re.fullmatch(r"\D{0,20}?(\d{1,4})", value.strip())
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None
