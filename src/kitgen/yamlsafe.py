"""Safe YAML loading: plain data only, every key and value with its file, line and column.

PyYAML's safe loader still expands aliases (a "billion laughs" file eats memory), keeps the last of
duplicate keys and turns `no`, `on`, `010` or `1:30` into booleans and numbers. This loader builds
the data itself from the parser's events, so every scalar is the text the author wrote (typed fields
are converted later, by the model), and it refuses aliases, tags, duplicate keys, deep nesting,
oversized files and control characters before any of them can cost anything.

The events come from libyaml (PyYAML's C parser, over ten times faster) when PyYAML was built
with it, else from PyYAML's pure-Python parser; both give the same events for the files kitgen
accepts, so the same data and locations. A file that fails on libyaml's events is read again by the
pure-Python parser, whose messages and locations are the ones reported (and the ones kitgen's hints
are written for), and so is a file holding what only libyaml accepts (a tab, `?` inside `[..]`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (AliasEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent,
                         SequenceStartEvent, StreamEndEvent)
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from kitgen.errors import Loc, Problem
from kitgen.yamlhints import MISREAD, colon_line, explain

try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # PyYAML built without libyaml
    _CParser = None

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 24
MAX_ITEMS = 5_000
MAX_TEXT = 50_000
PARSERS = ("libyaml", "python") if _CParser is not None else ("python",)
"""The event sources available here, fastest first; `load_text` uses the first."""

_PLAIN_TAGS = {None, "!", BaseResolver.DEFAULT_SCALAR_TAG, BaseResolver.DEFAULT_SEQUENCE_TAG,
               BaseResolver.DEFAULT_MAPPING_TAG}
_NULLS = {"", "~", "null", "Null", "NULL"}
_RAW_REFUSED = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
"""Characters YAML itself refuses in a file, and U+FEFF (an invisible mark libyaml would drop)."""
_TEXT_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
"""Characters refused in keys and values (written raw or as escapes such as "\\x9b"): C0 and C1
controls, bidirectional embeddings, overrides and isolates, lone surrogates and non-characters."""

Path_ = tuple[str | int, ...]


@dataclass
class Doc:
    """A loaded YAML file: plain data plus the location of every key and value."""

    file: str
    data: Any
    locs: dict[Path_, Loc] = field(default_factory=dict)
    colons: dict[Loc, tuple[str, str]] = field(default_factory=dict)
    """One-line `words: more words` read as a one-pair mapping, by location: its key and the line in quotes."""
    notes: list[Problem] = field(default_factory=list)
    """Warnings found while reading: text that YAML reads otherwise than it looks (`run_on`)."""
    source: str = field(default="", repr=False)
    """The file's text, to point a problem at the line inside a long value that holds what it names."""

    def loc(self, path: Path_ = ()) -> Loc:
        """The location of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.locs:
                return self.locs[path]
            path = path[:-1]
        return self.locs.get((), Loc(self.file, 1, 1))

    def find(self, where: Loc, needle: str) -> Loc:
        """The line and column of `needle` in the value that starts at `where` (a text over many lines:
        a block scalar, a list item's continuation), else `where`. The value ends at the first line
        indented no deeper than its own first line, so a later field's text is never taken for it."""
        if not needle or not self.source or where.file != self.file or not where.line:
            return where
        lines = self.source.splitlines()[where.line - 1:]
        indent = len(lines[0]) - len(lines[0].lstrip()) if lines else 0
        for number, line in enumerate(lines, where.line):
            if number > where.line and line.strip() and len(line) - len(line.lstrip()) <= indent:
                break
            column = line.find(needle)
            if column >= 0:
                return Loc(where.file, number, column + 1)
        return where

    def colon_mistake(self, path: Path_, fields: tuple[str, ...] | list[str] = ()) -> tuple[str, str] | None:
        """When the value at `path` is a one-line `words: more words` that YAML read as a key and a value,
        and its key is none of `fields`: the message and hint that say to quote it."""
        loc = self.locs.get(tuple(path))
        found = self.colons.get(loc) if loc is not None else None
        if found is None or found[0] in fields:
            return None
        return MISREAD, f"put the whole text in quotes: {found[1]}"


class YamlError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


class _Disagreement(yaml.YAMLError):
    """libyaml read something PyYAML's own parser refuses: that parser decides."""


class _PythonParser(Reader, Scanner, Parser):
    """PyYAML's pure-Python reader, scanner and parser: events only."""

    def __init__(self, text: str):
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)


def _problem(file: str, mark, field_path: str, message: str, hint: str = "") -> Problem:
    loc = Loc(file, mark.line + 1, mark.column + 1) if mark is not None else Loc(file)
    return Problem(loc, field_path, message, hint)


def _fail(file: str, mark, path: Path_, message: str, hint: str = "") -> YamlError:
    return YamlError(_problem(file, mark, dotted(path), message, hint))


def load_text(text: str, file: str, parser: str | None = None, private: bool = False) -> Doc:
    """Parse YAML text into a Doc; raises YamlError with a located problem on the first fault.

    `parser` is one of PARSERS (default: the fastest available). `private`: the file holds personal data
    (a roster), so no hint shows its text.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise YamlError(Problem(Loc(file), "", f"file is larger than {MAX_FILE_BYTES // 1000} kB")) from None
    text = text.removeprefix("\ufeff")
    if bad := _RAW_REFUSED.search(text):
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        hint = "delete the invisible U+FEFF mark" if bad.group() == "\ufeff" else "delete the control character"
        raise YamlError(Problem(Loc(file, line, col), "", f"character U+{ord(bad.group()):04X} cannot appear in content",
                                hint)) from None
    if not text.endswith("\n"):
        text += "\n"  # the parsers place the end of a file without a final line break differently
    if (parser or PARSERS[0]) == "libyaml" and "\t" not in text:  # PyYAML refuses some tabs libyaml takes
        try:
            return _Composer(file, text, from_libyaml=True).compose(_CParser(text))
        except (yaml.YAMLError, YamlError):
            pass  # malformed or refused: PyYAML's parser below finds, words and locates the first problem
    try:
        return _Composer(file, text).compose(_PythonParser(text))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or "not valid YAML"
        if exc.context:
            message = f"{exc.context}, {message}"
        raise YamlError(_problem(file, mark, "", *explain(text, message, mark, private))) from None
    except yaml.YAMLError as exc:
        raise YamlError(Problem(Loc(file), "", f"not valid YAML: {exc}")) from None


def load_file(path: Path, file: str) -> Doc:
    """Read and parse one YAML file; `file` is the name used in messages."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise YamlError(Problem(Loc(file), "", f"file is larger than {MAX_FILE_BYTES // 1000} kB")) from None
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlError(Problem(Loc(file), "", f"cannot read file: {exc.strerror}")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlError(Problem(Loc(file), "", f"not UTF-8 text (byte {exc.start})", "save the file as UTF-8")) from None
    return load_text(text, file)


class _Frame:
    """An open mapping or sequence while its events arrive."""

    __slots__ = ("data", "path", "key", "first", "block", "key_event", "value_event")

    def __init__(self, data: dict | list, path: Path_, block: bool):
        self.data = data
        self.path = path
        self.block = block
        self.key: str | None = None
        self.key_event: ScalarEvent | None = None
        self.value_event: ScalarEvent | None = None
        """Mapping only: the first key and value, while they may be one text misread as a pair."""
        self.first: dict[str, int] | None = {} if isinstance(data, dict) else None
        """Mapping only: each key's line, to name both lines of a duplicate."""


class _Composer:
    """Builds plain data and locations from a parser's events, refusing what content may not hold."""

    def __init__(self, file: str, text: str, from_libyaml: bool = False):
        self.file = file
        self.text = text
        self.from_libyaml = from_libyaml
        self.locs: dict[Path_, Loc] = {}
        self.colons: dict[Loc, tuple[str, str]] = {}
        self.notes: list[Problem] = []
        self.count = 0
        self.stack: list[_Frame] = []
        self.root: Any = None

    def compose(self, parser) -> Doc:
        get = parser.get_event
        get()  # StreamStartEvent
        if type(parser.peek_event()) is not StreamEndEvent:
            get()  # DocumentStartEvent
            self._node(get())
            while self.stack:
                self._event(get())
            get()  # DocumentEndEvent
            if type(parser.peek_event()) is not StreamEndEvent:
                mark = get().start_mark
                message = "expected a single document in the stream, but found another document"
                raise YamlError(_problem(self.file, mark, "", *explain(self.text, message, mark)))
        return Doc(self.file, self.root, self.locs, self.colons, self.notes, self.text)

    def _event(self, event) -> None:
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            frame = self.stack.pop()
            if frame.block and frame.key_event is not None and len(frame.data) == 1:
                self._colon_candidate(frame)
        else:
            self._node(event)

    def _node(self, event) -> None:
        """A scalar, alias, or the start of a mapping or sequence: a key, a value or the root."""
        stack = self.stack
        parent = stack[-1] if stack else None
        if type(event) is AliasEvent:
            raise _fail(self.file, event.start_mark, (), "YAML aliases (*name) are not allowed in kitgen content",
                        "write the value out in full instead of referring to an anchor")
        if len(stack) >= MAX_DEPTH:
            raise _fail(self.file, event.start_mark, (), f"nesting is deeper than {MAX_DEPTH} levels", "flatten the structure")
        if parent is None:
            path: Path_ = ()
        elif parent.first is None:
            path = parent.path + (len(parent.data),)
        elif parent.key is None:
            self._key(parent, event)
            return
        else:
            path = parent.path + (parent.key,)
            if parent.key_event is not None:
                parent.value_event = event if type(event) is ScalarEvent else None
        self.count += 1
        if self.count > MAX_ITEMS:
            raise _fail(self.file, event.start_mark, path, f"more than {MAX_ITEMS} values in one file")
        if event.tag not in _PLAIN_TAGS:
            raise _fail(self.file, event.start_mark, path, f"YAML tag {event.tag!r} is not allowed",
                        "content is plain data: remove the !tag")
        if parent is None or parent.first is None:
            mark = event.start_mark
            self.locs[path] = Loc(self.file, mark.line + 1, mark.column + 1)
        value = self._value(event, path, parent)
        if parent is None:
            self.root = value
        elif parent.first is None:
            parent.data.append(value)
        else:
            parent.data[parent.key] = value
            parent.key = None

    def _value(self, event, path: Path_, parent: _Frame | None) -> Any:
        kind = type(event)
        if kind is ScalarEvent:
            if not event.style and event.value in _NULLS:
                return None
            if self.from_libyaml and _pyyaml_refuses(self.text, event, parent is not None and not parent.block):
                raise _Disagreement()
            return self._text(event, path)
        container: dict | list = {} if kind is MappingStartEvent else []
        self.stack.append(_Frame(container, path, not event.flow_style))
        return container

    def _key(self, frame: _Frame, event) -> None:
        if type(event) is not ScalarEvent or event.tag not in _PLAIN_TAGS:
            raise _fail(self.file, event.start_mark, frame.path, "keys must be plain text")
        if self.from_libyaml and (_pyyaml_refuses(self.text, event, not frame.block) or not event.value):
            raise _Disagreement()  # and an empty key is placed differently
        key = self._text(event, frame.path)
        mark = event.start_mark
        earlier = frame.first.get(key)
        if earlier is not None:
            raise _fail(self.file, mark, frame.path + (key,), f"duplicate key {key!r} (first set on line {earlier})",
                        "keep one of the two; YAML would silently drop the first")
        frame.first[key] = mark.line + 1
        frame.key = key
        frame.key_event = event if not frame.data else None
        self.locs[frame.path + (key,)] = Loc(self.file, mark.line + 1, mark.column + 1)

    def _text(self, event: ScalarEvent, path: Path_) -> str:
        text = event.value
        if not text.isascii() and not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if len(text) > MAX_TEXT:
            raise _fail(self.file, event.start_mark, path, f"text is longer than {MAX_TEXT} characters")
        if bad := _TEXT_REFUSED.search(text):
            raise _fail(self.file, event.start_mark, path, *_char_problem(bad.group(), bad.start()))
        if not event.style and event.end_mark.line > event.start_mark.line:
            self._run_on(event, path)
        return text

    def _run_on(self, event: ScalarEvent, path: Path_) -> None:
        """Unquoted text that goes on over a line starting with "- ": almost always a list item indented
        one space too far, which YAML joins to the item above."""
        source = self.text[event.start_mark.index:event.end_mark.index].split("\n")
        for offset, line in enumerate(source[1:], 1):
            if _ITEM_LINE.match(line):
                loc = Loc(self.file, event.start_mark.line + offset + 1, len(line) - len(line.lstrip()) + 1)
                self.notes.append(Problem(loc, dotted(path), 'this line starts with "- " but YAML reads it as more of '
                                          "the text above, not as an item of its own",
                                          'indent its "-" exactly like the items above, or put the text in quotes',
                                          severity="warning"))
                return

    def _colon_candidate(self, frame: _Frame) -> None:
        """Remember a one-pair block mapping of plain words on one line: perhaps meant as one text."""
        key_event, value_event = frame.key_event, frame.value_event
        if key_event.style or value_event is None or value_event.style or not value_event.value \
                or value_event.end_mark.line != key_event.start_mark.line:
            return
        (key, value), = frame.data.items()
        loc = self.locs.get(frame.path)
        if loc is not None and isinstance(value, str):
            self.colons[loc] = (key, colon_line(self.text, key_event.start_mark, key, value))


_ITEM_LINE = re.compile(r"\s*-\s")
_BLOCK_HEADER = re.compile(r"(?:[!&]\S*\s+)*[|>][-+0-9]*(?:[ \r\n]|\Z)")


def _pyyaml_refuses(text: str, event: ScalarEvent, flow: bool) -> bool:
    """Scalars libyaml reads but PyYAML's parser refuses: `?` in unquoted text inside [..] or {..}, and
    a block scalar's `|` or `>` followed by anything but a space or line break."""
    if not event.style:
        return flow and "?" in event.value
    return event.style in "|>" and not _BLOCK_HEADER.match(text, event.start_mark.index)


def _char_problem(ch: str, index: int) -> tuple[str, str]:
    code = ord(ch)
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return (f"bidirectional control character U+{code:04X} at position {index + 1} cannot appear in content",
                "delete it: it makes text display in a different order than it is stored")
    return (f"character U+{code:04X} at position {index + 1} cannot appear in a document",
            "delete the control character")


def dotted(path: Path_) -> str:
    """`('agenda', 2, 'minutes')` -> `agenda[2].minutes`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
