"""How pytest-xdist shares the tests out (`-n 2`): one by one, except the tests of a file that makes
module or session fixtures of its own (a build, a LibreOffice run), which all go to one worker, so
each of those fixtures is made once per run. (xdist's `xdist_group` marks do not reach its scheduler
under pytest 9.2: xdist renames `item._nodeid`, which pytest no longer reads.)"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from xdist.scheduler import LoadScopeScheduling

SCOPES = ("module", "session")


@functools.cache
def makes_shared_fixtures(path: Path) -> bool:
    """Whether the test file at `path` defines a fixture of module or session scope."""
    if path.suffix != ".py" or not path.is_file():
        return False
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and any(
                        k.arg == "scope" and isinstance(k.value, ast.Constant) and k.value.value in SCOPES
                        for k in decorator.keywords):
                    return True
    return False


class FileGroups(LoadScopeScheduling):
    """xdist's `load` distribution, with the tests of such a file kept together."""

    def __init__(self, config, log=None):
        super().__init__(config, log)
        self.root = Path(config.rootpath)

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        return path if makes_shared_fixtures(self.root / path) else nodeid
