"""WOFF and WOFF2 fonts, decompressed by kitgen within a bound before WeasyPrint sees them.

WeasyPrint (through fontTools) inflates a web font with no limit on the output: a 5 kB WOFF2 file can
claim gigabytes. Here every compressed stream in the file (each table of a WOFF, the one brotli stream
and the metadata of a WOFF2) is first inflated as a stream and stopped at the size the font's own
directory declares, itself at most the cap; only a font that decompresses to what it says is then
converted, the way WeasyPrint would, to the plain TrueType/OpenType font the renderer is given.
"""

from __future__ import annotations

import io
import struct
import zlib

_CHUNK = 1 << 20


class FontRefused(ValueError):
    """A web font that is damaged, or larger than the cap once decompressed."""


def is_web_font(data: bytes) -> bool:
    return data[:4] in (b"wOFF", b"wOF2")


def to_sfnt(data: bytes, limit: int) -> bytes:
    """The TrueType/OpenType font inside a WOFF or WOFF2 file, at most `limit` bytes; or FontRefused."""
    if data[:4] == b"wOFF":
        _check_woff(data, limit)
    else:
        _check_woff2(data, limit)
    try:
        from fontTools.ttLib import TTFont, woff2
        out = io.BytesIO()
        if data[:4] == b"wOF2":
            woff2.decompress(io.BytesIO(data), out)
        else:
            font = TTFont(io.BytesIO(data))
            font.flavor = font.flavorData = None
            font.save(out)
    except Exception as exc:  # noqa: BLE001 - fontTools raises many kinds of errors on a damaged font
        raise FontRefused(f"the font is damaged ({type(exc).__name__})") from None
    sfnt = out.getvalue()
    if len(sfnt) > limit:
        raise FontRefused(f"the font is larger than {limit} bytes once decompressed")
    return sfnt


def _too_large(limit: int) -> FontRefused:
    return FontRefused(f"the font is larger than {limit} bytes once decompressed")


def _bomb() -> FontRefused:
    return FontRefused("the font decompresses to more than its tables declare; refused")


def _check_woff(data: bytes, limit: int) -> None:
    try:
        num_tables, total = struct.unpack_from(">H2xI", data, 12)
        meta_offset, meta_length, meta_orig = struct.unpack_from(">III", data, 24)
        tables = [struct.unpack_from(">4sIII", data, 44 + 20 * i) for i in range(num_tables)]
    except struct.error:
        raise FontRefused("the font is damaged (truncated header)") from None
    if total > limit or sum(t[3] for t in tables) > limit or meta_orig > limit:
        raise _too_large(limit)
    for _tag, offset, compressed, original in tables:
        if compressed > original or offset + compressed > len(data):
            raise FontRefused("the font is damaged (a table's sizes do not fit)")
        if compressed < original:
            _inflate_exactly(data[offset:offset + compressed], original, limit)
    if meta_length:
        _inflate_exactly(data[meta_offset:meta_offset + meta_length], meta_orig, limit)


def _inflate_exactly(stream: bytes, expected: int, limit: int) -> None:
    inflater = zlib.decompressobj()
    try:
        produced = len(inflater.decompress(stream, expected + 1))
    except zlib.error:
        raise FontRefused("the font is damaged (bad compressed data)") from None
    if produced > expected or inflater.unconsumed_tail:
        raise _bomb()
    if produced != expected:
        raise FontRefused("the font is damaged (a table is shorter than it says)")


_KNOWN_TAGS = 63  # a flags value naming a table by index; 63 means the tag follows


def _check_woff2(data: bytes, limit: int) -> None:
    try:
        flavor, = struct.unpack_from(">4s", data, 4)
        num_tables, total, compressed_size = struct.unpack_from(">H2xII", data, 12)
        meta_offset, meta_length, meta_orig = struct.unpack_from(">III", data, 28)
        offset, expected = 48, 0
        for _ in range(num_tables):
            flags = data[offset]
            offset += 1 + (4 if flags & 0x3F == _KNOWN_TAGS else 0)
            original, offset = _base128(data, offset)
            version = flags >> 6
            transformed = version == 0 if flags & 0x3F in (10, 11) else version != 0  # 10 glyf, 11 loca
            if transformed:
                length, offset = _base128(data, offset)
            else:
                length = original
            expected += length
    except (struct.error, IndexError):
        raise FontRefused("the font is damaged (truncated header)") from None
    if flavor == b"ttcf":
        raise FontRefused("font collections (TTC) in WOFF2 are not supported")
    if total > limit or expected > limit or meta_orig > limit:
        raise _too_large(limit)
    _brotli_exactly(data[offset:offset + compressed_size], expected, limit)
    if meta_length:
        _brotli_exactly(data[meta_offset:meta_offset + meta_length], meta_orig, limit)


def _base128(data: bytes, offset: int) -> tuple[int, int]:
    """A WOFF2 UIntBase128 number at `offset`, and the offset after it."""
    value = 0
    for i in range(5):
        byte = data[offset + i]
        if i == 0 and byte == 0x80:
            raise FontRefused("the font is damaged (bad number)")
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, offset + i + 1
    raise FontRefused("the font is damaged (bad number)")


def _brotli_exactly(stream: bytes, expected: int, limit: int) -> None:
    """Inflate `stream` in bounded steps; it must give exactly `expected` bytes and end."""
    import brotli
    inflater = brotli.Decompressor()
    produced = 0
    try:
        piece = inflater.process(stream, output_buffer_limit=_CHUNK)
        while True:
            produced += len(piece)
            if produced > expected:
                raise _bomb()
            if inflater.is_finished() or inflater.can_accept_more_data():
                break
            piece = inflater.process(b"", output_buffer_limit=_CHUNK)
    except brotli.error:
        raise FontRefused("the font is damaged (bad compressed data)") from None
    if not inflater.is_finished() or produced != expected:
        raise FontRefused("the font is damaged (its data does not match its tables)")
