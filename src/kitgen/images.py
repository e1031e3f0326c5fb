"""Image checks shared by the PDF renderer's file gate and kit validation: the bytes must be the
image their name says, and small enough in pixels to render (a 48 kB PNG can claim 10000x10000)."""

from __future__ import annotations

import io
import re
import warnings

from PIL import Image

MAX_PIXELS = 40_000_000
RASTER_FORMATS = {
    "image/png": {"PNG"},
    "image/jpeg": {"JPEG", "MPO"},
    "image/gif": {"GIF"},
    "image/webp": {"WEBP"},
}
TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
         ".webp": "image/webp", ".svg": "image/svg+xml"}


def image_problem(data: bytes, content_type: str, max_pixels: int = MAX_PIXELS, thorough: bool = False) -> str:
    """Why `data` may not be used as `content_type` ('' when it may).

    Reads the header only, unless `thorough` (used for logos at validation): then raster images are
    decoded in full and SVG files are parsed and may not refer to any other file.
    """
    if content_type == "image/svg+xml":
        head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
        if not head.startswith(b"<"):
            return "not an SVG file"
        return _svg_problem(data) if thorough else ""
    formats = RASTER_FORMATS.get(content_type)
    if formats is None:
        return f"{content_type} is not an allowed image type"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                fmt, (width, height) = image.format, image.size
    except Image.DecompressionBombError:
        return f"image has more than {max_pixels} pixels"
    except Exception:  # noqa: BLE001 - anything Pillow cannot read is simply not a usable image
        return "not a readable image"
    if fmt not in formats:
        return f"image content ({fmt}) does not match its type"
    if width * height > max_pixels:
        return f"image is {width}x{height}, more than {max_pixels} pixels"
    if thorough:
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.load()
        except Exception:  # noqa: BLE001 - a truncated or corrupt image would be dropped from the page
            return "the image is damaged (it cannot be decoded in full)"
    return ""


_EXTERNAL = re.compile(rb"url\(\s*['\"]?\s*(?!#)", re.I)


def _svg_problem(data: bytes) -> str:
    """An SVG logo is self-contained: it parses, and every reference points inside it (#id) or is data:."""
    from lxml import etree
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as exc:
        return f"not a valid SVG file ({exc.msg})"
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.rsplit("}", 1)[-1] == "href" and not value.strip().startswith(("#", "data:")):
                return f"the SVG refers to another file ({value[:80]}); embed it or remove it"
    if _EXTERNAL.search(data) or b"@import" in data:
        return "the SVG refers to another file through url() or @import; embed it or remove it"
    return ""
