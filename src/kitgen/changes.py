"""What must be made again: one change detector, at two depths, and the build record it keeps.

- **Nothing changed at all** (:func:`unchanged_request`): the record of the last identical request
  holds the size and modification time of every file a build could read (content, layouts,
  kitgen.yaml, the files its renders loaded, kitgen's own code) and the hash of every output it made.
  When all still agree, the build answers without loading the models or any renderer.
- **Field by field** (:meth:`Record.unchanged`): each output's entry holds the places of the render
  context its render read and one digest of their values, the hashes of the files it loaded (the
  workspace layouts it asked for among them, marked missing when the built-in one served) and of
  kitgen's code, and the environment. An output is made again only when
  one of those differs, or when its file is not the one kitgen wrote (checked by content hash).

The record (`.kitgen-manifest.json` in the output folder) is signed with a key that never leaves
this machine (`$XDG_CACHE_HOME/kitgen/`, else `~/.cache/kitgen/`, mode 0600): a record that came
with a content pack, or was edited, fails the check and is ignored, so everything is made afresh.
File names in it are confined to the workspace; hashing never follows a link out of the workspace
and reads regular files of bounded size only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from kitgen.paths import MAX_FILE_BYTES, inside

if TYPE_CHECKING:
    from kitgen.execute import Result
    from kitgen.plan import Job

RECORD = ".kitgen-manifest.json"
VERSION = 1
"""The record's format; a record of another format is not read."""
MAX_REQUESTS = 32
"""No-op answers kept per output folder (the oldest go first)."""
ENV_INPUTS = ("SOURCE_DATE_EPOCH",)
"""Environment variables that change output bytes (part of every output's basis)."""
MAX_OUTPUT_BYTES = 1 << 30
"""An output file larger than this is known by its size and time, not read."""
MAX_FILES = 5_000
"""At most this many files of one folder are looked at (layouts, content, kitgen's own code)."""
_OWN = Path(__file__).parent
_CHUNK = 1 << 20


# --------------------------------------------------------------------------- the machine's key


@lru_cache(maxsize=1)
def _key() -> bytes:
    """This machine's (this user's) secret for signing records; made on first use, kept 0600.

    When it cannot be read or kept, a key of this process only: records then never verify, and
    every build makes everything.
    """
    base = os.environ.get("XDG_CACHE_HOME", "")
    folder = (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "kitgen"
    path = folder / "record.key"
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except OSError:
        return secrets.token_bytes(32)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
        return _read_key(path)
    except OSError:
        return secrets.token_bytes(32)


def _read_key(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o077:
            raise PermissionError(f"{path} is not a private file of this user")
        key = handle.read(64)
    if len(key) < 32:
        raise PermissionError(f"{path} is too short")
    return key


def _sign(body: Any) -> str:
    message = json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


# --------------------------------------------------------------------------- bounded, confined hashing


def confined(name: str) -> bool:
    """Whether a recorded file name is a plain relative name inside the workspace (no `..`, not absolute)."""
    if not isinstance(name, str) or not name or "\0" in name or "\\" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and path.parts[0] not in ("", "~")


def file_digest(root: Path, name: str) -> str:
    """The hash of the workspace file `name`, or a marker: missing, refused (a link out, not a regular
    file), or too large (then its size and time stand for its bytes, which are never read)."""
    if not confined(name):
        return "refused"
    path = root / name
    try:
        if not (path.exists() or path.is_symlink()):
            return "missing"
        if not inside(root, path):
            return "refused"
        return _hash(path.resolve(), MAX_FILE_BYTES)
    except OSError:  # a name too long for the file system, a loop of links: nothing kitgen could read
        return "refused"


def output_digest(path: Path) -> str:
    """The hash of an output file kitgen wrote ('missing', 'refused' for a link or a folder; over 1 GB,
    its size and time)."""
    return _hash(path, MAX_OUTPUT_BYTES)


def _hash(path: Path, limit: int) -> str:
    """SHA-256 of a regular file read in chunks; a marker for anything else or anything over `limit`."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return "missing"
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if not stat.S_ISREG(st.st_mode):
            return "refused"
        if st.st_size > limit:
            return f"large:{st.st_size}:{st.st_mtime_ns}"
        digest = hashlib.sha256()
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class TooManyFiles(Exception):
    """A folder holds more files than kitgen looks at: what it holds is not known, so never unchanged."""


def _files(root: Path, folder: Path) -> list[str]:
    """Workspace-relative names of the files below `folder`; links leaving the workspace are left out."""
    if not folder.is_dir() or not inside(root, folder):
        return []
    found: list[str] = []
    seen: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        st = os.stat(current)
        if (st.st_dev, st.st_ino) in seen:
            continue  # a link back to a folder already listed
        seen.add((st.st_dev, st.st_ino))
        with os.scandir(current) as entries:
            for entry in entries:
                if entry.name == "__pycache__" or (entry.is_symlink() and not inside(root, Path(entry.path))):
                    continue
                if entry.is_dir():
                    stack.append(Path(entry.path))
                else:
                    found.append(Path(entry.path).relative_to(root).as_posix())
        if len(found) > MAX_FILES:
            raise TooManyFiles(folder)
    return sorted(found)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """kitgen's own code, built-in layouts, locales and data: any change makes every output again."""
    from kitgen import __version__
    digest = hashlib.sha256(__version__.encode())
    for name in _files(_OWN, _OWN):
        digest.update(f"{name}\0{file_digest(_OWN, name)}\n".encode())
    return digest.hexdigest()


def _environment() -> dict[str, str]:
    return {name: os.environ.get(name, "") for name in ENV_INPUTS}


# --------------------------------------------------------------------------- the no-op answer


def snapshot(root: Path) -> dict[str, str]:
    """Size and modification time of every file a build could read, before it reads anything."""
    try:
        files = {f"kitgen/{name}": _stat(_OWN / name) for name in _files(_OWN, _OWN)}
        for folder in ("content", "layouts"):
            files.update((name, _stat(root / name)) for name in _files(root, root / folder))
    except TooManyFiles:
        return {"unknown": secrets.token_hex(16)}  # matches no record: the build looks output by output
    files["kitgen.yaml"] = _stat(root / "kitgen.yaml")
    return files


def _stat(path: Path) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return "missing"
    return f"{st.st_size}:{st.st_mtime_ns}"


def _request_digest(root: Path, files: dict[str, str], inputs: Iterable[str]) -> str:
    seen = dict(files)
    for name in sorted(set(inputs)):
        seen[f"input:{name}"] = _stat(root / name) if confined(name) and inside(root, root / name) else "refused"
    return hashlib.sha256(json.dumps([seen, _environment()], sort_keys=True).encode()).hexdigest()


def unchanged_request(root: Path, out_root: Path, request: str) -> list[tuple[Path, int]] | None:
    """The outputs of the last identical build, when no file it could read changed since and every
    output is still the file it wrote; else None (then the build looks output by output)."""
    saved = Record(out_root).requests.get(request)
    try:
        if saved["files"] != _request_digest(root, snapshot(root), saved["inputs"]):
            return None
        outputs = [(out_root / name, int(size)) for name, digest, size in saved["outputs"]
                   if confined(name) and output_digest(out_root / name) == digest]
    except (KeyError, TypeError, ValueError):
        return None
    return outputs if len(outputs) == len(saved["outputs"]) else None


# --------------------------------------------------------------------------- the record


class Record:
    """The signed build record of one output folder: each output's basis, and each request's answer."""

    def __init__(self, out_root: Path):
        self.out_root = out_root
        self.outputs: dict[str, dict] = {}
        self.requests: dict[str, dict] = {}
        body = self._read()
        if body is not None and body.get("version") == VERSION:
            self.outputs = body.get("outputs", {}) if isinstance(body.get("outputs"), dict) else {}
            self.requests = body.get("requests", {}) if isinstance(body.get("requests"), dict) else {}

    def _read(self) -> dict | None:
        """The record's body when it was signed here with this machine's key; else None."""
        try:
            fd = os.open(self.out_root / RECORD, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            with os.fdopen(fd, "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    return None
                data = json.loads(handle.read(64 * _CHUNK))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("body"), dict) or not isinstance(data.get("mac"), str):
            return None
        return data["body"] if hmac.compare_digest(data["mac"], _sign(data["body"])) else None

    def _name(self, path: Path) -> str:
        return path.relative_to(self.out_root).as_posix()

    def entry(self, job: Job) -> dict:
        entry = self.outputs.get(self._name(job.path))
        return entry if isinstance(entry, dict) else {}

    def unchanged(self, job: Job, workspace: Path) -> bool:
        """Whether the job's output is the file kitgen last wrote for exactly what it would read now."""
        entry = self.entry(job)
        places, loaded = entry.get("places"), entry.get("inputs")
        if not isinstance(places, list) or not isinstance(loaded, list) or not all(map(confined, loaded)):
            return False
        if output_digest(job.path) != entry.get("output"):
            return False
        places = [tuple(p) for p in places if isinstance(p, list)]
        return entry.get("basis") == basis(job, workspace, loaded, job.read_digest(places))

    def add(self, job: Job, result: Result, workspace: Path) -> None:
        """Remember what a built output was made from."""
        self.outputs[self._name(job.path)] = {
            "output": output_digest(job.path), "pages": result.pages, "size": result.size,
            "places": [list(p) for p in result.places], "inputs": sorted(result.inputs),
            "basis": basis(job, workspace, result.inputs, result.digest)}

    def answer(self, request: str, root: Path, before: dict[str, str], results: list[Result],
               read: Iterable[str] = ()) -> None:
        """Remember a successful request for the no-op answer, unless a file changed while it ran.

        `read`: files outside content/ the build read as content (a kit's roster), whose values its
        outputs depend on field by field, so they are no output's input but still part of this answer.
        """
        if snapshot(root) != before:
            self.requests.pop(request, None)
            return
        inputs = sorted({name for r in results for name in self.outputs.get(self._name(r.path), {}).get("basis", {}).get("inputs", {})}
                        | {name for name in read if confined(name)})
        self.requests.pop(request, None)
        while len(self.requests) >= MAX_REQUESTS:
            self.requests.pop(next(iter(self.requests)))
        self.requests[request] = {"files": _request_digest(root, before, inputs), "inputs": inputs,
                                  "outputs": [[self._name(r.path), output_digest(r.path), r.size] for r in results]}

    def save(self) -> None:
        from kitgen.atomic import write_text
        body = {"version": VERSION, "outputs": self.outputs, "requests": self.requests}
        write_text(self.out_root / RECORD, json.dumps({"body": body, "mac": _sign(body)}, indent=1))


def basis(job: Job, workspace: Path, loaded: Iterable[str], reads: str) -> dict:
    """Everything an output's bytes depend on, as digests: the workspace files among them are those its
    writer names and those its render loaded, the layouts it asked for included (`loaded`)."""
    names = sorted(set(job.writer.inputs(job.spec, job.session, workspace)) | set(loaded))
    return {"code": code_digest(), "environment": _environment(), "writer": job.writer.kind,
            "reads": reads, "inputs": {name: file_digest(workspace, name) for name in names},
            "needs": {name: output_digest(path) for name, path in sorted(job.needs.items())}}
