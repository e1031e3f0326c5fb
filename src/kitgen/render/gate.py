"""The gate a layout's HTML passes before it is printed to PDF or exported as HTML.

The PDF renderer never runs scripts and fetches only through the sandboxed fetcher; a browser opening
an exported handout would do both. So the HTML is checked here, the same way for both outputs:

* no active content: `<script>`, frames, `<object>`/`<embed>`, `<base>`, `<meta http-equiv=refresh>`,
  `on…` event handlers, form actions, `srcdoc`, `ping`;
* every resource (`src`, `srcset`, `href` of `<link>` and SVG images, `poster`, `background`, CSS
  `url()` and `@import`, followed into the stylesheets they name) is one the fetcher serves: a file
  inside the workspace or the built-in layouts, of an allowed type, checked by content;
* links (`<a href>`) are absolute `http`, `https` or `mailto` addresses, or `#anchors` in the document;
* no value that makes the renderer allocate without bound: CSS checked by :mod:`kitgen.stylesheets`,
  inline SVG bounded like SVG files, `colspan`/`span`/`rowspan` within HTML's own limits.

The parser is WeasyPrint's (tinyhtml5, the HTML5 algorithm browsers follow), so what is checked is
what is rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import tinyhtml5
from weasyprint.urls import url_join

from kitgen import stylesheets
from kitgen.errors import ContentError, Loc, Problem
from kitgen.images import svg_elements, svg_problem, tree_events
from kitgen.markup import allowed_href
from kitgen.render.fetcher import ResourceRefused, SandboxFetcher

# <noscript> too: a browser running scripts reads its content as text, a parser that does not as markup
# and SVG animation, which can set an href to a script when the document is opened in a browser
_ACTIVE = {"script", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base",
           "animate", "set", "animatemotion", "animatetransform", "animatecolor", "discard", "handler", "listener"}
_FORBIDDEN_ATTRIBUTES = {"srcdoc", "action", "formaction", "ping"}
_RESOURCE_ATTRIBUTES = {"src", "poster", "background", "data", "lowsrc", "dynsrc", "longdesc"}
_SPANS = {"colspan": 1000, "span": 1000, "rowspan": 65534}  # HTML's own clamps, which WeasyPrint lacks
_MAX_IMPORTS = 8  # stylesheets importing stylesheets
_SVG_NS = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Gated:
    """The HTML that may be rendered (unchanged when nothing was refused), and what was refused."""

    html: str
    refused: tuple[tuple[str, str], ...] = ()


@dataclass
class _Walk:
    base_url: str
    fetcher: SandboxFetcher
    refused: list[tuple[str, str]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def refuse(self, what: str, why: str) -> None:
        shown = what if len(what) <= 200 else what[:200] + "..."
        if (shown, why) not in self.refused:
            self.refused.append((shown, why))


def gate_html(html: str, base_url: str, fetcher: SandboxFetcher) -> Gated:
    """Check a layout's HTML (see the module's description); refused parts are removed from the
    returned HTML, which is `html` itself when nothing was refused."""
    root = tinyhtml5.parse(html, namespace_html_elements=False)  # exactly as WeasyPrint parses it
    walk = _Walk(base_url, fetcher)
    for parent in list(root.iter()):
        for element in list(parent):
            if _local(element) in _ACTIVE:
                walk.refuse(f"<{_local(element)}>", "scripts, frames, objects and <base> are not allowed in a layout")
                parent.remove(element)
    for element in root.iter():
        _check_element(element, walk)
    if not walk.refused:
        return Gated(html)
    return Gated(_serialize(root), tuple(walk.refused))


def checked_html(html: str, workspace: Path, layout: str, served: list[Path] | None = None) -> str:
    """A layout's rendered HTML when the gate refuses nothing in it; otherwise a ContentError with one
    problem per refusal, naming the layout (the same for the PDF and the HTML export). The files the
    gate read to check them are added to `served`."""
    from kitgen.layouts import BUILTIN_DIR, layout_label
    fetcher = SandboxFetcher([workspace, BUILTIN_DIR])
    gated = gate_html(html, workspace.as_uri() + "/", fetcher)
    if served is not None:
        served += [path for path in fetcher.served if path not in served]
    if gated.refused:
        prefix = workspace.as_uri() + "/"
        raise ContentError([Problem(Loc(layout_label(workspace, layout)), "",
                                    f"refused {what.replace(prefix, '')}: {why}", _HINT) for what, why in gated.refused])
    return gated.html


_HINT = ("images, fonts and stylesheets must be files inside the workspace; links must be http, https or "
         "mailto addresses; layouts may not run scripts")


def _local(element) -> str:
    return element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""


def _check_element(element, walk: _Walk) -> None:
    name = _local(element)
    for attribute, value in list(element.attrib.items()):
        if not _attribute_ok(name, attribute.rsplit("}", 1)[-1].lower(), value, element, walk):
            del element.attrib[attribute]
    if name == "style":
        _check_css("".join(element.itertext()), walk.base_url, walk, 0)
    elif element.tag == _SVG_NS + "svg":
        why = svg_problem(list(svg_elements(tree_events(element))))
        if why:
            walk.refuse("<svg>", why)


def _attribute_ok(name: str, key: str, value: str, element, walk: _Walk) -> bool:
    """Check one attribute; False when it is refused (and so removed)."""
    if _active(name, key, value):
        walk.refuse(f"{key}= on <{name}>", "scripts, form actions and redirects are not allowed in a layout")
        return False
    if key in _SPANS and _too_wide(value, _SPANS[key]):
        walk.refuse(f"{key}={value.strip()[:20]} on <{name}>", f"more than {_SPANS[key]} (HTML's own limit)")
        return False
    if key == "style":
        _check_css(value, walk.base_url, walk, 0)
        return True
    if key == "href" and name in ("a", "area"):
        return _href_ok(value.strip(), walk)
    if key == "href" and name == "link":
        return _link_ok(element, value, walk)
    if key in _RESOURCE_ATTRIBUTES or key == "href" or (key == "srcset" and name in ("img", "source")):
        urls = _srcset_urls(value) if key == "srcset" else [value]
        return all([_check_url(_resolved(url, walk.base_url), walk, 0) for url in urls])
    return True


def _active(name: str, key: str, value: str) -> bool:
    """An attribute that runs code, submits, pings or redirects."""
    if key.startswith("on") or key in _FORBIDDEN_ATTRIBUTES:
        return True
    return name == "meta" and key == "http-equiv" and value.strip().lower() in ("refresh", "set-cookie")


def _href_ok(href: str, walk: _Walk) -> bool:
    if allowed_href(href, anchors=True):
        return True
    walk.refuse(href, "links may only be absolute http, https or mailto addresses, or #anchors")
    return False


def _srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset: each a run of non-space characters, descriptors up to the next comma."""
    urls, i, n = [], 0, len(value)
    while i < n:
        while i < n and (value[i].isspace() or value[i] == ","):
            i += 1
        j = i
        while j < n and not value[j].isspace():
            j += 1
        url, i = value[i:j], j
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            while i < n and value[i] != ",":
                i += 1
        if url:
            urls.append(url)
    return urls


def _too_wide(value: str, limit: int) -> bool:
    digits = re.match(r"\s*\+?(\d+)", value)
    return bool(digits) and (len(digits.group(1)) > 9 or int(digits.group(1)) > limit)


def _link_ok(element, href: str, walk: _Walk) -> bool:
    if "attachment" in element.get("rel", "").lower().split():
        walk.refuse(href.strip(), "embedded file attachments are not supported")
        return False
    return _check_url(_resolved(href, walk.base_url), walk, 0)


def _resolved(value: str, base_url: str) -> str | None:
    value = value.strip()
    if not value or value.startswith("#"):
        return None
    return url_join(base_url, value, allow_relative=False, context=value)


def _check_url(url: str | None, walk: _Walk, depth: int) -> bool:
    """Whether the fetcher serves `url` (None: a fragment within the document); a stylesheet served
    is checked in turn, with what it refers to."""
    if url is None or url in walk.seen:
        return True
    walk.seen.add(url)
    try:
        response = walk.fetcher.fetch(url)
    except ResourceRefused as exc:
        walk.refuse(f"to load {exc.url}", exc.reason)
        return False
    if response.content_type == "text/css":
        _check_css(response.read().decode("utf-8", "replace"), url, walk, depth + 1)
    return True


def _check_css(css: str, base_url: str, walk: _Walk, depth: int) -> None:
    for problem in stylesheets.problems(css):
        walk.refuse("CSS", problem)
    if depth > _MAX_IMPORTS:
        walk.refuse(base_url, f"stylesheets import each other more than {_MAX_IMPORTS} deep")
        return
    for reference in stylesheets.references(css):
        _check_url(_resolved(reference, base_url), walk, depth)


def _serialize(root) -> str:
    """The checked tree as HTML (SVG elements written with their namespace as an attribute)."""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith(_SVG_NS):
            element.tag = element.tag[len(_SVG_NS):]
            if element.tag == "svg":
                element.set("xmlns", _SVG_NS[1:-1])
    return "<!DOCTYPE html>\n" + ElementTree.tostring(root, encoding="unicode", method="html")
