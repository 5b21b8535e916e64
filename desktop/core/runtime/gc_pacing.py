"""Python's cyclic garbage collector, paced so it never pauses the window for long.

A full collection walks every container object alive. With 100,000 tasks in the event store
and 10,000 tracked results that walk takes about 100 ms, and it runs whenever the old
generation has grown by a quarter: a visible freeze, right when the console is busiest. Large
young generations hurt the same way (40 ms gen-1 collections at 10,000 state changes a second).

So four times a second the pacer runs a full collection and then freezes (``gc.freeze``) what
survived. A frozen object is never walked again, so each collection only covers what was
created since the previous one: a few milliseconds even under load. Frozen objects are still
freed by reference counting the moment nothing uses them (a dropped task, a replaced record);
only garbage *cycles* among them wait, until the thaw (``gc.unfreeze`` and one full
collection), the one long pause left: 70-150 ms with a full window. It comes every
``thaw_every`` seconds (6 hours; the cycles that wait meanwhile are a few MB), at a moment the
user is not using the window (``idle``), or after twice that time at the latest.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

STEP_SECONDS = 0.25
THAW_SECONDS = 6 * 3600.0
YOUNG_THRESHOLDS = (700, 10, 10)  # CPython's defaults: young collections stay small and quick


@dataclass
class PacerStats:
    steps: int = 0
    thaws: int = 0
    longest_step_ms: float = 0.0
    last_thaw_ms: float = 0.0
    frozen: int = 0


class CollectorPacer:
    """Runs ``step`` every ``every`` seconds on the asyncio loop (the GUI thread's, in the app)."""

    def __init__(
        self,
        every: float = STEP_SECONDS,
        thaw_every: float = THAW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        idle: Callable[[], bool] = lambda: True,
    ):
        self.every, self.thaw_every, self.clock, self.idle = every, thaw_every, clock, idle
        self.stats = PacerStats()
        self._last_thaw = clock()
        self._handle: asyncio.TimerHandle | None = None

    def start(self, collect: bool = True) -> None:
        """Collect and freeze what start-up left, then keep pacing.

        ``collect=False``: freeze it as it is, without the full collection (tens of ms the GUI
        thread would stop for just after the window is shown); its cycles wait for the first thaw.
        """
        gc.set_threshold(*YOUNG_THRESHOLDS)
        if collect:
            self.thaw()
        else:
            gc.freeze()
            self._last_thaw = self.clock()
        self._schedule()

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def step(self) -> float:
        """Collect what is newer than the last freeze, freeze the survivors; returns the ms spent."""
        since = self.clock() - self._last_thaw
        if since >= 2 * self.thaw_every or (since >= self.thaw_every and self.idle()):
            return self.thaw()
        started = time.perf_counter()
        gc.collect()
        gc.freeze()
        elapsed = (time.perf_counter() - started) * 1000
        self.stats.steps += 1
        self.stats.longest_step_ms = max(self.stats.longest_step_ms, elapsed)
        return elapsed

    def thaw(self) -> float:
        """Everything back into the collector's view, one full collection (finds cycles among old objects), frozen again."""
        started = time.perf_counter()
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        elapsed = (time.perf_counter() - started) * 1000
        self._last_thaw = self.clock()
        self.stats.thaws += 1
        self.stats.last_thaw_ms = elapsed
        self.stats.frozen = gc.get_freeze_count()  # walks the frozen list: only here, not every step
        log.debug("garbage collector thawed: %.0f ms, %d objects frozen", elapsed, self.stats.frozen)
        return elapsed

    def _schedule(self) -> None:
        self._handle = asyncio.get_event_loop().call_later(self.every, self._tick)

    def _tick(self) -> None:
        try:
            self.step()
        finally:
            self._schedule()
