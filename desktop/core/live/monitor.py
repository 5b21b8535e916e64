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
from dataclasses import dataclass

from desktop.core.cluster.client import BROKER, CHECK, ClusterClient, Reply, still_wanted
from desktop.core.cluster.control import CommandResult, WorkerCommand, send_command
from desktop.core.cluster.inspection import inspect
from desktop.core.cluster.queues import (
    QueueRecord,
    ScheduledTask,
    declared_queues,
    purge_queue,
    queue_lengths,
    queues_to_watch,
    scheduled_timeline,
)
from desktop.core.cluster.rabbitmq import is_amqp_url, queue_lengths_with_management
from desktop.core.cluster.rabbitmq_messages import dead_letter_marks
from desktop.core.cluster.worker_reports import SettingCheck, WorkerSummary, event_settings
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.events import MAX_TASKS, EventStore, StoreChanges, WorkerInfo
from desktop.core.domain.metrics import Metrics
from desktop.core.domain.records import WorkerRecord
from desktop.core.domain.translatable import translate
from desktop.core.live.event_receiver import EventStream, StreamState, StreamStatus

log = logging.getLogger(__name__)

EVENTS, MONITOR_WORKERS, QUEUES = "events", "monitor_workers", "queues"
QUEUE_INTERVAL = 2.0
DECLARED_INTERVAL = 15.0  # how often to look for queues nobody consumes (a SCAN of kombu's binding table)
INSPECT_INTERVAL = 5.0
INSPECT_TIMEOUT = 1.0
NO_EVENTS_AFTER = 6.0  # a worker that answers pings but has sent no event this long into the stream


@dataclass(frozen=True)
class WorkerRow:
    """One worker as the workers table shows it: its heartbeats, its pings and its own stats together."""

    hostname: str
    online: bool
    status: str  # "online", "online · no events", "offline · last heartbeat 40 s ago", … in the window's language
    heartbeat_age: float | None = None
    active: int | None = None
    processed: int | None = None
    succeeded: int = 0
    failed: int = 0
    loadavg: tuple[float, ...] = ()
    pool: str = ""  # "prefork × 4"
    prefetch: int | None = None
    version: str = ""
    queues: tuple[str, ...] = ()
    clock_skew: float | None = None
    ping_ms: float | None = None
    events_missing: bool = False  # online, but its events do not come (heartbeats stopped, or none at all): shown amber

    def to_dict(self) -> dict:
        return {
            "hostname": self.hostname,
            "online": self.online,
            "status": self.status,
            "heartbeat_age": None if self.heartbeat_age is None else round(self.heartbeat_age, 1),
            "active": self.active,
            "processed": self.processed,
            "succeeded": self.succeeded,
            "failed": self.failed,
            "loadavg": list(self.loadavg),
            "pool": self.pool,
            "prefetch": self.prefetch,
            "version": self.version,
            "queues": list(self.queues),
        }


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
        self.stats: dict[str, WorkerSummary] = {}
        self.raw_stats: dict[str, dict] = {}
        self.conf: dict[str, dict] = {}  # masked; asked once per worker
        self._scheduled_replies: dict | None = None
        self.declared: list[str] = []
        self._declared_at = 0.0
        self._receiving_since: float | None = None
        self._first_processed: dict[str, int] = {}  # each worker's heartbeat count of tasks when first heard
        self._online: dict[str, bool] = {}  # what the table last showed
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
        for hostname in changes.workers:
            if hostname not in self._first_processed:
                info = self.store.worker(hostname)
                if info is not None and info.processed is not None:
                    self._first_processed[hostname] = info.processed
        for finished in changes.finished:
            self.metrics.task_finished(*finished)
        if changes.changed or changes.removed:
            self._on_store_changes(changes)
        parts = [EVENTS]
        if changes.workers_removed or self._liveness_changed(changes.workers):
            parts.append(MONITOR_WORKERS)  # figures that only move (last seen, counts) follow the view's clock
        self._changed(*parts)

    def _liveness_changed(self, hostnames) -> bool:
        changed = False
        for hostname in hostnames:
            info = self.store.worker(hostname)
            online = info is not None and info.online
            if self._online.get(hostname) != online:
                self._online[hostname] = online
                changed = True
        return changed

    def _on_stream_status(self, status: StreamStatus) -> None:
        self.stream_status = status
        if status.state is StreamState.RECEIVING:
            self._receiving_since = self._receiving_since or time.monotonic()
        else:
            self._receiving_since = None
        self._changed(EVENTS, MONITOR_WORKERS)

    def receiving_for(self, seconds: float) -> bool:
        """The event stream has been up at least this long (heartbeats that stop now mean something)."""
        return self._receiving_since is not None and time.monotonic() - self._receiving_since >= seconds

    def workers(self, now: float | None = None) -> tuple[WorkerInfo, ...]:
        return self.store.workers(now)

    def silent_workers(self) -> list[str]:
        """Workers that answer pings but send no task events: the console cannot see what they run.

        Named when no heartbeat of theirs is alive, or when their heartbeats say they took tasks and
        not one task event came from them (heartbeats are on by default; task events need -E).
        """
        if self._receiving_since is None or time.monotonic() - self._receiving_since < NO_EVENTS_AFTER:
            return []
        heard = {w.hostname: w for w in self.store.workers()}
        silent = []
        for hostname in self.online_hostnames():
            info = heard.get(hostname)
            if info is not None and info.task_events:
                continue
            if info is None or not info.online:  # answers pings, but no live heartbeat
                silent.append(hostname)
                continue
            if info.processed is None:
                continue
            if info.processed > self._first_processed.get(hostname, info.processed):
                silent.append(hostname)
        return sorted(silent)

    def active_tasks(self) -> int:
        return sum(w.active or 0 for w in self.store.workers() if w.online)

    # -- queues and what the workers hold ----------------------------------------

    async def refresh_queues(self) -> None:
        if self.profile.management_url and is_amqp_url(self.profile.broker_url):
            await self._refresh_queues_with_management(self.profile.management_url)
            return
        app = self.client.app
        if time.monotonic() - self._declared_at > DECLARED_INTERVAL:
            self._declared_at = time.monotonic()
            declared = await self.client.run_blocking(lambda: declared_queues(app), lane=CHECK)
            if declared.ok:
                self.declared = declared.value
        names = sorted(set(queues_to_watch(app, self.active_queues)) | set(self.declared))
        scheduled = self._scheduled_replies
        reply: Reply[list[QueueRecord]] = await self.client.run_blocking(
            lambda: queue_lengths(app, names, active_queues=self.active_queues, scheduled=scheduled), lane=CHECK
        )
        now = time.time()
        if reply.ok:
            self.queues, self.queues_error = reply.value, ""
            self.metrics.sample_queues(now, {q.name: q.ready for q in self.queues if q.ready is not None})
        else:
            self.queues_error = translate("monitor", "queue lengths: {error}").format(error=reply.error)
        self.metrics.sample_active(now, self.active_tasks())
        self.metrics.sample_workers(now, self.store.workers(now))
        self._changed(QUEUES)

    async def _refresh_queues_with_management(self, management_url: str) -> None:
        """RabbitMQ with its management API: every queue of the vhost, unacked and dead-letter queues included, in one blocking call."""
        app = self.client.app
        names = queues_to_watch(app, self.active_queues)
        active_queues, scheduled = self.active_queues, self._scheduled_replies
        reply = await self.client.run_blocking(
            lambda: queue_lengths_with_management(
                app,
                names,
                management_url,
                active_queues=active_queues,
                scheduled=scheduled,
                dead_letters=lambda queues: dead_letter_marks(app, management_url, queues),
            ),
            lane=CHECK,
        )
        now = time.time()
        if reply.ok:
            self.queues, problem = reply.value
            self.queues_error = self.profile.redact(problem)
            self.declared = sorted({q.name for q in self.queues} - set(names))
            self.metrics.sample_queues(now, {q.name: q.ready for q in self.queues if q.ready is not None})
        else:
            self.queues_error = translate("monitor", "queue lengths: {error}").format(error=reply.error)
        self.metrics.sample_active(now, self.active_tasks())
        self.metrics.sample_workers(now, self.store.workers(now))
        self._changed(QUEUES)

    async def refresh_worker_holdings(self) -> None:
        """Which queues each worker consumes, the ETA tasks it holds, its stats (and its conf, once)."""
        hostnames = self.online_hostnames()
        if not hostnames:
            return
        app = self.client.app
        conf_missing = [h for h in hostnames if h not in self.conf]

        def ask() -> tuple[dict, dict, dict, dict]:
            replies = [
                inspect(app, method, destination=hostnames, timeout=INSPECT_TIMEOUT).replies
                for method in ("active_queues", "scheduled", "stats")
            ]
            conf = inspect(app, "conf", destination=conf_missing, timeout=INSPECT_TIMEOUT).replies if conf_missing else {}
            return (*replies, conf)  # conf comes back with its secrets masked

        reply = await self.client.run_blocking(ask, INSPECT_TIMEOUT * 4 + self.client.timeout, lane=CHECK)
        if not reply.ok:
            return
        self.active_queues, self._scheduled_replies, stats, conf = reply.value
        self.scheduled = scheduled_timeline(self._scheduled_replies, time.time())
        for hostname, values in stats.items():
            if isinstance(values, dict):
                self.raw_stats[hostname] = values
                self.stats[hostname] = WorkerSummary.from_stats(hostname, values)
        for hostname, values in conf.items():
            self.conf[hostname] = values if isinstance(values, dict) else {}
        self._changed(QUEUES, MONITOR_WORKERS)

    def transport_mismatch(self) -> str:
        """Workers whose broker key layout differs from this connection's: its queue counts would be wrong."""
        ours = self.client.app.conf.broker_transport_options or {}
        problems = []
        for hostname, conf in sorted(self.conf.items()):
            theirs = conf.get("broker_transport_options") if isinstance(conf, dict) else None
            if not isinstance(theirs, dict):
                theirs = {}
            for option in ("global_keyprefix", "sep"):
                if theirs.get(option) != ours.get(option) and (theirs.get(option) or ours.get(option)):
                    differs = translate("monitor", "{worker} uses {option}={theirs}, this connection {ours}")
                    problems.append(
                        differs.format(
                            worker=hostname, option=option, theirs=repr(theirs.get(option)), ours=repr(ours.get(option))
                        )
                    )
        if not problems:
            return ""
        advice = translate("monitor", "{problems} — start the console with -A your app (or the same broker_transport_options)")
        return advice.format(problems="; ".join(problems))

    def to_dict(self, pinged: dict[str, WorkerRecord]) -> dict:
        """The monitoring part of ``--dump``; keys documented in the README."""
        return {
            "events": {
                "state": self.stream_status.state.value,
                "message": self.stream_status.message,
                "received": self.store.ingested,
                "ignored": self.store.ignored,
                "tasks_held": len(self.store),
                "silent_workers": self.silent_workers(),
            },
            "workers": [row.to_dict() for row in self.worker_rows(pinged)],
            "queues": [queue.to_dict() for queue in self.queues],
            "queues_warning": self.transport_mismatch() or self.queues_error,
            "scheduled": [task.to_dict() for task in self.scheduled],
            "settings": [check.to_dict() for check in self.event_checks()],
        }

    def event_checks(self) -> list[SettingCheck]:
        """Which of the settings the live view depends on each worker has on."""
        return event_settings(self.conf)

    async def enable_events(self, hostnames: list[str]) -> CommandResult:
        result = await send_command(
            self.client, WorkerCommand.of("enable_events"), destination=hostnames, expected=len(hostnames)
        )
        self._changed(MONITOR_WORKERS)
        return result

    def consumed_queues(self) -> dict[str, list[str]]:
        """The queue names each worker consumes, from its last active_queues answer (what it sent, checked)."""
        consumed: dict[str, list[str]] = {}
        for hostname, queues in (self.active_queues or {}).items():
            if isinstance(queues, list):
                consumed[hostname] = [q["name"] for q in queues if isinstance(q, dict) and isinstance(q.get("name"), str)]
        return consumed

    def worker_rows(self, pinged: dict[str, WorkerRecord], now: float | None = None) -> list[WorkerRow]:
        """Every worker anyone knows of: from events, pings or stats, joined by hostname."""
        now = time.time() if now is None else now
        heard = {w.hostname: w for w in self.store.workers(now)}
        receiving = self.stream_status.state is StreamState.RECEIVING
        consumed = self.consumed_queues()
        rows = []
        for hostname in sorted(set(heard) | set(pinged) | set(self.stats)):
            info, ping, summary = heard.get(hostname), pinged.get(hostname), self.stats.get(hostname)
            answers = ping is not None and ping.online
            online, events_missing = True, False
            if info is not None and info.online:
                status = translate("monitor", "online")
            elif answers and info is not None:
                status, events_missing = translate("monitor", "online · heartbeats stopped"), True
            elif answers and receiving:
                status, events_missing = translate("monitor", "online · no events"), True
            elif answers:
                status = translate("monitor", "online")
            else:
                online = False
                status = translate("monitor", "offline")
                if info is not None and info.heartbeat_age is not None:
                    status = translate("monitor", "offline · last heartbeat {age} ago").format(age=_age(info.heartbeat_age))
            pool = ""
            if summary is not None and summary.pool:
                pool = f"{summary.pool} × {summary.pool_size}" if summary.pool_size else summary.pool
                if summary.autoscale:
                    pool += f" (autoscale {summary.autoscale_min}–{summary.autoscale_max})"
            rows.append(
                WorkerRow(
                    hostname=hostname,
                    online=online,
                    status=status,
                    heartbeat_age=info.heartbeat_age if info else None,
                    active=info.active if info else None,
                    processed=info.processed if info else None,
                    succeeded=info.succeeded if info else 0,
                    failed=info.failed if info else 0,
                    loadavg=info.loadavg if info else (),
                    pool=pool,
                    prefetch=summary.prefetch_count if summary else None,
                    version=f"{info.sw_ident} {info.sw_ver}".strip() if info else "",
                    queues=tuple(consumed.get(hostname, ())),
                    clock_skew=info.clock_skew if info else None,
                    ping_ms=ping.ping_ms if ping else None,
                    events_missing=events_missing,
                )
            )
        return rows

    async def purge(self, name: str) -> Reply[int]:
        app = self.client.app
        what = translate("monitor", "purge of queue {queue}").format(queue=repr(name))
        reply = await self.client.run_mutation(what, lambda: purge_queue(app, name), lane=BROKER)
        if reply.ok:
            await self.refresh_queues()
        return reply


def _age(seconds: float) -> str:
    """How long ago a worker's last heartbeat came: "40 s", "3 min"."""
    if seconds < 120:
        return translate("monitor", "{seconds} s").format(seconds=f"{seconds:.0f}")
    return translate("monitor", "{minutes} min").format(minutes=f"{seconds / 60:.0f}")
