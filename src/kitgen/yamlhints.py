"""Hints for the YAML mistakes authors make most: a ": " inside text, quotes, backslashes, flow lists.

A colon followed by a space makes YAML read a key and a value, so `- Silence is expensive: the
problems...` becomes a mapping and `summary: Silence is expensive: the problems...` does not parse.
Both hints show the author's own line written in quotes.
"""

from __future__ import annotations

import re

SHOWN = 60
"""Characters of the author's text shown in a hint before it is cut with "…"."""
MISREAD = 'YAML read this text as a key and a value because of its unquoted ": "'

_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_COMMENT = re.compile(r"\s+#.*$")
_PREFIX = re.compile(r"\s*(?:-\s+)*")


def quote(text: str) -> str:
    """`text` as a YAML double-quoted string, cut after SHOWN characters."""
    if len(text) > SHOWN:
        text = text[:SHOWN].rsplit(" ", 1)[0] + "…"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _line(text: str, mark) -> str:
    start = text.rfind("\n", 0, mark.index) + 1
    end = text.find("\n", mark.index)
    return text[start:] if end < 0 else text[start:end]


def colon_line(text: str, key_mark, key: str, value: str) -> str:
    """The line of a one-pair mapping `key: value` written as one quoted text, e.g. `- "key: value"`."""
    prefix = _line(text, key_mark)[:key_mark.column].strip()
    return f"{prefix} {quote(f'{key}: {value}')}".strip()


def _mapping_values(text: str, mark) -> tuple[str, str]:
    line = _line(text, mark)
    prefix = _PREFIX.match(line).group()
    first = line.find(": ", len(prefix))
    if first < 0 or first >= mark.column:
        return ('a ": " inside unquoted text makes YAML read a key here',
                "put the whole text in quotes, or write > after its key and the text on the lines below")
    key, rest = line[len(prefix):first], _COMMENT.sub("", line[first + 2:].strip())
    if _FIELD.fullmatch(key):
        fixed = f"{prefix.strip()} {key}: {quote(rest)}"
    else:
        fixed = f"{prefix.strip()} {quote(f'{key}: {rest}')}"
    return 'a second ": " in unquoted text makes YAML read another key here', f"put the text in quotes: {fixed.strip()}"


def explain(text: str, message: str, mark, private: bool = False) -> tuple[str, str]:
    """The message and hint for one of PyYAML's syntax errors at `mark` in `text`; for a file of personal
    data (`private`: a roster), a hint that never shows the author's text."""
    if "flow" in message:
        return message, "inside [a, b] or {k: v}, put text containing ? : , # [ ] { } in quotes"
    if mark is not None and "mapping values are not allowed" in message:
        if private:
            return ('a second ": " in unquoted text makes YAML read another key here',
                    'put the text after the field\'s name in "double quotes"')
        return _mapping_values(text, mark)
    if "unknown escape character" in message:
        return message, ('inside "double quotes" a backslash starts an escape: write \\\\ for one backslash '
                         "(\\\\{{ for literal braces), or use 'single quotes'")
    if "'\\t'" in message:
        return message, "replace the tab with spaces, or put the text in quotes"
    return message, "check indentation, quotes and colons"
