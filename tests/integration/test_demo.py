"""The embedded demo: private Redis with a password, a real worker, nothing left behind."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
import redis

import desktop.core.runtime.demo as demo_module
from desktop.core.runtime.demo import DemoCluster, process_group_alive, wait_for_workers

pytestmark = pytest.mark.integration


def test_demo_starts_redis_and_worker_and_stop_leaves_nothing():
    demo = DemoCluster()
    demo.start()
    try:
        names = wait_for_workers(demo.broker_url, 1, timeout=60, procs=[demo.worker])
        assert names == [n for n in names if n.startswith("demo@")]
        redis_pid, worker_group = demo.redis.proc.pid, demo.worker.proc.pid
        assert len(demo.worker.pids) >= 3  # worker main + 2 prefork children
        workdir, sock = demo.redis.workdir, str(demo.redis.socket_path)
        with pytest.raises(redis.AuthenticationError):
            redis.Redis(unix_socket_path=sock).ping()
        assert redis.Redis(unix_socket_path=sock, password=demo.redis.password).ping()
        command_line = Path(f"/proc/{redis_pid}/cmdline").read_bytes().decode()
        assert demo.redis.password not in command_line
        assert "password" not in repr(demo.redis) and demo.redis.password not in repr(demo.profile())
    finally:
        demo.stop()
    assert process_group_alive(worker_group) == []
    assert process_group_alive(redis_pid) == []
    assert not os.path.exists(f"/proc/{redis_pid}") or "Z" in Path(f"/proc/{redis_pid}/stat").read_text().rsplit(")", 1)[-1][:3]
    assert not workdir.exists()


def test_redis_starts_on_another_port_when_the_free_one_was_taken_before_it_bound(monkeypatch):
    """free_port() lets its port go before the server binds it: another program may take it in between."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        ports = [taken.getsockname()[1]]  # the first port handed out is already someone else's
        any_free = demo_module.free_port
        monkeypatch.setattr(demo_module, "free_port", lambda: ports.pop() if ports else any_free())
        server = demo_module.RedisServer()
        try:
            server.start()
            assert server.port != taken.getsockname()[1]
            assert redis.Redis(host="127.0.0.1", port=server.port, password=server.password).ping()
        finally:
            server.stop()


def test_demo_profile_points_at_db_10_and_11_and_masks_the_password():
    demo = DemoCluster()
    demo.redis.workdir = Path("/run/demo")
    profile = demo.profile()
    assert profile.broker_url.endswith("@/run/demo/redis.sock?virtual_host=10")
    assert profile.backend_url.endswith("@/run/demo/redis.sock?virtual_host=11")
    assert profile.masked_broker == "redis+socket://:***@/run/demo/redis.sock?virtual_host=10"
