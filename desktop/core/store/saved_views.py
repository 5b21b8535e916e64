"""Saved views of the Search tab: a query with its sort, by name, per profile, in one JSON file that survives restarts.

The file holds ``{profile key: {"views": {name: view}, "last": name}}``; each store reads and writes
only its own profile's part (the file is read again before a write, so two consoles open on two
profiles keep each other's views).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.core.domain.translatable import translate
from desktop.core.store.config_files import read_json, write_json
from desktop.core.store.presets import config_dir

MAX_NAME = 200  # characters of a view's name
MAX_QUERY = 10_000  # characters of its query


@dataclass(frozen=True)
class SavedView:
    name: str
    query: str
    sort_column: int = 0
    descending: bool = True

    def to_json(self) -> dict:
        return {"query": self.query, "sort_column": self.sort_column, "descending": self.descending}

    @classmethod
    def from_json(cls, name: str, data) -> SavedView:
        """A view from its JSON; raises ValueError when it is not one."""
        if not isinstance(data, dict) or not isinstance(data.get("query"), str):
            raise ValueError("not a saved view")
        column = data.get("sort_column", 0)
        descending = data.get("descending", True)
        if not isinstance(column, int) or isinstance(column, bool) or column < 0:
            column = 0
        return cls(name, data["query"][:MAX_QUERY], column, bool(descending))


class SavedViewError(ValueError):
    """A saved-view operation the user asked for that cannot be done, with the reason."""


def _no_view(name: str) -> str:
    return translate("saved_views", "no saved view {name}").format(name=repr(name))


class SavedViewStore:
    """One profile's saved views (``profile``: its ``history_key``), in ``saved_views.json`` under the config folder."""

    def __init__(self, profile: str, path: Path | None = None):
        self.profile = profile
        self.path = path or config_dir() / "saved_views.json"
        self.load_error = ""
        self._views: dict[str, SavedView] = {}
        self._last = ""
        data = self._read()
        self._take(data.get(profile))

    def _read(self) -> dict:
        data, problem = read_json(self.path)
        if problem and not self.load_error:
            self.load_error = translate("saved_views", "saved views file {path} {problem}").format(
                path=self.path, problem=problem
            )
        return data if isinstance(data, dict) else {}

    def _take(self, part) -> None:
        views: dict[str, SavedView] = {}
        if isinstance(part, dict):
            raw = part.get("views")
            for name, data in raw.items() if isinstance(raw, dict) else ():
                try:
                    if isinstance(name, str) and name.strip():
                        views[name] = SavedView.from_json(name, data)
                except ValueError:
                    continue  # one damaged view: the others still open
            last = part.get("last")
            self._last = last if isinstance(last, str) and last in views else ""
        self._views = views

    def _write(self) -> None:
        data = self._read()  # another profile's views, written since we read
        part = {"views": {n: v.to_json() for n, v in self._views.items()}, "last": self._last}
        if self._views or self._last:
            data[self.profile] = part
        else:
            data.pop(self.profile, None)
        write_json(self.path, data)

    # -- what the user does -------------------------------------------------------------------------
    def views(self) -> list[SavedView]:
        """The profile's views by name (case-insensitive)."""
        return sorted(self._views.values(), key=lambda v: (v.name.casefold(), v.name))

    def names(self) -> list[str]:
        return [v.name for v in self.views()]

    def get(self, name: str) -> SavedView:
        try:
            return self._views[name]
        except KeyError:
            raise SavedViewError(_no_view(name)) from None

    def save(self, view: SavedView) -> SavedView:
        """Keep ``view`` (one of the same name is replaced); returns it as kept (name trimmed)."""
        name = view.name.strip()
        if not name:
            raise SavedViewError(translate("saved_views", "a saved view needs a name"))
        if len(name) > MAX_NAME:
            raise SavedViewError(
                translate("saved_views", "a saved view's name is at most {count} characters").format(count=MAX_NAME)
            )
        if len(view.query) > MAX_QUERY:
            too_long = translate("saved_views", "a saved view's query is at most {count} characters")
            raise SavedViewError(too_long.format(count=f"{MAX_QUERY:,}"))
        kept = SavedView(name, view.query, max(0, int(view.sort_column)), bool(view.descending))
        self._views[name] = kept
        self._write()
        return kept

    def delete(self, name: str) -> None:
        if self._views.pop(name, None) is None:
            raise SavedViewError(_no_view(name))
        if self._last == name:
            self._last = ""
        self._write()

    @property
    def last(self) -> str:
        """The name of the view opened last ("" when none, or it was deleted)."""
        return self._last

    def set_last(self, name: str) -> None:
        if name and name not in self._views:
            raise SavedViewError(_no_view(name))
        if name != self._last:
            self._last = name
            self._write()
