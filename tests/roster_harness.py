"""A workspace with the 50-person fixture roster and a kit that makes every roster output, built
through the real pipeline (tests, and a folder of PDFs to look at)."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ROSTER = REPO / "tests" / "fixtures" / "roster" / "cohort-50.csv"
KIT = "cohort-50"
GENERATIONS = ("Gen Z", "Millennial", "Gen X", "Baby Boomer")
OUTPUTS = ("participant-workbook", "named-workbooks", "name-tents", "sign-in-sheet", "feedback-form",
           "certificates", "groups", "case-cards", "facilitator-guide")
SETTINGS = f"""roster: people/cohort-50.csv
groups: {{size: 4, balance: team, seed: 7}}
pairs: {{by: Generation, order: [{', '.join(GENERATIONS)}], avoid_same: [team], seed: 7}}
named_workbooks: {{footer: true}}
outputs: [{', '.join(OUTPUTS)}]
"""


def workspace(dest: Path, roster: Path = ROSTER, settings: str = SETTINGS) -> Path:
    """The sample content, `roster` as people/cohort-50.csv and kit cohort-50 (the sample kit plus `settings`)."""
    shutil.copytree(REPO / "content", dest / "content")
    (dest / "people").mkdir()
    shutil.copy(roster, dest / "people" / "cohort-50.csv")
    kit = (REPO / "content" / "kits" / "leadership-half-day.yaml").read_text(encoding="utf-8")
    kit = "\n".join(line for line in kit.splitlines() if not line.startswith("outputs:"))
    (dest / "content" / "kits" / f"{KIT}.yaml").write_text(kit + "\n" + settings, encoding="utf-8")
    return dest


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
