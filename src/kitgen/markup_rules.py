"""What kitgen adds to CommonMark's parse: figures, table cells with their scope, headings that sit
below a layout's own, and images that are not figures kept as their words.

- A paragraph holding one image and nothing else is a **figure**: `<figure><img src alt></figure>`,
  with the image's title (`![alt](src "Caption")`) as its caption. Its `src` must be a path inside
  the workspace (validation checks the file; the renderer's file gate serves it).
- An image inside a line of text is not drawn: its alt text stands in its place (validation warns).
- A pipe table's header cells get `scope="col"`; column alignment becomes a class (`align-right`),
  since style attributes never reach a layout.
- `#` and `##` headings become `<h3>`, deeper ones `<h4>`: content never competes with the headings
  of the document around it.
"""

from __future__ import annotations

import re
from html import escape

ALIGN = re.compile(r"text-align:\s*(left|center|right)")
_RELATIVE = re.compile(r"^(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?![/\\])[^\s\\]+$")


def is_workspace_src(src: str) -> bool:
    """Whether an image's `src` names a file relative to the workspace (no scheme, not absolute)."""
    return bool(_RELATIVE.match(src)) and ".." not in src.split("/")


def figures(state) -> None:
    """A core rule: mark paragraphs made of one image of the workspace as figures; other images are
    drawn as their alt text (those inside a line of text are listed in `env["inline_images"]`)."""
    tokens = state.tokens
    for i, token in enumerate(tokens):
        images = [c for c in token.children or [] if c.type == "image"] if token.type == "inline" else []
        if not images:
            continue
        if _alone(token.children) and 0 < i < len(tokens) - 1 and tokens[i - 1].type == "paragraph_open":
            images[0].meta["alone"] = True  # a figure, when its file is one of the workspace's
            if is_workspace_src(str(images[0].attrGet("src") or "")):
                tokens[i - 1].tag = tokens[i + 1].tag = "figure"
                images[0].meta["figure"] = True
                token.children = images
            continue
        _note_inline(state.env, images)


def _note_inline(env: dict, images: list) -> None:
    """Images inside a line of text, drawn as their alt text: listed in `env`, those without alt text too."""
    for image in images:
        env.setdefault("inline_images", []).append(str(image.attrGet("src") or ""))
        if not (image.content or "").strip():  # and nothing to print in its place
            env.setdefault("inline_images_without_alt", []).append(str(image.attrGet("src") or ""))


def _alone(children) -> bool:
    """Whether a line's tokens are one image and nothing else but white space."""
    images = sum(c.type == "image" for c in children)
    return images == 1 and all(c.type in ("image", "softbreak") or (c.type == "text" and not c.content.strip())
                               for c in children)


def cells_and_headings(state) -> None:
    """A core rule: header cells get their scope and alignments a class; headings sit at h3 and h4."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open"):
            match = ALIGN.search(str(token.attrGet("style") or ""))
            token.attrs.pop("style", None)
            if match:
                token.attrSet("class", f"align-{match.group(1)}")
            if token.type == "th_open":
                token.attrSet("scope", "col")
        elif token.type in ("heading_open", "heading_close"):
            token.tag = "h3" if token.tag in ("h1", "h2") else "h4"


def render_image(self, tokens, idx, options, env) -> str:
    """An image's HTML: a figure's `<img>` (and its caption), else the words of its alt text."""
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    if not token.meta.get("figure"):
        return escape(alt)
    src, title = str(token.attrGet("src") or ""), token.attrGet("title")
    caption = f"<figcaption>{escape(str(title))}</figcaption>" if title else ""
    return f'<img src="{escape(src)}" alt="{escape(alt)}">{caption}'
