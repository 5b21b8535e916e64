"""Which part of what a window shows changed: listeners get the parts' names, the Qt side repaints those."""

from __future__ import annotations

from collections.abc import Callable

CONNECTION, WORKERS, CATALOG, TASKS, ERRORS = "connection", "workers", "catalog", "tasks", "errors"
Listener = Callable[[set[str]], None]


class Listeners:
    """Told the names of the parts that changed, never what changed in them: each reads its part when it repaints."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def notify(self, *parts: str) -> None:
        for listener in list(self._listeners):  # a listener may unsubscribe while told
            listener(set(parts))
