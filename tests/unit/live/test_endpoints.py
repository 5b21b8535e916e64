"""Endpoints, the connection part of a session, over a stand-in client (no server): what a refresh finds and keeps."""

from __future__ import annotations

import asyncio

from desktop.core.cluster.client import Reply
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.catalog import TaskInfo
from desktop.core.domain.records import EndpointStatus, Reachability, WorkerRecord
from desktop.core.live.changes import CATALOG, CONNECTION, WORKERS
from desktop.core.live.endpoints import Endpoints

PROFILE = ConnectionProfile(broker_url="redis://:pw@broker:6379/0", backend_url="redis://:pw@broker:6379/1", refresh_interval=5.0)


class StandInClient:
    """Answers as a cluster would: ``answering`` workers, each with its registered tasks and accept_content."""

    def __init__(self, broker_ok: bool = True):
        self.broker_ok = broker_ok
        self.answering: dict[str, list[str]] = {}
        self.accept: dict[str, list[str]] = {}
        self.conf_asked: list[list[str]] = []
        self.gate: asyncio.Event | None = None

    async def check_broker(self) -> EndpointStatus:
        if self.gate is not None:
            await self.gate.wait()
        reachability = Reachability.OK if self.broker_ok else Reachability.FAILED
        return EndpointStatus("broker", "redis://broker:6379/0", reachability, "" if self.broker_ok else "refused")

    async def check_backend(self) -> EndpointStatus:
        return EndpointStatus("backend", "redis://broker:6379/1", Reachability.OK)

    async def ping_workers(self) -> Reply[list[WorkerRecord]]:
        return Reply(value=[WorkerRecord(h, online=True, ping_ms=1.0) for h in self.answering])

    async def registered(self, online) -> Reply[dict[str, list[str]]]:
        return Reply(value={h: self.answering[h] for h in online})

    async def worker_conf(self, hostnames: list[str]) -> Reply[dict]:
        self.conf_asked.append(list(hostnames))
        return Reply(value={h: {"accept_content": self.accept[h]} for h in hostnames if h in self.accept})


def endpoints(client: StandInClient) -> tuple[Endpoints, list[set[str]], list[str]]:
    told: list[set[str]] = []
    errors: list[str] = []
    part = Endpoints(client, PROFILE, errors.append, lambda *parts: told.append(set(parts)), lambda: "stream", lambda: "results")
    return part, told, errors


def test_a_refresh_checks_both_ends_then_the_workers_then_their_tasks():
    client = StandInClient()
    client.answering = {"w1@a": ["tasks.add", "tasks.mul"], "w2@b": ["tasks.add"]}
    client.accept = {"w1@a": ["json", "pickle"], "w2@b": ["json"]}
    part, told, errors = endpoints(client)
    assert not part.settled and part.broker.reachability is Reachability.UNKNOWN
    asyncio.run(part.refresh())
    assert part.broker.ok and part.backend.ok and part.refreshes == 1 and part.last_refresh is not None
    assert [w.hostname for w in part.online_workers] == ["w1@a", "w2@b"]
    assert {h: w.registered_count for h, w in part.workers.items()} == {"w1@a": 2, "w2@b": 1}
    assert [t.name for t in part.catalog] == ["tasks.add", "tasks.mul"]
    assert part.task_info("tasks.mul").workers == ("w1@a",) and part.task_info("tasks.nope") is None
    assert part.accepted_content == frozenset({"json"})  # what every online worker accepts
    assert part.settled and errors == []
    assert told[0] == {CONNECTION} and {WORKERS} in told and {CATALOG} in told and told[-1] == {CONNECTION}
    asyncio.run(part.refresh())
    assert client.conf_asked == [["w1@a", "w2@b"]]  # a worker's accept_content is asked for once


def test_a_worker_that_stops_answering_is_offline_and_leaves_the_catalog():
    client = StandInClient()
    client.answering = {"w1@a": ["tasks.add"], "w2@b": ["tasks.only_here"]}
    part, _, _ = endpoints(client)
    asyncio.run(part.refresh())
    del client.answering["w2@b"]
    asyncio.run(part.refresh())
    assert part.workers["w2@b"].online is False and part.workers["w2@b"].ping_ms is None
    assert [t.name for t in part.catalog] == ["tasks.add"]
    assert part.accepted_content is None  # not known for every online worker


def test_a_broker_that_does_not_answer_takes_every_worker_offline():
    client = StandInClient()
    client.answering = {"w1@a": ["tasks.add"]}
    part, _, _ = endpoints(client)
    asyncio.run(part.refresh())
    client.broker_ok = False
    asyncio.run(part.refresh())
    assert part.broker.message == "refused" and part.online_workers == [] and part.catalog == []
    assert part.settled  # nothing more to wait for
    assert part.refresh_delay() == 1.0  # no worker answers: look again soon
    client.broker_ok = True
    asyncio.run(part.refresh())
    assert part.refresh_delay() == PROFILE.refresh_interval


def test_the_app_tasks_join_the_catalog_without_any_worker():
    part, told, _ = endpoints(StandInClient())
    part.set_app_tasks({"proj.tasks.report": TaskInfo(name="proj.tasks.report")})
    assert [t.name for t in part.catalog] == ["proj.tasks.report"] and told == [{CATALOG}]


def test_a_second_refresh_while_one_runs_returns_at_once():
    client = StandInClient()
    part, _, _ = endpoints(client)

    async def scenario():
        client.gate = asyncio.Event()
        first = asyncio.ensure_future(part.refresh())
        await asyncio.sleep(0)
        assert part.refreshing and part.broker.reachability is Reachability.CHECKING
        await part.refresh()  # does not wait for the first
        assert part.refreshes == 0
        client.gate.set()
        await first
        assert not part.refreshing and part.refreshes == 1

    asyncio.run(scenario())


def test_the_call_context_and_the_statuses_it_reads_through():
    part, _, _ = endpoints(StandInClient())
    context = part.call_context()
    assert context.broker_scheme == "redis" and context.allow_pickle is PROFILE.allow_pickle
    assert (part.stream_status, part.results_status) == ("stream", "results")
