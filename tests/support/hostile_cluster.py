"""A hostile cluster on real servers, for a console to be opened on: every channel carries what an attacker could put there.

``build`` fills, on the session's shared redis-server (databases "hostile_cluster" in
tests/support/redis_dbs.py) and in a real SQLite file for Celery's database backend:

- stored results: pickles that create a file in ``evil`` when unpickled, Celery's compressed form
  of a gigabyte of zeros (zlib, bzip2), a FAILURE naming an exception class that creates a file
  when it is built (``Tripwire``) or a module nobody has (``evil_module_xyz``), HTML and bidi text
  (``<img src='/dev/zero'>``, U+202E, 20,000 characters) in names, workers, queues, messages and
  tracebacks, and garbage (truncated JSON, not UTF-8, nested 5,000 deep, NaN, 10**4000, 1 MB; in
  SQLite also an integer and a text where the result's bytes belong, and a pickled kwargs column);
- the broker: list keys named like that holding task messages (one pickled each), declared in
  kombu's binding table so the console lists them, and an unacked hash pointing at them;

and starts a fake worker *process* (``python -m tests.support.hostile_cluster``; ``HostileCluster.worker.stop``
ends it): a ``RogueWorker`` under each hostile host name answers every ping and inspect with the
same kinds of text, a pickled reply and a compressed bomb among them, while the process publishes
hostile events on the real event exchange (heartbeats, task events with such names and exceptions,
pickled and compressed-bomb events, garbage) twice a second.

If a file appears in ``evil``, code from the cluster ran in the console. The RabbitMQ management
API (a redirect to another host, where credentials go) has its own test,
tests/integration/test_management_http.py: a RabbitMQ node is not cheap enough to start for this.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.hostile import Evil, evil_pickle

IMG = "<img src='/dev/zero'>"  # as rich text, Qt reads the file to size the image: /dev/zero never ends
RLO = "\u202e"
SPOOF = f"report{RLO}fdp.exe"  # drawn as "reportexe.pdf"
LONG = "L" * 20_000

HOSTS = (f"{IMG}@evil", f"rogue{RLO}gnp.exe@host", f"long-{'h' * 20_000}@host")  # each answers as a worker
EVENT_ONLY_HOSTS = ("<b>bold</b>@events", f"{RLO}@{IMG}")  # heard of only through events
TASK_NAMES = ("<b>x</b>", IMG, SPOOF, "evil_module_xyz.run", "os.system", f"tasks.{LONG}", f"tasks.{RLO}{IMG}")
QUEUES = (f"{IMG}<a href='https://example.invalid'>jobs</a>", f"q{RLO}eueuq", f"queue-{'Q' * 20_000}")
MESSAGE = f"{IMG} card declined for {SPOOF}"
TRACEBACK = f'Traceback (most recent call last):\n  File "{SPOOF}.py", line 1, in run\nValueError: {MESSAGE}'
EVIL_NAMES = ("evil_module_xyz", "os.system")  # modules a payload names: never imported
SEP = "\x06\x16"  # kombu's separator in its Redis binding table
TICK = 0.5  # seconds between two batches of the fake worker's events
BOMB_EVERY = 20  # batches (about 10 s) between two compressed bomb events (a bomb reply: every third ping)


class Tripwire(Exception):
    """Building one creates the file its argument names: Celery rebuilds a stored exception from the names a row gives."""

    def __init__(self, path: str = ""):
        if path:
            Path(path).touch()
        super().__init__(path)


# -- stored results --------------------------------------------------------------------------------


def failure(exc_type: str, message: str, module: str = "builtins", **more) -> dict:
    return {"status": "FAILURE", "result": {"exc_type": exc_type, "exc_message": [message], "exc_module": module}, **more}


def nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


def stored_values(evil: Path) -> dict[str, bytes | dict]:
    """Task id -> what the backend holds for it: raw bytes, or a meta to store as JSON. The same for Redis and SQLite."""
    from tests.support.bombs import GIGABYTE, stored_bomb

    hostile = {"name": TASK_NAMES[0], "worker": HOSTS[0], "queue": QUEUES[0], "args": [IMG, SPOOF], "kwargs": {IMG: RLO}}
    return {
        "pickle": evil_pickle(evil / "unpickled-result"),
        "pickle-2": evil_pickle(evil / "unpickled-result", protocol=2),
        "bomb-zlib": stored_bomb("zlib", GIGABYTE // 2),
        "bomb-bzip2": stored_bomb("bzip2", GIGABYTE),
        "tripwire": failure(Tripwire.__qualname__, str(evil / "exception-built"), __name__, traceback=TRACEBACK),
        "evil-module": failure("EvilError", "os.system('touch x')", "evil_module_xyz", name="evil_module_xyz.run"),
        "html-failure": failure(f"Evil{IMG}Error", MESSAGE, traceback=TRACEBACK, date_done="2026-05-01T12:00:00", **hostile),
        "long-failure": failure(
            "ValueError", "m" * 20_000, traceback=f"Traceback (most recent call last):\nValueError: {'m' * 20_000}"
        ),
        "spoofed-success": {"status": "SUCCESS", "result": f"{RLO}ok {IMG}", "name": SPOOF, "worker": HOSTS[1]},
        "long-success": {"status": "SUCCESS", "result": LONG, "name": TASK_NAMES[5], "worker": HOSTS[2]},
        "html-state": {"status": IMG, "result": {"current": IMG, "total": RLO}},
        "progress": {"status": "PROGRESS", "result": {"current": 3, "total": 0, "percent": float("inf")}},
        "garbage-truncated": b'{"status": "SUCCESS", "result": "',
        "garbage-bytes": b"\xff\xfe\x00" + bytes(range(256)),
        "garbage-deep": ('{"status": "SUCCESS", "result": ' + nested(5000) + "}").encode(),
        "garbage-nan": b'{"status": "SUCCESS", "result": NaN, "date_done": Infinity, "retries": 1e400}',
        "garbage-surrogate": b'{"status": "FAILURE", "result": {"exc_type": "\\ud800", "exc_message": ["\\udfff"]}}',
        "garbage-bigint": ('{"status": "SUCCESS", "result": ' + "9" * 4000 + "}").encode(),
        "garbage-big": b'{"status": "SUCCESS", "result": "' + b"x" * 1_000_001 + b'"}',
        "garbage-list": b'["not", "a", "meta"]',
        "garbage-types": json.dumps(
            {"status": ["SUCCESS"], "children": [IMG, [[None]]], "date_done": IMG, "retries": "x", "task_id": LONG}
        ).encode(),
    }


def raw_value(value: bytes | dict) -> bytes:
    return value if isinstance(value, bytes) else json.dumps(value).encode()


def write_redis_backend(client, ids: dict[str, str], values: dict[str, bytes | dict]) -> None:
    """Each value under Celery's key for its task (``celery-task-meta-<id>``), as bytes a worker could have written."""
    from celery import Celery

    for name, value in values.items():
        client.set(f"celery-task-meta-{ids[name]}", raw_value(value))
    writer = Celery("hostile-writer", set_as_current=False)  # a worker's real compressed result, read as such
    writer.conf.update(result_backend=redis_url_of(client), result_compression="zlib", result_extended=True)
    writer.backend.store_result(ids["compressed"], {"html": IMG, "bidi": SPOOF}, "SUCCESS")


def redis_url_of(client) -> str:
    kwargs = client.connection_pool.connection_kwargs
    return f"redis://:{kwargs['password']}@{kwargs['host']}:{kwargs['port']}/{kwargs['db']}"


def write_sqlite_backend(path: Path, ids: dict[str, str], values: dict[str, bytes | dict], evil: Path) -> str:
    """Celery's table (made by a worker's Celery, extended columns too), then every value written as a row directly."""
    from celery import Celery

    url = f"db+sqlite:///{path}"
    writer = Celery("hostile-writer", backend=url, set_as_current=False)
    writer.conf.result_extended = True
    writer.backend.store_result(ids["compressed"], {"html": IMG, "bidi": SPOOF}, "SUCCESS")
    with sqlite3.connect(path) as db:
        for name, value in values.items():
            meta = value if isinstance(value, dict) else {}
            result = raw_value(meta.get("result")) if meta else value
            columns = {
                "task_id": ids[name],
                "status": meta.get("status", "SUCCESS") if isinstance(meta.get("status", ""), str) else IMG,
                "result": result,
                "date_done": meta.get("date_done", "2026-05-01 12:00:00.000000"),
                "traceback": meta.get("traceback"),
                "name": meta.get("name", TASK_NAMES[(len(name) % len(TASK_NAMES))]),
                "worker": meta.get("worker", HOSTS[len(name) % len(HOSTS)]),
                "queue": meta.get("queue", QUEUES[len(name) % len(QUEUES)]),
                "args": json.dumps(meta.get("args", [IMG])).encode(),
                "kwargs": evil_pickle(evil / "unpickled-kwargs"),  # a pickled column beside the result
            }
            db.execute(
                f"INSERT INTO celery_taskmeta ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                tuple(columns.values()),
            )
        garbage = {"garbage-integer": 12345, "garbage-text": f"{IMG} not bytes"}  # SQLite keeps any type in any column
        for name, result in garbage.items():
            db.execute(
                "INSERT INTO celery_taskmeta (task_id, status, result, date_done, retries) VALUES (?, ?, ?, ?, ?)",
                (ids[name], "SUCCESS", result, "the day after tomorrow", "many"),
            )
    return url


# -- the broker ------------------------------------------------------------------------------------


def envelope(body: bytes, content_type: str, task: str, task_id: str, queue: str) -> str:
    """A task message as kombu keeps it in a Redis list."""
    return json.dumps(
        {
            "body": base64.b64encode(body).decode(),
            "content-type": content_type,
            "content-encoding": "binary" if content_type == "application/x-python-serialize" else "utf-8",
            "headers": {"lang": "py", "task": task, "id": task_id, "argsrepr": f"('{IMG}',)", "kwargsrepr": SPOOF},
            "properties": {
                "body_encoding": "base64",
                "delivery_tag": task_id,
                "delivery_info": {"exchange": "", "routing_key": queue},
                "priority": 0,
            },
        }
    )


def write_broker(client, evil: Path) -> None:
    """Queues named like HTML, with a bidi override, or 20,000 characters long: messages in them, declared, some unacked."""
    for i, queue in enumerate((*QUEUES, "celery")):
        task = TASK_NAMES[i % len(TASK_NAMES)]
        for j in range(3):
            body = json.dumps([[IMG, SPOOF], {"x": LONG}, {}]).encode()
            client.lpush(queue, envelope(body, "application/json", task, f"queued-{i}-{j}", queue))
        client.lpush(
            queue,
            envelope(evil_pickle(evil / "unpickled-message"), "application/x-python-serialize", task, f"pickled-{i}", queue),
        )
        client.sadd("_kombu.binding.celery", f"{queue}{SEP}{SEP}{queue}")
        client.hset(
            "unacked",
            f"unacked-{i}",
            json.dumps([json.loads(envelope(b"{}", "application/json", task, f"u-{i}", queue)), "", queue]),
        )
    client.hset("unacked", "garbage", b"\xff not json")
    client.hset("unacked", "list", json.dumps(["x"]))


# -- the fake worker process -----------------------------------------------------------------------


def control_answer(hostname: str, evil: Path, bomb: bytes, pings: list[int]):
    """What the worker ``hostname`` replies to each broadcast: hostile values, and now and then a pickle and a bomb first."""

    def answer(method: str, arguments: dict) -> list:
        task = {"id": f"active-{uuid.uuid4()}", "name": TASK_NAMES[1], "args": [IMG], "kwargs": {SPOOF: LONG},
                "hostname": hostname, "time_start": time.time(), "worker_pid": IMG,
                "delivery_info": {"routing_key": QUEUES[0], "exchange": IMG}}  # fmt: skip
        value = {
            "ping": {"ok": "pong"},
            "registered": [f"{name} [rate_limit={IMG}]" for name in TASK_NAMES] + [12, None, {"a": IMG}],
            "active_queues": [{"name": q, "exchange": {"name": q, "type": "direct"}, "routing_key": q} for q in QUEUES],
            "active": [task, "not a task", None],
            "reserved": [task],
            "scheduled": [{"eta": "2030-01-01T00:00:00", "priority": IMG, "request": {**task, "type": "os.system"}}],
            "revoked": [IMG, SPOOF, LONG],
            "stats": {"pool": {"implementation": "evil_module_xyz:TaskPool", "max-concurrency": IMG, "processes": [IMG]},
                      "prefetch_count": "os.system", "broker": {"hostname": IMG}, "total": {IMG: 10**30}},
            "conf": {"accept_content": ["pickle"], "imports": ["evil_module_xyz"], "worker_send_task_events": IMG,
                     "task_routes": "evil_module_xyz.Router", "broker_transport_options": {"global_keyprefix": IMG}},
        }.get(method, {"error": f"{IMG} {SPOOF}"})  # fmt: skip
        replies = [({hostname: value}, {"serializer": "json"}), ([IMG, "not a reply"], {"serializer": "json"})]
        if method == "ping":
            pings[0] += 1
            if pings[0] % 3 == 1:  # first, so a reply no one may decode comes before the readable one
                replies.insert(0, ({hostname: Evil(evil / "unpickled-reply")}, {"serializer": "pickle"}))
                if hostname == HOSTS[0]:
                    compressed = {"content_type": "application/json", "content_encoding": "binary"}
                    replies.insert(0, (bomb, {**compressed, "headers": {"compression": "application/x-gzip"}}))
        return replies

    return answer


def event_batch(k: int, evil: Path, bomb: bytes, tracked: list[str]) -> list[dict[str, Any]]:
    """The k-th batch of events (``publish_events`` messages)."""
    now = time.time()
    hosts = (*HOSTS, *EVENT_ONLY_HOSTS)
    events: list[dict[str, Any]] = [
        {"type": "worker-heartbeat", "hostname": host, "timestamp": now, "freq": 2.0, "sw_ident": IMG, "sw_ver": SPOOF,
         "sw_sys": LONG, "active": 1, "processed": k, "loadavg": [0.5, 0.25, 0.125]}
        for host in hosts
    ]  # fmt: skip
    for j in range(4):
        task_id, host, name = (
            f"ev-{k}-{j}-{uuid.uuid4().hex[:8]}",
            hosts[(k + j) % len(hosts)],
            TASK_NAMES[(k + j) % len(TASK_NAMES)],
        )
        common = {"uuid": task_id, "hostname": host}
        events.append({"type": "task-received", "timestamp": now, "name": name, "args": f"('{IMG}', '{SPOOF}')",
                       "kwargs": f"{{'x': '{LONG if j == 3 else RLO}'}}", "queue": QUEUES[j % len(QUEUES)],
                       "routing_key": QUEUES[j % len(QUEUES)], "retries": 0, **common})  # fmt: skip
        events.append({"type": "task-started", "timestamp": now, **common})
        if j % 2:
            message = "m" * 20_000 if k % 5 == 0 and j == 1 else MESSAGE
            events.append({"type": "task-failed", "timestamp": now + 0.1, "exception": f"ValueError({message!r})",
                           "traceback": TRACEBACK, **common})  # fmt: skip
        else:
            events.append(
                {"type": "task-succeeded", "timestamp": now + 0.1, "result": f"'{RLO}ok {IMG}'", "runtime": 0.1, **common}
            )
    if k % 4 == 0 and tracked:
        task_id = tracked[k // 4 % len(tracked)]
        events.append({"type": "task-started", "uuid": task_id, "hostname": hosts[k % len(hosts)], "timestamp": now})
    messages: list[dict[str, Any]] = [{"body": event, "serializer": "json"} for event in events]
    if k % 4 == 1:
        messages.append({"body": Evil(evil / "unpickled-event"), "serializer": "pickle"})
        messages.append({"body": [Evil(evil / "unpickled-event")], "serializer": "pickle"})
        for garbage in (
            ["not", "an", "event"],
            IMG,
            {"type": IMG, "uuid": LONG, "hostname": 12, "timestamp": "now"},
            {"type": "task-evil_module_xyz", "uuid": "x", "hostname": HOSTS[0], "timestamp": now},
            {"type": "worker-heartbeat", "hostname": {"a": IMG}, "timestamp": now},
            {"type": "worker-heartbeat", "hostname": HOSTS[0], "timestamp": now, "loadavg": [IMG, 1e400]},
        ):
            messages.append({"body": garbage, "serializer": "json"})
    if k % BOMB_EVERY == 3:
        messages.append(
            {"body": bomb, "content_type": "application/json", "content_encoding": "binary",
             "headers": {"compression": "application/x-gzip"}}
        )  # fmt: skip
    return messages


def _run_worker(broker_url: str, evil: Path, tracked: list[str], status_path: Path) -> None:
    """The fake worker process: one RogueWorker per hostile host name, and the event stream, until SIGTERM."""
    from kombu import Connection, Producer

    from tests.support.bombs import zlib_bomb
    from tests.support.hostile import EVENT_EXCHANGE, RogueWorker

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    bomb = zlib_bomb()  # a gigabyte of zeros in about a megabyte
    rogues = [RogueWorker(broker_url, host, control_answer(host, evil, bomb, [0])) for host in HOSTS]
    status = {"batches": 0, "messages": 0, "errors": []}
    for rogue in rogues:
        rogue.__enter__()
    status_path.write_text(json.dumps({**status, "ready": True}))
    try:
        with Connection(broker_url) as conn:
            producer = Producer(conn.default_channel, exchange=EVENT_EXCHANGE)
            k = 0
            while not stop.is_set():
                for message in event_batch(k, evil, bomb, tracked):
                    producer.publish(routing_key="worker.heartbeat", declare=[EVENT_EXCHANGE], **message)
                    status["messages"] += 1
                k += 1
                status["batches"] = k
                stop.wait(TICK)
    except BaseException as exc:  # noqa: BLE001 - reported to the test through the status file
        status["errors"].append(repr(exc))
    finally:
        for rogue in rogues:
            rogue.__exit__(None, None, None)
        status["requests"] = {rogue.hostname[:40]: len(rogue.requests) for rogue in rogues}
        status["errors"] += [repr(rogue.error) for rogue in rogues if rogue.error is not None]
        status_path.write_text(json.dumps(status))


@dataclass
class HostileWorker:
    """``python -m tests.support.hostile_cluster``, its broker URL in the environment (never on a command line)."""

    broker_url: str
    evil: Path
    tracked: list[str]
    folder: Path
    proc: subprocess.Popen | None = None

    @property
    def status_path(self) -> Path:
        return self.folder / "hostile-worker.json"

    def status(self) -> dict:
        try:
            return json.loads(self.status_path.read_text())
        except (OSError, ValueError):
            return {}

    def start(self, timeout: float = 60.0) -> None:
        env = {**os.environ, "HOSTILE_BROKER_URL": self.broker_url}
        env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        )
        log = (self.folder / "hostile-worker.log").open("wb")
        command = [sys.executable, "-m", "tests.support.hostile_cluster", str(self.evil), str(self.status_path), *self.tracked]
        self.proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while not self.status().get("ready"):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    f"the hostile worker did not start: {(self.folder / 'hostile-worker.log').read_text()[-2000:]}"
                )
            time.sleep(0.1)

    def stop(self) -> dict:
        """Stop it; what it did (batches, messages published, requests each host answered, errors)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        return self.status()


# -- the whole cluster -----------------------------------------------------------------------------


@dataclass
class HostileCluster:
    broker_url: str
    backend_url: str  # Redis
    sqlite_url: str  # Celery's database backend on a SQLite file
    evil: Path  # a payload that ran leaves a file here
    redis_ids: dict[str, str]  # what each stored value is -> its task id, in the Redis backend
    sqlite_ids: dict[str, str]  # the same in the SQLite backend
    worker: HostileWorker

    def evidence(self) -> list[str]:
        """Files a payload created: empty while nothing from the cluster ran."""
        return sorted(p.name for p in self.evil.iterdir())


def build(redis_server, tmp_path: Path) -> HostileCluster:
    """Write everything, start the fake worker process; ``stop`` it afterwards (the fixture does)."""
    import redis

    from tests.support.redis_dbs import db

    evil = tmp_path / "evil"
    evil.mkdir()
    clients = {
        role: redis.Redis(
            host="127.0.0.1", port=redis_server.port, password=redis_server.password, db=db("hostile_cluster", role)
        )
        for role in ("broker", "backend")
    }
    values = stored_values(evil)
    redis_ids = {name: f"hr-{name}-{uuid.uuid4().hex[:8]}" for name in [*values, "compressed"]}
    sqlite_ids = {
        name: f"hs-{name}-{uuid.uuid4().hex[:8]}" for name in [*values, "compressed", "garbage-integer", "garbage-text"]
    }
    for client in clients.values():
        client.flushdb()
    write_redis_backend(clients["backend"], redis_ids, values)
    write_broker(clients["broker"], evil)
    sqlite_url = write_sqlite_backend(tmp_path / "results.db", sqlite_ids, values, evil)
    for client in clients.values():
        client.close()
    broker_url = redis_server.url(db("hostile_cluster", "broker"))
    tracked = [redis_ids["html-failure"], redis_ids["pickle"], sqlite_ids["html-failure"], sqlite_ids["bomb-bzip2"]]
    worker = HostileWorker(broker_url, evil, tracked, tmp_path)
    worker.start()
    return HostileCluster(
        broker_url, redis_server.url(db("hostile_cluster", "backend")), sqlite_url, evil, redis_ids, sqlite_ids, worker
    )


def flush(redis_server) -> None:
    import redis

    from tests.support.redis_dbs import db

    for role in ("broker", "backend"):
        client = redis.Redis(
            host="127.0.0.1", port=redis_server.port, password=redis_server.password, db=db("hostile_cluster", role)
        )
        client.flushdb()
        client.close()


if __name__ == "__main__":
    _run_worker(os.environ["HOSTILE_BROKER_URL"], Path(sys.argv[1]), sys.argv[3:], Path(sys.argv[2]))
