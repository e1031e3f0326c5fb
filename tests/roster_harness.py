"""The `roster` root (the sample kit, on a shorter agenda, for the 50 people of tests/roots/roster/people/cohort-50.csv, every
roster output) and variants of it made in the test: another roster, other settings."""

from __future__ import annotations

from pathlib import Path

import yaml

from workspaces import ROOTS, ROSTER_KIT, make_workspace

ROSTER = ROOTS / "roster" / "people" / "cohort-50.csv"
KIT = ROSTER_KIT
KIT_FILE = f"content/kits/{KIT}.yaml"
GENERATIONS = ("Gen Z", "Millennial", "Gen X", "Baby Boomer")
SETTINGS = ("roster:", "groups:", "pairs:", "named_workbooks:", "outputs:")
"""The kit's own lines in the root's kit file (the rest is the sample kit)."""
OUTPUTS = tuple(yaml.safe_load((ROOTS / "roster" / KIT_FILE).read_text(encoding="utf-8"))["outputs"])
"""The outputs of the root's kit: every roster output, the workbook, the cards and the guide."""


def workspace(dest: Path, roster: Path = ROSTER, settings: str | None = None) -> Path:
    """The `roster` root at `dest`, with `roster` as people/cohort-50.csv and, when given, `settings`
    in place of the kit's own roster, groups, pairs and outputs lines."""
    files: dict[str, str | bytes] = {"people/cohort-50.csv": roster.read_bytes()}
    if settings is not None:
        kit = (ROOTS / "roster" / KIT_FILE).read_text(encoding="utf-8")
        kit = "\n".join(line for line in kit.splitlines() if not line.startswith(SETTINGS))
        files[KIT_FILE] = kit + "\n" + settings
    return make_workspace(dest, files, root="roster")


def build(ws: Path, out: Path | None = None, only: list[str] | None = None, jobs: int = 2):
    """Build kit cohort-50; returns the results (every output must be made)."""
    from kitgen.build import build as run
    from kitgen.request import Request
    results = run(ws, Request(kits=[KIT], only=only, out_dir=out, quiet=True, jobs=jobs))
    failed = [(r.output, r.error) for r in results if r.status == "failed"]
    assert not failed, failed
    return results


def cohort(ws: Path):
    """The kit's resolved session: its roster and groups as the build made them."""
    from kitgen.validation import validate
    checked = validate(ws, [KIT])
    assert not checked.problems.errors, checked.problems.errors
    return checked.sessions[KIT].cohort


if __name__ == "__main__":  # build every roster output into a folder to look at
    import sys
    import tempfile
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/roster-look")
    with tempfile.TemporaryDirectory() as tmp:
        for result in build(workspace(Path(tmp)), target):
            print(result.path, result.pages)
