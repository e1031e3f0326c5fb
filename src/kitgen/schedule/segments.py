"""A block's segments: its format's, or an activity's steps, with the topic parts it covers, timed.

Minutes come from three places, strongest first: the kit's `segments:` for the block (taken as
written: they must fit the block), the content's own timing (a case study's or activity's `segments`,
or an activity's step minutes: a suggestion for the content's own `minutes`, scaled to the slot),
and the format's weights for whatever is left.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from kitgen.models.span import fits, longest, shown
from kitgen.models.timing import SegmentSpec
import kitgen.schedule.formats as formats
from kitgen.schedule.formats import STEP_QUESTIONS_LAST, WORK, Part
from kitgen.schedule.minutes import share
from kitgen.schedule.model import Grouping, Segment
from kitgen.yamlsafe import dotted

if TYPE_CHECKING:
    from kitgen.errors import Problems
    from kitgen.models.span import Span
    from kitgen.models import Topic
    from kitgen.session import Block
    from kitgen.yamlsafe import Doc


@dataclass
class Content:
    """The timing a case study or activity suggests, and where it stands."""

    doc: Doc | None
    minutes: int | Span | None
    segments: dict[str, Any]
    steps: list[Any]
    kind: str | None = None
    what: str = "case study"
    """What the content is, in messages: case study, activity or block."""


def content_of(block: Block) -> Content:
    if block.case is not None:
        case = block.case.model
        return Content(block.case.doc, case.minutes, dict(case.segments), [])
    if block.activity is not None:
        act = block.activity
        return Content(block.activity_doc, act.minutes, dict(act.segments), list(act.steps), act.kind, "activity")
    if block.custom is not None:
        return Content(block.custom_doc, block.custom.minutes, {}, list(block.custom.steps), None, "block")
    return Content(None, None, {}, [])


def grouping_of(block: Block, breakout: Grouping | None = None) -> Grouping:
    """The kit's grouping for the block, else (for a case study) the breakout groups the kit makes of its
    roster, else the content's, else one person per role brief, else the format's default."""
    if block.item.grouping:
        return Grouping.parse(block.item.grouping)
    if breakout is not None and block.kind == "case_study":
        return breakout
    own = block.case.model.grouping if block.case else block.activity.grouping if block.activity else None
    if own:
        return Grouping.parse(own)
    roles = len(block.activity.role_briefs) if block.activity else 0
    if roles > 1:  # one person per role brief
        return Grouping.parse({2: "pairs", 3: "trios"}.get(roles, f"groups of {roles}"))
    key = block.activity.kind if block.activity else block.kind
    return formats.GROUPING.get(key, formats.WHOLE)


def format_of(block: Block, content: Content) -> tuple[Part, ...]:
    """The block's default segments (an activity with steps has one per step; so has a block with
    content of its own, whose first shows its title, text and slides)."""
    if block.custom is not None:
        return _custom_parts(block)
    if block.kind == "activity" and content.steps:
        return tuple(_step_part(block, i, len(content.steps)) for i in range(len(content.steps)))
    if block.kind == "activity":
        return formats.ACTIVITY[content.kind or "other"]
    if block.kind in formats.GUIDES:
        return formats.GUIDES[block.kind]
    return formats.PLAIN.get(block.ref or "", (Part(block.ref or "block", 1, ("section",)),))


def _custom_parts(block: Block) -> tuple[Part, ...]:
    custom = block.custom
    shows = ("block",) + (("text",) if custom.text else ()) + (("slides",) if custom.slides else ())
    if not custom.steps:
        return (Part((block.ref or "block").rpartition("/")[2], 1, shows),)
    return tuple(Part(f"step-{i + 1}", step.minutes or 1, (shows if i == 0 else ()) + ("step",), _step_grouping(step))
                 for i, step in enumerate(custom.steps))


def _step_grouping(step, otherwise: Grouping | None = WORK) -> Grouping | None:
    """The grouping a step says it is worked in, else `otherwise` (WORK: the block's)."""
    return Grouping.parse(step.grouping) if step.grouping else otherwise


def _step_part(block: Block, i: int, count: int) -> Part:
    steps = block.activity.steps
    kind = block.activity.kind
    marked = [k for k, s in enumerate(steps) if s.questions]
    if marked:
        asks = i in marked
    elif kind in STEP_QUESTIONS_LAST:
        asks = i == count - 1
    else:  # a guest speaker is asked questions after the talk, the longest step
        longest = max(range(count), key=lambda k: (steps[k].minutes or 0, -k))
        asks = i == min(longest + 1, count - 1)
    shows_questions = asks and kind in STEP_QUESTIONS_LAST and bool(block.activity.questions)
    parts = (("activity",) if i == 0 else ()) + ("step",) + (("questions",) if shows_questions else ())
    last_plenary = asks and kind in STEP_QUESTIONS_LAST and i == count - 1 and count > 1
    return Part(f"step-{i + 1}", steps[i].minutes or 1, parts,
                _step_grouping(steps[i], formats.WHOLE if last_plenary else WORK), asks)


def covered(block: Block, topics: Mapping[str, Topic], own: str, kit_doc: Doc, problems: Problems) -> list[str]:
    """The topic parts the block presents: the kit's `covers`, else the defaults the topic has. A part of
    another topic is `topic/part`; one whose topic could not be read was reported when resolving."""
    item = block.item
    if item.covers is None:
        return [p for p in formats.COVERS.get(block.ref or "", ()) if block.kind == "block" and _has(topics[own], p)]
    out = []
    for j, key in enumerate(item.covers):
        owner, _, part = key.rpartition("/")
        topic = topics.get(owner or own)
        if topic is not None and not _has(topic, part):
            where = ("agenda", block.at, "covers", j)
            problems.warn(kit_doc.loc(where), dotted(where), f"topic {owner or own!r} has no {part}: this block shows "
                          "nothing for it", f"add {part} to its topic.yaml, or remove it from `covers`")
        elif topic is not None:
            out.append(part if owner in ("", own) else key)
    return list(dict.fromkeys(out))


def part_of(key: str) -> tuple[str | None, str]:
    """A covered part's topic (None: the kit's own) and its name: `design-methods/faqs` -> (design-methods, faqs)."""
    owner, _, part = key.rpartition("/")
    return owner or None, part


def _has(topic: Topic, part: str) -> bool:
    return bool(getattr(topic, part))


def segments(block: Block, topics: Mapping[str, Topic], own: str, kit_doc: Doc, problems: Problems,
             breakout: Grouping | None = None) -> tuple[list[Segment], Grouping, list[str]]:
    """The block's segments with their minutes, and its grouping and covered parts (`breakout`: the
    roster's breakout groups, which case studies are worked in unless something else is said)."""
    content = content_of(block)
    grouping = grouping_of(block, breakout)
    covers = covered(block, topics, own, kit_doc, problems)
    fmt = format_of(block, content)
    parts = _ordered(block, fmt, [Part(p, formats.TOPIC_WEIGHTS[part_of(p)[1]], (part_of(p)[1],)) for p in covers])
    keys = [p.key for p in parts]
    minutes = _minutes(block, parts, [p.key for p in fmt if p.key in keys], content, kit_doc, problems)
    if minutes is None:
        return [], grouping, covers
    out = []
    for part, n in zip(parts, minutes):
        say = _say(block, part, content)
        step = int(part.key.removeprefix("step-")) - 1 if part.key.startswith("step-") and content.steps else None
        owner, name = part_of(part.key) if part.key in covers else (None, None)
        out.append(Segment(part.key, n, list(part.parts), part.grouping or grouping, say=say, step=step,
                           topic_part=name, topic=owner, questions=part.questions, weight=part.weight))
    return _merged(out), grouping, covers


def _ordered(block: Block, own: tuple[Part, ...], topic_parts: list[Part]) -> list[Part]:
    """The block's segments in order: the topic parts it covers first (after the welcome's opening);
    a block of your own presenting parts of the topic has those as its segments, under its title."""
    if topic_parts and block.kind == "block" and block.ref not in formats.PLAIN and block.custom is None:
        first = topic_parts[0]
        return [Part(first.key, first.weight, ("section",) + first.parts)] + topic_parts[1:]
    if formats.covered_first(block.ref if block.kind == "block" else None):
        opening = tuple(p for p in own[0].parts if p in OPENING) if own and topic_parts else ()
        if not opening:
            return topic_parts + list(own)
        first, rest = topic_parts[0], [replace(own[0], parts=tuple(p for p in own[0].parts if p not in OPENING))]
        return [replace(first, parts=opening + first.parts), *topic_parts[1:], *rest, *own[1:]]
    return list(own[:1]) + topic_parts + list(own[1:])


OPENING = ("block", "activity", "case", "discussion", "reflection", "books")
"""The parts that open a block (its section slide): on its first segment, a covered part when it has one."""


def _merged(out: list[Segment]) -> list[Segment]:
    """Segments of zero minutes (a block shorter than its segments) join the segment before them."""
    kept: list[Segment] = []
    for seg in out:
        if seg.minutes == 0 and kept:
            kept[-1].parts += [p for p in seg.parts if p not in kept[-1].parts]
        else:
            kept.append(seg)
    return kept


def _spec(value: Any) -> SegmentSpec:
    return value if isinstance(value, SegmentSpec) else SegmentSpec(minutes=value)


def _minutes(block: Block, parts: list[Part], own: list[str], content: Content, kit_doc: Doc,
             problems: Problems) -> list[int] | None:
    """Each segment's minutes, or None (with an error) when the kit's or the content's do not add up."""
    fixed = _fixed(block, [p.key for p in parts], kit_doc, problems)
    suggested = _suggested(content, own, problems)
    if fixed is None or suggested is None:
        return None
    rest = block.item.minutes - sum(fixed.values())
    free = [p for p in parts if p.key not in fixed]
    if not _fits(block, fixed, free, rest, content, kit_doc, problems):
        return None
    shares = _shares(free, suggested, content, rest)
    out_free = iter(share(rest, shares) if rest >= len(free) else _squeezed(rest, shares))
    minutes = [fixed[p.key] if p.key in fixed else next(out_free) for p in parts]
    _warn_shortened_steps(block, parts, minutes, suggested, content, kit_doc, problems)
    return minutes


def _warn_shortened_steps(block: Block, parts: list[Part], minutes: list[int], suggested: dict[str, int],
                          content: Content, kit_doc: Doc, problems: Problems) -> None:
    """Steps whose written minutes fill the block leave none for the topic parts it covers: each takes a
    minute from them, which the kit is told (the steps then run shorter than written)."""
    short = [(p.key, suggested[p.key], n) for p, n in zip(parts, minutes)
             if content.steps and p.key in suggested and n < suggested[p.key]]
    if not short or not block.item.covers:
        return
    where = ("agenda", block.at, "covers")
    said = ", ".join(f"step {key.removeprefix('step-')} {was} → {now} min" for key, was, now in short)
    problems.warn(kit_doc.loc(where), dotted(where),
                  f"the steps' own minutes fill the block, so the parts it covers take time from them ({said})",
                  f"give the block {sum(suggested.values()) + len(block.item.covers)} minutes or more, "
                  "or set its `segments`")


def _fits(block: Block, fixed: dict[str, int], free: list[Part], rest: int, content: Content, kit_doc: Doc,
          problems: Problems) -> bool:
    """The kit's segment minutes leave at least a minute for each other segment and fill the block;
    an activity has a minute at least for each of its steps."""
    total = block.item.minutes
    if fixed and (rest < len(free) or not free and rest != 0):
        where = ("agenda", block.at, "segments")
        others = f", leaving {max(rest, 0)} for {', '.join(p.key for p in free)}" if free else ""
        problems.add(kit_doc.loc(where), dotted(where),
                     f"the segments set here add up to {sum(fixed.values())} minutes of the block's {total}{others}",
                     f"set segments that add up to {total} minutes (a minute at least for each other segment), "
                     "or change the block's minutes")
        return False
    if rest < len(free) and content.steps:
        where = ("agenda", block.at, "minutes")
        problems.add(kit_doc.loc(where), dotted(where), f"{total} minutes cannot hold the activity's "
                     f"{len(content.steps)} steps (a minute each at least)", "give the block more minutes")
        return False
    return True


def _squeezed(rest: int, shares: list[float]) -> list[int]:
    """Fewer minutes than segments: the largest shares get a minute each, the others none (merged later)."""
    order = sorted(range(len(shares)), key=lambda i: (-shares[i], i))[:rest]
    return [1 if i in order else 0 for i in range(len(shares))]


def _shares(free: list[Part], suggested: dict[str, int], content: Content, rest: int) -> list[float]:
    """What each free segment should get of `rest`: the content's suggestion scaled, else the weights."""
    if not suggested:
        return [float(p.weight) for p in free]
    basis = (content.minutes if isinstance(content.minutes, int) else 0) or sum(suggested.values())
    scale = rest / basis if basis else 1.0
    given = {k: v * scale for k, v in suggested.items() if k in {p.key for p in free}}
    left = max(rest - sum(given.values()), 0.0)
    others = [p for p in free if p.key not in given]
    weights = sum(p.weight for p in others) or 1
    return [given[p.key] if p.key in given else left * p.weight / weights for p in free]


def _fixed(block: Block, keys: list[str], kit_doc: Doc, problems: Problems) -> dict[str, int] | None:
    """The kit's minutes for the block's segments (None: one it names does not exist)."""
    out, ok = {}, True
    for name, value in block.item.segments.items():
        if name not in keys:
            where = ("agenda", block.at, "segments", name)
            problems.add(kit_doc.loc(where), dotted(where), f"this block has no segment {name!r}",
                         f"its segments are {', '.join(keys)}")
            ok = False
        elif _spec(value).minutes is not None:
            out[name] = _spec(value).minutes
    return out if ok else None


def _suggested(content: Content, own: list[str], problems: Problems) -> dict[str, int] | None:
    """The content's own minutes per segment (its steps', or its `segments`), checked against its
    `minutes`; None (with an error) when they do not agree or name a segment its format lacks."""
    if content.doc is None:
        return {}
    if content.steps:
        found = {f"step-{i + 1}": s.minutes for i, s in enumerate(content.steps) if s.minutes}
        where: tuple = ("steps",)
    elif _unknown(content, own, problems):
        return None
    else:
        found = {k: _spec(v).minutes for k, v in content.segments.items() if _spec(v).minutes is not None}
        where = ("segments",)
    total = sum(found.values())
    said = content.minutes
    if said and found and (total > longest(said) or set(own) <= set(found) and not fits(said, total)):
        problems.add(content.doc.loc(where), dotted(where),
                     f"the {where[0]} add up to {total} minutes; the {content.what}'s `minutes` says {shown(said)}",
                     "make them agree")
        return None
    return found


def _unknown(content: Content, own: list[str], problems: Problems) -> bool:
    """Whether the content's `segments` name a segment its format does not have (each one an error)."""
    unknown = [name for name in content.segments if name not in own]
    for name in unknown:
        problems.add(content.doc.loc(("segments", name)), f"segments.{name}", f"no segment {name!r} in this format",
                     f"its segments are {', '.join(own)}")
    return bool(unknown)


def _say(block: Block, part: Part, content: Content) -> str | None:
    """The "Say:" line the kit or the content gives the segment (None: the locale's)."""
    for source in (block.item.segments, content.segments):
        value = source.get(part.key)
        if isinstance(value, SegmentSpec) and value.say:
            return value.say
    if part.key.startswith("step-") and content.steps:
        return content.steps[int(part.key.removeprefix("step-")) - 1].say
    return None
