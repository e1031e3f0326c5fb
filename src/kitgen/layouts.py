"""Layouts: Jinja templates looked up in the workspace's layouts/ first, then the built-in ones.

User layouts are untrusted, so every layout runs in Jinja's sandbox with strict undefined values:
a misspelt name is an error naming the layout file and line, never a silent blank.
`{% extends "builtin/participant-workbook.html" %}` lets a workspace layout replace one block only.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from kitgen.colour import FILTERS as COLOUR_FILTERS
from kitgen.errors import Loc, Problem, rel
from kitgen.markup import unbroken_names
from kitgen.paths import FileRefused, read_beneath
from kitgen.sandbox import Sandbox, bounded_filter

BUILTIN_DIR = Path(__file__).parent / "layouts"
MAX_RANGE = 10_000
MAX_LAYOUT_BYTES = 1_000_000
MAX_LAYOUTS_ASKED = 1_000
"""Layout names one render may ask for (each is an input of the output, checked at every build)."""
MAX_LAYOUT_NAME = 1_024
"""A longer layout name (or a part of it over 255 characters) names no file: no such layout."""
#: Compiled layouts are cached under a name that changes whenever the sandbox's code generation does
#: (and another for layouts compiled without escaping, as the deck's are: their code differs).
_BYTECODE_PATTERN = "__kitgen_layout_v3_%s.cache"
_TEXT_BYTECODE_PATTERN = "__kitgen_layout_text_v3_%s.cache"


class LayoutRefused(jinja2.TemplateError):
    """A workspace layout that may not be read (never silently replaced by the built-in one)."""


class _GatedLoader(jinja2.BaseLoader):
    """Reads a workspace layout through the file gate (:func:`kitgen.paths.read_beneath`): a regular
    file with one hard link, inside the workspace, every path component opened without following a
    link out; a layout that exists but may not be read is refused, never replaced by the built-in one."""

    def __init__(self, workspace: Path):
        self.workspace = workspace

    def get_source(self, environment, template):
        parts = jinja2.loaders.split_template_path(template)  # refuses '..'
        try:
            data, path = read_beneath(self.workspace, os.path.join("layouts", *parts), MAX_LAYOUT_BYTES)
        except FileRefused as exc:
            if exc.reason == "missing":
                raise jinja2.TemplateNotFound(template) from None
            raise LayoutRefused(_REFUSED.get(exc.reason, "cannot be read").format(name=template)) from None
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError:
            raise LayoutRefused(f"layouts/{template} is not UTF-8 text; refused") from None
        mtime = os.path.getmtime(path)
        return source, str(path), lambda: _unchanged(path, mtime)


_REFUSED = {
    "dangling": "layouts/{name} is a link to nothing; refused",
    "outside": "layouts/{name} leads outside the layouts folder; refused",
    "special": "layouts/{name} is not a regular file; refused",
    "linked": "layouts/{name} has other hard links (its other name may be outside the workspace); refused",
    "large": f"layouts/{{name}} is larger than {MAX_LAYOUT_BYTES // 1000} kB; refused",
}


def _unchanged(path: Path, mtime: float) -> bool:
    try:
        return os.path.getmtime(path) == mtime
    except OSError:
        return False


class _LayoutSandbox(Sandbox):
    """The sandbox, noting the name of every layout a render asks for (found or not: a file added
    under that name later would replace the one used)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.asked: dict[str, None] = {}

    def _load_template(self, name, globals):  # every get_template, select_template, include and extends
        if len(name) > MAX_LAYOUT_NAME or any(len(part) > 255 for part in name.split("/")):
            raise jinja2.TemplateNotFound(name[:80] + "…")  # no file can have such a name
        if name not in self.asked and len(self.asked) >= MAX_LAYOUTS_ASKED:
            raise jinja2.exceptions.SecurityError(f"a render asks for more than {MAX_LAYOUTS_ASKED:,} layouts")
        self.asked[name] = None
        return super()._load_template(name, globals)


def asked_layouts(workspace: Path) -> list[str]:
    """The workspace files (``layouts/<name>``, there or not) of the layouts asked for since the last
    call: what an output's render depends on of the layouts folder."""
    asked = environment(workspace).asked
    names = [f"layouts/{name}" for name in asked]
    asked.clear()
    return names


@functools.lru_cache(maxsize=8)
def environment(workspace: Path | None) -> SandboxedEnvironment:
    """The Jinja environment for a workspace (None: built-in layouts only), shared within a process
    so each layout is compiled once; Jinja reloads a layout whose file changed."""
    builtin = jinja2.FileSystemLoader(str(BUILTIN_DIR))
    loaders: list[jinja2.BaseLoader] = [_GatedLoader(workspace)] if workspace else []  # a missing folder is fine
    loaders += [jinja2.PrefixLoader({"builtin": builtin}), builtin]
    env = _LayoutSandbox(loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined, bytecode_cache=_bytecode_cache(),
                   autoescape=jinja2.select_autoescape(["html", "xml", "jinja"], default_for_string=True),
                   trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
    env.globals["range"] = _bounded_range
    env.filters["roman"] = bounded_filter("roman", _roman)
    env.filters["names_unbroken"] = bounded_filter("names_unbroken", unbroken_names)
    env.filters.update({name: bounded_filter(name, f) for name, f in COLOUR_FILTERS.items()})
    env.filters["slice"] = _bounded_count("slice", env.filters["slice"])
    return env


@functools.lru_cache(maxsize=2)
def _bytecode_cache(escaped: bool = True) -> jinja2.BytecodeCache | None:
    """Compiled layouts kept between runs (Jinja's per-user, owner-checked temp folder), keyed by source;
    those compiled without escaping (`escaped=False`) apart."""
    try:
        return jinja2.FileSystemBytecodeCache(pattern=_BYTECODE_PATTERN if escaped else _TEXT_BYTECODE_PATTERN)
    except (OSError, RuntimeError):
        return None


def text_environment(workspace: Path | None) -> SandboxedEnvironment:
    """The workspace's environment without escaping (`~` joins text), for layouts that make text, not
    HTML: an overlay, so the shared environment (and every handout rendered after) keeps escaping."""
    return environment(workspace).overlay(autoescape=False, bytecode_cache=_bytecode_cache(escaped=False))


def _bounded_count(name: str, original):
    """A filter whose count argument makes that many lists: at most MAX_RANGE."""
    @functools.wraps(original)
    def bounded(*args, **kwargs):
        if any(type(a) is int and abs(a) > MAX_RANGE for a in (*args[2:], *kwargs.values())):
            raise jinja2.exceptions.SecurityError(f"the {name} filter's count is larger than {MAX_RANGE}")
        return original(*args, **kwargs)
    return bounded


def _bounded_range(*args):
    r = range(*args)
    if len(r) > MAX_RANGE:
        raise jinja2.exceptions.SecurityError(f"range longer than {MAX_RANGE}")
    return r


def _roman(n: int) -> str:
    """Lower-case Roman numerals (up to 3999; larger numbers in digits)."""
    if not isinstance(n, int) or not 0 < n < 4000:
        return str(n)
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += letters
            n -= value
    return out


def layout_label(workspace: Path | None, name: str) -> str:
    """How messages name a layout: `layouts/NAME` when the workspace has its own, else the built-in one."""
    return f"layouts/{name}" if workspace and (workspace / "layouts" / name).exists() else f"built-in layouts/{name}"


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
