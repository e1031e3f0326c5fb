"""What a Markdown text holds that no output shows as meant, so validation can say so.

Prose fields render tables, figures, headings, code, rules, lists and quotes; one-line texts (titles,
names, questions, items) render emphasis, links and code only. Everything else would print as typed
or not at all: each such construct is a `(message, hint)` here, which validation reports as a
warning at the text's file, line and field. Figures themselves are listed by :func:`figures`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

from kitgen.markup import parse
from kitgen.media import Figure

FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_MAYBE = re.compile(r"!\[|\[\^|<")
"""What a prose text must hold to have anything to warn of: an image, a footnote marker, a tag."""
_MAYBE_INLINE = re.compile(r"!\[|\[\^|<|\||^\s*(?:#|```|~~~|([-*_])(?:\s*\1){2,}\s*$)", re.M)
"""The same for a one-line text, which also warns of headings, tables, code fences and rules."""
_LINE_BLOCKS = {"heading_open": "a heading", "table_open": "a table", "fence": "a code block",
                "code_block": "a code block", "hr": "a horizontal rule"}
"""Block constructs, by the token that opens them, that a one-line text prints as typed."""


@lru_cache(maxsize=1)
def _html_parser() -> MarkdownIt:
    """CommonMark with raw HTML on: only to find the HTML that kitgen's parser prints as text."""
    return MarkdownIt("commonmark", {"html": True})


def unshown(text: str, inline: bool = False) -> list[tuple[str, str]]:
    """The constructs of `text` that print as typed or not at all, each as (message, hint)."""
    if not (_MAYBE_INLINE if inline else _MAYBE).search(text):
        return []
    return list(_unshown(text, inline))


@lru_cache(maxsize=4096)
def _unshown(text: str, inline: bool) -> tuple[tuple[str, str], ...]:
    env: dict = {}
    tokens = parse(text, env, inline)
    found: list[tuple[str, str]] = []
    if inline:
        blocks = parse(text, {})
        for what in dict.fromkeys(_LINE_BLOCKS[t.type] for t in blocks if t.type in _LINE_BLOCKS):
            found.append((f"{what} prints as typed in a one-line text (a title, name, question or item)",
                          "write it as plain text, or move it to a prose field"))
    found += _inline_images(env)
    if any(FOOTNOTE.search(c.content) for t in tokens if t.type == "inline" for c in t.children or [] if c.type == "text"):
        found.append(("a footnote marker such as [^1] prints as typed: footnotes are not supported",
                      "put the note in the text itself, or in parentheses"))
    if "<" in text and any(t.type in ("html_block", "html_inline") for t in _all_tokens(_html_parser().parse(text))):
        found.append(("raw HTML prints as text, tags and all: kitgen never renders HTML from content",
                      "write Markdown instead: **bold**, *italic*, lists, | tables |"))
    return tuple(found)


def figures(text: str) -> list[Figure]:
    """The figures of a prose text, in order: every image on a line of its own (validation checks that
    each is a file of the workspace with alt text)."""
    if "![" not in text:
        return []
    out = []
    for token in parse(text, {}):
        for child in token.children or []:
            if child.type == "image" and child.meta.get("alone"):
                out.append(Figure(str(child.attrGet("src") or ""), "".join(c.content for c in child.children or []),
                                  str(child.attrGet("title") or "")))
    return out


def _inline_images(env: dict) -> list[tuple[str, str]]:
    """The images inside a line of text, which are not drawn: their alt text prints, or nothing."""
    out = []
    for src in env.get("inline_images", []):
        instead = "it has no alt text, so nothing prints" if src in env.get("inline_images_without_alt", []) \
            else "its alt text is printed instead"
        out.append((f"the image {src[:80]!r} is not drawn: {instead}",
                    "a figure stands on a line of its own in a prose field: ![What it shows](assets/figure.png)"))
    return out


def _all_tokens(tokens):
    for token in tokens:
        yield token
        yield from token.children or []
