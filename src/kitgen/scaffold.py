"""`kitgen new`: scaffold a workspace, topic, case study, activity or kit from a working example."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from kitgen.models.base import is_slug

HERE = Path(__file__).parent / "scaffold"
FOLDERS = {"case-study": "case-studies", "activity": "activities", "block": "blocks"}
"""The topic's folder of each kind of file `kitgen new` makes inside a topic."""


def new_command(root: Path, what: str, name: str, topic: str | None) -> None:
    """Create the file(s); refuse to overwrite anything; print what was made and the next step."""
    if what != "workspace" and not is_slug(name):
        raise click.BadParameter(f"{name!r} is not a valid id: use lowercase letters, digits and hyphens", param_hint="NAME")
    if what == "workspace":
        target = root / name
        if target.is_symlink() or (target.exists() and (not target.is_dir() or any(target.iterdir()))):
            raise click.UsageError(f"{target} exists and is not an empty folder")
        try:
            shutil.copytree(HERE / "workspace", target, dirs_exist_ok=True)
        except OSError as exc:
            raise click.ClickException(f"cannot create the workspace in {target}: {exc.strerror or exc}") from None
        click.echo(f"Created workspace {target}\nNext: kitgen build -C {target}")
        return
    title = name.replace("-", " ").capitalize()
    if what == "topic":
        path = root / "content" / "topics" / name / "topic.yaml"
        _write(path, _fill("topic.yaml", title=title))
        (path.parent / "case-studies").mkdir(exist_ok=True)
    elif what in FOLDERS:
        topic = _topic(root, topic)
        _write(root / "content" / "topics" / topic / FOLDERS[what] / f"{name}.yaml",
               _fill(f"{what}.yaml", title=title, name=name))
    else:
        topic = _topic(root, topic)
        cases = sorted((root / "content" / "topics" / topic / "case-studies").glob("*.yaml"))
        agenda = ["  - {block: welcome, minutes: 10}"]
        outputs = ["facilitator-guide", "participant-workbook"]
        if cases:
            agenda.append(f"  - {{case_study: {cases[0].stem}, minutes: 30}}")
            outputs.append("case-cards")
        agenda += ["  - {reflection: true, minutes: 10}", "  - {block: close, minutes: 10}"]
        outputs.append("slides")
        _write(root / "content" / "kits" / f"{name}.yaml",
               _fill("kit.yaml", title=title, topic=topic, agenda="\n".join(agenda), outputs=", ".join(outputs), name=name))


def _fill(template: str, **values: str) -> str:
    text = (HERE / "files" / template).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"__{key.upper()}__", value)
    return text


def _write(path: Path, text: str) -> None:
    write_new(path, text)
    click.echo(f"Created {path}\nNext: edit it, then run kitgen validate")


def write_new(path: Path, text: str) -> None:
    """Create a file that must not exist yet (not even as a link): kitgen never overwrites or writes through one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # O_CREAT|O_EXCL: fails on any existing name
            handle.write(text)
    except FileExistsError:
        raise click.UsageError(f"{path} already exists; kitgen never overwrites a file") from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None


def _topic(root: Path, topic: str | None) -> str:
    """The named topic (it must exist) or the workspace's only topic."""
    if topic is None:
        return _only_topic(root)
    if not is_slug(topic) or not (root / "content" / "topics" / topic / "topic.yaml").is_file():
        raise click.BadParameter(f"no topic {topic!r} in {root / 'content' / 'topics'}", param_hint="--topic")
    return topic


def _only_topic(root: Path) -> str:
    topics = sorted(p.parent.name for p in (root / "content" / "topics").glob("*/topic.yaml"))
    if len(topics) == 1:
        return topics[0]
    if not topics:
        raise click.UsageError("there is no topic yet: create one first with `kitgen new topic NAME`")
    raise click.UsageError("name the topic with --topic (topics here: " + (", ".join(topics) or "none") + ")")
