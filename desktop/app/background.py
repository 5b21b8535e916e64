"""Coroutines the GUI starts: kept until they end, and a failure reported once, in the window.

A bare ``asyncio.ensure_future(...)`` from a Qt slot leaves the task referenced by nobody (the
loop holds only a weak reference: it can be collected mid-flight) and an exception in it
surfaces, if ever, as "Task exception was never retrieved" in a log. Every operation a user
starts goes through ``BackgroundTasks.run`` instead.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QCoreApplication

log = logging.getLogger(__name__)

Report = Callable[[str, str], None]  # (message, details) -> the window's error panel


class BackgroundTasks:
    """The GUI's running operations: one reference each until done, failures through one path."""

    def __init__(self, report: Report):
        self._report = report
        self._running: set[asyncio.Task] = set()

    def run(self, coro: Coroutine[Any, Any, Any], what: str = "") -> asyncio.Task:
        """Start ``coro`` on the loop; a failure is reported as "<what> failed: <error>"."""
        task = asyncio.ensure_future(coro)
        name = what or getattr(coro, "__qualname__", "operation")
        self._running.add(task)
        task.add_done_callback(lambda done: self._finished(done, name))
        return task

    def _finished(self, task: asyncio.Task, what: str) -> None:
        self._running.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            log.error("%s failed", what, exc_info=exc)
            message = QCoreApplication.translate("BackgroundTasks", "{what} failed: {error}").format(
                what=what, error=f"{type(exc).__name__}: {exc}"
            )
            self._report(message, "".join(traceback.format_exception(exc)))

    @property
    def running(self) -> int:
        return len(self._running)

    async def cancel_all(self) -> None:
        """Stop what is still running (the console is closing); waits for them to end."""
        tasks = list(self._running)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
