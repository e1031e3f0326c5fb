"""Problems found in content, reported with file, line and field, all at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Loc:
    """Where a value stands: a file (relative to the workspace), 1-based line and column."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        file = self.file if self.file.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in self.file)
        if not self.line:
            return file
        return f"{file}:{self.line}:{self.col}" if self.col else f"{file}:{self.line}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, and what to do about it."""

    loc: Loc
    field: str
    message: str
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.loc}: {self.field}: " if self.field else f"{self.loc}: "
        text = f"{where}{self.message}"
        if self.severity == "warning":
            text = f"{where}warning: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text

    def sort_key(self) -> tuple:
        return (self.loc.file, self.loc.line, self.loc.col, self.field)


class ContentError(Exception):
    """Raised once, after every problem has been collected; the CLI prints them and exits 1."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__(f"{len(self.problems)} problem(s) in content")


@dataclass
class Problems:
    """A collector: stages add to it and keep going; `raise_if_any` stops the pipeline once."""

    items: list[Problem] = field(default_factory=list)

    def add(self, loc: Loc, field_path: str, message: str, hint: str = "") -> None:
        self.items.append(Problem(loc, field_path, message, hint))

    def warn(self, loc: Loc, field_path: str, message: str, hint: str = "") -> None:
        self.items.append(Problem(loc, field_path, message, hint, severity="warning"))

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]


def rel(path: Path, root: Path) -> str:
    """A path as the user knows it: relative to the workspace when it is named inside it (links not followed)."""
    for candidate, base in ((path.absolute(), root.absolute()), (path.absolute(), root.resolve()),
                            (path.resolve(), root.resolve())):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()
