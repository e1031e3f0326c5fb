"""The one gate for files named by content or layouts: inside the workspace, regular, not too large.

Files are opened one path component at a time, each relative to the descriptor of the folder before
it and with `O_NOFOLLOW`, so a link swapped in while kitgen reads can never lead it outside: what is
checked is what is read. A symbolic link is followed only when its target, walked the same way, stays
inside the root (links within the workspace keep working; links out of it are refused). A file with
more than one hard link is refused, since its other name may be outside the workspace.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

#: The largest file kitgen reads for a workspace (images, fonts, stylesheets, templates, logos).
MAX_FILE_BYTES = 20_000_000
#: Image files by suffix, with the content type they are read as.
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".webp": "image/webp", ".svg": "image/svg+xml"}
IMAGE_SUFFIXES = frozenset(IMAGE_TYPES)
#: The image files a slide shows (what PowerPoint shows everywhere): a deck leaves others out, with a warning.
SLIDE_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif")
TEMPLATE_SUFFIXES = {".pptx", ".potx", ".pptm", ".potm"}
MAX_LINKS = 40  # symbolic links followed in one path, as the kernel's own limit


class FileRefused(Exception):
    """A file that may not be read; `reason` is one of: missing, dangling, outside, special, linked,
    large, unreadable."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def inside(root: Path, path: Path) -> bool:
    """True when `path`, with symlinks resolved, lies inside `root`."""
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError):
        return False


def _open_at(dir_fd: int, name: str, flags: int) -> int:
    """One step of a walk (a seam for tests that swap a folder between two steps)."""
    return os.open(name, flags, dir_fd=dir_fd)


def _open_step(dir_fd: int, name: str, flags: int, create: bool) -> int:
    """Open one component; with `create`, a missing one is made a folder first."""
    try:
        return _open_at(dir_fd, name, flags)
    except FileNotFoundError:
        if not create:
            raise
    with contextlib.suppress(FileExistsError):  # made meanwhile: opened (or refused) like any other
        os.mkdir(name, 0o777, dir_fd=dir_fd)
    return _open_at(dir_fd, name, flags)


_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def open_beneath(root: Path, name: str | Path, folder: bool = False) -> tuple[int, Path]:
    """Open `name` (relative to `root`, or absolute under it) for reading without leaving `root`.

    Returns the descriptor and the file's real path; raises :class:`FileRefused`. The caller closes
    the descriptor. With `folder`, `name` is a folder, made (with any folder missing on the way) when
    it does not exist.
    """
    base = Path(os.path.realpath(root))
    parts = _relative_parts(root, base, str(name))
    fds = [os.open(base, _FLAGS | getattr(os, "O_DIRECTORY", 0))]
    real: list[str] = []
    links = 0
    try:
        while parts:
            part = parts.pop(0)
            if part in ("", "."):
                continue
            if part == "..":
                if not real:
                    raise FileRefused("outside")
                os.close(fds.pop())
                real.pop()
                continue
            flags = _FLAGS | (getattr(os, "O_DIRECTORY", 0) if parts or folder else os.O_NONBLOCK)
            try:
                fds.append(_open_step(fds[-1], part, flags, folder))
                real.append(part)
                continue
            except OSError as exc:
                target = _link_target(fds[-1], part, exc, links > 0)
            links += 1
            if links > MAX_LINKS:
                raise FileRefused("unreadable")
            if os.path.isabs(target):  # walk again from the root, if the target lies under it
                parts = _relative_parts(root, base, target, outside="outside") + parts
                for fd in fds[1:]:
                    os.close(fd)
                del fds[1:], real[:]
            else:
                parts = target.split(os.sep) + parts
        return fds.pop(), base.joinpath(*real)
    finally:
        for fd in fds:
            os.close(fd)


def under(root: Path, name: str) -> bool:
    """Whether the absolute path `name` is written under `root` (as given or resolved); nothing is opened."""
    try:
        _relative_parts(root, Path(os.path.realpath(root)), name)
        return os.path.isabs(name)
    except FileRefused:
        return False


def _relative_parts(root: Path, base: Path, name: str, outside: str = "outside") -> list[str]:
    """`name`'s components below the root (given as written or resolved); absolute names elsewhere refused."""
    if "\x00" in name:
        raise FileRefused("unreadable")
    if not os.path.isabs(name):
        return name.split(os.sep)
    for prefix in {str(root), str(base)}:
        if name == prefix or name.startswith(prefix.rstrip(os.sep) + os.sep):
            return name[len(prefix):].split(os.sep)
    raise FileRefused(outside)


def _link_target(dir_fd: int, part: str, exc: OSError, followed: bool) -> str:
    """The target of the link `part` that refused to open (O_NOFOLLOW), or why nothing can be opened."""
    if exc.errno == errno.ENOENT:
        raise FileRefused("dangling" if followed else "missing")
    if exc.errno not in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
        raise FileRefused("unreadable")
    try:
        return os.readlink(part, dir_fd=dir_fd)
    except OSError:  # not a link: a file where a folder was expected
        raise FileRefused("missing" if exc.errno == errno.ENOTDIR else "unreadable") from None


def read_beneath(root: Path, name: str | Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[bytes, Path]:
    """The bytes of a regular file under `root` (one hard link only, at most `max_bytes`), and its real path."""
    fd, path = open_beneath(root, name)
    try:
        size = _check_opened(fd, max_bytes)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(size + 1)  # a file that grew since fstat is caught below
        except OSError:
            raise FileRefused("unreadable") from None
    if len(data) > size:
        raise FileRefused("large" if len(data) > max_bytes else "unreadable")
    return data, path


def _check_opened(fd: int, max_bytes: int) -> int:
    """The size of the open file, once it is known to be a regular file with one link, within the cap."""
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused("special")
    if info.st_nlink != 1:
        raise FileRefused("linked")
    if info.st_size > max_bytes:
        raise FileRefused("large")
    return info.st_size


def _why(name: str, reason: str, max_bytes: int) -> str:
    return {
        "missing": f"{name!r} does not exist",
        "dangling": f"{name!r} is a link to nothing",
        "outside": f"{name!r} leads outside the workspace",
        "special": f"{name!r} is not a regular file",
        "linked": f"{name!r} has other hard links (its other name may be outside the workspace); copy the file instead",
        "large": f"{name!r} is larger than {max_bytes // 1_000_000} MB",
    }.get(reason, f"{name!r} cannot be read")


def workspace_file(root: Path, name: str, suffixes: set[str] | frozenset[str],
                   max_bytes: int = MAX_FILE_BYTES) -> tuple[Path | None, str]:
    """Check a file a user named (relative to the workspace); returns (real path, '') or (None, why).

    Prefer :func:`workspace_bytes`, which returns the checked bytes themselves.
    """
    data, path, why = _workspace_read(root, name, suffixes, max_bytes, read=False)
    return path, why


def workspace_bytes(root: Path, name: str, suffixes: set[str] | frozenset[str],
                    max_bytes: int = MAX_FILE_BYTES) -> tuple[bytes | None, str]:
    """The bytes of a file a user named, read through the same checks; (bytes, '') or (None, why)."""
    data, path, why = _workspace_read(root, name, suffixes, max_bytes, read=True)
    return data, why


def _workspace_read(root: Path, name: str, suffixes, max_bytes: int, read: bool):
    if not name or "\x00" in name:
        return None, None, "empty file name"
    if "://" in name or name.startswith(("file:", "data:", "/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return None, None, f"{name!r} must be a path inside the workspace, like assets/logo.png"
    if Path(name).suffix.lower() not in suffixes:
        return None, None, f"{name!r} must be one of: {', '.join(sorted(suffixes))}"
    try:
        if read:
            data, path = read_beneath(root, name, max_bytes)
            return data, path, ""
        fd, path = open_beneath(root, name)
        try:
            _check_opened(fd, max_bytes)
        finally:
            os.close(fd)
        return None, path, ""
    except FileRefused as exc:
        return None, None, _why(name, exc.reason, max_bytes)
    except OSError:
        return None, None, _why(name, "unreadable", max_bytes)


def config_value(root: Path, key: str):
    """One top-level value of kitgen.yaml (None when absent or unreadable), read without the models.

    Validation reports a bad value; callers take anything unusable to mean the default.
    """
    from kitgen.yamlsafe import YamlError, load_file
    config = root / "kitgen.yaml"
    try:
        data = load_file(config, "kitgen.yaml").data if config.is_file() and inside(root, config) else None
    except YamlError:
        data = None
    return data.get(key) if isinstance(data, dict) else None


def configured_output(root: Path) -> Path:
    """The output folder kitgen.yaml names (default build/)."""
    name = config_value(root, "output")
    if isinstance(name, str) and name.strip() and inside(root, root / name):
        return root / name
    return root / "build"
