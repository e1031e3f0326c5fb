"""CSS as kitgen checks it before a renderer sees it: the files a stylesheet refers to, and the values
that would make the renderer allocate without bound.

The text is read with tinycss2, the tokenizer WeasyPrint itself uses, so escapes are decoded
(`u\\72 l(` is `url(`, `tab\\-size` is `tab-size`) and what is checked is what the renderer reads.
Both functions walk every token, in any rule, block or declaration, so nesting or odd placement
cannot hide a reference or a value.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import tinycss2

#: The widest `tab-size` (in spaces) a layout may ask for: Pango lays out that many spaces per tab.
MAX_TAB_SIZE = 100
_TAB_SIZE = {"tab-size", "-moz-tab-size", "-o-tab-size"}
_KEYWORDS = {"inherit", "initial", "unset", "revert", "revert-layer"}
_IMAGE_LISTS = {"image-set", "-webkit-image-set", "cross-fade", "image"}  # their strings are URLs


@functools.lru_cache(maxsize=16)
def _tokens(css: str) -> list:
    """The tokens of `css` (cached: every handout of a kit carries the same stylesheet; never modified)."""
    return tinycss2.parse_component_value_list(css, skip_comments=True)


def _sequences(tokens: list) -> Iterator[list]:
    """`tokens` and every nested list of tokens (block contents, function arguments)."""
    stack = [tokens]
    while stack:
        sequence = stack.pop()
        yield sequence
        for token in sequence:
            if token.type in ("{} block", "[] block", "() block"):
                stack.append(token.content)
            elif token.type == "function":
                stack.append(token.arguments)


def references(css: str) -> list[str]:
    """Every URL the CSS names: `url()` in any form, `@import`, and the strings of `image-set()`."""
    found: list[str] = []
    for sequence in _sequences(_tokens(css)):
        skip = False  # inside `@namespace …;`, whose URL names a namespace and is never fetched
        for i, token in enumerate(sequence):
            if token.type == "at-keyword" or (token.type == "literal" and token.value == ";"):
                skip = token.type == "at-keyword" and token.lower_value == "namespace"
            if not skip:
                found += _named(token, sequence, i)
    return found


def _named(token, sequence: list, i: int) -> list[str]:
    """The URLs one token names."""
    if token.type == "url":
        return [token.value]
    if token.type == "function" and (token.lower_name == "url" or token.lower_name in _IMAGE_LISTS):
        return [t.value for t in token.arguments if t.type == "string"]
    if token.type == "at-keyword" and token.lower_value == "import":
        return [t.value for t in _until_semicolon(sequence, i + 1)[:1] if t.type == "string"]
    return []


def _until_semicolon(sequence: list, start: int) -> list:
    """The meaningful tokens after `start`, up to the next `;` or block."""
    out = []
    for token in sequence[start:]:
        if token.type == "literal" and token.value == ";" or token.type == "{} block":
            break
        if token.type not in ("whitespace", "comment"):
            out.append(token)
    return out


def problems(css: str) -> list[str]:
    """Why this CSS may not be rendered (empty when it may): values that make the renderer allocate
    without bound."""
    found = []
    for sequence in _sequences(_tokens(css)):
        for i, token in enumerate(sequence):
            if token.type == "ident" and token.lower_value in _TAB_SIZE:
                value = _declared_value(sequence, i + 1)
                if value is not None and not _tab_size_ok(value):
                    shown = tinycss2.serialize(value).strip()[:60]
                    found.append(f"{token.lower_value}: {shown} is not allowed "
                                 f"(use a number of spaces up to {MAX_TAB_SIZE}, or a length)")
    return found


def _declared_value(sequence: list, start: int) -> list | None:
    """The value tokens of a declaration whose name ends at `start`, or None when no `:` follows."""
    colon = start
    while colon < len(sequence) and sequence[colon].type in ("whitespace", "comment"):
        colon += 1
    if colon == len(sequence) or sequence[colon].type != "literal" or sequence[colon].value != ":":
        return None
    value = []
    for token in sequence[colon + 1:]:
        if token.type == "literal" and token.value == ";":
            break
        value.append(token)
    return value


def _tab_size_ok(value: list) -> bool:
    tokens = [t for t in value if t.type not in ("whitespace", "comment")]
    if len(tokens) >= 2 and tokens[-2].type == "literal" and tokens[-2].value == "!" \
            and tokens[-1].type == "ident" and tokens[-1].lower_value == "important":
        tokens = tokens[:-2]
    if len(tokens) != 1:
        return False
    token = tokens[0]
    if token.type == "number":
        return token.is_integer and 0 <= token.int_value <= MAX_TAB_SIZE
    if token.type == "ident":
        return token.lower_value in _KEYWORDS
    return token.type == "dimension"  # a length: a tab stop width, nothing is laid out
