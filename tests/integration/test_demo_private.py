"""The embedded demo keeps to itself: its worker never imports code from the directory the console was started in."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desktop.core.runtime.demo import DemoCluster, wait_for_workers

pytestmark = pytest.mark.integration


def test_the_demo_worker_does_not_import_from_the_current_directory(tmp_path, monkeypatch):
    poisoned = tmp_path / "desktop"
    poisoned.mkdir()
    (poisoned / "__init__.py").write_text("raise SystemExit('imported from the current directory')\n")
    (poisoned / "tasks.py").write_text("raise SystemExit('imported from the current directory')\n")
    monkeypatch.chdir(tmp_path)
    demo = DemoCluster()
    demo.start()
    try:
        wait_for_workers(demo.broker_url, 1, timeout=60, procs=[demo.worker])
        assert Path(os.readlink(f"/proc/{demo.worker.proc.pid}/cwd")) == demo.redis.workdir
    finally:
        demo.stop()


def listening_tcp_ports(pid: int) -> set[int]:
    """TCP ports a process listens on (Linux /proc: its socket inodes against /proc/net/tcp{,6})."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def test_the_demo_redis_listens_only_on_a_private_unix_socket_and_everything_works_over_it():
    import asyncio

    import redis
    from kombu import Connection

    from desktop.core.cluster.celery_app import build_console_app
    from desktop.core.cluster.key_tracking import ChangedKeyReader
    from desktop.core.live.poller import async_redis_for

    demo = DemoCluster()
    demo.start()
    try:
        sock = demo.redis.socket_path
        assert sock is not None and sock.parent == demo.redis.workdir
        assert stat.S_ISSOCK(sock.stat().st_mode) and stat.S_IMODE(sock.stat().st_mode) == 0o600
        assert stat.S_IMODE(demo.redis.workdir.stat().st_mode) == 0o700
        assert listening_tcp_ports(demo.redis.proc.pid) == set()  # no TCP port at all
        profile = demo.profile()
        assert profile.broker_url.startswith("redis+socket://") and profile.backend_url.startswith("redis+socket://")
        assert demo.redis.password not in profile.masked_broker + profile.masked_backend

        # a client without the password is refused even on the socket
        with pytest.raises(redis.AuthenticationError):
            redis.Redis(unix_socket_path=str(sock)).ping()

        # the worker (kombu redis+socket:// broker, Celery redis+socket:// backend)
        wait_for_workers(demo.broker_url, 1, timeout=60, procs=[demo.worker])
        app = build_console_app(profile)
        try:
            result = app.send_task("tasks.add", args=(2, 2))
            assert result.get(timeout=30) == 4
            # kombu on its own
            with Connection(demo.broker_url) as conn:
                conn.ensure_connection(max_retries=1)
                assert conn.default_channel.client.ping()
            # the console's sync and asyncio clients, from the backend's own settings
            backend = app.backend
            assert backend.client.ping()
            key = backend.get_key_for_task(result.id)
            reader = ChangedKeyReader(backend.connparams)
            assert reader.read([key]).values[key] is not None

            async def read_async():
                client = async_redis_for(backend)
                try:
                    return await client.get(key)
                finally:
                    await client.aclose()

            assert b'"result": 4' in asyncio.run(read_async())
        finally:
            app.close()
    finally:
        demo.stop()
    assert not sock.exists()
