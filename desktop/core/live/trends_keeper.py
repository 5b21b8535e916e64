"""TrendsKeeper: the graphs' series kept across restarts — opened and read off the loop, then fed each second.

The trends file lies beside the history file (no history: nothing is kept). On start its recent
buckets are read in the executor and merged into the Metrics a slice per turn of the loop, so
the graphs show the kept series at once; from then on the Metrics' samples go to the writer
thread every second, and the last of them at stop.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from desktop.core.cluster.client import ClusterClient, still_wanted
from desktop.core.domain.metrics import Metrics
from desktop.core.domain.translatable import translate
from desktop.core.store.trends import TrendsRecorder, describe, open_trends, trends_path_beside

HAND_OVER_SECONDS = 1.0
RESTORE_SLICE = 5_000  # buckets merged per turn of the loop (about 10 ms)


class TrendsKeeper:
    def __init__(self, path: Path, profile_key: str, metrics: Metrics, client: ClusterClient, report: Callable[[str], None]):
        self.path, self.profile_key, self.metrics, self.client, self.report = path, profile_key, metrics, client, report
        self.recorder: TrendsRecorder | None = None
        self.loaded = False
        self.restored = 0
        metrics.recording = True  # samples from now on wait for the writer, even before the file is open

    @classmethod
    def beside(cls, history, metrics: Metrics, client: ClusterClient, report: Callable[[str], None]) -> TrendsKeeper | None:
        """Kept beside the session's history file; None when the session has no history."""
        if history is None:
            return None
        return cls(trends_path_beside(history.database.path), history.profile, metrics, client, report)

    def describe(self) -> str:
        """The Settings line ("Trends: 3.2 MB, 1 h by second, …")."""
        recorder = self.recorder
        if recorder is not None and not recorder.status.ok:
            return recorder.status.message
        return describe(recorder.status.size_bytes if recorder is not None else 0)

    def clear(self) -> None:
        """This profile's kept trends deleted with its history (what waits to be written too); the graphs
        of this session stay until it ends, as the table's rows do."""
        self.metrics.take_samples()
        recorder = self.recorder
        if recorder is not None:
            recorder.clear()

    def read(self, names, prefixes, level: int, start: float, end: float) -> dict:
        """Blocking (the Graphs tab's reading thread): kept buckets for a window longer than memory holds."""
        recorder = self.recorder
        if recorder is None:
            return {}
        return recorder.database.read_many(self.profile_key, names, prefixes, level, start, end)

    async def run(self) -> None:
        reply = await self.client.run_blocking(lambda: open_trends(self.path, self.profile_key, time.time()), timeout=60.0)
        if not reply.ok:
            self.loaded = True
            self.metrics.recording = False
            self.report(translate("trends_keeper", "trends could not be read: {error}").format(error=reply.error))
            return
        database, recent, note = reply.value
        if note:
            self.report(note)
        recorder = None
        if database is None:
            self.metrics.recording = False
            self.metrics.take_samples()
        else:
            recorder = self.recorder = TrendsRecorder(database, self.profile_key)
            recorder.start()
        for start in range(0, len(recent), RESTORE_SLICE):
            if start:
                await asyncio.sleep(0)  # the window answers between slices
            self.restored += self.metrics.restore(recent[start : start + RESTORE_SLICE])
        self.loaded = True
        while recorder is not None and still_wanted():
            recorder.add(self.metrics.take_samples())
            await asyncio.sleep(HAND_OVER_SECONDS)

    async def stop(self) -> None:
        """The last samples written and the writer stopped (off the loop: it waits for the last batch)."""
        recorder = self.recorder
        if recorder is None:
            return
        recorder.add(self.metrics.take_samples())
        self.recorder = None
        await self.client.run_blocking(recorder.stop, timeout=30.0)
