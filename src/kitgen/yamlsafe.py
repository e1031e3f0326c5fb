"""Safe YAML loading: plain data only, every value with its file, line and column.

PyYAML's safe loader still expands aliases (a "billion laughs" file eats memory), keeps the last of
duplicate keys and turns `no`, `on`, `010` or `1:30` into booleans and numbers. This loader composes
the YAML node tree itself with a resolver that knows no implicit types, so every scalar is the text
the author wrote (typed fields are converted later, by the model), and it refuses aliases, tags,
duplicate keys, deep nesting and oversized files before any of them can cost anything.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml.reader
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from kitgen.errors import Loc, Problem

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 24
MAX_ITEMS = 5_000
MAX_TEXT = 50_000
_PLAIN_TAGS = {BaseResolver.DEFAULT_SCALAR_TAG, BaseResolver.DEFAULT_SEQUENCE_TAG, BaseResolver.DEFAULT_MAPPING_TAG}
_NULLS = {"", "~", "null", "Null", "NULL"}

Path_ = tuple[str | int, ...]


@dataclass
class Doc:
    """A loaded YAML file: plain data plus the location of every key and value."""

    file: str
    data: Any
    locs: dict[Path_, Loc] = field(default_factory=dict)

    def loc(self, path: Path_ = ()) -> Loc:
        """The location of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.locs:
                return self.locs[path]
            path = path[:-1]
        return self.locs.get((), Loc(self.file, 1, 1))


class YamlError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


class _Loader(Reader, Scanner, Parser, Composer, BaseResolver):
    """Composes nodes only; never constructs Python objects; refuses aliases and deep nesting."""

    def __init__(self, stream: str, file: str):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseResolver.__init__(self)
        self._file = file
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise YamlError(_problem(self._file, event.start_mark, "",
                                     "YAML aliases (*name) are not allowed in kitgen content",
                                     "write the value out in full instead of referring to an anchor")) from None
        self._depth += 1
        if self._depth > MAX_DEPTH:
            event = self.peek_event()
            raise YamlError(_problem(self._file, event.start_mark, "",
                                     f"nesting is deeper than {MAX_DEPTH} levels", "flatten the structure")) from None
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _problem(file: str, mark, field_path: str, message: str, hint: str = "") -> Problem:
    loc = Loc(file, mark.line + 1, mark.column + 1) if mark is not None else Loc(file)
    return Problem(loc, field_path, message, hint)


def load_text(text: str, file: str) -> Doc:
    """Parse YAML text into a Doc; raises YamlError with a located problem on the first fault."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise YamlError(Problem(Loc(file), "", f"file is larger than {MAX_FILE_BYTES // 1000} kB")) from None
    loader = None
    try:
        loader = _Loader(text, file)
        node = loader.get_single_node()
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or "not valid YAML"
        if exc.context:
            message = f"{exc.context}, {message}"
        hint = "check indentation, quotes and colons"
        if "flow" in message:
            hint = "inside [a, b] or {k: v}, put text containing ? : , # [ ] { } in quotes"
        raise YamlError(_problem(file, mark, "", message, hint)) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise YamlError(Problem(Loc(file, line, col), "", f"character U+{exc.character:04X} cannot appear in content",
                                "delete the control character")) from None
    except yaml.YAMLError as exc:
        raise YamlError(Problem(Loc(file), "", f"not valid YAML: {exc}")) from None
    except RecursionError:
        raise YamlError(Problem(Loc(file), "", "nesting is too deep")) from None
    finally:
        if loader is not None:
            loader.dispose()
    doc = Doc(file, None)
    if node is not None:
        counter = [0]
        doc.data = _convert(node, (), doc, counter)
    return doc


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


def _convert(node: Node, path: Path_, doc: Doc, counter: list[int]) -> Any:
    counter[0] += 1
    if counter[0] > MAX_ITEMS:
        raise YamlError(_problem(doc.file, node.start_mark, _dotted(path), f"more than {MAX_ITEMS} values in one file")) from None
    if node.tag not in _PLAIN_TAGS:
        raise YamlError(_problem(doc.file, node.start_mark, _dotted(path), f"YAML tag {node.tag!r} is not allowed",
                                 "content is plain data: remove the !tag")) from None
    doc.locs.setdefault(path, Loc(doc.file, node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, ScalarNode):
        if node.style is None and node.value in _NULLS:
            return None
        return _clean_text(node, path, doc)
    if isinstance(node, SequenceNode):
        return [_convert(item, path + (i,), doc, counter) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        first: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                raise YamlError(_problem(doc.file, key_node.start_mark, _dotted(path), "keys must be plain text")) from None
            key = unicodedata.normalize("NFC", key_node.value)
            if key in first:
                earlier = first[key].start_mark.line + 1
                raise YamlError(_problem(doc.file, key_node.start_mark, _dotted(path + (key,)),
                                         f"duplicate key {key!r} (first set on line {earlier})",
                                         "keep one of the two; YAML would silently drop the first")) from None
            first[key] = key_node
            doc.locs[path + (key,)] = Loc(doc.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _convert(value_node, path + (key,), doc, counter)
        return out
    raise YamlError(_problem(doc.file, node.start_mark, _dotted(path), "unsupported YAML node")) from None


def _clean_text(node: ScalarNode, path: Path_, doc: Doc) -> str:
    text = unicodedata.normalize("NFC", node.value)
    if len(text) > MAX_TEXT:
        raise YamlError(_problem(doc.file, node.start_mark, _dotted(path),
                                 f"text is longer than {MAX_TEXT} characters")) from None
    for i, ch in enumerate(text):
        if not _xml_ok(ch):
            raise YamlError(_problem(doc.file, node.start_mark, _dotted(path),
                                     f"character U+{ord(ch):04X} at position {i + 1} cannot appear in a document",
                                     "delete the control character")) from None
    return text


def _xml_ok(ch: str) -> bool:
    cp = ord(ch)
    if cp < 0x20:
        return ch in "\t\n\r"
    return not (0xD800 <= cp <= 0xDFFF or cp in (0xFFFE, 0xFFFF))


def _dotted(path: Path_) -> str:
    return dotted(path)


def dotted(path: Path_) -> str:
    """`('agenda', 2, 'minutes')` -> `agenda[2].minutes`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
