"""`kitgen new`: scaffold a workspace, topic, case study, activity or kit from a working example."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import click

from kitgen.models.base import is_slug
from kitgen.paths import FileRefused, open_beneath

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
        _write(root, path, _fill("topic.yaml", title=title))
        os.close(_open_folder(root, path.parent / "case-studies"))
    elif what in FOLDERS:
        topic = _topic(root, topic)
        _write(root, root / "content" / "topics" / topic / FOLDERS[what] / f"{name}.yaml",
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
        _write(root, root / "content" / "kits" / f"{name}.yaml",
               _fill("kit.yaml", title=title, topic=topic, agenda="\n".join(agenda), outputs=", ".join(outputs), name=name))


def _fill(template: str, **values: str) -> str:
    text = (HERE / "files" / template).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"__{key.upper()}__", value)
    return text


def _write(root: Path, path: Path, text: str) -> None:
    write_new(root, path, text)
    click.echo(f"Created {path}\nNext: edit it, then run kitgen validate")


def write_new(root: Path, path: Path, text: str) -> None:
    """Create a file of the workspace `root` that must not exist yet (not even as a link): kitgen never
    overwrites a file nor writes through a link. Its folder is opened (made when missing) beneath the
    workspace, one component at a time, a link followed only while it stays inside; the file is
    created in that folder's descriptor with O_CREAT|O_EXCL|O_NOFOLLOW."""
    folder = _open_folder(root, path.parent)
    try:
        fd = os.open(path.name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666, dir_fd=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise click.UsageError(f"{path} already exists; kitgen never overwrites a file") from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None
    finally:
        os.close(folder)


def _open_folder(root: Path, folder: Path) -> int:
    """A descriptor of a folder of the workspace, made when missing; one leading outside is refused."""
    try:
        return open_beneath(root, folder.relative_to(root), folder=True)[0]
    except FileRefused as exc:
        reason = "leads outside the workspace" if exc.reason == "outside" else f"cannot be used ({exc.reason})"
        raise click.UsageError(f"{folder} {reason}; kitgen writes only inside the workspace") from None
    except OSError as exc:
        raise click.ClickException(f"cannot make {folder}: {exc.strerror}") from None


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
