"""Markdown in content: to sanitized HTML for handouts, to styled runs for slides, to plain text.

markdown-it-py (CommonMark) parses with raw HTML disabled, so `<script>` in content is shown as text;
a link whose target is not an absolute http, https or mailto address (`//host/share`, `/etc/passwd`,
`../notes`, `#x`) is dropped at parse time and its text kept as plain text, in every output (a PDF
would otherwise make it a `file://` link); nh3 (the Ammonia sanitizer) then keeps only an allow-list of
tags, so nothing a content file says can load a resource or run code in any output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from kitgen import markup_rules

MAX_NESTING = 12
_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "code", "br", "blockquote", "h3", "h4", "del", "s",
         "table", "thead", "tbody", "tr", "th", "td", "figure", "img", "figcaption", "pre", "hr"}
_ATTRS = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope", "class"}, "td": {"class"}, "img": {"src", "alt"}}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True, "maxNesting": MAX_NESTING})
    md.enable(["replacements", "smartquotes", "strikethrough", "table"])
    md.disable(["html_block", "html_inline"], ignoreInvalid=True)
    md.core.ruler.push("drop_links", _drop_links)
    md.core.ruler.push("figures", markup_rules.figures)
    md.core.ruler.push("cells_and_headings", markup_rules.cells_and_headings)
    md.add_render_rule("image", markup_rules.render_image)
    return md


def parse(text: str, env: dict, inline: bool = False) -> list:
    """The tokens of `text` as kitgen reads it (`env` collects what the rules noted: links printed as
    text, images that are not figures); `inline` reads it as a one-line text."""
    md = _parser()
    return md.parseInline(text, env) if inline else md.parse(text, env)


_ALLOWED_LINK = re.compile(r"(?:https?://[^/\\\s]|mailto:[^\s])", re.I)


def allowed_href(href: str, anchors: bool = False) -> bool:
    """Whether a link target is kept: an absolute http, https or mailto address (with `anchors`, as in
    layouts, also a `#fragment` within the document)."""
    return bool(_ALLOWED_LINK.match(href)) or (anchors and len(href) > 1 and href.startswith("#"))


def _drop_links(state) -> None:
    """A core rule: links to anything but an allowed address become their text; their targets are
    listed in the parse's env under "refused_links"."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        kept, dropping = [], False
        for token in block.children:
            if token.type == "link_open" and not allowed_href(str(token.attrGet("href") or "")):
                state.env.setdefault("refused_links", []).append(str(token.attrGet("href") or ""))
                dropping = True
            elif token.type == "link_close" and dropping:
                dropping = False
            else:
                kept.append(token)
        block.children = kept


def refused_links(text: str) -> list[str]:
    """The link targets in a Markdown text that are printed as plain text (for validation warnings)."""
    if "](" not in text and "]:" not in text and "<" not in text:
        return []  # no inline link, reference definition or autolink
    env: dict = {}
    _parser().parse(text, env)
    return env.get("refused_links", [])


def link_problems(text: str) -> list[tuple[str, str]]:
    """`refused_links` as (message, hint) pairs: a per-text check for validation's walk of every text."""
    return [(f"the link to {href[:80]!r} prints as plain text: only http, https and mailto links are kept",
             "write the full web address (https://…), or remove the link") for href in refused_links(text)]


def _clean(html: str) -> str:
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRS, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer")


@lru_cache(maxsize=4096)
def to_html(text: str, inline: bool = False) -> str:
    """Markdown to safe HTML; `inline` renders a single paragraph without the <p> wrapper."""
    md = _parser()
    html = md.renderInline(text) if inline else md.render(text)
    return _clean(html).strip()


@dataclass(frozen=True)
class Run:
    """A stretch of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


@dataclass
class Para:
    """A paragraph or list item: runs, its list level (0 = not in a list) and its marker."""

    runs: list[Run] = field(default_factory=list)
    level: int = 0
    bullet: str = ""

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def to_paras(text: str, inline: bool = False) -> list[Para]:
    """Markdown to paragraphs of styled runs (for slides and measuring)."""
    md = _parser()
    if inline:
        para = Para()
        for tok in md.parseInline(text):
            _inline(tok.children or [], para)
        return [para]
    walk = _ParaWalk()
    for tok in md.parse(text):
        walk.token(tok)
    return walk.paras


class _ParaWalk:
    """The block tokens of a text, read in order into paragraphs: list items know their level and
    marker, a heading's words are bold, a code block is one monospaced paragraph per line."""

    def __init__(self) -> None:
        self.paras: list[Para] = []
        self.lists: list[list] = []  # stack of [ordered, counter]
        self.heading = False

    def token(self, tok) -> None:
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            self.lists.append([kind == "ordered_list_open", int(tok.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind in ("fence", "code_block"):
            self.paras += [Para([Run(line, code=True)], level=len(self.lists))
                           for line in tok.content.rstrip("\n").split("\n")]
        elif kind == "inline":
            self.paras.append(self._para(tok))
        self.heading = kind == "heading_open" or (self.heading and kind != "heading_close")

    def _para(self, tok) -> Para:
        para = Para(level=len(self.lists))
        if self.lists:
            ordered, n = self.lists[-1]
            para.bullet = f"{n}." if ordered else "•"
            self.lists[-1][1] += 1
        _inline(tok.children or [], para)
        if self.heading:
            para.runs = [Run(r.text, True, r.italic, r.code, r.href) for r in para.runs]
        return para


def _inline(children, para: Para) -> None:
    bold = italic = 0
    href: str | None = None
    for child in children:
        t = child.type
        if t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic -= 1
        elif t == "link_open":
            target = str(child.attrGet("href") or "")
            href = target if allowed_href(target) else None
        elif t == "link_close":
            href = None
        elif t in ("text", "code_inline") and child.content:
            para.runs.append(Run(child.content, bold > 0, italic > 0, t == "code_inline", href))
        elif t in ("softbreak", "hardbreak"):
            para.runs.append(Run(" " if t == "softbreak" else "\n", bold > 0, italic > 0))


def to_plain(text: str, inline: bool = False) -> str:
    """Markdown to plain text (for PDF metadata, slide titles, notes)."""
    return "\n".join(p.text for p in to_paras(text, inline))


class Rich:
    """A content text after placeholders: prints as safe HTML in layouts; `.md`, `.plain`, `.paras` for others."""

    __slots__ = ("md", "inline")

    def __init__(self, md: str, inline: bool = False):
        self.md = md
        self.inline = inline

    def __html__(self) -> str:
        return to_html(self.md, self.inline)

    @property
    def html(self) -> Markup:
        return Markup(self.__html__())

    @property
    def plain(self) -> str:
        return to_plain(self.md, self.inline)

    @property
    def paras(self) -> list[Para]:
        return to_paras(self.md, self.inline)

    def __str__(self) -> str:
        return self.plain

    def __bool__(self) -> bool:
        return bool(self.md.strip())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Rich):
            return self.md == other.md
        return isinstance(other, str) and self.md == other

    def __hash__(self) -> int:
        return hash(self.md)

    def __len__(self) -> int:
        return len(self.md)

    def __repr__(self) -> str:
        return f"Rich({self.md[:40]!r})"


_TAG = re.compile(r"(<[^>]*>)")
_NAME_SPLIT = re.compile(r"[\s\-\u2010\u2011]+")


def unbroken_names(html: str, names) -> Markup:
    """`html` with each of `names` (people's names, as a case study's characters are named) in its text,
    whole or a word of it ("Zoë", "Ólafsdóttir"), wrapped in `<span class="name">`, which print.css
    never hyphenates ("Ólafs-dóttir"); tags and their attributes are left as they are."""
    from markupsafe import escape
    html = html.__html__() if hasattr(html, "__html__") else escape(html)  # a text's HTML, never its plain words
    whole = {" ".join(str(getattr(name, "plain", name)).split()) for name in names}
    words = {w for name in whole for w in (name, *_NAME_SPLIT.split(name)) if len(w) >= 3}  # a whole name first
    if not words:
        return Markup(html)
    pattern = re.compile(r"(?<![\w&])(" + "|".join(re.escape(str(escape(w))) for w in sorted(words, key=len, reverse=True)) + r")(?!\w)")
    parts = _TAG.split(str(html))
    return Markup("".join(part if i % 2 else pattern.sub(r'<span class="name">\1</span>', part) for i, part in enumerate(parts)))
