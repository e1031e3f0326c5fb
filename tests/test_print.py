"""Print quality beyond the text: bookmarks, tagging, scripts other than Latin, no missing glyphs."""

from __future__ import annotations

import pytest

from conftest import SAMPLE_KIT, read_pdf

NAMES = {"mentor": "Zofia Łukasiewicz-Żak", "mentee": "山田 太郎"}
"""The case study's people in the `scripts` root's kit; its facilitator is ARABIC."""
ARABIC = "مريم الحسيني"


def guide(ws, name="facilitator-guide", kit=SAMPLE_KIT):
    return ws / "build" / kit / f"{kit}-{name}.pdf"


def test_bookmarks_follow_the_headings(built):
    from pypdf import PdfReader
    reader = PdfReader(guide(built))
    titles = []

    def walk(items, depth=0):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                titles.append((depth, item.title))
    walk(reader.outline)
    top = [t for d, t in titles if d == 0]
    assert "Timing at a glance" in top and "Contents" in top  # the timing page replaced the agenda table
    assert any(d == 1 and "Dashboard Nobody Opened" in t for d, t in titles)


def test_handouts_are_tagged_for_screen_readers(built):
    from pypdf import PdfReader
    for name in ("facilitator-guide", "participant-workbook", "case-cards"):
        root = PdfReader(guide(built, name)).trailer["/Root"]
        assert "/StructTreeRoot" in root, name
        assert bool(root["/MarkInfo"]["/Marked"])
        assert root["/Lang"] == "en"


def test_names_in_every_script_extract(built_scripts):
    text = read_pdf(guide(built_scripts, "case-cards", "scripts")).text
    assert NAMES["mentor"] in text
    assert NAMES["mentee"].replace(" ", "") in text.replace(" ", "")


def test_every_glyph_comes_from_a_font_that_has_it(built_scripts):
    """Each character of the names is drawn with a font covering its script (no missing-glyph boxes)."""
    fonts_by_script = {"cjk": set(), "latin-ext": set(), "arabic": set()}
    for page in read_pdf(guide(built_scripts, kit="scripts")).layout:
        for ch in page.chars:
            c = ch.text
            if "\u3040" <= c <= "\u9fff":
                fonts_by_script["cjk"].add(ch.fontname)
            elif c in "ŁłŻż":
                fonts_by_script["latin-ext"].add(ch.fontname)
            elif "\u0600" <= c <= "\u06ff" or "\ufe70" <= c <= "\ufeff":
                fonts_by_script["arabic"].add(ch.fontname)
    assert fonts_by_script["latin-ext"], "Polish letters not found in the guide"
    assert fonts_by_script["cjk"] and all("CJK" in f for f in fonts_by_script["cjk"]), fonts_by_script
    assert fonts_by_script["arabic"] and all("Arabic" in f for f in fonts_by_script["arabic"]), fonts_by_script


def test_every_font_maps_back_to_text(built_scripts):
    """Every font carries a ToUnicode map, so the names copy and search as written."""
    from pypdf import PdfReader
    reader = PdfReader(guide(built_scripts, kit="scripts"))
    for page in reader.pages[:3]:
        fonts = page["/Resources"]["/Font"]
        for name in fonts:
            font = fonts[name].get_object()
            assert font.get("/ToUnicode") is not None, f"{font['/BaseFont']} has no ToUnicode map"
    text = "".join(p.extract_text() for p in reader.pages[:2])
    assert "\ufffd" not in text
    assert ARABIC.replace(" ", "")[:3] in text.replace(" ", "") or ARABIC.replace(" ", "")[::-1][:3] in text.replace(" ", "")


HANDOUTS = ("facilitator-guide", "participant-workbook", "case-cards", "book-club-guide", "discussion-guide")


def _stranded_headings(path) -> list[str]:
    found = []
    footer = 22 * 72 / 25.4  # the running footer's zone, in points from the bottom edge
    for number, page in enumerate(read_pdf(path).layout[:-1], 1):
        body = [c for c in page.chars if c.bottom < page.height - footer and c.text.strip()]
        if not body:
            continue
        last_top = max(c.top for c in body)
        last_line = [c for c in body if abs(c.top - last_top) < 2]
        if last_top > page.height * 0.5 and any(c.size >= 14 and "Bold" in c.fontname for c in last_line):
            found.append(f"page {number}: {''.join(c.text for c in last_line)!r}")
    return found


def test_no_heading_stranded_in_the_stress_kit(built_stress):
    for name in ("facilitator-guide", "participant-workbook", "case-cards"):
        path = built_stress / "build" / "stress" / f"stress-{name}.pdf"
        assert not _stranded_headings(path), (name, _stranded_headings(path))


@pytest.mark.parametrize("name", HANDOUTS)
def test_no_heading_stranded_at_the_foot_of_a_page(built, name):
    """A section heading (h1/h2: 14 pt and larger) is never the last line in the lower half of a page.

    (A page whose only text is a heading, like a ruled notes page, has it at the top.)"""
    assert not _stranded_headings(guide(built, name))


def test_the_stranded_heading_check_sees_one(tmp_path):
    """The check itself: a heading forced to the foot of a page is found."""
    import weasyprint
    html = ('<html><body style="font-family: Carlito"><div style="height: 220mm"></div>'
            '<h2 style="font-size: 20pt; font-weight: bold">Stranded heading</h2>'
            '<p style="break-before: page">Its text, on the next page.</p></body></html>')
    path = tmp_path / "stranded.pdf"
    weasyprint.HTML(string=html).write_pdf(path)
    assert _stranded_headings(path) == ["page 1: 'Strandedheading'"] or \
        _stranded_headings(path) == ["page 1: 'Stranded heading'"]
