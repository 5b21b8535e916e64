"""The console's small JSON files (presets, settings, profiles): read without losing a bad file, written atomically."""

from __future__ import annotations

import json
import os
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
    """Write through a temporary file in the same folder and a rename: a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=2, ensure_ascii=False, sort_keys=True)
    os.replace(tmp, path)
