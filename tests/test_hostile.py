"""Hostile inputs: content, layouts, paths, images and templates that try to run code, read outside
the workspace, hang the build or corrupt an output. Each case asserts its exact outcome."""

from __future__ import annotations

import os
import re
import struct
import zlib
from pathlib import Path

import pytest

from conftest import MINIMAL_KIT, edit, expect_problem, line_of, pdf_text, set_field

KIT_ID = MINIMAL_KIT
KIT = f"content/kits/{KIT_ID}.yaml"
CASE = "content/topics/listening/case-studies/quiet-meeting.yaml"
TOPIC = "content/topics/listening/topic.yaml"
CANARY = b"CANARY-7f3a9c-do-not-leak"


@pytest.fixture
def ws(minimal, tmp_path):
    """A copy of the `minimal` root with a canary file beside it (outside) that must never reach an output."""
    (tmp_path / "secret.txt").write_bytes(CANARY)
    (tmp_path / "secret.png").write_bytes(CANARY)
    return minimal


def outputs(ws: Path) -> list[Path]:
    return [p for p in (ws / "build").rglob("*") if p.is_file() and not p.name.startswith(".")]


def assert_no_leak(ws: Path) -> None:
    """No output carries the canary: not in its bytes, not in its text, and no PDF embeds a file."""
    for path in outputs(ws):
        data = path.read_bytes()
        assert CANARY not in data, f"canary leaked into {path}"
        if path.suffix == ".pdf":
            assert CANARY.decode() not in pdf_text(path), f"canary leaked into the text of {path}"
            assert b"/EmbeddedFile" not in data, f"embedded file in {path}"
            assert b"/FileAttachment" not in data


def expect_error(result, file: str, fragment: str, line: int | None = None) -> None:
    expect_problem(result, file, line, fragment)


def kit_set(ws: Path, text: str) -> None:
    path = ws / KIT
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# --- YAML -------------------------------------------------------------------------------------

def test_yaml_deep_nesting_refused(kitgen, ws):
    (ws / TOPIC).write_text("title: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    expect_error(kitgen("validate", "-C", ws), TOPIC, "nesting is deeper than", 1)


def test_yaml_huge_file_refused(kitgen, ws):
    (ws / TOPIC).write_text("title: x\nsummary: " + "a" * 1_100_000 + "\n", encoding="utf-8")
    expect_error(kitgen("validate", "-C", ws), TOPIC, "larger than")


def test_yaml_control_character_refused(kitgen, ws):
    line = line_of(ws / TOPIC, "title:")
    edit(ws / TOPIC, "title:", 'title: "Bad\\x07bell"\nold_title:')
    expect_error(kitgen("validate", "-C", ws), TOPIC, "U+0007", line)


def test_yaml_not_utf8_refused(kitgen, ws):
    (ws / TOPIC).write_bytes(b"title: caf\xe9\n")
    expect_error(kitgen("validate", "-C", ws), TOPIC, "not UTF-8")


def test_yaml_merge_key_alias_refused(kitgen, ws):
    (ws / TOPIC).write_text("base: &b {title: x}\n<<: *b\n", encoding="utf-8")
    expect_error(kitgen("validate", "-C", ws), TOPIC, "aliases", 2)


def test_yaml_custom_tag_on_scalar_refused(kitgen, ws):
    line = line_of(ws / TOPIC, "title:")
    edit(ws / TOPIC, "title:", "title: !include /etc/passwd\nold:")
    expect_error(kitgen("validate", "-C", ws), TOPIC, "YAML tag '!include' is not allowed", line)


def test_yaml_too_many_items_refused(kitgen, ws):
    items = "\n".join(f"  - q{i}" for i in range(6000))
    (ws / TOPIC).write_text(f"title: x\nsummary: y\nkey_insights:\n{items}\n", encoding="utf-8")
    expect_error(kitgen("validate", "-C", ws), TOPIC, "more than 5000 values")


def test_overlong_field_refused(kitgen, ws):
    line = line_of(ws / TOPIC, "title:")
    edit(ws / TOPIC, "title:", f"title: {'x' * 3000}\nold:")
    expect_error(kitgen("validate", "-C", ws), TOPIC, "title: is too long", line)


def test_unicode_normalised(minimal):
    from kitgen.validation import validate
    set_field(minimal / TOPIC, "title", "Cafe\u0301 culture")
    topic = validate(minimal).workspace.topics["listening"].topic.model
    assert topic.title == "Caf\u00e9 culture"


# --- Markdown -----------------------------------------------------------------------------------

def test_markdown_raw_html_is_text_and_links_are_limited():
    from kitgen.markup import to_html
    html = to_html('<script>alert(1)</script> <img src="file:///etc/passwd"> [x](javascript:alert(1)) '
                   '[y](file:///etc/passwd) [z](https://example.org) ![i](/etc/passwd) <a href="data:text/html,x">d</a>')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html and 'href="file' not in html and 'href="data' not in html
    assert 'href="https://example.org"' in html


PATHOLOGICAL_FLAT = ["[" * 10000, "*a " * 10000, "[a](" * 5000, "<" * 20000]
PATHOLOGICAL_DEEP = ["> " * 5000 + "x", "".join("  " * i + "- x\n" for i in range(300))]
"""Markdown that makes backtracking parsers slow (how long kitgen takes is measured in bench/bench.py)."""


@pytest.mark.parametrize("text", PATHOLOGICAL_FLAT, ids=lambda t: t[:4])
def test_pathological_markdown_prints_as_written(text):
    import html
    from kitgen.markup import to_html, to_paras
    rendered = to_html(text)
    assert html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip() == text.strip()
    assert "<script" not in rendered and len(to_paras(text)) == 1


def test_a_fence_of_twenty_thousand_backticks_is_one_empty_code_block():
    from kitgen.markup import to_html, to_paras
    assert to_html("`" * 20000) == "<pre><code></code></pre>" and len(to_paras("`" * 20000)) == 1


@pytest.mark.parametrize("text", PATHOLOGICAL_DEEP, ids=["quotes", "lists"])
def test_pathologically_deep_markdown_is_cut_at_a_bounded_depth(text):
    from kitgen.markup import to_html, to_paras
    assert len(to_html(text)) < 1000 and len(to_paras(text)) < 10


def test_markdown_html_in_content_reaches_pdf_as_text(kitgen, ws):
    set_field(ws / CASE, "title", "<b>Bold?</b> <img src='/etc/passwd'>")
    result = kitgen("build", "-C", ws, KIT_ID, "--only", "case-cards")
    assert result.code == 0, result.text
    import pdfplumber
    with pdfplumber.open(ws / f"build/{KIT_ID}/{KIT_ID}-case-cards.pdf") as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "<b>Bold?</b>" in text
    assert_no_leak(ws)


# --- Placeholders -----------------------------------------------------------------------------

@pytest.mark.parametrize("expr", ["{{ lead.__class__ }}", "{{ lead|upper }}", "{{ 7*7 }}", "{{ lipsum() }}",
                                  "{{ config }}x{{ self }}"])
def test_placeholder_expressions_refused(kitgen, ws, expr):
    edit(ws / CASE, "{{ colleague }}", expr)
    result = kitgen("validate", "-C", ws)
    assert result.code == 1 and "Traceback" not in result.text
    assert CASE in result.err
    assert "is not a plain name" in result.err or "unknown placeholder" in result.err


def test_template_statements_in_content_are_printed_literally(minimal):
    from kitgen.validation import validate
    from kitgen.outputs import OUTPUTS
    from kitgen.plan import plan
    from kitgen.request import Request
    set_field(minimal / TOPIC, "summary", "{% for x in range(9999999999) %}x{% endfor %} {# hidden #}")
    loaded = validate(minimal, [KIT_ID])
    [job] = plan(loaded.workspace, loaded.sessions, Request(only=["participant-workbook"]), OUTPUTS)
    ctx = job.context()
    assert "{% for x in range(9999999999) %}" in ctx.topic.summary.plain


# --- Layouts ------------------------------------------------------------------------------------

def layout(ws: Path, name: str, text: str) -> None:
    (ws / "layouts").mkdir(exist_ok=True)
    (ws / "layouts" / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("body, message", [
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "unsafe"),
    ("{{ kit.title.__init__.__globals__ }}", "unsafe"),
    ("{{ 'x' * 100000000 }}", "repetition too large"),
    ("{{ range(100000000)|list|length }}", "range longer than"),
    ("{{ '%999999999s' % 'x' }}", "format width too large"),
    ("{{ '{:999999999}'.format('x') }}", "format width too large"),
    ("{{ no_such_name }}", "no_such_name"),
    ("{% include '/etc/passwd' %}", "no layout named"),
    ("{% include '../../secret.txt' %}", "no layout named"),
])
def test_layout_sandbox(kitgen, ws, body, message):
    layout(ws, "case-cards.html", "<html><body>\n<p>line two</p>\n" + body + "\n</body></html>")
    result = kitgen("build", "-C", ws, KIT_ID, "--only", "case-cards")
    assert result.code == 1, result.text
    assert "Traceback" not in result.text
    assert "layouts/case-cards.html" in result.err, result.err
    assert message in result.err, result.err
    assert not (ws / f"build/{KIT_ID}/{KIT_ID}-case-cards.pdf").exists()
    assert_no_leak(ws)


def test_layout_error_names_line(kitgen, ws):
    layout(ws, "case-cards.html", "<html>\n<body>\n\n{{ kit.no_such_field }}\n</body></html>")
    result = kitgen("build", "-C", ws, KIT_ID, "--only", "case-cards")
    assert result.code == 1
    assert "layouts/case-cards.html:4" in result.err, result.err


def test_layout_syntax_error_names_line(kitgen, ws):
    layout(ws, "case-cards.html", "<html>\n{% if %}\n</html>")
    result = kitgen("build", "-C", ws, KIT_ID, "--only", "case-cards")
    assert result.code == 1
    assert "layouts/case-cards.html:2" in result.err, result.err


@pytest.mark.parametrize("tag", [
    '<img src="file://{secret}">', '<img src="{secret}">', '<link rel="attachment" href="file://{secret}">',
    '<link rel="stylesheet" href="file://{secret}">', '<img src="http://127.0.0.1:9/x.png">',
    '<a rel="attachment" href="{secret}">x</a>', '<object data="file://{secret}"></object>',
    '<img src="../secret.png">',
])
def test_layout_cannot_embed_outside_files(kitgen, ws, tag):
    secret = ws.parent / "secret.png"
    layout(ws, "case-cards.html", "<html><body><p>Card</p>" + tag.format(secret=secret) + "</body></html>")
    result = kitgen("build", "-C", ws, KIT_ID, "--only", "case-cards")
    assert "Traceback" not in result.text
    assert result.code == 1, result.text
    assert "refused" in result.err
    assert_no_leak(ws)


# --- Paths, images, templates ---------------------------------------------------------------------

@pytest.mark.parametrize("logo, message", [
    ("/etc/passwd.png", "must be a path inside the workspace"),
    ("file:///etc/hostname.png", "must be a path inside the workspace"),
    ("../secret.png", "leads outside the workspace"),
    ("assets/missing.png", "does not exist"),
    ("assets/logo.exe", "must be one of"),
])
def test_logo_paths_refused_with_line(kitgen, ws, logo, message):
    edit(ws / KIT, "theme: {", f"theme: {{logo: '{logo}', ")
    line = next(i for i, l in enumerate((ws / KIT).read_text().splitlines(), 1) if l.startswith("theme:"))
    expect_error(kitgen("validate", "-C", ws), KIT, message, line)


def test_symlinked_logo_leaving_workspace_refused(kitgen, ws):
    (ws / "assets").mkdir()
    os.symlink(ws.parent / "secret.png", ws / "assets" / "logo.png")
    edit(ws / KIT, "theme: {", "theme: {logo: assets/logo.png, ")
    expect_error(kitgen("validate", "-C", ws), KIT, "leads outside the workspace")


def test_symlinked_content_leaving_workspace_refused(kitgen, ws, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "evil.yaml").write_text("title: x\nscenario: y\ndiscussion_questions: [z]\n")
    os.symlink(outside / "evil.yaml", ws / "content/topics/listening/case-studies/evil.yaml")
    result = kitgen("validate", "-C", ws)
    expect_error(result, "evil.yaml", "outside the workspace")


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + (width + 7) // 8) * 2, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def test_decompression_bomb_logo_refused(kitgen, ws):
    (ws / "assets").mkdir()
    (ws / "assets" / "logo.png").write_bytes(_png(20000, 20000))
    edit(ws / KIT, "theme: {", "theme: {logo: assets/logo.png, ")
    result = kitgen("build", "-C", ws, KIT_ID, "--only", "case-cards,participant-workbook")
    assert "Traceback" not in result.text
    assert result.code == 1, result.text
    assert "pixels" in result.err or "refused" in result.err


def test_fake_image_refused(kitgen, ws):
    (ws / "assets").mkdir()
    (ws / "assets" / "logo.png").write_bytes(b"not an image at all" + CANARY)
    edit(ws / KIT, "theme: {", "theme: {logo: assets/logo.png, ")
    result = kitgen("build", "-C", ws, KIT_ID, "--only", "participant-workbook")
    assert "Traceback" not in result.text
    assert result.code == 1, result.text
    assert_no_leak(ws)


def test_not_a_zip_template_refused(kitgen, ws):
    (ws / "assets").mkdir()
    (ws / "assets" / "corp.pptx").write_bytes(b"PK\x03\x04 garbage")
    kit_set(ws, "deck: {template: assets/corp.pptx}\n")
    result = kitgen("build", "-C", ws, KIT_ID, "--only", "slides")
    assert "Traceback" not in result.text
    assert result.code == 1
    assert "corp.pptx" in result.err


def test_template_outside_workspace_refused(kitgen, ws):
    kit_set(ws, "deck: {template: ../corp.pptx}\n")
    expect_error(kitgen("validate", "-C", ws), KIT, "leads outside the workspace")


# --- Ids and outputs ----------------------------------------------------------------------------

def test_bidi_override_in_id_refused(kitgen, ws):
    (ws / CASE).rename(ws / "content/topics/listening/case-studies/evil\u202egpj.yaml")
    result = kitgen("validate", "-C", ws)
    assert result.code == 1
    assert "is not a valid id" in result.err


def test_kit_id_cannot_leave_output_folder(kitgen, ws):
    result = kitgen("build", "-C", ws, "../../etc")
    assert result.code == 1
    assert "no kit '../../etc'" in result.err
    assert not (ws / "build").exists() and not (ws.parent / "etc").exists()  # nothing written, in or out


def test_internal_crash_is_short_and_logged(kitgen, ws, monkeypatch):
    import kitgen.validation as validation
    monkeypatch.setattr(validation, "validate", lambda *a, **k: 1 / 0)
    result = kitgen("validate", "-C", ws)
    assert result.code == 3
    assert "Traceback" not in result.text
    log = re.search(r"written to (\S+\.log)", result.err).group(1)
    assert "ZeroDivisionError" in Path(log).read_text()


def test_symlinked_layout_leaving_workspace_refused(kitgen, ws):
    (ws / "layouts").mkdir()
    (ws.parent / "evil.html").write_text("<html><body>" + CANARY.decode() + "</body></html>", encoding="utf-8")
    os.symlink(ws.parent / "evil.html", ws / "layouts" / "case-cards.html")
    result = kitgen("build", "-C", ws, KIT_ID, "--only", "case-cards")
    assert result.code == 1, result.text
    assert "Traceback" not in result.text
    assert "leads outside the layouts folder" in result.err
    assert_no_leak(ws)


def test_layout_include_of_symlink_leaving_workspace_refused(kitgen, ws):
    (ws / "layouts").mkdir()
    os.symlink(ws.parent / "secret.txt", ws / "layouts" / "part.html")
    layout(ws, "case-cards.html", "<html><body>{% include 'part.html' %}</body></html>")
    result = kitgen("build", "-C", ws, KIT_ID, "--only", "case-cards")
    assert result.code == 1, result.text
    assert "leads outside the layouts folder" in result.err
    assert_no_leak(ws)


def test_unreadable_or_huge_logo_is_located_at_validation(kitgen, ws):
    (ws / "assets").mkdir()
    (ws / "assets" / "logo.png").write_bytes(b"GIF89a not really a png")
    (ws / "assets" / "huge.png").write_bytes(_png(20000, 20000))
    edit(ws / KIT, "theme: {", "theme: {logo: assets/logo.png, ")
    edit(ws / KIT, "organization: {name: Northwind Logistics}", "organization: {name: Northwind, logo: assets/huge.png}")
    result = kitgen("validate", "-C", ws)
    assert result.code == 1
    assert re.search(r"short-session\.yaml:\d+:\d+: theme\.logo: 'assets/logo\.png': not a readable image", result.err), result.err
    assert "organization.logo: 'assets/huge.png': image is 20000x20000" in result.err or \
        "organization.logo: 'assets/huge.png': image has more than" in result.err, result.err


def test_svg_logo_cannot_pull_in_outside_files(kitgen, ws):
    """An image inside an SVG is fetched while drawing; it goes through the same gate and fails the output."""
    (ws / "assets").mkdir()
    (ws / "assets" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><rect width="200" height="60"/>'
        f'<image href="file://{ws.parent / "secret.png"}" width="10" height="10"/></svg>', encoding="utf-8")
    edit(ws / KIT, "theme: {", "theme: {logo: assets/logo.svg, ")
    result = kitgen("build", "-C", ws, KIT_ID, "--only", "participant-workbook")
    assert result.code == 1, result.text
    assert re.search(r"short-session\.yaml:\d+:\d+: theme\.logo: 'assets/logo\.svg': the SVG refers to another file",
                     result.err), result.err
    assert not (ws / f"build/{KIT_ID}/{KIT_ID}-participant-workbook.pdf").exists()
    assert_no_leak(ws)


def test_images_fetched_while_drawing_pass_the_gate_before_writing(tmp_path):
    """Second layer: should an SVG with a reference reach the renderer, its fetch is refused and nothing is written."""
    from kitgen.render.pdf import ResourcesRefused, render_pdf
    ws = tmp_path / "ws"
    (ws / "assets").mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes(CANARY)
    (ws / "assets" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
        f'<image href="file://{tmp_path / "secret.png"}" width="10" height="10"/></svg>', encoding="utf-8")
    with pytest.raises(ResourcesRefused):
        render_pdf('<img src="assets/logo.svg" alt="">', ws.as_uri() + "/", ws / "out.pdf", roots=[ws],
                   title="t", author=None, subject=None, lang="en")
    assert not (ws / "out.pdf").exists()


def test_template_with_an_external_picture_refused(kitgen, ws):
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    (ws / "assets").mkdir()
    prs = Presentation()
    prs.slide_masters[0].part.relate_to("http://127.0.0.1:9/tracker.png", RT.IMAGE, is_external=True)
    prs.save(ws / "assets" / "corp.pptx")
    kit_set(ws, "deck: {template: assets/corp.pptx}\n")
    expect_error(kitgen("validate", "-C", ws), KIT, "links to http://127.0.0.1:9/tracker.png outside the file")
