"""Facts the deck shares with the rest of kitgen, each kept in one place: colour arithmetic
(kitgen.colour, also the handout CSS's filters), font twins (kitgen.fonts) and language tags (Babel)."""

from __future__ import annotations

import re

import pytest
from babel.core import get_global
from hypothesis import given
from hypothesis import strategies as st

from conftest import MINIMAL_KIT, make_workspace
from kitgen.colour import channels, contrast, dark_shade, normalize_hex, shade, shaded, tint
from kitgen.deck.writer import lang_tag
from kitgen.fonts import METRIC_TWINS, find_font, installed_families, is_installed, office_name
from kitgen.layouts import BUILTIN_DIR, environment

hex_colours = st.tuples(*[st.integers(0, 255)] * 3).map(lambda rgb: "#%02X%02X%02X" % rgb)


# --------------------------------------------------------------------------- colour


@given(hex_colours)
def test_tints_and_shades_run_from_the_colour_to_white_and_black(colour: str) -> None:
    assert tint(colour, 1) == shade(colour, 0) == colour.lower()
    assert tint(colour, 0) == "#ffffff" and shade(colour, 1) == "#000000"
    light, dark = channels(tint(colour, 0.3)), channels(shade(colour, 0.3))
    assert all(d <= c <= t for d, c, t in zip(dark, channels(colour), light))


def test_short_hex_colours_and_bad_ones() -> None:
    assert tint("#abc", 0.5) == tint("#AABBCC", 0.5) and normalize_hex("#abc") == "AABBCC"
    with pytest.raises(ValueError):
        normalize_hex("red")


@given(hex_colours)
def test_dark_shade_is_the_lightest_one_percent_step_white_text_reads_on(colour: str) -> None:
    found = dark_shade(colour)
    assert contrast(found, "FFFFFF") >= 7
    steps = [step for step in range(101) if "".join(f"{c:02X}" for c in shaded(colour, step / 100)) == found]
    assert steps and (steps[0] == 0 or contrast("".join(f"{c:02X}" for c in shaded(colour, (steps[0] - 1) / 100)),
                                                "FFFFFF") < 7)


def test_contrast_is_the_wcag_ratio() -> None:
    assert contrast("000000", "FFFFFF") == pytest.approx(21) == contrast("FFFFFF", "000000")
    assert contrast("777777", "777777") == 1


def test_the_handout_css_computes_its_colours_with_the_colour_filters(kitgen, tmp_path) -> None:
    """Every `kit.theme.X|tint(a)` / `|shade(f)` in print.css renders as kitgen.colour computes it."""
    source = (BUILTIN_DIR / "print.css").read_text(encoding="utf-8")
    uses = re.findall(r"(--[\w-]+): \{\{ kit\.theme\.(\w+)\|(tint|shade)\(([\d.]+)\) \}\}", source)
    assert len(uses) >= 5
    ws = make_workspace(tmp_path / "ws", root="minimal")
    result = kitgen("build", "-C", ws, MINIMAL_KIT, "--only", "participant-workbook", "--format", "html",
                    "--out", tmp_path / "out")
    assert result.code == 0, result.text
    html = next((tmp_path / "out").rglob("*.html")).read_text(encoding="utf-8")
    theme = dict(re.findall(r"--(primary|accent): (#[0-9A-Fa-f]{6});", html))
    assert set(theme) == {"primary", "accent"}
    for var, key, name, amount in uses:
        expected = {"tint": tint, "shade": shade}[name](theme[key], float(amount))
        assert f"{var}: {expected};" in html, var


def test_the_css_macros_of_workspace_layouts_still_give_the_same_colours() -> None:
    env = environment(None)
    template = env.from_string('{% import "css-macros.css" as css %}{{ css.tint(c, 0.07) }} {{ css.shade(c, 0.45) }}')
    assert template.render(c="#1F4E79").split() == [tint("#1F4E79", 0.07), shade("#1F4E79", 0.45)]


# --------------------------------------------------------------------------- fonts


@pytest.mark.skipif(installed_families() is None, reason="fontconfig (fc-list) is not installed")
def test_validation_and_measuring_agree_on_every_twin() -> None:
    for office in METRIC_TWINS:
        assert is_installed(office) == (find_font(office) is not None), office


def test_a_twin_is_written_under_its_office_name() -> None:
    assert office_name("Carlito") == "Calibri" and office_name("caladea") == "Cambria"
    for office, twin in METRIC_TWINS.items():
        assert METRIC_TWINS[office_name(twin)] == twin  # an office font of the same metrics
    assert office_name("Noto Sans") == "Noto Sans" and office_name(None) is None


# --------------------------------------------------------------------------- languages


def test_language_tags_come_from_babels_likely_subtags() -> None:
    likely = get_global("likely_subtags")
    for language in ("en", "fr", "pt", "ar", "ja"):
        assert lang_tag(language) == f"{language}-{likely[language].split('_')[-1]}"
    assert lang_tag("en") == "en-US" and lang_tag("fr") == "fr-FR"
    assert lang_tag("fr-CA") == "fr-CA" and lang_tag("qq") == "qq"
