"""Image checks shared by the PDF renderer's file gate and kit validation: the bytes must be the
image their name says, and small enough in pixels to render (a 48 kB PNG can claim 10000x10000)."""

from __future__ import annotations

import io
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


def image_problem(data: bytes, content_type: str, max_pixels: int = MAX_PIXELS) -> str:
    """Why `data` may not be used as `content_type` ('' when it may). Reads the header only."""
    if content_type == "image/svg+xml":
        head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
        return "" if head.startswith(b"<") else "not an SVG file"
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
    return ""
