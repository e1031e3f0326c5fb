"""A WeasyPrint URL fetcher that serves only vetted local files.

WeasyPrint calls its fetcher for every stylesheet, image, font, SVG sub-resource
and attachment a document refers to.  :class:`SandboxFetcher` answers only:

* ``file:`` URLs under one of the allowed root folders, opened one path component
  at a time relative to its folder's descriptor (:func:`kitgen.paths.open_beneath`:
  links are followed only while they stay under the root, so a folder swapped for a
  link mid-build cannot lead outside), that are regular files with a single hard
  link, at most ``max_bytes`` long and of an allowed type (checked by extension
  *and* by content);
* small ``data:`` URLs of an allowed type.

What is served is what was checked: SVG images are bounded (elements, nesting,
``<use>`` expansion), stylesheets are checked (:mod:`kitgen.stylesheets`) and served
as the text that was checked, and WOFF/WOFF2 fonts are decompressed here within
the cap and served as plain TrueType/OpenType.

Everything else (``http``, ``https``, ``ftp``, other schemes, files outside the
roots, oversized images ...) is refused: the URL and the reason are appended to
:attr:`SandboxFetcher.refused` and :class:`ResourceRefused` is raised, which
WeasyPrint catches, logs and treats as a missing resource.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit
from urllib.request import url2pathname

from tinycss2.bytes import decode_stylesheet_bytes

from kitgen import stylesheets
from kitgen.images import MAX_PIXELS, image_problem
from kitgen.paths import IMAGE_TYPES, MAX_FILE_BYTES, FileRefused, read_beneath, under
from kitgen.render.webfonts import FontRefused, is_web_font, to_sfnt
from weasyprint.urls import URLFetcher, URLFetcherResponse

MAX_DATA_URL_BYTES = 2 * 1024 * 1024

#: Allowed file extensions and the content type served for them.
ALLOWED_TYPES: dict[str, str] = {
    **IMAGE_TYPES,
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".css": "text/css",
}
_SFNT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")
_WHY = {"missing": "file not found", "dangling": "file not found", "outside": "file is outside the allowed folders",
        "special": "not a regular file", "linked": "file has other hard links (another name outside the workspace?)",
        "unreadable": "file cannot be read"}
_NETWORK_SCHEMES = {"http", "https", "ftp", "ftps", "ws", "wss", "sftp", "smb", "gopher"}


class ResourceRefused(ValueError):
    """A resource the sandbox will not serve; ``url`` and ``reason`` say which and why."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{reason}: {url}")


class _MemoryResponse(URLFetcherResponse):
    """A response whose bytes are already in memory.

    WeasyPrint 70 re-reads PNG/JPEG images from ``response.path`` at PDF-write
    time (``LazyLocalImage``), which would bypass every check made here; with
    ``path`` always ``None`` it keeps the vetted bytes instead.
    """

    @property
    def path(self) -> None:  # type: ignore[override]
        return None


class SandboxFetcher(URLFetcher):
    """Serve allowed files from ``roots`` only; record and refuse everything else."""

    def __init__(
        self,
        roots: Iterable[Path | str],
        *,
        max_bytes: int = MAX_FILE_BYTES,
        max_pixels: int = MAX_PIXELS,
        max_data_url_bytes: int = MAX_DATA_URL_BYTES,
    ) -> None:
        super().__init__(allow_redirects=False, fail_on_errors=False)
        self.roots: tuple[Path, ...] = tuple(Path(r) for r in roots)
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels
        self.max_data_url_bytes = max_data_url_bytes
        #: ``(url, reason)`` for every resource that was not served, in order.
        self.refused: list[tuple[str, str]] = []
        #: Resolved paths of the files that were served (e.g. for watch mode).
        self.served: list[Path] = []

    # -- WeasyPrint entry point ------------------------------------------------

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        """Return the resource at ``url`` or raise :class:`ResourceRefused`."""
        try:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "file":
                data, content_type = self._read_file(url)
            elif scheme == "data":
                data, content_type = self._read_data_url(url)
            elif scheme in _NETWORK_SCHEMES:
                raise ResourceRefused(url, "network access is not allowed")
            else:
                raise ResourceRefused(url, f"URL scheme {scheme or '(none)'!r} is not allowed")
        except ResourceRefused as exc:
            self.refuse(exc.url, exc.reason)
            raise
        except ValueError as exc:  # malformed URL
            self.refuse(url, f"malformed URL ({exc})")
            raise ResourceRefused(url, "malformed URL") from exc
        return _MemoryResponse(url, data, {"Content-Type": content_type})

    def refuse(self, url: str, reason: str) -> None:
        """Record a refused ``url`` once (callers may add their own refusals)."""
        shown = url if len(url) <= 200 else url[:200] + "..."
        if (shown, reason) not in self.refused:
            self.refused.append((shown, reason))

    # -- file: URLs ------------------------------------------------------------

    def _read_file(self, url: str) -> tuple[bytes | str, str]:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise ResourceRefused(url, "remote file URLs are not allowed")
        raw_path = url2pathname(parts.path)  # url2pathname also %-decodes
        if "\x00" in raw_path:
            raise ResourceRefused(url, "invalid path")
        if not any(under(root, raw_path) for root in self.roots):
            raise ResourceRefused(url, _WHY["outside"])
        if ALLOWED_TYPES.get(Path(raw_path).suffix.lower()) is None:
            raise ResourceRefused(url, f"file type {Path(raw_path).suffix or '(none)'!r} is not allowed")
        data, path = self._read_under_root(url, raw_path)
        content_type = ALLOWED_TYPES.get(path.suffix.lower())
        if content_type is None:  # a link inside the workspace to a file of another type
            raise ResourceRefused(url, f"file type {path.suffix or '(none)'!r} is not allowed")
        body, served_type = self._vetted(url, data, content_type)
        if path not in self.served:
            self.served.append(path)
        return body, served_type

    def _read_under_root(self, url: str, raw_path: str) -> tuple[bytes, Path]:
        """The file's bytes and real path, read beneath the first root that holds the path."""
        reason = "outside"
        for root in self.roots:
            try:
                return read_beneath(root, raw_path, self.max_bytes)
            except FileRefused as exc:
                reason = exc.reason
                if reason != "outside":
                    break
            except OSError:
                reason = "unreadable"
                break
        if reason == "large":
            raise ResourceRefused(url, f"file is larger than {self.max_bytes} bytes")
        raise ResourceRefused(url, _WHY.get(reason, "file cannot be read"))

    # -- data: URLs ------------------------------------------------------------

    def _read_data_url(self, url: str) -> tuple[bytes, str]:
        header, sep, payload = url[5:].partition(",")
        if not sep:
            raise ResourceRefused(url, "malformed data: URL")
        params = [p.strip() for p in header.split(";")]
        content_type = (params[0] or "text/plain").lower()
        if content_type not in ALLOWED_TYPES.values():
            raise ResourceRefused(url, f"data: URL type {content_type!r} is not allowed")
        # Rough pre-check before decoding (base64 is 4/3 larger than the data).
        if len(payload) > self.max_data_url_bytes * 4 // 3 + 4 * 1024:
            raise ResourceRefused(url, f"data: URL is larger than {self.max_data_url_bytes} bytes")
        try:
            if "base64" in (p.lower() for p in params[1:]):
                data = base64.b64decode(unquote(payload), validate=False)
            else:
                data = unquote_to_bytes(payload)
        except (ValueError, TypeError):
            raise ResourceRefused(url, "malformed data: URL") from None
        if len(data) > self.max_data_url_bytes:
            raise ResourceRefused(url, f"data: URL is larger than {self.max_data_url_bytes} bytes")
        return self._vetted(url, data, content_type)

    # -- content checks --------------------------------------------------------

    def _vetted(self, url: str, data: bytes, content_type: str) -> tuple[bytes | str, str]:
        """What to serve for `data` (checked as `content_type`), and its content type."""
        if content_type.startswith("font/"):
            if is_web_font(data):
                try:
                    sfnt = to_sfnt(data, self.max_bytes)
                except FontRefused as exc:
                    raise ResourceRefused(url, str(exc)) from None
                return sfnt, "font/otf" if sfnt.startswith(b"OTTO") else "font/ttf"
            if not data.startswith(_SFNT_MAGIC):
                raise ResourceRefused(url, "not a font file")
        elif content_type.startswith("image/"):
            why = image_problem(data, content_type, self.max_pixels)
            if why:
                raise ResourceRefused(url, why)
        elif content_type == "text/css":
            text = decode_stylesheet_bytes(data)[0].lstrip("\ufeff")
            problems = stylesheets.problems(text)
            if problems:
                raise ResourceRefused(url, problems[0])
            return text, content_type  # served as the text checked (UTF-8), whatever its @charset said
        return data, content_type
