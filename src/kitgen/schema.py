"""JSON Schemas of kitgen's YAML files, generated from the models, for editor autocompletion."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kitgen.atomic import write_text
from kitgen.models import Activity, BookClub, CaseStudy, CustomBlock, DiscussionGuide, Kit, Topic, WorkspaceConfig
from kitgen.outputs import OUTPUTS

KINDS = {"topic": Topic, "case-study": CaseStudy, "book-club": BookClub, "discussion-guide": DiscussionGuide,
         "activity": Activity, "block": CustomBlock, "kit": Kit, "config": WorkspaceConfig}


def schema_for(kind: str) -> dict:
    """The JSON Schema (draft 2020-12) of one kind of file."""
    out = KINDS[kind].model_json_schema(by_alias=True, mode="validation")
    if kind == "kit":
        _name_outputs(out["properties"]["outputs"])
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"kitgen/{kind}.schema.json", **out}


def _name_outputs(prop: dict) -> None:
    """A kit's `outputs` are names from the output table (an editor offers them; kitgen checks them)."""
    names = list(OUTPUTS)
    prop.pop("anyOf", None)
    prop.update(type="array", items={"enum": names, "type": "string"}, default=names)


def schema_command(out: Path | None, kind: str | None) -> None:
    if out is None:
        click.echo(json.dumps(schema_for(kind or "kit"), indent=2, ensure_ascii=False))
        return
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name in KINDS:
            write_text(out / f"{name}.schema.json", json.dumps(schema_for(name), indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise click.ClickException(f"cannot write schemas to {out}: {exc.strerror or exc}") from None
    click.echo(f"Wrote {len(KINDS)} schemas to {out}")
