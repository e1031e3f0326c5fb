"""Checks of a kit's settings against the machine and the workspace: locale, fonts, logos, templates."""

from __future__ import annotations

import re

from typing import TYPE_CHECKING

from pathlib import Path

from kitgen import i18n
from kitgen.fonts import is_installed, suggestions, text_families
from kitgen.models.base import LOCALE_RE
from kitgen.paths import IMAGE_SUFFIXES, TEMPLATE_SUFFIXES, workspace_file

if TYPE_CHECKING:
    from kitgen.errors import Problems
    from kitgen.models import Kit
    from kitgen.yamlsafe import Doc


def check_locale(kit: Kit | None, doc: Doc, problems: Problems) -> None:
    """The kit's locale must have a complete label catalogue (read from the raw data when the kit has
    errors elsewhere, so it is reported with them)."""
    if kit is not None:
        code = kit.locale
    else:
        code = doc.data.get("locale") if isinstance(doc.data, dict) else None
        if not isinstance(code, str) or not re.match(LOCALE_RE, code):
            return  # none, or of a form the kit's own check reports
    try:
        missing = i18n.missing_keys(code)
    except KeyError:
        problems.add(doc.loc(("locale",)), "locale", f"no labels for locale {code!r}",
                     f"available: {', '.join(i18n.available())}; docs/languages.md says how to add one")
        return
    if missing:
        problems.add(doc.loc(("locale",)), "locale", f"the {code!r} labels lack {len(missing)} translation(s): "
                     + ", ".join(missing[:8]), "add them to the locale's catalogue")


def check_assets(data: object, doc: Doc, root: Path, problems: Problems) -> None:
    """Fonts must be installed (no silent fallback); logos and templates must be readable workspace files.

    Works on the kit's raw data, so these are reported even when other fields of the kit are wrong.
    """
    data = data if isinstance(data, dict) else {}
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    for key in ("font", "heading_font"):
        _check_font(theme.get(key), key, doc, problems)
    org = data.get("organization") if isinstance(data.get("organization"), dict) else {}
    deck = data.get("deck") if isinstance(data.get("deck"), dict) else {}
    assets = [(("theme", "logo"), theme.get("logo"), IMAGE_SUFFIXES),
              (("organization", "logo"), org.get("logo"), IMAGE_SUFFIXES),
              (("deck", "template"), deck.get("template"), TEMPLATE_SUFFIXES)]
    for path, name, suffixes in assets:
        if isinstance(name, str) and name:
            _check_file(root, name, path, suffixes, doc, problems)


def _check_font(family: object, key: str, doc: Doc, problems: Problems) -> None:
    if isinstance(family, str) and family.strip() and not is_installed(family):
        close, usual = suggestions(family), text_families()
        offered = ("did you mean " + " or ".join(repr(c) for c in close) + "? " if close
                   else "installed fonts for text: " + ", ".join(usual) + "; " if usual else "")
        problems.add(doc.loc(("theme", key)), f"theme.{key}", f"font {family!r} is not installed",
                     offered + "fc-list lists installed fonts; install the font or pick another")


def _check_file(root: Path, name: str, path: tuple, suffixes: set[str], doc: Doc, problems: Problems) -> None:
    found, why = workspace_file(root, name, suffixes)
    if why:
        problems.add(doc.loc(path), ".".join(path), why, "files are named relative to the workspace folder")
    elif suffixes is IMAGE_SUFFIXES and (why := _image_problem(found)):
        problems.add(doc.loc(path), ".".join(path), f"{name!r}: {why}",
                     "use a PNG, JPEG, GIF, WebP or SVG logo of a sensible size (a few hundred pixels across)")


def _image_problem(path: Path) -> str:
    from kitgen.images import TYPES, image_problem  # Pillow, only when a kit names a logo
    return image_problem(path.read_bytes(), TYPES[path.suffix.lower()], thorough=True)
