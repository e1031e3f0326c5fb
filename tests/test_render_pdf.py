"""Tests for kitgen.render: sandboxed fetching, tagging, metadata; nothing written when a resource is
refused. Reproducible bytes and atomic writes are tested once, for every output, in test_build.py."""

from __future__ import annotations

import base64
import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject

from kitgen.render.fetcher import ResourceRefused, SandboxFetcher
from kitgen.render.pdf import RenderInfo, harfbuzz_subset_available, render_pdf, source_date

CREATED = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
FONT_STACK = '"Noto Sans", "Noto Sans CJK JP", "Noto Sans Arabic", sans-serif'
NOTO_SANS = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")

MULTI_SCRIPT = f"""<!doctype html>
<html lang="pl"><head><meta charset="utf-8"><title>Handout</title>
<meta name="author" content="Ada Trainer"><meta name="description" content="About things">
<style>
  @page {{ size: A4; font-family: {FONT_STACK};
          @bottom-center {{ content: "Page " counter(page) " of " counter(pages) }} }}
  body {{ font-family: {FONT_STACK}; }}
  h1 {{ bookmark-level: 1; }}
</style></head>
<body>
  <h1>Facilitator handout</h1>
  <p>The quick brown fox jumps over the lazy dog.</p>
  <p>Zażółć gęślą jaźń</p>
  <p lang="ja">山田太郎</p>
  <p lang="ar" dir="rtl">مرحبا بالعالم</p>
</body></html>
"""


def page_html(body: str, head: str = "") -> str:
    """A minimal A4 document around ``body``."""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title>'
        f"<style>@page {{ size: A4 }} body {{ font-family: {FONT_STACK} }}</style>{head}"
        f"</head><body>{body}</body></html>"
    )


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace folder (an allowed root)."""
    folder = tmp_path / "ws"
    folder.mkdir()
    return folder


def render(html: str, ws: Path, name: str = "out.pdf", **kw) -> tuple[RenderInfo, Path]:
    """Render with the workspace as base URL and only root; defaults for metadata."""
    out = ws / "build" / name
    args = dict(roots=[ws], title=None, author=None, subject=None, lang=None, created=CREATED, strict=False)
    args.update(kw)
    info = render_pdf(html, ws.as_uri() + "/", out, **args)
    return info, out


def all_stream_bytes(path: Path) -> bytes:
    """The raw file plus every stream of the PDF, decoded (to search for leaked content)."""
    reader = PdfReader(path)
    refs = {(num, gen) for gen, table in reader.xref.items() for num in table}
    refs |= {(num, 0) for num in reader.xref_objStm}
    chunks = [path.read_bytes()]
    for num, gen in sorted(refs):
        obj = reader.get_object(IndirectObject(num, gen, reader))
        if isinstance(obj, StreamObject):
            chunks.append(obj.get_data())
    return b"\n".join(chunks)


def font_dicts(reader: PdfReader) -> list:
    """All font dictionaries used by the pages."""
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"].get_object().get("/Font", {}).values():
            font = ref.get_object()
            fonts[font["/BaseFont"]] = font
    return list(fonts.values())


def png_bytes(width: int = 4, height: int = 3, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), 0).save(out, format="PNG")
    return out.getvalue()


# -- the multi-script handout ---------------------------------------------------


def test_multi_script_pdf(ws: Path) -> None:
    info, out = render(MULTI_SCRIPT, ws, keywords=["kit", "handout"])
    assert info.pages == 1
    assert info.refused == ()
    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595) <= 1 and abs(float(box.height) - 842) <= 1
    meta = reader.metadata
    assert meta.title == "Handout"
    assert meta.author == "Ada Trainer"
    assert meta.subject == "About things"
    assert meta["/Keywords"] == "kit, handout"
    assert meta["/CreationDate"] == "D:20240506070809Z"
    assert meta["/ModDate"] == "D:20240506070809Z"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "pl"
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])

    fonts = font_dicts(reader)
    assert fonts
    for font in fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object() \
            if "/DescendantFonts" in font else font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
    names = [str(f["/BaseFont"]) for f in fonts]
    assert any("CJK" in n for n in names), names
    assert any("Arabic" in n for n in names), names

    with pdfplumber.open(out) as pdf:
        text = pdf.pages[0].extract_text()
    assert "Zażółć gęślą jaźń" in text
    assert "山田太郎" in text
    assert "Page 1 of 1" in text


def test_arguments_override_html_metadata(ws: Path) -> None:
    _, out = render(MULTI_SCRIPT, ws, title="Session 1", author="Bo", subject="S", lang="de")
    reader = PdfReader(out)
    assert reader.metadata.title == "Session 1"
    assert reader.metadata.author == "Bo"
    assert reader.metadata.subject == "S"
    assert reader.trailer["/Root"]["/Lang"] == "de"


def test_untagged_and_pdf_ua(ws: Path) -> None:
    _, plain = render(MULTI_SCRIPT, ws, "plain.pdf", tagged=False)
    assert "/StructTreeRoot" not in PdfReader(plain).trailer["/Root"]
    _, ua = render(MULTI_SCRIPT, ws, "ua.pdf", tagged=False, pdf_ua=True)
    root = PdfReader(ua).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()


def test_page_count_and_bookmarks(ws: Path) -> None:
    body = "".join(f"<h1>Part {i}</h1>" + "<p>Lorem ipsum dolor sit amet.</p>" * 40
                   for i in range(3))
    info, out = render(page_html(body), ws)
    reader = PdfReader(out)
    assert info.pages == len(reader.pages) >= 3
    assert [o.title for o in reader.outline] == ["Part 0", "Part 1", "Part 2"]


# -- dates (SOURCE_DATE_EPOCH in every output: test_build.py) ------------------------


def test_the_date_is_created_else_the_epoch_else_none(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert source_date(CREATED) == CREATED
    assert source_date(None) == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert source_date(None) is None
    _, out = render(page_html("<p>x</p>"), ws, created=None)
    assert "/CreationDate" not in PdfReader(out).metadata and "/ModDate" not in PdfReader(out).metadata


# -- sandbox -------------------------------------------------------------------------


def test_outside_and_network_resources_refused(ws: Path) -> None:
    body = ('<img src="file:///etc/passwd"><img src="/etc/hostname">'
            '<img src="http://example.com/x.png"><img src="https://example.com/y.png">'
            '<a rel="attachment" href="/etc/hosts">hosts</a>')
    head = '<link rel="attachment" href="../../../etc/passwd">'
    fetcher = SandboxFetcher([ws])
    info, out = render(page_html(body, head), ws, fetcher=fetcher)
    refused = dict(fetcher.refused)
    assert refused["file:///etc/passwd"]
    assert "outside" in refused["file:///etc/hostname"]
    assert "network" in refused["http://example.com/x.png"]
    assert "network" in refused["https://example.com/y.png"]
    assert "file:///etc/hosts" in refused
    assert any(url.endswith("/etc/passwd") and "attachment" in why  # the <link>, resolved
               for url, why in fetcher.refused)
    assert info.refused == tuple(fetcher.refused)

    reader = PdfReader(out)
    assert not reader.attachments
    for page in reader.pages:
        xobjects = page["/Resources"].get_object().get("/XObject", {})
        assert not xobjects
    leaked = all_stream_bytes(out)
    for secret in ("/etc/passwd", "/etc/hostname", "/etc/hosts"):
        content = Path(secret).read_bytes().strip()
        if content:
            assert content not in leaked, secret


def test_symlink_pointing_outside_refused(ws: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(png_bytes())
    (ws / "link.png").symlink_to(outside / "secret.png")
    (ws / "dirlink").symlink_to(outside, target_is_directory=True)
    fetcher = SandboxFetcher([ws])
    info, out = render(page_html('<img src="link.png"><img src="dirlink/secret.png">'), ws,
                       fetcher=fetcher)
    reasons = dict(fetcher.refused)
    assert "outside" in reasons[(ws / "link.png").as_uri()]
    assert "outside" in reasons[(ws / "dirlink" / "secret.png").as_uri()]
    assert not PdfReader(out).pages[0]["/Resources"].get_object().get("/XObject")


def test_allowed_resources_served(ws: Path) -> None:
    (ws / "img").mkdir()
    (ws / "img" / "dot.png").write_bytes(png_bytes())
    (ws / "style.css").write_text("p { color: rgb(200, 0, 0) }", encoding="utf-8")
    (ws / "Kit Font.ttf").write_bytes(NOTO_SANS.read_bytes())
    inline = "data:image/png;base64," + base64.b64encode(png_bytes(2, 2)).decode()
    head = ('<link rel="stylesheet" href="style.css">'
            '<style>@font-face { font-family: KitFace; src: url("Kit%20Font.ttf") }'
            ' p.k { font-family: KitFace }</style>')
    body = f'<img src="img/dot.png"><img src="{inline}"><p class="k">Custom face</p>'
    fetcher = SandboxFetcher([ws])
    info, out = render(page_html(body, head), ws, fetcher=fetcher)
    assert fetcher.refused == []
    assert {p.name for p in fetcher.served} == {"dot.png", "style.css", "Kit Font.ttf"}
    reader = PdfReader(out)
    assert len(reader.pages[0]["/Resources"].get_object()["/XObject"]) == 2
    assert any("KitFace" in str(f["/BaseFont"]) for f in font_dicts(reader))


def test_local_font_face_outside_roots_refused(ws: Path) -> None:
    """@font-face local() resolves to a system font file, which goes through the fetcher."""
    head = ('<style>@font-face { font-family: Sys; src: local("NotoSans-Regular") }'
            ' p { font-family: Sys }</style>')
    fetcher = SandboxFetcher([ws])
    render(page_html("<p>x</p>", head), ws, fetcher=fetcher)
    assert any("outside" in why for _, why in fetcher.refused)


def test_type_size_and_pixel_limits(ws: Path) -> None:
    (ws / "notes.txt").write_text("private", encoding="utf-8")
    (ws / "fake.png").write_text("not an image", encoding="utf-8")
    (ws / "huge.png").write_bytes(png_bytes(8000, 6000, mode="1"))  # 48 MP, tiny file
    (ws / "big.css").write_bytes(b"/*" + b"x" * 2048 + b"*/")
    fetcher = SandboxFetcher([ws], max_bytes=1024)
    body = ('<img src="notes.txt"><img src="fake.png"><img src="huge.png">'
            '<img src="missing.png"><img src="data:text/html,<b>x</b>">')
    render(page_html(body, '<link rel="stylesheet" href="big.css">'), ws, fetcher=fetcher)
    reasons = {url.rsplit("/", 1)[-1]: why for url, why in fetcher.refused}
    assert "not allowed" in reasons["notes.txt"]
    assert "not a readable image" in reasons["fake.png"]
    assert "larger than" in reasons["big.css"]
    assert "not found" in reasons["missing.png"]
    assert any("text/html" in why for why in reasons.values())
    # The pixel bound is checked separately from the byte cap.
    with pytest.raises(ResourceRefused, match="pixels"):
        SandboxFetcher([ws]).fetch((ws / "huge.png").as_uri())


def test_fifo_and_directory_refused(ws: Path) -> None:
    fetcher = SandboxFetcher([ws])
    (ws / "dir.png").mkdir()
    with pytest.raises(ResourceRefused, match="regular file|cannot be opened"):
        fetcher.fetch((ws / "dir.png").as_uri())
    if hasattr(os, "mkfifo"):
        os.mkfifo(ws / "pipe.css")
        with pytest.raises(ResourceRefused, match="regular file"):
            fetcher.fetch((ws / "pipe.css").as_uri())


def test_served_response_has_no_path(ws: Path) -> None:
    """WeasyPrint would re-read images from response.path at write time, bypassing checks."""
    (ws / "dot.png").write_bytes(png_bytes())
    response = SandboxFetcher([ws]).fetch((ws / "dot.png").as_uri())
    assert response.path is None
    assert response.content_type == "image/png"
    assert response.read() == png_bytes()


def test_harfbuzz_subset_flag() -> None:
    """The flag agrees with the system: the set-up installs libharfbuzz-subset0."""
    import ctypes.util
    assert harfbuzz_subset_available() == (ctypes.util.find_library("harfbuzz-subset") is not None)


def test_strict_render_refuses_before_writing(ws: Path) -> None:
    from kitgen.render.pdf import ResourcesRefused
    out = ws / "build" / "kept.pdf"
    render(page_html("<p>first</p>"), ws, name="kept.pdf")
    before = out.read_bytes()
    with pytest.raises(ResourcesRefused) as info:
        render(page_html('<img src="file:///etc/passwd">'), ws, name="kept.pdf", strict=True)
    assert "file:///etc/passwd" in str(info.value)
    assert out.read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == ["kept.pdf"]


def test_page_references_are_formatted_once_per_page_added():
    """A tagged PDF reads a page's reference once per element: the references are kept until a page is
    added, and are those pydyf formats, so the output is unchanged."""
    import pydyf

    import kitgen.render.pagerefs  # noqa: F401 - installed on import
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert first == tuple(f"{n} 0 R".encode() for n in pdf.pages["Kids"][::3]) and len(first) == 3
    assert pdf.page_references is first  # not formatted again
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(pdf.page_references) == 4 and pdf.page_references[:3] == first
