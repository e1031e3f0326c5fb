"""Colour arithmetic on ``#RRGGBB`` colours: tints and shades, WCAG luminance and contrast.

The one place for it: the deck calls these functions, and the handout CSS calls the same ones as
Jinja filters (``{{ kit.theme.primary|tint(0.07) }}``), registered by :data:`FILTERS`.
"""

from __future__ import annotations

import re

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")

RGB = tuple[int, int, int]


def normalize_hex(colour: str) -> str:
    """``"#1a2b3c"``, ``"1A2B3C"`` or ``"#abc"`` -> ``"1A2B3C"``; ValueError otherwise."""
    match = _HEX.match(str(colour).strip())
    if not match:
        raise ValueError(f"not a hex colour like #1A6FDB: {colour!r}")
    value = match.group(1)
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return value.upper()


def channels(colour: str) -> RGB:
    """The red, green and blue values (0-255) of a hex colour."""
    value = normalize_hex(colour)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _css(rgb: RGB) -> str:
    return "#" + "".join(f"{c:02x}" for c in rgb)


def _ooxml(rgb: RGB) -> str:
    return "".join(f"{c:02X}" for c in rgb)


def tinted(colour: str, opacity: float) -> RGB:
    """``colour`` at ``opacity`` (0..1) over white, as an opaque colour."""
    return tuple(round(255 - (255 - c) * opacity) for c in channels(colour))  # type: ignore[return-value]


def shaded(colour: str, factor: float) -> RGB:
    """``colour`` darkened towards black by ``factor`` (0: unchanged, 1: black)."""
    return tuple(round(c * (1 - factor)) for c in channels(colour))  # type: ignore[return-value]


def tint(colour: str, opacity: float) -> str:
    """CSS ``#rrggbb`` of :func:`tinted` (mixed with white, so a PDF needs no transparency)."""
    return _css(tinted(colour, opacity))


def shade(colour: str, factor: float) -> str:
    """CSS ``#rrggbb`` of :func:`shaded`."""
    return _css(shaded(colour, factor))


def lum(colour: str, mod: float, off: float = 0.0) -> str:
    """``RRGGBB``: ``colour`` with its HSL lightness times ``mod`` plus ``off`` (DrawingML's lumMod, lumOff)."""
    import colorsys
    r, g, b = (c / 255 for c in channels(colour))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    r, g, b = colorsys.hls_to_rgb(hue, max(0.0, min(1.0, light * mod + off)), sat)
    return _ooxml((round(r * 255), round(g * 255), round(b * 255)))


def luminance(colour: str) -> float:
    """WCAG relative luminance (0 for black, 1 for white)."""
    def linear(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = channels(colour)
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(colour1: str, colour2: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    a, b = sorted((luminance(colour1), luminance(colour2)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def dark_shade(colour: str, min_contrast: float = 7.0) -> str:
    """``RRGGBB``: ``colour`` darkened in 1 % steps until white text on it has ``min_contrast``."""
    for step in range(0, 101):
        shade_rgb = _ooxml(shaded(colour, step / 100))
        if 1.05 / (luminance(shade_rgb) + 0.05) >= min_contrast:  # white text on it
            return shade_rgb
    return "000000"


#: The Jinja filters of the layouts: ``{{ colour|tint(0.07) }}``, ``{{ colour|shade(0.25) }}``.
FILTERS = {"tint": tint, "shade": shade}
