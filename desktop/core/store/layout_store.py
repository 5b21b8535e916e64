"""The window's layout per profile (geometry, splitters, table headers, the tab, the filter, other windows), one JSON file each.

Qt's states (``saveGeometry``, ``saveState``) are opaque bytes: kept here as base64, never looked
into; the Qt side (views/layout_memory.py) checks them when it applies them. Each profile key
(its ``history_key``) has its own file under ``<config folder>/layouts/``, so two consoles open on
two profiles never write over each other. Anything unreadable, too big, or written by another
format is ignored with a note (the window opens with its defaults), never raised.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.store.config_files import read_json, write_json
from desktop.core.store.presets import config_dir

FORMAT = 1  # bumped when the file's shape changes: an older or newer file is then ignored
MAX_STATE_BYTES = 64_000  # one Qt state; a header of a few hundred columns is a few KB
MAX_ENTRIES = 200  # splitters, headers or values in one file
MAX_NAME = 200  # characters of an object name
MAX_VALUE = 10_000  # characters of a remembered text (a filter)


@dataclass
class Layout:
    """What one profile's window looked like; every part may be missing (then the default stays)."""

    geometry: bytes = b""  # QWidget.saveGeometry: position, size, maximised, screen
    window_state: bytes = b""  # QMainWindow.saveState: tool bars and docks
    splitters: dict[str, bytes] = field(default_factory=dict)  # object name -> QSplitter.saveState
    headers: dict[str, bytes] = field(default_factory=dict)  # table's object name -> QHeaderView.saveState
    columns: dict[str, int] = field(default_factory=dict)  # table's object name -> its column count when saved
    tab: str = ""  # the current tab's key
    values: dict[str, str | bool] = field(default_factory=dict)  # object name -> a field's text or a box's check
    windows: dict[str, bytes] = field(default_factory=dict)  # a window of its own's object name -> its saveGeometry

    @property
    def empty(self) -> bool:
        return self == Layout()

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "window": {"geometry": _b64(self.geometry), "state": _b64(self.window_state)},
            "splitters": {name: _b64(state) for name, state in self.splitters.items()},
            "headers": {
                name: {"state": _b64(state), "columns": self.columns.get(name, 0)} for name, state in self.headers.items()
            },
            "tab": self.tab,
            "values": dict(self.values),
            "windows": {name: _b64(geometry) for name, geometry in self.windows.items()},
        }

    @classmethod
    def from_json(cls, data) -> Layout:
        """The layout in ``data``; ValueError when it is not one of this format (a damaged entry alone is left out)."""
        if not isinstance(data, dict):
            raise ValueError("holds no layout")
        if data.get("format") != FORMAT:
            raise ValueError(f"is of another version (format {str(data.get('format'))[:20]}, this one reads {FORMAT})")
        window = data.get("window") if isinstance(data.get("window"), dict) else {}
        layout = cls(geometry=_bytes(window.get("geometry")), window_state=_bytes(window.get("state")))
        for name, text in _entries(data.get("splitters")):
            state = _bytes(text)
            if state:
                layout.splitters[name] = state
        for name, header in _entries(data.get("headers")):
            state = _bytes(header.get("state")) if isinstance(header, dict) else b""
            columns = header.get("columns") if isinstance(header, dict) else None
            if state and isinstance(columns, int) and not isinstance(columns, bool) and 0 < columns < 10_000:
                layout.headers[name], layout.columns[name] = state, columns
        tab = data.get("tab")
        layout.tab = tab if isinstance(tab, str) and len(tab) <= MAX_NAME else ""
        for name, value in _entries(data.get("values")):
            if isinstance(value, bool) or (isinstance(value, str) and len(value) <= MAX_VALUE):
                layout.values[name] = value
        for name, text in _entries(data.get("windows")):  # absent from files written before windows were kept
            geometry = _bytes(text)
            if geometry:
                layout.windows[name] = geometry
        return layout


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _bytes(text) -> bytes:
    """A state's bytes from its base64; b"" for anything else (not text, not base64, too big)."""
    if not isinstance(text, str) or not text or len(text) > MAX_STATE_BYTES * 4 // 3 + 4:
        return b""
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return b""


def _entries(part) -> list[tuple[str, object]]:
    """A section's (name, value) pairs with a usable name, at most MAX_ENTRIES of them."""
    if not isinstance(part, dict):
        return []
    return [(n, v) for n, v in part.items() if isinstance(n, str) and 0 < len(n) <= MAX_NAME][:MAX_ENTRIES]


def file_name(key: str) -> str:
    """A file name for a profile key: readable where it can be, unique by its hash (a key may hold '/' or ':')."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", key).strip("._")[:40] or "profile"
    return f"{slug}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}.json"


class LayoutStore:
    """One profile's layout (``key``: its ``history_key``) in ``<folder>/layouts/<name>.json``."""

    def __init__(self, key: str, folder: Path | None = None):
        self.key = key
        self.path = (folder or config_dir()) / "layouts" / file_name(key)
        self.note = ""  # why the last load found nothing usable, for the log

    def load(self) -> Layout:
        """The saved layout, or an empty one (no file, or a bad one: ``note`` says why)."""
        self.note = ""
        data, problem = read_json(self.path, for_log=True)  # the note is for the log: English
        if problem:
            self.note = f"layout file {self.path} {problem}; default layout used"
            return Layout()
        if data is None:
            return Layout()
        if isinstance(data, dict) and data.get("key") != self.key:
            self.note = f"layout file {self.path} is another profile's; default layout used"
            return Layout()
        try:
            return Layout.from_json(data)
        except ValueError as exc:
            self.note = f"layout file {self.path} {exc}; default layout used"
            return Layout()

    def save(self, layout: Layout) -> None:
        """Written whole or not at all (a temporary file and a rename), readable by this user alone."""
        write_json(self.path, {**layout.to_json(), "key": self.key})

    def forget(self) -> None:
        """Reset layout: the file goes, the next window opens with the defaults."""
        self.path.unlink(missing_ok=True)
