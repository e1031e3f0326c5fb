"""A WeasyPrint URL fetcher that serves only vetted local files.

WeasyPrint calls its fetcher for every stylesheet, image, font, SVG sub-resource
and attachment a document refers to.  :class:`SandboxFetcher` answers only:

* ``file:`` URLs whose fully resolved path (symlinks followed) lies inside one
  of the allowed root folders, is a regular file, is at most ``max_bytes`` long
  and has an allowed type (checked by extension *and* by content);
* small ``data:`` URLs of an allowed type.

Everything else (``http``, ``https``, ``ftp``, other schemes, files outside the
roots, oversized images ...) is refused: the URL and the reason are appended to
:attr:`SandboxFetcher.refused` and :class:`ResourceRefused` is raised, which
WeasyPrint catches, logs and treats as a missing resource.
"""

from __future__ import annotations

import base64
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit
from urllib.request import url2pathname

from kitgen.images import MAX_PIXELS, image_problem
from weasyprint.urls import URLFetcher, URLFetcherResponse

MAX_BYTES = 20 * 1024 * 1024
MAX_DATA_URL_BYTES = 2 * 1024 * 1024

#: Allowed file extensions and the content type served for them.
ALLOWED_TYPES: dict[str, str] = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".css": "text/css",
}
_FONT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf", b"wOFF", b"wOF2")
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
        max_bytes: int = MAX_BYTES,
        max_pixels: int = MAX_PIXELS,
        max_data_url_bytes: int = MAX_DATA_URL_BYTES,
    ) -> None:
        super().__init__(allow_redirects=False, fail_on_errors=False)
        self.roots: tuple[Path, ...] = tuple(Path(r).resolve() for r in roots)
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

    def _read_file(self, url: str) -> tuple[bytes, str]:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise ResourceRefused(url, "remote file URLs are not allowed")
        raw_path = url2pathname(parts.path)  # url2pathname also %-decodes
        if "\x00" in raw_path:
            raise ResourceRefused(url, "invalid path")
        try:
            resolved = Path(raw_path).resolve(strict=True)
        except (OSError, RuntimeError):
            raise ResourceRefused(url, "file not found") from None
        if not any(resolved.is_relative_to(root) for root in self.roots):
            raise ResourceRefused(url, "file is outside the allowed folders")
        content_type = ALLOWED_TYPES.get(resolved.suffix.lower())
        if content_type is None:
            raise ResourceRefused(url, f"file type {resolved.suffix or '(none)'!r} is not allowed")
        data = self._read_regular_file(url, resolved)
        self._check_content(url, data, content_type)
        if resolved not in self.served:
            self.served.append(resolved)
        return data, content_type

    def _read_regular_file(self, url: str, path: Path) -> bytes:
        """Read ``path`` (already resolved) if it is a regular file within the size cap."""
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(path, flags)
        except OSError:
            raise ResourceRefused(url, "file cannot be opened") from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise ResourceRefused(url, "not a regular file")
            if info.st_size > self.max_bytes:
                raise ResourceRefused(url, f"file is larger than {self.max_bytes} bytes")
            with os.fdopen(fd, "rb") as handle:
                fd = -1  # now owned by handle
                data = handle.read(self.max_bytes + 1)
        except OSError:
            raise ResourceRefused(url, "file cannot be read") from None
        finally:
            if fd >= 0:
                os.close(fd)
        if len(data) > self.max_bytes:
            raise ResourceRefused(url, f"file is larger than {self.max_bytes} bytes")
        return data

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
        self._check_content(url, data, content_type)
        return data, content_type

    # -- content checks --------------------------------------------------------

    def _check_content(self, url: str, data: bytes, content_type: str) -> None:
        """Check that ``data`` really is ``content_type``; bound raster pixel counts."""
        if content_type.startswith("font/"):
            if not data.startswith(_FONT_MAGIC):
                raise ResourceRefused(url, "not a font file")
        elif content_type.startswith("image/"):
            why = image_problem(data, content_type, self.max_pixels)
            if why:
                raise ResourceRefused(url, why)
