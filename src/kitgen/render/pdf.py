"""Render HTML to a PDF file with WeasyPrint: sandboxed, tagged, reproducible, atomic.

This module (with :mod:`kitgen.render.fetcher`, and the patches of :mod:`kitgen.render.guards` and
:mod:`kitgen.render.pagerefs`) is the only part of kitgen that imports WeasyPrint. Written against
WeasyPrint 70.0:

* every resource goes through :class:`~kitgen.render.fetcher.SandboxFetcher`, and
  :mod:`kitgen.render.guards` bounds what WeasyPrint lays out (counters, gradients);
* links may only be absolute ``http``, ``https`` or ``mailto`` addresses (or
  internal); any other, which WeasyPrint would write as a ``file://`` link, is refused;
* the PDF is tagged (``pdf_tags=True``: StructTreeRoot, MarkInfo,
  DisplayDocTitle); ``pdf_ua=True`` selects ``pdf_variant='pdf/ua-1'``, which
  also writes XMP metadata claiming PDF/UA-1 conformance;
* metadata comes from the HTML (``<title>``, ``<meta name=author|description|
  keywords>``, ``<html lang>``) and is overridden by the arguments given here;
* output is byte-reproducible: dates come from ``created`` or
  ``SOURCE_DATE_EPOCH`` (never the clock), the ``/ID`` is a hash of the content,
  and embedded files (whose dates WeasyPrint takes from the clock) are refused;
* the file is written to a temporary sibling, fsynced and moved into place.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kitgen.atomic import write_bytes
from kitgen.markup import allowed_href
from weasyprint import HTML
from weasyprint.document import Document

from kitgen.render import guards  # noqa: F401 - bounds WeasyPrint lacks, installed on import
from kitgen.render import pagerefs  # noqa: F401 - page references looked up in constant time, installed on import
from kitgen.render.fetcher import SandboxFetcher


@dataclass(frozen=True)
class RenderInfo:
    """What a render produced: page count, the files it read, and the resources that were refused."""

    pages: int
    refused: tuple[tuple[str, str], ...] = ()
    served: tuple[Path, ...] = ()


def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (fast) rather than fontTools (slow).

    Mirrors WeasyPrint 70's own test in ``pdf/fonts.py``: libharfbuzz-subset
    loaded and HarfBuzz >= 4.1.0.
    """
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


_WARM_UP = ("<html><head><style>@page { size: a4; @bottom-center { content: counter(page) } } p { hyphens: auto }"
            "</style></head><body><h1>Heading <b>strong</b> <i>emphasis</i></h1>"
            "<p>A paragraph, <a href='https://example.org'>a link</a>, <code>code</code>.</p><ul><li>item</li></ul>"
            "<table><tr><th>head</th><td>cell</td></tr></table></body></html>")


def warm_up(langs: Sequence[str]) -> None:
    """Do once, before the build forks its workers, what WeasyPrint does on first use in a process and
    every worker would otherwise repeat: cffi's parsing of the C types it allocates (a small page is
    rendered), and loading the hyphenation dictionaries of `langs`."""
    import pyphen
    HTML(string=_WARM_UP, url_fetcher=SandboxFetcher([])).render(pdf_tags=True).write_pdf(pdf_tags=True)
    for lang in langs:
        if found := pyphen.language_fallback(lang):
            pyphen.Pyphen(lang=found)


def source_date(created: datetime | None = None) -> datetime | None:
    """The document date: ``created``, else ``$SOURCE_DATE_EPOCH``, else ``None``."""
    if created is not None:
        return created
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            return None
    return None


def w3c_date(moment: datetime) -> str:
    """``moment`` as a W3C date-time in UTC (naive datetimes are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def render_pdf(
    html: str,
    base_url: str,
    out_path: Path,
    *,
    roots: Sequence[Path],
    title: str | None,
    author: str | None,
    subject: str | None,
    lang: str | None,
    keywords: Sequence[str] | None = None,
    created: datetime | None = None,
    fetcher: SandboxFetcher | None = None,
    tagged: bool = True,
    pdf_ua: bool = False,
    strict: bool = True,
) -> RenderInfo:
    """Render ``html`` to ``out_path`` atomically and return the page count.

    ``base_url`` resolves relative URLs (use a ``file://`` URL ending in ``/``
    for a folder).  Only files under ``roots`` are served (see
    :class:`SandboxFetcher`); pass ``fetcher`` to read ``fetcher.refused``
    afterwards, or use :attr:`RenderInfo.refused`; with ``strict`` (the default) any refusal raises
    :class:`ResourcesRefused` before anything is written.  Metadata arguments that are
    ``None`` keep what the HTML declares.  On any error the previous
    ``out_path`` is left untouched and no temporary file remains.
    """
    fetcher = fetcher if fetcher is not None else SandboxFetcher(roots)
    options: dict[str, Any] = {
        "pdf_tags": tagged or pdf_ua,
        "pdf_variant": "pdf/ua-1" if pdf_ua else None,
        "pdf_identifier": True,  # /ID = MD5 of the PDF objects: stable, not random
        "custom_metadata": False,  # other <meta> names stay out of /Info
    }
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(**options)
    _set_metadata(document, title, author, subject, lang, keywords, source_date(created))
    _check_links(document, fetcher)
    data = document.write_pdf(**options)  # drawing fetches too (e.g. images inside an SVG)
    if strict and fetcher.refused:  # before anything is written: the previous good file stays
        raise ResourcesRefused(tuple(fetcher.refused))
    write_bytes(Path(out_path), data)
    return RenderInfo(pages=len(document.pages), refused=tuple(fetcher.refused), served=tuple(fetcher.served))


class ResourcesRefused(Exception):
    """The document asked for files outside the workspace, missing files or network resources."""

    def __init__(self, refused: tuple[tuple[str, str], ...]):
        self.refused = refused
        super().__init__("; ".join(f"{url} ({why})" for url, why in refused))


def _set_metadata(
    document: Document,
    title: str | None,
    author: str | None,
    subject: str | None,
    lang: str | None,
    keywords: Sequence[str] | None,
    date: datetime | None,
) -> None:
    """Override the HTML-derived metadata (/Title, /Author, /Subject, /Keywords, /Lang, dates)."""
    meta = document.metadata
    if title is not None:
        meta.title = title
    if author is not None:
        meta.authors = [author]
    if subject is not None:
        meta.description = subject
    if keywords is not None:
        meta.keywords = [k.strip() for k in keywords if k.strip()]
    if lang is not None:
        meta.lang = lang
    if date is not None:
        meta.created = meta.modified = w3c_date(date)


def _check_links(document: Document, fetcher: SandboxFetcher) -> None:
    """Refuse ``<link rel=attachment>`` and ``<a rel=attachment>`` embedded files, and links to
    anything but an absolute http, https or mailto address.

    WeasyPrint stamps embedded files with the current time (breaking
    reproducibility), and handouts have no use for them. A relative link would
    become a ``file://`` link naming the build machine's folders.
    """
    for attachment in document.metadata.attachments:
        url = _attachment_url(attachment)
        fetcher.refuse(url, "embedded file attachments are not supported")
    document.metadata.attachments = []
    for page in document.pages:
        kept = []
        for link in page.links:
            if link[0] == "attachment":
                fetcher.refuse(str(link[1]), "embedded file attachments are not supported")
            elif link[0] == "external" and not allowed_href(str(link[1])):
                fetcher.refuse(str(link[1]), "links may only be absolute http, https or mailto addresses")
            else:
                kept.append(link)
        page.links[:] = kept


def _attachment_url(attachment: Any) -> str:
    """Best-effort URL of a not-yet-fetched WeasyPrint ``Attachment``."""
    # ``Attachment.source`` is an un-entered ``select_source(guess, filename, url, ...)``
    # context manager; its arguments are kept on it as ``args`` / ``kwds``.
    source = getattr(attachment, "source", None)
    args = tuple(getattr(source, "args", ()) or ())[:3]
    kwds = getattr(source, "kwds", None) or {}
    candidates = (*args, kwds.get("url"), kwds.get("guess"), kwds.get("filename"))
    return next((str(c) for c in candidates if c is not None), "(attachment)")
