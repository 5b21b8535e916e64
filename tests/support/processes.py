"""Helpers for tests that check which processes are left running (Linux /proc)."""

from __future__ import annotations

import time
from pathlib import Path


def live(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return False


def descendants(root: int) -> set[int]:
    """Every live process below ``root`` (redis-server rewrites its environ, so follow parents)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(Path(entry, "stat").read_text().rsplit(")", 1)[-1].split()[1])
            except (OSError, ValueError):
                continue
    found, frontier = set(), {root}
    while frontier:
        children = {pid for pid, parent in parents.items() if parent in frontier and live(pid)}
        frontier = children - found
        found |= children
    return found


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()
