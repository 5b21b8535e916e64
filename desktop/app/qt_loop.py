"""The asyncio loop on Qt (qasync), made safe for worker threads and socket churn.

Two hazards of qasync 0.28 on PySide6, each seen here as a crash of the process:

- ``call_soon_threadsafe`` emits a signal connected to a plain lambda; PySide may run
  such a slot in the emitting (worker) thread, so asyncio's timer was started from a
  worker ("QObject::startTimer: Timers cannot be started from another thread") and the
  loop's state raced. Every executor future completes through this path. Here the call
  is queued, explicitly, to a QObject that lives in the loop's thread.
- a dropped QSocketNotifier sits in a reference cycle and is freed whenever Python's cycle
  collector runs, possibly while Qt is dispatching it. Here it is disabled, kept alive and
  handed to ``deleteLater``, so Qt deletes it at a safe point.
- the cycle collector runs in whichever thread happens to allocate, so an unclosed asyncio
  transport can be finalised in a worker thread and ask the loop to stop watching its
  socket from there ("Socket notifiers cannot be enabled or disabled from another thread").
  Such requests are passed to the loop's thread.
"""

from __future__ import annotations

import collections
import threading

import qasync
from PySide6.QtCore import QObject, Qt, Signal, Slot


class _Waker(QObject):
    """Lives in the loop's thread; runs queued thread-safe calls there."""

    wake = Signal()

    def __init__(self, drain):
        super().__init__()
        self._drain = drain
        self.wake.connect(self.on_wake, Qt.ConnectionType.QueuedConnection)

    @Slot()
    def on_wake(self) -> None:
        self._drain()


class QtAsyncioLoop(qasync.QEventLoop):
    def __init__(self, *args, **kwargs):
        self._retired: set = set()
        self._thread = threading.current_thread()
        self._threadsafe_calls: collections.deque = collections.deque()
        super().__init__(*args, **kwargs)
        self._waker = _Waker(self._run_threadsafe_calls)

    # -- calls from other threads ---------------------------------------------------
    def call_soon_threadsafe(self, callback, *args, context=None):
        if threading.current_thread() is self._thread:
            return self.call_soon(callback, *args, context=context)
        self._threadsafe_calls.append((callback, args, context))  # deque.append is atomic
        self._waker.wake.emit()
        return None

    def _run_threadsafe_calls(self) -> None:
        while self._threadsafe_calls:
            callback, args, context = self._threadsafe_calls.popleft()
            if not self.is_closed():
                self.call_soon(callback, *args, context=context)

    def _foreign(self) -> bool:
        return threading.current_thread() is not self._thread

    # -- socket notifiers ----------------------------------------------------------------
    def _retire(self, notifier) -> None:
        if notifier is None:
            return
        self._retired.add(notifier)
        notifier.destroyed.connect(lambda *_: self._retired.discard(notifier))
        notifier.deleteLater()

    def _add_reader(self, fd, callback, *args):
        replaced = self._read_notifiers.get(fd)
        super()._add_reader(fd, callback, *args)
        self._retire(replaced)

    def _remove_reader(self, fd):
        if self._foreign():
            self.call_soon_threadsafe(self._remove_reader, fd)
            return True
        notifier = self._read_notifiers.get(fd) if self._read_notifiers is not None else None
        removed = super()._remove_reader(fd)
        self._retire(notifier)
        return removed

    def _add_writer(self, fd, callback, *args):
        replaced = self._write_notifiers.get(fd)
        super()._add_writer(fd, callback, *args)
        self._retire(replaced)

    def _remove_writer(self, fd):
        if self._foreign():
            self.call_soon_threadsafe(self._remove_writer, fd)
            return True
        notifier = self._write_notifiers.get(fd) if self._write_notifiers is not None else None
        removed = super()._remove_writer(fd)
        self._retire(notifier)
        return removed
