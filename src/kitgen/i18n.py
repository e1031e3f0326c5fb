"""Labels and date/time formats per locale: every fixed text of the outputs comes from here."""

from __future__ import annotations

import datetime as dt
import string
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel import dates as babel_dates

from kitgen.yamlsafe import load_file

LOCALES_DIR = Path(__file__).parent / "locales"
BASE = "en"


class Labels(dict):
    """A locale's catalogue, read-only; `labels.key` in layouts, `labels.fmt(key, **values)` for patterns."""

    code: str = BASE

    def _read_only(self, *args, **kwargs):
        raise TypeError("labels are read-only")

    __setitem__ = __delitem__ = update = pop = popitem = setdefault = clear = _read_only  # type: ignore[assignment]

    def __getattr__(self, key: str):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f"no label {key!r} in the {self.code!r} catalogue") from None

    def fmt(self, key: str, **values) -> str:
        """Fill a label's `{name}` fields; only plain names, so a pattern can never reach attributes. A
        count (`n`) the language says in the singular (CLDR's plural rules: 1 in English, 0 and 1 in
        French) takes the label's singular form, `<key>_one`, when the catalogue has one."""
        n = values.get("n")
        singular = isinstance(n, int) and _plural_rule(self.code)(n) == "one"
        pattern = self[f"{key}_one"] if singular and f"{key}_one" in self else self[key]
        for _, field_name, spec, _ in string.Formatter().parse(pattern):
            if field_name is not None and (not field_name.isidentifier() or "{" in (spec or "")):
                raise ValueError(f"label {key!r}: only plain {{name}} fields are allowed")
        return pattern.format_map(values)

    @property
    def answer_cues(self) -> tuple[str, ...]:
        """The `long_answer_cues` of this catalogue, then of every other one: content has no language of
        its own, so a task written in English asks for a draft in a French kit too."""
        return tuple(dict.fromkeys([*self.get("long_answer_cues", ()), *_every_answer_cue()]))

    def format_minutes(self, n: int) -> str:
        """A duration as this locale writes it: '45 min', '1 h 30 min', its spaces never breaking."""
        h, m = divmod(n, 60)
        text = self.fmt("minutes_short", n=n) if n < 60 else self.fmt("hours_minutes", h=h, m=m) if m \
            else self.fmt("hours", h=h)
        return text.replace(" ", "\u00a0")

    def format_date(self, value: dt.date | None) -> str:
        return babel_dates.format_date(value, "long", locale=self.code) if value else ""

    def format_dates(self, first: dt.date, last: dt.date) -> str:
        """One date, or the days from `first` to `last` ("December 8 – December 9, 2026")."""
        if first == last:
            return self.format_date(first)
        start = babel_dates.format_skeleton("MMMMd", first, locale=self.code) if first.year == last.year \
            else self.format_date(first)
        return f"{start} – {self.format_date(last)}"

    def format_time(self, value: dt.datetime | dt.time | None) -> str:
        """A time of day as the locale writes it: the catalogue's `time_pattern` (a CLDR pattern; French
        typography's "14 h 30"), with `time_pattern_hour` for a whole hour ("14 h"), else CLDR's short
        time ("2:00 PM"). Its spaces never break."""
        if not value:
            return ""
        pattern = self.get("time_pattern_hour") if value.minute == 0 and "time_pattern_hour" in self else None
        pattern = pattern or self.get("time_pattern") or "short"
        return babel_dates.format_time(value, pattern, locale=self.code).replace("\u202f", "\u00a0").replace(" ", "\u00a0")


@lru_cache(maxsize=16)
def _plural_rule(code: str):
    """The language's CLDR plural rule (Babel's): a count -> "one", "other", ..."""
    return Locale.parse(code).plural_form


@lru_cache(maxsize=1)
def _every_answer_cue() -> tuple[str, ...]:
    """The `long_answer_cues` of every catalogue kitgen has."""
    return tuple(cue for code in available() for cue in labels(code).get("long_answer_cues", ()))


def available() -> list[str]:
    return sorted(p.stem for p in LOCALES_DIR.glob("*.yaml"))


@lru_cache(maxsize=16)
def labels(code: str) -> Labels:
    """The catalogue for `code` (e.g. 'fr' or 'fr-CA', falling back to 'fr'); KeyError when there is none."""
    lang = code.split("-")[0]
    path = LOCALES_DIR / f"{code}.yaml"
    if not path.exists():
        path = LOCALES_DIR / f"{lang}.yaml"
    if not path.exists():
        raise KeyError(code)
    out = Labels(load_file(path, path.name).data)  # filled once, then read-only
    out.code = code.replace("-", "_")
    Locale.parse(out.code)
    return out


def with_labels(t: Labels, **changed: str) -> Labels:
    """`t` with some labels replaced (by other labels of the same catalogue, so every language has them)."""
    out = Labels({**t, **changed})
    out.code = t.code
    return out


def missing_keys(code: str) -> list[str]:
    """Keys the English catalogue has and this one lacks: reported, never shown in English."""
    return sorted(set(labels(BASE)) - set(labels(code)))
