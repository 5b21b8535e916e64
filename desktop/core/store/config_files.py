"""The console's small JSON files (presets, settings, profiles): read without losing a bad file, written atomically."""

from __future__ import annotations

import json
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, english, translate

CONTEXT = "config_files"  # the catalogue's context (lupdate needs the literal at each call)
MAX_CONFIG_BYTES = 16_000_000  # far above any real settings, presets or profiles file

# Why a file was not read: translated where said (in English for a log).
NOT_REGULAR = QT_TRANSLATE_NOOP("config_files", "is not a regular file")
TOO_BIG = QT_TRANSLATE_NOOP("config_files", "is larger than {megabytes} MB")
NOT_READ = QT_TRANSLATE_NOOP("config_files", "could not be read ({error})")
NESTED_TOO_DEEP = QT_TRANSLATE_NOOP("config_files", "could not be read (nested too deep)")
MOVED_ASIDE = QT_TRANSLATE_NOOP("config_files", "{problem}; moved to {name}")


class _Unusable(ValueError):
    """The file is not one to read: not a regular file, or too big; said in the window's language, or in English for a log."""

    def __init__(self, reason: str, **values: str):
        self.reason, self.values = reason, values
        super().__init__(translate(CONTEXT, reason).format(**values))

    @property
    def english(self) -> str:
        return self.reason.format(**self.values)


def read_private_bytes(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most ``limit``: never blocks on a FIFO or a device a symlink leads to.

    Raises FileNotFoundError, OSError, or ValueError (not a regular file, larger than ``limit``).
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _Unusable(NOT_REGULAR)
        if info.st_size > limit:
            raise _Unusable(TOO_BIG, megabytes=f"{limit / 1e6:g}")
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # grew while being read
                raise _Unusable(TOO_BIG, megabytes=f"{limit / 1e6:g}")
    finally:
        os.close(fd)


def read_json(path: Path, *, for_log: bool = False) -> tuple[Any, str]:
    """(the data, "") — or (None, "") when there is no file, or (None, why) when it could not be read.

    Only a regular file of at most ``MAX_CONFIG_BYTES`` is read (a symlink to a FIFO or a device
    never blocks start-up). An unreadable file (or whatever stands in its place) is moved aside to
    ``<name>.unreadable.json`` for the user to inspect, never overwritten by the next save. ``why``
    is in the window's language, or in English ``for_log`` (a note only the log reads).
    """
    try:
        return json.loads(read_private_bytes(path, MAX_CONFIG_BYTES).decode("utf-8")), ""
    except FileNotFoundError:
        return None, ""
    except (OSError, ValueError, RecursionError) as exc:
        aside = path.with_suffix(".unreadable.json")
        try:
            os.replace(path, aside)
        except OSError:
            pass
        say = english if for_log else translate
        if isinstance(exc, _Unusable):
            why = exc.english if for_log else str(exc)
        elif isinstance(exc, RecursionError):
            why = say(CONTEXT, NESTED_TOO_DEEP)
        else:
            why = say(CONTEXT, NOT_READ).format(error=exc)
        return None, say(CONTEXT, MOVED_ASIDE).format(problem=why, name=aside.name)


def write_json(path: Path, data: Any) -> None:
    """Write through a temporary file in the same folder and a rename: a crash never leaves half a file.

    The folder is the console's own (made 0700); the file is 0600.
    """
    private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".json")  # 0600
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=2, ensure_ascii=False, sort_keys=True)
    os.replace(tmp, path)


# -- private files: what the console keeps is its user's alone ---------------------------------------

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def make_private(path: Path, mode: int = PRIVATE_FILE_MODE) -> None:
    """Take group and other rights off a file or folder of this user's (one left by an older version); else nothing."""
    try:
        info = os.stat(path, follow_symlinks=False)
        if info.st_uid == os.geteuid() and not stat.S_ISLNK(info.st_mode) and stat.S_IMODE(info.st_mode) != mode:
            os.chmod(path, mode)
    except OSError:
        pass


def move_database_aside(path: Path) -> Path:
    """A SQLite file that cannot be used, with its -wal and -shm, renamed to ``<stem>.unreadable-<time><suffix>``
    for the user to inspect, each kept private; the new name. OSError when it cannot be moved."""
    aside = path.with_name(f"{path.stem}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}{path.suffix}")
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.rename(aside.with_name(aside.name + suffix))
    for moved in (aside, aside.with_name(aside.name + "-wal"), aside.with_name(aside.name + "-shm")):
        make_private(moved)  # what it holds stays its user's
    return aside


def private_dir(path: Path) -> Path:
    """One of the console's own folders (data, log, config): made if missing, 0700 either way."""
    path = Path(path)
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    make_private(path, PRIVATE_DIR_MODE)
    return path


def write_private_text(path: Path, text: str) -> None:
    """Write ``text`` to a file only its user can read (0600), through a temporary file and a rename.

    A missing folder is made 0700; an existing one, the user's choice, is left as it is.
    """
    _write_private(path, text, "w", encoding="utf-8")


def write_private_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` (a picture, say) as ``write_private_text`` writes text: 0600, whole or not at all."""
    _write_private(path, data, "wb")


def _write_private(path: Path, content: str | bytes, open_mode: str, **options: Any) -> None:
    path = Path(path)
    path.parent.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".partial")  # 0600
    try:
        with os.fdopen(fd, open_mode, **options) as out:
            out.write(content)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
