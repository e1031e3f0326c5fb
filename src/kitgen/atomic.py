"""Atomic file writes: a hidden temporary file beside the target, fsync, then one rename.

Everything happens relative to a descriptor of the target's folder: the file is created there with
`O_CREAT | O_EXCL | O_NOFOLLOW` and renamed within it. A build opens its output folders once, after
checking them (:func:`pinned`), and every write into one of them goes through that descriptor, so a
folder renamed or replaced by a link while the build runs cannot send a write anywhere else. A failed
or interrupted write leaves the previous file untouched and no temporary file behind; a writer
killed mid-write leaves one, which :func:`discard_partial` removes.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO

_PINNED: dict[Path, int] = {}
"""Output folders opened once for the build under way: folder → descriptor."""
_DIRECTORY = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_RANDOM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
"""The letters of a temporary name's random part (ours are hexadecimal; `tempfile`'s use all of these)."""
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


@contextlib.contextmanager
def pinned(folders: Mapping[Path, int]) -> Iterator[None]:
    """Write into these folders through their descriptors (opened by the caller) until the block
    ends; the descriptors are closed then. Processes forked meanwhile inherit them."""
    _PINNED.update(folders)
    try:
        yield
    finally:
        for folder, fd in folders.items():
            if _PINNED.get(folder) == fd:
                del _PINNED[folder]
            os.close(fd)


@contextlib.contextmanager
def _folder(folder: Path, create: bool = True) -> Iterator[int]:
    """A descriptor of `folder`: the pinned one, else one opened now (the folder made when missing)."""
    fd = _PINNED.get(folder)
    if fd is not None:
        yield fd
        return
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, _DIRECTORY)
    try:
        yield fd
    finally:
        os.close(fd)


def write_atomic(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Call `write` on a temporary file next to `path` and move it into place; on failure nothing changes."""
    with _folder(path.parent) as folder:
        mode = _target_mode(folder, path.name)
        tmp, fd = _create_temporary(folder, path.name)
        try:
            with os.fdopen(fd, "wb") as handle:
                write(handle)
                handle.flush()
                os.fchmod(handle.fileno(), mode)
                os.fsync(handle.fileno())
            os.replace(tmp, path.name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp, dir_fd=folder)
            raise
        with contextlib.suppress(OSError):  # persist the rename (not every file system allows it)
            os.fsync(folder)


def write_text(path: Path, text: str) -> None:
    write_atomic(path, lambda handle: handle.write(text.encode("utf-8")))


def write_bytes(path: Path, data: bytes) -> None:
    write_atomic(path, lambda handle: handle.write(data))


def write_folder(path: Path, fill: Callable[[Path], None]) -> None:
    """Call `fill` on a new temporary folder beside `path`, then put it in place of `path`.

    For outputs made of many files (one per participant): the files are flushed to disk together
    (one `os.sync`, not one fsync each) before the folder is renamed into place, so readers see the
    previous complete set or the new complete set; on failure the previous folder stays untouched.
    Like a file, the folder is made and renamed within its parent's descriptor, and `fill` receives
    it through its own descriptor (`/proc/self/fd/N` where the system has one), so what `fill` writes
    follows the folder, not its name.
    """
    with _folder(path.parent) as parent:
        fresh = _create_temporary(parent, path.name, folder_too=True)[0]
        try:
            fd = os.open(fresh, _DIRECTORY | getattr(os, "O_NOFOLLOW", 0), dir_fd=parent)
            try:
                os.fchmod(fd, 0o777 & ~_umask())
                through = Path(f"/proc/self/fd/{fd}")
                fill(through if through.is_dir() else path.parent / fresh)
            finally:
                os.close(fd)
            os.sync()
            _put_folder_in_place(parent, fresh, path.name)
        except BaseException:
            shutil.rmtree(fresh, dir_fd=parent, ignore_errors=True)
            raise
        with contextlib.suppress(OSError):
            os.fsync(parent)


def _put_folder_in_place(parent: int, fresh: str, name: str) -> None:
    """Rename `fresh` to `name` in `parent`; a folder already there is moved aside first, then removed
    (it keeps a name of its own, `.<name>.<random>.old`, until then: never taken for a partial write)."""
    try:
        existing = stat.S_ISDIR(os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        existing = False
    if not existing:
        os.replace(fresh, name, src_dir_fd=parent, dst_dir_fd=parent)
        return
    retired = f".{name}.{secrets.token_hex(4)}.old"
    os.mkdir(retired, 0o700, dir_fd=parent)
    os.replace(name, f"{retired}/{name}", src_dir_fd=parent, dst_dir_fd=parent)
    os.replace(fresh, name, src_dir_fd=parent, dst_dir_fd=parent)
    shutil.rmtree(retired, dir_fd=parent, ignore_errors=True)


def file_size(path: Path) -> int:
    """The size of a file written here (through its folder's descriptor; a link is not followed)."""
    with _folder(path.parent, create=False) as folder:
        return os.stat(path.name, dir_fd=folder, follow_symlinks=False).st_size


def discard_partial(path: Path) -> None:
    """Remove what a writer of `path` killed mid-write left: its temporary files (and folders) beside it."""
    with contextlib.suppress(OSError), _folder(path.parent, create=False) as folder:
        for name in os.listdir(folder):
            if _is_temporary(name, path.name):
                if stat.S_ISDIR(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode):
                    shutil.rmtree(name, dir_fd=folder, ignore_errors=True)
                else:
                    os.unlink(name, dir_fd=folder)


def _temporary_name(target: str) -> str:
    return f".{target}.{secrets.token_hex(4)}.tmp"


def _is_temporary(name: str, target: str) -> bool:
    """Whether `name` is a temporary file or folder made here for `target` (or one `tempfile` named so)."""
    middle = name[len(target) + 2:-4] if name.startswith(f".{target}.") and name.endswith(".tmp") else ""
    return len(middle) == 8 and all(c in _RANDOM for c in middle)


def _create_temporary(folder: int, target: str, folder_too: bool = False) -> tuple[str, int]:
    """A new file of this process only (mode 0600 until written), beside `target`, and its descriptor;
    with `folder_too`, a new folder (mode 0700) and no descriptor (-1)."""
    for _ in range(100):
        name = _temporary_name(target)
        try:
            if folder_too:
                os.mkdir(name, 0o700, dir_fd=folder)
                return name, -1
            return name, os.open(name, _CREATE, 0o600, dir_fd=folder)
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")


def _target_mode(folder: int, name: str) -> int:
    """Keep an existing file's permissions; else 0o666 minus the umask."""
    with contextlib.suppress(OSError):
        info = os.stat(name, dir_fd=folder, follow_symlinks=False)
        if stat.S_ISREG(info.st_mode):
            return stat.S_IMODE(info.st_mode)
    return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask, read without changing it where the OS allows."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    current = os.umask(0o022)
    os.umask(current)
    return current
