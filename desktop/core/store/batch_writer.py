"""A writer thread for a local file: the event loop hands work in cheaply, the thread writes it in batches.

The history and the trends file both need it: a burst of changes becomes one transaction, the loop
never waits on the disk, ``flush`` lets tests and shutdown wait for what was handed in, and
``stop`` writes the rest before closing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class BatchWriter:
    """Subclasses keep their pending work under ``_lock``, hand it in inside ``_handing_in()``,
    and say how a batch is taken (``_take``), whether any is left (``_has_pending``), whether
    writing still works (``_can_write``) and how a batch is written (``_write_batch``)."""

    thread_name = "celery-desktop-writer"

    def __init__(self, flush_seconds: float):
        self.flush_seconds = flush_seconds
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._stopping = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()

    @contextmanager
    def _handing_in(self) -> Iterator[None]:
        """Inside: the pending work changed under the lock; afterwards the thread is woken for it."""
        with self._lock:
            yield
            self._idle.clear()
        self._wake.set()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything handed in so far is written (tests, shutdown)."""
        self._wake.set()
        return self._idle.wait(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        """What is pending written, the thread ended, then ``_close``."""
        self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._close()

    def _run(self) -> None:
        while True:
            self._wake.wait(self.flush_seconds)
            self._wake.clear()
            stopping = self._stopping
            if not stopping and self.flush_seconds:
                time.sleep(self.flush_seconds)  # let a burst gather into one transaction
            with self._lock:
                batch = self._take()
            if self._can_write():
                self._write_batch(batch)
            with self._lock:
                if not self._has_pending():
                    self._idle.set()
            if stopping:
                return

    # -- what a subclass says ------------------------------------------------------------------
    def _take(self):
        """The pending work, taken (called under the lock): the next batch starts empty."""
        raise NotImplementedError

    def _has_pending(self) -> bool:
        """Whether work is pending (called under the lock)."""
        raise NotImplementedError

    def _can_write(self) -> bool:
        return True

    def _write_batch(self, batch) -> None:
        raise NotImplementedError

    def _close(self) -> None:
        """After the thread ended: the file closed."""
