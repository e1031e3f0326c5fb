"""Find and load every content file of a workspace into typed models, collecting all problems."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from kitgen.errors import Loc, Problems, rel
from kitgen.models import Activity, BookClub, CaseStudy, CustomBlock, DiscussionGuide, Topic, WorkspaceConfig
from kitgen.models.base import is_slug
from kitgen.paths import inside
from kitgen.modelcheck import model_from_doc
from kitgen.yamlsafe import Doc, YamlError, load_file

M = TypeVar("M", bound=BaseModel)
MAX_FILES = 2_000


@dataclass
class Entry(Generic[M]):
    """One content file: its id, its loaded document and its model (None when invalid)."""

    id: str
    doc: Doc
    model: M | None


@dataclass
class TopicFiles:
    """A topic folder with everything in it."""

    id: str
    folder: Path
    topic: Entry[Topic] | None = None
    case_studies: dict[str, Entry[CaseStudy]] = field(default_factory=dict)
    activities: dict[str, Entry[Activity]] = field(default_factory=dict)
    blocks: dict[str, Entry[CustomBlock]] = field(default_factory=dict)
    """Blocks with content of their own (blocks/<id>.yaml)."""
    book_club: Entry[BookClub] | None = None
    discussion: Entry[DiscussionGuide] | None = None


@dataclass
class Workspace:
    """Everything in a workspace folder, loaded and validated file by file."""

    root: Path
    config: WorkspaceConfig
    config_doc: Doc | None
    topics: dict[str, TopicFiles]
    kit_docs: dict[str, Doc]
    problems: Problems
    unreadable_kits: frozenset[str] = frozenset()
    """Kits whose file is there but is not YAML kitgen can read (its problem is in `problems`)."""

    @property
    def output_dir(self) -> Path:
        return self.root / (self.config.output or "build")

    def kit_path(self, kit_id: str) -> Path:
        return self.root / "content" / "kits" / f"{kit_id}.yaml"


def load_workspace(root: Path) -> Workspace:
    """Load every content file under `root`; problems are collected, never raised."""
    root = root.resolve()
    problems = Problems()
    config, config_doc = _load_config(root, problems)
    content = root / "content"
    if not content.is_dir():
        problems.add(Loc(rel(content, root)), "", "no content/ folder here",
                     "run kitgen in a workspace (or pass -C DIR), or create one with `kitgen new workspace DIR`")
    topics: dict[str, TopicFiles] = {}
    for folder in _children(root, content / "topics", problems, dirs=True):
        if _check_id(root, folder, folder.name, problems):
            topics[folder.name] = _load_topic(root, folder, problems)
    kit_docs: dict[str, Doc] = {}
    unreadable: set[str] = set()
    for path in _children(root, content / "kits", problems, suffix=".yaml"):
        if not _check_id(root, path, path.stem, problems):
            continue
        try:
            kit_docs[path.stem] = load_file(path, rel(path, root))
            problems.extend(kit_docs[path.stem].notes)
        except YamlError as exc:
            problems.items.append(exc.problem)
            unreadable.add(path.stem)
    return Workspace(root, config, config_doc, topics, kit_docs, problems, frozenset(unreadable))


def _load_config(root: Path, problems: Problems) -> tuple[WorkspaceConfig, Doc | None]:
    """kitgen.yaml, when there is one (an unusable output folder is reported and left out)."""
    path = root / "kitgen.yaml"
    if not (path.exists() or path.is_symlink()):
        return WorkspaceConfig(), None
    entry = _load(root, path, WorkspaceConfig, problems)
    config = entry.model or WorkspaceConfig()
    why = _output_problem(root, config.output) if config.output else ""
    if why:
        problems.add(entry.doc.loc(("output",)), "output", f"{config.output!r} {why}",
                     "name a folder of its own inside the workspace, e.g. build; `kitgen build --out DIR` writes elsewhere")
        config = config.model_copy(update={"output": None})
    return config, entry.doc


def _load_topic(root: Path, folder: Path, problems: Problems) -> TopicFiles:
    """A topic folder: topic.yaml, its case studies, activities and blocks, its guides."""
    files = TopicFiles(folder.name, folder)
    topic_yaml = folder / "topic.yaml"
    if not topic_yaml.exists() and not topic_yaml.is_symlink():
        problems.add(Loc(rel(topic_yaml, root)), "", "topic folder has no topic.yaml",
                     "every folder under content/topics/ needs a topic.yaml (kitgen new topic NAME makes one)")
    else:
        files.topic = _load(root, topic_yaml, Topic, problems)
    files.case_studies = _load_dir(root, folder / "case-studies", CaseStudy, problems)
    files.activities = _load_dir(root, folder / "activities", Activity, problems)
    files.blocks = _load_dir(root, folder / "blocks", CustomBlock, problems)
    if (folder / "book-club.yaml").exists() or (folder / "book-club.yaml").is_symlink():
        files.book_club = _load(root, folder / "book-club.yaml", BookClub, problems)
    if (folder / "discussion-guide.yaml").exists() or (folder / "discussion-guide.yaml").is_symlink():
        files.discussion = _load(root, folder / "discussion-guide.yaml", DiscussionGuide, problems)
    for stray in sorted(folder.glob("*.yml")) + sorted(folder.glob("*/*.yml")):
        problems.warn(Loc(rel(stray, root)), "", "ignored: kitgen reads .yaml files", "rename it to .yaml")
    return files


def _output_problem(root: Path, name: str) -> str:
    """Why `name` cannot be the output folder ('' when it can)."""
    path = root / name
    if not inside(root, path):
        return "leads outside the workspace"
    resolved, top = path.resolve(), root.resolve()
    if resolved == top or any(inside(top / part, resolved) for part in ("content", "layouts")):
        return "would mix outputs with the content or layouts"
    if path.exists() and not path.is_dir():
        return "is a file, not a folder"
    return ""


def _children(root: Path, folder: Path, problems: Problems, dirs: bool = False, suffix: str = "") -> list[Path]:
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if not inside(root, path):
            problems.add(Loc(rel(path, root)), "", "links outside the workspace; refused",
                         "content must live inside the workspace folder")
            continue
        if dirs and path.is_dir():
            out.append(path)
        elif not dirs and path.is_file() and path.suffix == suffix:
            out.append(path)
    if len(out) > MAX_FILES:
        problems.add(Loc(rel(folder, root)), "", f"more than {MAX_FILES} entries; refused")
        return []
    return out


def _check_id(root: Path, path: Path, ident: str, problems: Problems) -> bool:
    if is_slug(ident):
        return True
    suggestion = "".join(c if c.isascii() and c.isalnum() else "-" for c in ident.lower()).strip("-") or "my-id"
    problems.add(Loc(rel(path, root)), "", f"{ident!r} is not a valid id",
                 f"ids are lowercase letters, digits and hyphens: rename it to {suggestion!r}")
    return False


def _load(root: Path, path: Path, cls: type[M], problems: Problems) -> Entry[M]:
    name = rel(path, root)
    why = "leads outside the workspace; refused" if not inside(root, path) else \
        "is not a regular file; refused" if not path.resolve().is_file() else ""
    if why:
        problems.add(Loc(name), "", why, "content files must be regular files inside the workspace folder")
        return Entry(path.stem, Doc(name, None), None)
    try:
        doc = load_file(path, name)
    except YamlError as exc:
        problems.items.append(exc.problem)
        return Entry(path.stem, Doc(rel(path, root), None), None)  # present, but broken
    model, found = model_from_doc(cls, doc)
    problems.extend(doc.notes + found)
    return Entry(path.stem, doc, model)


def _load_dir(root: Path, folder: Path, cls: type[M], problems: Problems) -> dict[str, Entry[M]]:
    out: dict[str, Entry[M]] = {}
    for path in _children(root, folder, problems, suffix=".yaml"):
        if _check_id(root, path, path.stem, problems):
            entry = _load(root, path, cls, problems)
            if entry is not None:
                out[path.stem] = entry
    return out


def suggest(name: str, choices) -> str:
    """A 'did you mean' hint, or the list of what exists."""
    choices = sorted(choices)
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.5)
    if close:
        return f"did you mean {close[0]!r}?"
    return "available: " + (", ".join(choices) if choices else "none")
