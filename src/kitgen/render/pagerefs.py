"""Looking up a page's reference in constant time, so a tagged PDF's cost grows with its pages, not their square.

pydyf (0.13, under WeasyPrint 70) makes `PDF.page_references` a property that formats a reference
for every page each time it is read, and WeasyPrint reads it once per tagged element and per link
destination, to take one item. A 1,000-page set of name tents has some 21,000 such elements: 21
million references formatted, 15 of the render's 105 seconds; 5,000 tents, 25 times that.

Installed on import, the property remembers the tuple it made, until a page is added (pydyf only
ever appends to the page tree's `Kids`, three items per page), so every reading gives the same bytes
as before, and the output is identical.
"""

from __future__ import annotations

import pydyf

_FORMATTED = pydyf.PDF.page_references.fget


def _page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    kids = pdf.pages["Kids"]
    known = pdf.__dict__.get("_kitgen_page_references")
    if known is None or known[0] is not kids or known[1] != len(kids):
        known = (kids, len(kids), _FORMATTED(pdf))
        pdf.__dict__["_kitgen_page_references"] = known
    return known[2]


pydyf.PDF.page_references = property(_page_references, doc=pydyf.PDF.page_references.__doc__)
