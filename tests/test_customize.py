"""Customization without forking: two kits of one topic, layout overrides, new workspaces."""

from __future__ import annotations

import re

import pytest

from conftest import FRENCH_KIT, MINIMAL_KIT, SAMPLE_KIT, TOPIC, pdf_text

EN = SAMPLE_KIT
FR = FRENCH_KIT


def out(ws, kit, name):
    return ws / "build" / kit / f"{kit}-{name}"


def fill_colours(path) -> set[tuple[float, ...]]:
    import pdfplumber
    colours = set()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages[:2]:
            for obj in page.rects + page.chars:
                colour = obj.get("non_stroking_color")
                if isinstance(colour, (tuple, list)) and len(colour) == 3:
                    colours.add(tuple(round(c, 2) for c in colour))
    return colours


def rgb(hex_colour: str) -> tuple[float, ...]:
    return tuple(round(int(hex_colour[i:i + 2], 16) / 255, 2) for i in (1, 3, 5))


def test_each_kit_has_its_own_colours(built):
    en = fill_colours(out(built, EN, "participant-workbook.pdf"))
    fr = fill_colours(out(built, FR, "participant-workbook.pdf"))
    assert rgb("#1F4E79") in en and rgb("#1F4E79") not in fr
    assert rgb("#0B6E4F") in fr and rgb("#0B6E4F") not in en


def test_each_kit_has_its_own_paper(built):
    from pypdf import PdfReader
    a4 = PdfReader(out(built, EN, "participant-workbook.pdf")).pages[0].mediabox
    letter = PdfReader(out(built, FR, "participant-workbook.pdf")).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


def test_labels_follow_the_locale(built):
    fr = pdf_text(out(built, FR, "participant-workbook.pdf"))
    en = pdf_text(out(built, EN, "participant-workbook.pdf"))
    assert "Questions de réflexion" in fr and "Reflection questions" not in fr
    assert "Reflection questions" in en and "Questions de réflexion" not in en
    assert re.search(r"Page \d+ sur \d+", fr)
    guide = pdf_text(out(built, FR, "facilitator-guide.pdf"))
    assert re.search(r"\b14\s+h\b", guide) and "14:00" not in guide  # French typography's times, 24-hour clock
    assert "PM" not in guide


def test_case_study_names_follow_the_kit(built):
    fr_cards = pdf_text(out(built, FR, "case-cards.pdf"))
    en_cards = pdf_text(out(built, EN, "case-cards.pdf"))
    assert "Inès Moreau" in fr_cards and "Priya Raman" not in fr_cards
    assert "Priya Raman" in en_cards and "Inès Moreau" not in en_cards
    assert "healthcare" in fr_cards
    assert "Northwind" not in fr_cards


def test_overrides_replace_reflection_questions(built):
    import yaml
    kit = yaml.safe_load((built / "content/kits" / f"{FR}.yaml").read_text(encoding="utf-8"))
    questions = kit["overrides"]["topic"]["reflection_questions"]
    first = questions[0] if isinstance(questions[0], str) else questions[0]["question"]
    topic = yaml.safe_load((TOPIC / "topic.yaml").read_text(encoding="utf-8"))
    original = topic["reflection_questions"][0]
    original = original if isinstance(original, str) else original["question"]
    fr = re.sub(r"\s+", " ", pdf_text(out(built, FR, "participant-workbook.pdf")))
    assert first[:40] in fr
    assert original[:40] not in fr


def test_layout_block_override_changes_one_output_only(kitgen, minimal):
    (minimal / "layouts").mkdir()
    (minimal / "layouts" / "participant-workbook.html").write_text(
        '{% extends "builtin/participant-workbook.html" %}\n'
        '{% block cover %}<section class="cover"><h1>CLIENT COVER {{ kit.organization }}</h1></section>{% endblock %}\n',
        encoding="utf-8")
    result = kitgen("build", "-C", minimal, MINIMAL_KIT, "--only", "participant-workbook,case-cards")
    assert result.code == 0, result.text
    workbook = pdf_text(out(minimal, MINIMAL_KIT, "participant-workbook.pdf"))
    cards = pdf_text(out(minimal, MINIMAL_KIT, "case-cards.pdf"))
    assert "CLIENT COVER Northwind Logistics" in workbook
    assert "Reflection questions" in workbook  # the rest of the built-in layout is still there
    assert "CLIENT COVER" not in cards
    listing = kitgen("layouts", "-C", minimal)
    assert "participant-workbook.html" in listing.out and "overridden" in listing.out


def test_new_workspace_builds(kitgen, tmp_path):
    target = tmp_path / "fresh"
    assert kitgen("new", "workspace", target).code == 0
    strict = kitgen("validate", "--strict", "-C", target)  # a new workspace starts without a warning
    assert strict.code == 0 and "warning" not in strict.text, strict.text
    result = kitgen("build", "-C", target)
    assert result.code == 0, result.text
    files = sorted(p.name for p in (target / "build" / "example-workshop").iterdir() if not p.name.startswith("."))
    assert "example-workshop-participant-workbook.pdf" in files
    assert "example-workshop-slides.pptx" in files
    assert "Jordan" in pdf_text(target / "build/example-workshop/example-workshop-case-cards.pdf")


@pytest.mark.parametrize("what, name", [("topic", "team-trust"), ("case-study", "late-project"),
                                        ("activity", "icebreaker"), ("kit", "trust-day")])
def test_scaffolds_validate_as_generated(kitgen, tmp_path, what, name):
    ws = tmp_path / "ws"
    assert kitgen("new", "workspace", ws).code == 0
    if what != "topic":
        assert kitgen("new", "topic", "team-trust", "-C", ws).code == 0
    extra = ["--topic", "team-trust"] if what in ("case-study", "activity", "kit") else []
    result = kitgen("new", what, name, "-C", ws, *extra)
    assert result.code == 0, result.text
    assert kitgen("validate", "-C", ws).code == 0
    again = kitgen("new", what, name, "-C", ws, *extra)
    assert again.code == 2  # never overwrites


def test_missing_translation_is_reported(kitgen, sample, monkeypatch, tmp_path):
    import shutil
    from kitgen import i18n
    locales = tmp_path / "locales"
    shutil.copytree(i18n.LOCALES_DIR, locales)
    text = (locales / "fr.yaml").read_text(encoding="utf-8")
    (locales / "fr.yaml").write_text(re.sub(r"(?m)^reflection_questions:.*\n", "", text), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES_DIR", locales)
    i18n.labels.cache_clear()
    try:
        result = kitgen("validate", "-C", sample)
    finally:
        i18n.labels.cache_clear()
    assert result.code == 1
    assert "clinic-managers-fr.yaml:" in result.err
    assert "reflection_questions" in result.err


def test_invalid_colour_and_missing_font_are_located(kitgen, sample):
    kit = sample / "content/kits" / f"{EN}.yaml"
    text = kit.read_text(encoding="utf-8")
    text = re.sub(r'primary: "#1F4E79"', 'primary: "#12345G"', text)
    text = text.replace("theme: {", "theme: {font: Comic Sands Pro, ")
    kit.write_text(text, encoding="utf-8")
    result = kitgen("validate", "-C", sample)
    assert result.code == 1
    assert "theme.primary: '#12345G' does not have the expected form" in result.err
    assert "font 'Comic Sands Pro' is not installed" in result.err
