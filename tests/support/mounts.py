"""A real tmpfs on a test's folder (root only): a disk that fills up, or one mounted read-only."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.required import require


@contextmanager
def tmpfs(folder: Path, options: str) -> Iterator[Path]:
    """``folder`` (made if missing) with a tmpfs mounted on it (``mount -o options``) until the block ends.

    Where nothing can be mounted, ``require("tmpfs", …)``: a skip that says why, or a failure when the run requires tmpfs.
    """
    folder.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True, text=True)
    except OSError as exc:
        require("tmpfs", f"cannot mount a tmpfs here: {exc}")
    if done.returncode != 0:
        require("tmpfs", f"cannot mount a tmpfs here (needs root): {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
