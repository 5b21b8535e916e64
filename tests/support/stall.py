"""The longest time the GUI thread could not run, measured the way bench/gui_stall.py does.

A 1 ms precise QTimer stamps each timeout; a gap between two stamps is time the thread was
busy elsewhere (or blocked). Fault tests report it and hold it against a bound.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer


class StallMeter(QObject):
    def __init__(self):
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.last: float | None = None
        self.longest = 0.0
        self.ticks = 0

    def _tick(self) -> None:
        now = time.perf_counter()
        if self.last is not None:
            self.longest = max(self.longest, now - self.last)
        self.last = now
        self.ticks += 1

    def start(self) -> StallMeter:
        self.last, self.longest, self.ticks = None, 0.0, 0
        self.timer.start()
        return self

    def pause(self) -> None:
        """Stop counting (a test's own blocking step, e.g. restarting a server from this thread)."""
        self.timer.stop()
        self.last = None

    def resume(self) -> None:
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.longest * 1000.0

    @property
    def longest_ms(self) -> float:
        return self.longest * 1000.0
