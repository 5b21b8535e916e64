"""ClusterMonitor: the live picture beyond one's own tasks — events, workers, queues, graphs.

Events arrive in batches from the EventStream thread and are folded into the bounded
EventStore in one place; finished tasks feed the Metrics. Queue lengths are read every couple
of seconds (one pipeline), and what the workers hold (``active_queues``, ``scheduled``) a bit
less often, with ``limit`` set to the number of known workers so a reply round costs
milliseconds, not the whole timeout. Everything is Qt-free; listeners are told which parts
changed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from desktop.core.cluster import ClusterClient, Reply, still_wanted
from desktop.core.event_receiver import EventStream, StreamState, StreamStatus
from desktop.core.events import MAX_TASKS, EventStore, StoreChanges, WorkerInfo
from desktop.core.metrics import Metrics
from desktop.core.profiles import ConnectionProfile
from desktop.core.queues import QueueRecord, ScheduledTask, purge_queue, queue_lengths, queues_to_watch, scheduled_timeline

log = logging.getLogger(__name__)

EVENTS, MONITOR_WORKERS, QUEUES = "events", "monitor_workers", "queues"
QUEUE_INTERVAL = 2.0
INSPECT_INTERVAL = 5.0
INSPECT_TIMEOUT = 1.0
NO_EVENTS_AFTER = 6.0  # a worker that answers pings but has sent no event this long into the stream


class ClusterMonitor:
    def __init__(
        self,
        client: ClusterClient,
        profile: ConnectionProfile,
        on_change: Callable[..., None],
        on_store_changes: Callable[[StoreChanges], None] | None = None,
        *,
        online_hostnames: Callable[[], list[str]] = lambda: [],
        max_tasks: int = MAX_TASKS,
    ):
        self.client = client
        self.profile = profile
        self._changed = on_change
        self._on_store_changes = on_store_changes or (lambda changes: None)
        self.online_hostnames = online_hostnames
        self.store = EventStore(max_tasks)
        self.metrics = Metrics()
        self.stream = EventStream(client.app, self._on_events, self._on_stream_status, redact=profile.redact)
        self.stream_status = StreamStatus(StreamState.STOPPED)
        self.queues: list[QueueRecord] = []
        self.queues_error = ""
        self.scheduled: list[ScheduledTask] = []
        self.active_queues: dict = {}
        self._scheduled_replies: dict | None = None
        self._receiving_since: float | None = None
        self._loops: list[asyncio.Task] = []

    # -- lifecycle ---------------------------------------------------------------

    def start(self) -> None:
        self.stream.start()
        self._loops = [
            asyncio.ensure_future(self._every(QUEUE_INTERVAL, self.refresh_queues)),
            asyncio.ensure_future(self._every(INSPECT_INTERVAL, self.refresh_worker_holdings)),
        ]

    async def stop(self) -> None:
        for task in self._loops:
            task.cancel()
        await asyncio.gather(*self._loops, return_exceptions=True)
        self._loops = []
        await self.stream.stop()

    async def _every(self, seconds: float, step) -> None:
        while still_wanted():
            try:
                await step()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - a loop outlives one bad step
                log.warning("%s failed: %s", step.__name__, self.profile.redact(str(exc)))
            if still_wanted():
                await asyncio.sleep(seconds)

    # -- events ------------------------------------------------------------------

    def _on_events(self, batch: list[dict]) -> None:
        changes = self.store.apply(batch)
        for finished in changes.finished:
            self.metrics.task_finished(*finished)
        if changes.changed or changes.removed:
            self._on_store_changes(changes)
        parts = [EVENTS]
        if changes.workers or changes.workers_removed:
            parts.append(MONITOR_WORKERS)
        self._changed(*parts)

    def _on_stream_status(self, status: StreamStatus) -> None:
        self.stream_status = status
        if status.state is StreamState.RECEIVING:
            self._receiving_since = self._receiving_since or time.monotonic()
        else:
            self._receiving_since = None
        self._changed(EVENTS, MONITOR_WORKERS)

    def workers(self, now: float | None = None) -> tuple[WorkerInfo, ...]:
        return self.store.workers(now)

    def silent_workers(self) -> list[str]:
        """Workers that answer pings but send no events: the console cannot see what they run."""
        if self._receiving_since is None or time.monotonic() - self._receiving_since < NO_EVENTS_AFTER:
            return []
        heard = {w.hostname for w in self.store.workers() if w.last_heartbeat is not None or w.online}
        return sorted(h for h in self.online_hostnames() if h not in heard)

    def active_tasks(self) -> int:
        return sum(w.active or 0 for w in self.store.workers() if w.online)

    # -- queues and what the workers hold ----------------------------------------

    async def refresh_queues(self) -> None:
        app = self.client.app
        names = queues_to_watch(app, self.active_queues)
        scheduled = self._scheduled_replies
        reply: Reply[list[QueueRecord]] = await self.client.run_blocking(
            lambda: queue_lengths(app, names, active_queues=self.active_queues, scheduled=scheduled)
        )
        now = time.time()
        if reply.ok:
            self.queues, self.queues_error = reply.value, ""
            self.metrics.sample_queues(now, {q.name: q.ready for q in self.queues if q.ready is not None})
        else:
            self.queues_error = f"queue lengths: {reply.error}"
        self.metrics.sample_active(now, self.active_tasks())
        self._changed(QUEUES)

    async def refresh_worker_holdings(self) -> None:
        """Which queues each worker consumes, and the ETA tasks it holds."""
        hostnames = self.online_hostnames()
        if not hostnames:
            return
        app = self.client.app

        def ask() -> tuple[dict, dict]:
            inspect = app.control.inspect(destination=hostnames, timeout=INSPECT_TIMEOUT, limit=len(hostnames))
            return inspect.active_queues() or {}, inspect.scheduled() or {}

        reply = await self.client.run_blocking(ask, INSPECT_TIMEOUT * 2 + self.client.timeout)
        if not reply.ok:
            return
        self.active_queues, self._scheduled_replies = reply.value
        self.scheduled = scheduled_timeline(self._scheduled_replies, time.time())
        self._changed(QUEUES)

    async def purge(self, name: str) -> Reply[int]:
        app = self.client.app
        reply = await self.client.run_blocking(lambda: purge_queue(app, name))
        if reply.ok:
            await self.refresh_queues()
        return reply
