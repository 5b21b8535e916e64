"""The console's small JSON files (presets, settings, profiles): read without losing a bad file, written atomically."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any


def read_json(path: Path) -> tuple[Any, str]:
    """(the data, "") — or (None, "") when there is no file, or (None, why) when it could not be read.

    An unreadable file is moved aside to ``<name>.unreadable.json`` for the user to inspect,
    never overwritten by the next save.
    """
    try:
        return json.loads(path.read_text(encoding="utf-8")), ""
    except FileNotFoundError:
        return None, ""
    except (OSError, ValueError) as exc:
        aside = path.with_suffix(".unreadable.json")
        try:
            os.replace(path, aside)
        except OSError:
            pass
        return None, f"could not be read ({exc}); moved to {aside.name}"


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
    path = Path(path)
    path.parent.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".partial")  # 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
