"""The shape of the code: no import cycle, stages that import only earlier stages, small modules,
simple functions, one class per name. Read from the source (an AST walk), nothing is imported.

Imports inside functions count (a cycle hidden in a function is still a cycle); imports under
`if TYPE_CHECKING:` do not (they never run).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "kitgen"

# Files other engineers are reshaping at the same time (a path, or a folder ending in /): their size,
# complexity and class names are checked once that work has landed; EMPTY THIS SET AT MERGE. Imports
# (cycles and stages) are checked for every file, these included.
BEING_RESHAPED: set[str] = set()


def _reshaped(file: str) -> bool:
    return any(file == entry or (entry.endswith("/") and file.startswith(entry)) for entry in BEING_RESHAPED)


# The pipeline's stages in order; a module may import its own stage and earlier ones only.
# A module's stage is that of the longest prefix listed (`kitgen.deck` covers the deck package).
STAGES: tuple[tuple[str, frozenset[str]], ...] = (
    ("base", frozenset({
        "kitgen", "kitgen.errors", "kitgen.paths", "kitgen.atomic", "kitgen.yamlsafe", "kitgen.placeholders",
        "kitgen.overlay", "kitgen.markup", "kitgen.i18n", "kitgen.fonts", "kitgen.images", "kitgen.models",
        "kitgen.layouts", "kitgen.render", "kitgen.request", "kitgen.report", "kitgen.progress", "kitgen.colour",
        "kitgen.yamlhints", "kitgen.texts", "kitgen.markup_rules", "kitgen.media", "kitgen.unshown", "kitgen.sandbox",
        "kitgen.sizes", "kitgen.stylesheets",
        "kitgen.collation", "kitgen.groups", "kitgen.pairs", "kitgen.cohort"})),
    ("load", frozenset({"kitgen.modelcheck", "kitgen.workspace", "kitgen.roster"})),
    ("resolve", frozenset({"kitgen.session", "kitgen.agenda", "kitgen.resolve", "kitgen.people"})),
    ("check", frozenset({"kitgen.kitchecks", "kitgen.textchecks", "kitgen.check"})),
    ("context", frozenset({"kitgen.editions", "kitgen.views", "kitgen.schedule", "kitgen.runsheet", "kitgen.xrefs",
                           "kitgen.blocks", "kitgen.context", "kitgen.plan", "kitgen.rosterviews"})),
    ("write", frozenset({"kitgen.writers", "kitgen.handouts", "kitgen.deck", "kitgen.outputs", "kitgen.execute",
                         "kitgen.personalize", "kitgen.pdfupdate", "kitgen.finishing", "kitgen.imposition",
                         "kitgen.pdfstructure", "kitgen.copyfit", "kitgen.printorder", "kitgen.pack"})),
    ("pipeline", frozenset({"kitgen.validation", "kitgen.changes", "kitgen.build"})),
    ("command", frozenset({"kitgen.commands", "kitgen.cli", "kitgen.__main__", "kitgen.scaffold", "kitgen.schema",
                           "kitgen.deck.describe"})),
)
MAX_LINES = 400
MAX_COMPLEXITY = 15


@dataclass
class Module:
    name: str
    path: Path
    tree: ast.Module
    imports: set[str] = field(default_factory=set)

    @property
    def file(self) -> str:
        return self.path.relative_to(SRC).as_posix()


def _name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _runtime_imports(node: ast.AST):
    """Every import statement that can run: those under `if TYPE_CHECKING:` are left out."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for other in child.orelse:
                yield from _runtime_imports(ast.Module(body=[other], type_ignores=[]))
            continue
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            yield child
        yield from _runtime_imports(child)


def _targets(module: Module, node: ast.Import | ast.ImportFrom, known: set[str]) -> set[str]:
    """The kitgen modules an import runs: the module named, a submodule imported from a package,
    and the packages above them (their __init__ runs first) when the importer is outside them."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            here = module.name.split(".") if module.path.name == "__init__.py" else module.name.split(".")[:-1]
            base = ".".join(here[:len(here) - node.level + 1] + ([base] if base else []))
        names = [base] + [f"{base}.{alias.name}" for alias in node.names]
    out = set()
    for name in names:
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            target = ".".join(parts[:i])
            inside_it = module.name == target or module.name.startswith(target + ".")
            if target in known and (i == len(parts) or not inside_it):
                out.add(target)
    out.discard(module.name)
    return out


@pytest.fixture(scope="module")
def modules() -> dict[str, Module]:
    found = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        found[_name(path)] = Module(_name(path), path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
    known = set(found)
    for module in found.values():
        for node in _runtime_imports(module.tree):
            module.imports |= _targets(module, node, known)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                out.append(sorted(group))
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def test_the_import_walk_sees_imports_inside_functions(modules):
    """The walk itself: a function-level import counts, a TYPE_CHECKING one does not."""
    assert "kitgen.handouts" in modules["kitgen.writers.pdf"].imports  # imported inside `write`
    assert "kitgen.context" not in modules["kitgen.writers.pdf"].imports  # a type only
    assert "kitgen.models" in modules["kitgen.views"].imports  # through models.base: the package runs first


def test_no_import_cycle(modules):
    cycles = _cycles({name: m.imports for name, m in modules.items()})
    assert not cycles, "import cycles (imports inside functions count): " + "; ".join(" <-> ".join(c) for c in cycles)


def _stage(name: str) -> int | None:
    best: tuple[int, int] | None = None
    for rank, (_, members) in enumerate(STAGES):
        for prefix in members:
            if (name == prefix or name.startswith(prefix + ".")) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), rank)
    return best[1] if best else None


def test_every_module_has_a_stage(modules):
    missing = [m.file for name, m in modules.items() if _stage(name) is None]
    assert not missing, f"give these modules a stage in STAGES: {missing}"


def test_stages_import_only_earlier_stages(modules):
    wrong = []
    for name, module in modules.items():
        mine = _stage(name)
        for target in sorted(module.imports):
            theirs = _stage(target)
            if mine is not None and theirs is not None and theirs > mine:
                wrong.append(f"{name} ({STAGES[mine][0]}) imports {target} ({STAGES[theirs][0]})")
    assert not wrong, "a stage imports a later one:\n  " + "\n  ".join(wrong)


def test_modules_are_small(modules):
    long = {m.file: n for m in modules.values() if not _reshaped(m.file)
            and (n := len(m.path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_functions_are_simple(modules):
    from radon.complexity import cc_visit
    complex_ = []
    for module in modules.values():
        if _reshaped(module.file):
            continue
        for block in cc_visit(module.path.read_text(encoding="utf-8")):
            for item in [block, *getattr(block, "methods", [])]:
                if item.complexity > MAX_COMPLEXITY:
                    complex_.append(f"{module.file}:{item.lineno} {item.name} ({item.complexity})")
    assert not complex_, f"functions above complexity {MAX_COMPLEXITY}: {complex_}"


def test_no_two_classes_share_a_name(modules):
    seen: dict[str, list[str]] = {}
    for module in modules.values():
        if _reshaped(module.file):
            continue
        for node in ast.walk(module.tree):
            if isinstance(node, ast.ClassDef):
                seen.setdefault(node.name, []).append(module.file)
    twice = {name: files for name, files in seen.items() if len(files) > 1}
    assert not twice, f"classes with the same name: {twice}"
