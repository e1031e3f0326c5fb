"""Layouts: Jinja templates looked up in the workspace's layouts/ first, then the built-in ones.

User layouts are untrusted, so every layout runs in Jinja's sandbox with strict undefined values:
a misspelt name is an error naming the layout file and line, never a silent blank.
`{% extends "builtin/participant-workbook.html" %}` lets a workspace layout replace one block only.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from kitgen.colour import FILTERS as COLOUR_FILTERS
from kitgen.errors import Loc, Problem, rel
from kitgen.paths import inside

BUILTIN_DIR = Path(__file__).parent / "layouts"
MAX_RANGE = 10_000


_WIDE = re.compile(r"%[-+ #0]*(?:\d{5,}|\*)|%[-+ #0]*\d*\.(?:\d{5,}|\*)|\{[^{}]*:[^{}]*(?:\d{5,}|\{)")
MAX_REPEAT = 1_000_000


class _Sandbox(SandboxedEnvironment):
    """The sandbox, bounded against what it lets through: huge repetitions, powers and format widths."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            seq, n = (left, right) if isinstance(left, (str, list, tuple)) else (right, left)
            if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_REPEAT:
                raise jinja2.exceptions.SecurityError("repetition too large")
        elif operator == "**" and isinstance(right, int) and abs(right) > 100:
            raise jinja2.exceptions.SecurityError("power too large")
        elif operator == "%" and isinstance(left, str) and _WIDE.search(left):
            raise jinja2.exceptions.SecurityError("format width too large")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and _WIDE.search(value.__self__):
            def refuse(*args, **kwargs):
                raise jinja2.exceptions.SecurityError("format width too large")
            return refuse
        return wrapped


MAX_LAYOUT_BYTES = 1_000_000


class LayoutRefused(jinja2.TemplateError):
    """A workspace layout that may not be read (never silently replaced by the built-in one)."""


class _GatedLoader(jinja2.FileSystemLoader):
    """Reads a workspace layout only when it is a regular file inside the workspace (symlinks leaving it,
    or a layouts/ folder that is itself a link elsewhere, are refused)."""

    def __init__(self, workspace: Path):
        super().__init__(str(workspace / "layouts"))
        self.workspace = workspace

    def get_source(self, environment, template):
        named = self.workspace / "layouts" / template
        if named.is_symlink() and not named.exists():
            raise LayoutRefused(f"layouts/{template} is a link to nothing; refused")
        if named.exists() and not named.is_file():
            raise LayoutRefused(f"layouts/{template} is not a regular file; refused")
        source, filename, uptodate = super().get_source(environment, template)
        path = Path(filename)
        if not inside(self.workspace, path) or not path.resolve().is_file():
            raise LayoutRefused(f"layouts/{template} leads outside the layouts folder; refused")
        if len(source) > MAX_LAYOUT_BYTES:
            raise LayoutRefused(f"layouts/{template} is larger than {MAX_LAYOUT_BYTES // 1000} kB; refused")
        return source, filename, uptodate


@functools.lru_cache(maxsize=8)
def environment(workspace: Path | None) -> SandboxedEnvironment:
    """The Jinja environment for a workspace (None: built-in layouts only), shared within a process
    so each layout is compiled once; Jinja reloads a layout whose file changed."""
    builtin = jinja2.FileSystemLoader(str(BUILTIN_DIR))
    loaders: list[jinja2.BaseLoader] = [_GatedLoader(workspace)] if workspace else []  # a missing folder is fine
    loaders += [jinja2.PrefixLoader({"builtin": builtin}), builtin]
    env = _Sandbox(loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined, bytecode_cache=_bytecode_cache(),
                   autoescape=jinja2.select_autoescape(["html", "xml", "jinja"], default_for_string=True),
                   trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
    env.globals["range"] = _bounded_range
    env.filters["roman"] = _roman
    env.filters.update(COLOUR_FILTERS)
    for name in ("center", "indent", "slice", "format"):
        env.filters[name] = _bounded(name, env.filters[name])
    return env


@functools.lru_cache(maxsize=1)
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled layouts kept between runs (Jinja's per-user, owner-checked temp folder), keyed by source."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def _bounded(name: str, original):
    """A built-in filter whose numeric arguments (widths, counts) may not blow up memory."""
    @functools.wraps(original)
    def bounded(*args, **kwargs):
        values = [a for a in (*args, *kwargs.values()) if isinstance(a, int) and not isinstance(a, bool)]
        if name != "format" and any(abs(v) > MAX_RANGE for v in values):
            raise jinja2.exceptions.SecurityError(f"the {name} filter's width is larger than {MAX_RANGE}")
        if name == "format" and args and isinstance(args[0], str) and _WIDE.search(args[0]):
            raise jinja2.exceptions.SecurityError("format width too large")
        return original(*args, **kwargs)
    return bounded


def _bounded_range(*args):
    r = range(*args)
    if len(r) > MAX_RANGE:
        raise jinja2.exceptions.SecurityError(f"range longer than {MAX_RANGE}")
    return r


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += letters
            n -= value
    return out


def overridden(workspace: Path) -> list[str]:
    """Names of built-in layouts that the workspace replaces."""
    user = workspace / "layouts"
    return sorted(p.name for p in user.iterdir() if (BUILTIN_DIR / p.name).exists()) if user.is_dir() else []


def render(env: SandboxedEnvironment, name: str, context: dict, workspace: Path | None) -> str:
    """Render one layout; a layout error becomes a Problem naming the layout file and line."""
    try:
        return env.get_template(name).render(context)
    except LayoutRefused as exc:
        raise LayoutError(Problem(Loc(f"layouts/{name}"), "", str(exc),
                                  "layouts must be regular files inside the workspace's layouts/ folder")) from None
    except jinja2.TemplateNotFound as exc:
        raise LayoutError(Problem(Loc(f"layouts/{name}"), "", f"no layout named {exc.name!r}",
                                  "kitgen layouts lists the built-in layouts")) from None
    except jinja2.TemplateSyntaxError as exc:
        raise LayoutError(Problem(Loc(_where(exc.filename, workspace), exc.lineno or 0), "", exc.message or "syntax error")) from None
    except (LayoutError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a layout does wrong is reported at its line
        file, line = _frame(exc, workspace)
        message = str(exc) if isinstance(exc, (jinja2.TemplateError, LookupError, AttributeError, TypeError, ValueError)) \
            else f"{type(exc).__name__}: {exc}"
        raise LayoutError(Problem(Loc(file or name, line), "", f"layout error: {message}",
                                  "check the names used against docs/layouts.md")) from None


class LayoutError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def _where(filename: str | None, workspace: Path | None) -> str:
    if not filename:
        return "<layout>"
    path = Path(filename)
    if workspace and str(path).startswith(str(workspace)):
        return rel(path, workspace)
    return f"built-in layouts/{path.name}"


def _frame(exc: BaseException, workspace: Path | None) -> tuple[str | None, int]:
    tb = exc.__traceback__
    found: tuple[str | None, int] = (None, 0)
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith((".html", ".jinja", ".css")) or "<template>" in code.co_filename:
            found = (_where(code.co_filename, workspace), tb.tb_lineno)
        tb = tb.tb_next
    return found
