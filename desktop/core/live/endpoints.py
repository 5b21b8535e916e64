"""Where the console is connected and what answers there: broker, backend, the workers and the tasks they run."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from desktop.core.cluster.client import ClusterClient, Reply, merge_registered
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.calls import CallContext
from desktop.core.domain.catalog import TaskInfo, merge_catalog
from desktop.core.domain.records import EndpointStatus, Reachability, RegisteredTask, WorkerRecord
from desktop.core.domain.translatable import translate
from desktop.core.live.changes import CATALOG, CONNECTION, WORKERS

if TYPE_CHECKING:
    from desktop.core.live.event_receiver import StreamStatus
    from desktop.core.live.poller import PollerStatus

log = logging.getLogger(__name__)


class Endpoints:
    """Broker and backend reachability, the workers that answer pings, the tasks they (and the user's app) know.

    ``refresh`` looks again; the connection bar, the workers list and the call forms read what it found.
    The event stream and the result poller keep their own state: ``stream_status`` and ``results_status``
    read it, so the bar can say when either is reconnecting between two checks.
    """

    def __init__(
        self,
        client: ClusterClient,
        profile: ConnectionProfile,
        report_error: Callable[[str], None],
        notify: Callable[..., None],
        stream_status: Callable[[], StreamStatus],
        results_status: Callable[[], PollerStatus],
    ):
        self.client = client
        self.profile = profile
        self.report_error = report_error
        self.notify = notify
        self._stream_status = stream_status
        self._results_status = results_status
        self.broker = EndpointStatus("broker", profile.masked_broker)
        self.backend = EndpointStatus("backend", profile.masked_backend)
        self.workers: dict[str, WorkerRecord] = {}
        self.registered: list[RegisteredTask] = []
        self.app_tasks: dict[str, TaskInfo] = {}
        self.catalog: list[TaskInfo] = []
        self.worker_accept: dict[str, frozenset[str]] = {}
        self.refreshes = 0
        self.last_refresh: float | None = None
        self.registered_loaded = False
        self._refresh_lock = asyncio.Lock()

    @property
    def stream_status(self) -> StreamStatus:
        """The broker's event stream: live, reconnecting, or off."""
        return self._stream_status()

    @property
    def results_status(self) -> PollerStatus:
        """The backend as the result poller finds it: polling, reconnecting, or not readable."""
        return self._results_status()

    @property
    def refreshing(self) -> bool:
        return self._refresh_lock.locked()

    async def refresh(self) -> None:
        """Broker and backend reachability, then workers, then what they registered."""
        if self._refresh_lock.locked():
            return
        async with self._refresh_lock:
            if self.refreshes == 0:
                self.broker = replace(self.broker, reachability=Reachability.CHECKING, message="checking…")
                self.backend = replace(self.backend, reachability=Reachability.CHECKING, message="checking…")
                self.notify(CONNECTION)
            self.broker, self.backend = await asyncio.gather(self.client.check_broker(), self.client.check_backend())
            self.notify(CONNECTION)
            if self.broker.ok:
                await self._refresh_workers()
            else:
                self._mark_all_offline()
            self.refreshes += 1
            self.last_refresh = time.time()
            self.notify(CONNECTION)

    def refresh_delay(self) -> float:
        """Look again soon while no worker answers (one may be starting), else at the set interval."""
        return self.profile.refresh_interval if self.online_workers else min(1.0, self.profile.refresh_interval)

    async def _refresh_workers(self) -> None:
        reply = await self.client.ping_workers()
        if not reply.ok:
            self.report_error(translate("endpoints", "worker ping failed: {error}").format(error=reply.error))
            return
        answered = {w.hostname: w for w in reply.value}
        for hostname, worker in list(self.workers.items()):
            if hostname not in answered:
                self.workers[hostname] = replace(worker, online=False, ping_ms=None)
        for hostname, worker in answered.items():
            previous = self.workers.get(hostname)
            if previous is None or not previous.online:
                log.info("worker %s online", hostname)
            count = previous.registered_count if previous else None
            self.workers[hostname] = replace(worker, registered_count=count)
        self.notify(WORKERS)
        if answered:
            await self._refresh_registered(answered)
        else:
            self.registered_loaded = True
            self.rebuild_catalog()

    async def _refresh_registered(self, online: Iterable[str]) -> None:
        reply: Reply[dict[str, list[str]]] = await self.client.registered(online)
        if not reply.ok:
            self.report_error(translate("endpoints", "registered tasks: {error}").format(error=reply.error))
            return
        for hostname, entries in reply.value.items():
            if hostname in self.workers and isinstance(entries, list):
                self.workers[hostname] = replace(self.workers[hostname], registered_count=len(entries))
        self.registered = merge_registered(reply.value)
        self.registered_loaded = True
        self.rebuild_catalog()
        self.notify(WORKERS)
        unknown = [h for h in reply.value if h not in self.worker_accept]
        if unknown:
            await self._refresh_accept_content(unknown)

    async def _refresh_accept_content(self, hostnames: list[str]) -> None:
        reply = await self.client.worker_conf(hostnames)
        if not reply.ok:
            return  # optional knowledge: without it the serializer check is skipped
        for hostname, conf in reply.value.items():
            accept = conf.get("accept_content") if isinstance(conf, dict) else None
            if isinstance(accept, list):
                self.worker_accept[hostname] = frozenset(str(a) for a in accept)

    @property
    def accepted_content(self) -> frozenset[str] | None:
        """What every online worker accepts, or None when not known for all of them."""
        sets = [self.worker_accept.get(w.hostname) for w in self.online_workers]
        if not sets or any(s is None for s in sets):
            return None
        return frozenset.intersection(*sets)

    def call_context(self) -> CallContext:
        """What validating a call needs to know about this connection right now."""
        scheme = (self.profile.broker_url or "").split("://", 1)[0].split("+")[-1] or "redis"
        return CallContext(allow_pickle=self.profile.allow_pickle, broker_scheme=scheme, accepted_content=self.accepted_content)

    def set_app_tasks(self, infos: dict[str, TaskInfo]) -> None:
        """The tasks of the user's own app (-A), joined with what the workers report."""
        self.app_tasks = dict(infos)
        self.rebuild_catalog()

    def rebuild_catalog(self) -> None:
        """The catalog again from ``registered`` (on the workers online now) and the app's tasks."""
        online = {w.hostname for w in self.online_workers}
        reported = [replace(r, workers=tuple(h for h in r.workers if h in online)) for r in self.registered]
        self.catalog = merge_catalog([r for r in reported if r.workers], self.app_tasks)
        self.notify(CATALOG)

    def task_info(self, name: str) -> TaskInfo | None:
        return next((t for t in self.catalog if t.name == name), None)

    def _mark_all_offline(self) -> None:
        if any(w.online for w in self.workers.values()):
            self.workers = {h: replace(w, online=False, ping_ms=None) for h, w in self.workers.items()}
            self.rebuild_catalog()
            self.notify(WORKERS)

    @property
    def online_workers(self) -> list[WorkerRecord]:
        return [w for w in self.workers.values() if w.online]

    @property
    def settled(self) -> bool:
        """The first full picture is in: endpoints checked, and workers with their tasks if any answer."""
        if self.refreshes == 0:
            return False
        if not self.broker.ok:
            return True
        return bool(self.online_workers) and self.registered_loaded
