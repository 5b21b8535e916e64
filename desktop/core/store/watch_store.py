"""Watched tasks kept per profile across restarts and profile switches: one small JSON file a profile.

Only the watches that still owe a notification are kept (a task that ended was told, or has
nothing left to tell), with the callbacks each watched call was sent with, so that the ones that
will never run (a success's errbacks) stop being waited for after a restart too. A file a
profile: a profile at the cap (100,000 ids, about 4 MB) is not read and rewritten for another's
save. The file name is a digest of the profile's key (any text, masked URLs for an unnamed
profile); the key itself is kept inside and checked on reading.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.domain.translatable import translate
from desktop.core.store.config_files import read_json, write_json
from desktop.core.store.presets import config_dir

MAX_WATCHED = 100_000  # ids kept for a profile, the newest watched
MAX_ID = 255  # characters of a task id (as a paste accepts)
FORMAT = 1

Callbacks = tuple[tuple[str, ...], tuple[str, ...]]  # (link ids, link_error ids)


@dataclass(frozen=True)
class SavedWatches:
    """What one profile watches: task ids, oldest watched first; each watched call's callback ids."""

    ids: tuple[str, ...] = ()
    callbacks: Mapping[str, Callbacks] = field(default_factory=dict)


def _task_id(value) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_ID and value.isprintable()


def _ids(values) -> tuple[str, ...]:
    return tuple(v for v in values if _task_id(v)) if isinstance(values, list) else ()


def capped(watches: SavedWatches, limit: int = MAX_WATCHED) -> SavedWatches:
    """The newest ``limit`` ids, each once, and the callbacks of those kept."""
    ids = tuple(dict.fromkeys(watches.ids))[-limit:] if limit > 0 else ()
    kept = set(ids)
    return SavedWatches(ids, {p: c for p, c in watches.callbacks.items() if p in kept})


class WatchStore:
    """One profile's watches (``profile``: its ``history_key``), in ``watches/<digest>.json`` under the config folder.

    ``load`` and ``save`` block (a file of up to a few MB): the session calls them off the loop.
    """

    def __init__(self, profile: str, folder: Path | None = None, limit: int = MAX_WATCHED):
        self.profile = profile
        self.limit = limit
        digest = hashlib.sha256(profile.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        self.path = (folder or config_dir() / "watches") / f"{digest}.json"
        self.load_error = ""  # what went wrong reading the file, for the user

    def load(self) -> SavedWatches:
        data, problem = read_json(self.path)
        if problem:
            message = translate("watch_store", "watched tasks file {path} {problem}; its watches are lost")
            self.load_error = message.format(path=self.path, problem=problem)
            return SavedWatches()
        if data is None:
            return SavedWatches()
        if not isinstance(data, dict) or data.get("profile") != self.profile:
            aside = self.path.with_suffix(".unreadable.json")  # as read_json sets aside a file it cannot read
            try:
                os.replace(self.path, aside)
            except OSError:
                pass
            message = translate("watch_store", "watched tasks file {path} holds no watches of this connection; moved to {name}")
            self.load_error = message.format(path=self.path, name=aside.name)
            return SavedWatches()
        ids = _ids(data.get("tasks"))
        callbacks: dict[str, Callbacks] = {}
        raw = data.get("callbacks")
        for parent, links in raw.items() if isinstance(raw, dict) else ():
            if _task_id(parent) and isinstance(links, dict):
                callbacks[parent] = (_ids(links.get("link")), _ids(links.get("link_error")))
        return capped(SavedWatches(ids, callbacks), self.limit)

    def save(self, watches: SavedWatches) -> None:
        """Keep these watches (the newest ``limit``); none left removes the file. Raises OSError."""
        watches = capped(watches, self.limit)
        if not watches.ids:
            try:
                os.unlink(self.path)
            except FileNotFoundError:
                pass
            return
        callbacks = {p: {"link": list(link), "link_error": list(error)} for p, (link, error) in watches.callbacks.items()}
        write_json(self.path, {"format": FORMAT, "profile": self.profile, "tasks": list(watches.ids), "callbacks": callbacks})
