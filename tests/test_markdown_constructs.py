"""Every Markdown construct content may hold is rendered, or validation says where it is not:
tables, figures, headings, code, rules, raw HTML, footnotes, images inside a line of text, block
constructs in a one-line text. Each warning names the file, the line and the field."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent / "roots" / "material"
BLOCK = "content/topics/motivation/blocks/do-no-harm.yaml"
PURPOSE = "purpose: Name the everyday habits that demotivate learners, so we can stop them."


@pytest.fixture
def ws(tmp_path) -> Path:
    return Path(shutil.copytree(ROOT, tmp_path / "ws"))


def with_purpose(ws: Path, text: str) -> int:
    """Set the block's purpose to `text` (a block scalar); the line it starts on."""
    path = ws / BLOCK
    body = path.read_text(encoding="utf-8")
    block = "purpose: |\n" + "".join(f"  {line}\n" if line else "\n" for line in text.split("\n"))
    body = body.replace(PURPOSE + "\n", block)
    path.write_text(body, encoding="utf-8")
    return body[:body.index(block)].count("\n") + 1


def located(result, line: int, field: str, *fragments: str, severity: str = "warning", col: int | None = None) -> None:
    """A problem with `fragments` at `field`: at `line` and `col` when `col` is given, else on `line` or a
    line of the text that starts there (what names a file or an address is located where it stands)."""
    assert "Traceback" not in result.text, result.text
    kind = "warning: " if severity == "warning" else ""
    where = rf"{re.escape(BLOCK)}:(\d+):(\d+): {re.escape(field)}: {kind}"
    problems = [(m, p) for p in re.split(r"\n(?!    hint:)", result.err) if (m := re.match(where, p))]
    assert any(all(f in p for f in fragments) and (int(m[1]), int(m[2])) == (line, col) if col is not None
               else all(f in p for f in fragments) and line <= int(m[1]) <= line + 12 for m, p in problems), result.err


# --- rendered: each construct has its HTML ----------------------------------------------------------

@pytest.mark.parametrize("text, html", [
    ("| Habit | Instead |\n|---|--:|\n| Dismissiveness | Acknowledge |",
     ['<th scope="col">Habit</th>', '<th class="align-right" scope="col">Instead</th>', "<td>Dismissiveness</td>"]),
    ("![A falling bar chart](assets/attendance.png)", ['<figure><img src="assets/attendance.png" alt="A falling bar chart"></figure>']),
    ('![Chart](assets/attendance.png "Attendance by month")', ["<figcaption>Attendance by month</figcaption>"]),
    ("# Why it matters\n\n### Detail", ["<h3>Why it matters</h3>", "<h4>Detail</h4>"]),
    ("```\nname = input()\n```", ["<pre><code>name = input()\n</code></pre>"]),
    ("Before\n\n    indented code\n", ["<pre><code>indented code\n</code></pre>"]),
    ("One part\n\n---\n\nAnother", ["<hr>"]),
    ("<script>alert(1)</script> and <b>bold</b>", ["&lt;script&gt;", "&lt;b&gt;bold&lt;/b&gt;"]),
])
def test_each_construct_renders_in_handouts(text, html):
    from kitgen.markup import to_html
    out = to_html(text)
    for fragment in html:
        assert fragment in out, out
    assert "<script" not in out and "<b>" not in out


def test_an_image_that_is_not_a_figure_prints_its_alt_text():
    from kitgen.markup import to_html
    assert to_html("See ![the chart](assets/attendance.png) here") == "<p>See the chart here</p>"
    assert to_html("![remote](https://example.org/a.png)") == "<p>remote</p>"
    assert "<img" not in to_html("![a](assets/attendance.png)", inline=True)


def test_slides_get_code_lines_and_bold_headings():
    from kitgen.markup import to_paras
    paras = to_paras("# Steps\n\n```\nfirst\nsecond\n```")
    assert [p.text for p in paras] == ["Steps", "first", "second"]
    assert all(r.bold for r in paras[0].runs) and all(r.code for p in paras[1:] for r in p.runs)


def test_rendered_constructs_need_no_warning(kitgen, ws):
    with_purpose(ws, "# Habits\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\n---\n\n"
                     "![A falling bar chart](assets/attendance.png)")
    result = kitgen("validate", "--strict", "-C", ws)
    assert result.code == 0 and "warning" not in result.err, result.text


# --- not shown as meant: a warning at the text's line -----------------------------------------------

@pytest.mark.parametrize("text, fragments, named", [
    ("Keep it kind.<br>Always.", ("raw HTML prints as text",), None),
    ("Praise the process.[^1]\n\n[^1]: Dweck, 2006.", ("a footnote marker such as [^1] prints as typed",), None),
    ("First line.\n\nLook at ![the chart](assets/attendance.png) first.", ("the image 'assets/attendance.png' is not drawn",),
     "assets/attendance.png"),
    ("See [the notes](../notes.md).", ("the link to '../notes.md' prints as plain text",), "../notes.md"),
    ("Look at ![](assets/attendance.png) first.", ("the image 'assets/attendance.png' is not drawn: it has no alt text, "
                                                  "so nothing prints",), "assets/attendance.png"),
])
def test_a_prose_construct_not_shown_is_a_located_warning(kitgen, ws, text, fragments, named):
    """At the field's line; what names a file or an address, at the line and column inside the text
    where it stands."""
    line = with_purpose(ws, text)
    result = kitgen("validate", "-C", ws)
    assert result.code == 0, result.text
    if named is None:
        located(result, line, "purpose", *fragments)
    else:
        inner = next(i for i, part in enumerate(text.split("\n")) if named in part)
        located(result, line + 1 + inner, "purpose", *fragments, col=3 + text.split("\n")[inner].index(named))
    assert kitgen("validate", "--strict", "-C", ws).code == 1


def test_code_that_shows_html_is_not_raw_html(kitgen, ws):
    with_purpose(ws, "Type `<b>` to make text bold; a pattern such as `[^1]` is code, not a footnote.")
    result = kitgen("validate", "--strict", "-C", ws)
    assert result.code == 0, result.text


@pytest.mark.parametrize("title, what", [
    ("'# First, do no harm!'", "a heading"),
    ("'| Habit | Instead |'", None),
    ("'![A bar chart](assets/attendance.png)'", "the image"),
])
def test_a_one_line_text_warns_of_block_constructs(kitgen, ws, title, what):
    path = ws / BLOCK
    path.write_text(path.read_text(encoding="utf-8").replace("title: First, do no harm!", f"title: {title}"), encoding="utf-8")
    result = kitgen("validate", "-C", ws)
    assert result.code == 0, result.text
    if what is None:  # a single row of pipes is not a table: it prints as written, as intended
        assert "warning" not in result.err, result.err
    else:
        located(result, 1, "title", what)


# --- figures: errors -------------------------------------------------------------------------------

@pytest.mark.parametrize("figure, fragments", [
    ("![](assets/attendance.png)", ("the figure 'assets/attendance.png' has no alt text",)),
    ("![Chart](assets/missing.png)", ("figure: 'assets/missing.png' does not exist",)),
    ("![Chart](https://example.org/chart.png)", ("must be a path inside the workspace",)),
    ("![Chart](../outside.png)", ("figure: '../outside.png' leads outside the workspace",)),
    ("![Chart](content/kits/teaching-day.yaml)", ("figure: 'content/kits/teaching-day.yaml' must be one of",)),
])
def test_a_figure_must_be_a_workspace_image_with_alt_text(kitgen, ws, figure, fragments):
    (ws.parent / "outside.png").write_bytes((ws / "assets/attendance.png").read_bytes())
    line = with_purpose(ws, f"Habits.\n\n{figure}")
    result = kitgen("validate", "-C", ws)
    assert result.code == 1, result.text
    located(result, line, "purpose", *fragments, severity="error")


def test_a_damaged_image_is_refused_at_validation(kitgen, ws):
    (ws / "assets/broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    line = with_purpose(ws, "![A chart](assets/broken.png)")
    result = kitgen("validate", "-C", ws)
    located(result, line, "purpose", "the figure 'assets/broken.png'", severity="error")
