"""Bounds WeasyPrint 70 lacks, on values only known while it lays out a page; installed on import.

Both follow what the CSS specifications allow a renderer to do:

* **Counters** (CSS Counter Styles 3, "a UA may use the fallback style for representations longer
  than 60 code points"): a `symbolic` or `additive` counter style, or a `pad`, repeats a symbol once
  per unit of the counter's value, so `counter-set: c 100000000` would lay out 10^8 symbols. A
  representation longer than 60 code points, or of a value beyond a million, prints in decimal.
* **Repeating gradients** (CSS Images 3, "if the distance between the first and last color stops is
  too small to render faithfully, render the gradient's average colour"): a `repeating-linear-gradient`
  whose stops are 0.001px apart would list a stop every 0.001px of the box. A repeating gradient (in
  CSS, or an SVG gradient with `spreadMethod`) needing more than MAX_GRADIENT_STOPS stops is drawn in
  its average colour (CSS) or not drawn (SVG).

And one WeasyPrint habit that would hide a limit: it draws an SVG image inside `except BaseException`,
so running out of memory there (the worker's address-space limit) left the image out of a file
reported built. Here a MemoryError ends the render, and the worker reports the limit.
"""

from __future__ import annotations

import functools
import math

from weasyprint import images, svg
from weasyprint.css import counters
from weasyprint.svg import defs

MAX_COUNTER_CHARS = 60
MAX_COUNTER_VALUE = 1_000_000
MAX_GRADIENT_STOPS = 10_000


class _TooLong(Exception):
    """A counter representation longer than MAX_COUNTER_CHARS."""


class _TooFine(Exception):
    """A repeating gradient that would need more than MAX_GRADIENT_STOPS stops."""


class _Symbol(str):
    """A counter symbol that refuses to be repeated past MAX_COUNTER_CHARS."""

    def __mul__(self, times):
        if isinstance(times, int) and len(self) * times > MAX_COUNTER_CHARS:
            raise _TooLong
        return str.__mul__(self, times)

    __rmul__ = __mul__


def _symbol(original):
    @functools.wraps(original)
    def symbol(value):
        return _Symbol(original(value))
    return symbol


def _render_value(original):
    @functools.wraps(original)
    def render_value(self, counter_value, counter_name=None, counter=None, previous_types=None):
        if abs(counter_value) > MAX_COUNTER_VALUE:
            return original(self, counter_value, "decimal")
        try:
            text = original(self, counter_value, counter_name, counter, previous_types)
        except _TooLong:
            text = None
        if text is None or len(text) > MAX_COUNTER_CHARS:
            return original(self, counter_value, "decimal")
        return text
    return render_value


def _bounded_cycle(iterable):
    """itertools.cycle, stopping with _TooFine after MAX_GRADIENT_STOPS items."""
    items = tuple(iterable)

    def cycled():
        for count in range(MAX_GRADIENT_STOPS + 1):
            if count == MAX_GRADIENT_STOPS or not items:
                raise _TooFine
            yield items[count % len(items)]
    return cycled()


def _average(colors) -> tuple:
    colors = list(colors)
    if len(colors) < 2:
        return colors[0]
    return images.gradient_average_color(colors, [i / (len(colors) - 1) for i in range(len(colors))])


def _solid_when_too_fine(layout):
    @functools.wraps(layout)
    def guarded(self, width, height, style):
        try:
            return layout(self, width, height, style)
        except _TooFine:
            return 1, "solid", None, [], [_average(self.colors)], []
    return guarded


def _radial_repeat(repeat):
    """RadialGradient._repeat, refused before it lists more than MAX_GRADIENT_STOPS stops."""
    @functools.wraps(repeat)
    def guarded(self, width, height, scale_y, points, positions, colors, hints):
        length = points[5] - points[2]
        corners = [(width - points[0], height / scale_y - points[1]), (width - points[0], -points[1] * scale_y),
                   (-points[0], height / scale_y - points[1]), (-points[0], -points[1] * scale_y)]
        distance = max(math.hypot(x, y) for x, y in corners)
        _check_repeats(distance - points[5], length, len(positions))
        return repeat(self, width, height, scale_y, points, positions, colors, hints)
    return guarded


def _check_repeats(span: float, length: float, stops: int) -> None:
    if length <= 0 or not math.isfinite(span / length) or (span / length + 2) * stops > MAX_GRADIENT_STOPS:
        raise _TooFine


def _svg_radial(spread_radial):
    @functools.wraps(spread_radial)
    def guarded(spread, positions, colors, fx, fy, fr, cx, cy, r, width, height, matrix):
        if spread in ("repeat", "reflect") and positions:
            length = (r - fr) * (max(positions) - min(positions))
            try:
                tw, th = matrix.invert.transform_point(width, height)
            except (ZeroDivisionError, ArithmeticError):
                tw, th = width, height
            distance = math.hypot(max(abs(fx), abs(tw - fx)), max(abs(fy), abs(th - fy)))
            _check_repeats(distance + abs(fr) + abs(r), length, len(positions))
        return spread_radial(spread, positions, colors, fx, fy, fr, cx, cy, r, width, height, matrix)
    return guarded


def _svg_gradient(draw_gradient):
    @functools.wraps(draw_gradient)
    def guarded(*args, **kwargs):
        try:
            return draw_gradient(*args, **kwargs)
        except _TooFine:
            return False  # the shape is drawn without this paint
    return guarded


def _draw_svg(self, stream, concrete_width, concrete_height, _style) -> None:
    """`SVGImage.draw` as WeasyPrint 70 writes it, but letting MemoryError (and anything that is not an
    Exception, such as KeyboardInterrupt) through."""
    try:
        self._svg.draw(stream, concrete_width, concrete_height, self._base_url, self._context)
    except MemoryError:
        raise
    except Exception as exception:  # noqa: BLE001 - as WeasyPrint does: the image is left out, with an error logged
        images.LOGGER.error("Failed to render SVG image %s", self._base_url)
        images.LOGGER.debug("Error while rendering SVG image:", exc_info=exception)


def install() -> None:
    """Put the guards in place (once)."""
    if getattr(counters, "_kitgen_guarded", False):
        return
    counters.symbol = _symbol(counters.symbol)
    counters.CounterStyle.render_value = _render_value(counters.CounterStyle.render_value)
    images.cycle = defs.cycle = _bounded_cycle
    for gradient in (images.LinearGradient, images.RadialGradient):
        gradient.layout = _solid_when_too_fine(gradient.layout)
    images.RadialGradient._repeat = _radial_repeat(images.RadialGradient._repeat)
    defs.spread_radial_gradient = _svg_radial(defs.spread_radial_gradient)
    svg.draw_gradient = _svg_gradient(svg.draw_gradient)
    images.SVGImage.draw = _draw_svg
    counters._kitgen_guarded = True


install()
