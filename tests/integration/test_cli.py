"""The command line as users and bug reports use it: real processes, real Redis, real workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from tests.support.processes import descendants, live, wait_until

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")


def run_app(*args: str, env: dict | None = None, cwd: Path | None = None, timeout: float = 90, command=None):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "CACHE_REDIS_"))}
    full_env.update(env or {})
    started = time.monotonic()
    proc = subprocess.run(
        [*(command or [sys.executable, "-m", "desktop"]), *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd or ROOT,
        timeout=timeout,
    )
    return proc, time.monotonic() - started


def password_of(url: str) -> str:
    return url.split("@")[0].rsplit(":", 1)[-1]


def test_a_screenshot_run_neither_reads_nor_writes_the_remembered_layout(tmp_path):
    """--screenshot gives the same picture on every machine: the demo's saved layout (a smaller window) is left alone."""
    from PySide6.QtGui import QImage

    config = tmp_path / "config"
    config.mkdir()
    arranged = subprocess.run(
        [sys.executable, "-m", "tests.support.layout_window", str(config), "demo", "arrange", '{"geometry": [10, 10, 929, 774]}'],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
    )
    assert arranged.returncode == 0, arranged.stderr
    saved = next((config / "layouts").iterdir())
    kept = saved.read_bytes()
    png = tmp_path / "shot.png"
    proc, _ = run_app("--demo", "--screenshot", str(png), "--quit-after", "30", env={"CELERY_DESKTOP_CONFIG_DIR": str(config)})
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1440, 900)
    assert saved.read_bytes() == kept  # not written over by a run nobody saw


def test_self_test_passes(tmp_path):
    proc, _ = run_app("--self-test", env={"HOME": str(tmp_path)})  # ends by itself; how soon: bench/startup.py
    assert proc.returncode == 0, proc.stderr
    assert "self-test passed: tasks.add(2, 2) = 4" in proc.stderr


def test_demo_screenshot_and_dump(tmp_path):
    from PySide6.QtGui import QImage

    png, dump = tmp_path / "shot.png", tmp_path / "dump.json"
    before = os.umask(0o022)
    try:
        proc, _ = run_app("--demo", "--screenshot", str(png), "--dump", str(dump), "--quit-after", "40")
    finally:
        os.umask(before)
    assert proc.returncode == 0, proc.stderr
    assert png.stat().st_mode & 0o777 == 0o600  # it shows the cluster's args and results, as the dump holds them
    assert dump.stat().st_mode & 0o777 == 0o600
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1440, 900)
    assert len({image.pixel(x, y) for x in range(0, 1440, 40) for y in range(0, 900, 40)}) > 3
    data = json.loads(dump.read_text())
    assert data["connection"]["broker"].startswith("redis+socket://:***@/")  # the demo's private unix socket
    assert data["connection"]["broker"].endswith("/redis.sock?virtual_host=10")
    assert data["connection"]["backend"].endswith("/redis.sock?virtual_host=11")
    assert data["broker"]["reachable"] is True and data["backend"]["reachable"] is True
    assert [w["online"] for w in data["workers"]] == [True]
    assert {"tasks.add", "sum-of-two-numbers", "tasks.tracked"} <= {t["name"] for t in data["registered_tasks"]}
    tracked = next(t for t in data["registered_tasks"] if t["name"] == "tasks.tracked")
    assert tracked["options"]["track_started"] == "True"
    assert set(data) >= {
        "celery_desktop",
        "connection",
        "broker",
        "backend",
        "workers",
        "registered_tasks",
        "tracked_tasks",
        "monitor",
        "errors",
    }
    assert set(data["monitor"]) >= {"events", "workers", "queues", "scheduled", "settings"}


def test_dump_against_a_worker_of_another_app_with_broker_and_backend_flags(inventory_worker, tmp_path):
    dump = tmp_path / "dump.json"
    proc, _ = run_app("--broker", inventory_worker.broker_url, "--backend", inventory_worker.backend_url, "--dump", str(dump))
    assert proc.returncode == 0, proc.stderr
    text = dump.read_text()
    data = json.loads(text)
    assert password_of(inventory_worker.broker_url) not in text + proc.stderr + proc.stdout
    assert data["connection"]["broker_source"] == "--broker"
    assert [w["hostname"] for w in data["workers"] if w["online"]] == [inventory_worker.hostname]
    assert [t["name"] for t in data["registered_tasks"]] == ["inventory.reserve", "inventory.restock"]
    assert data["registered_tasks"][1]["options"]["time_limit"] == "60"


def write_user_project(folder: Path, worker) -> str:
    module = f"userproj_{uuid.uuid4().hex[:6]}"
    (folder / f"{module}.py").write_text(
        textwrap.dedent(
            f"""
            from celery import Celery
            app = Celery("userproj")
            app.conf.broker_url = {worker.broker_url!r}
            app.conf.result_backend = {worker.backend_url!r}
            """
        )
    )
    return module


def test_dash_a_uses_the_users_app_configuration(inventory_worker, tmp_path):
    module = write_user_project(tmp_path, inventory_worker)
    dump = tmp_path / "dump.json"
    proc, _ = run_app("-A", module, "--dump", str(dump), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(dump.read_text())
    assert data["connection"]["app"] == module and data["connection"]["broker_source"] == f"app {module}"
    assert [t["name"] for t in data["registered_tasks"]] == ["inventory.reserve", "inventory.restock"]


def test_celery_desktop_subcommand(inventory_worker, tmp_path):
    module = write_user_project(tmp_path, inventory_worker)
    dump = tmp_path / "dump.json"
    proc, _ = run_app("-A", module, "desktop", "--dump", str(dump), cwd=tmp_path, command=[str(CELERY)])
    assert proc.returncode == 0, proc.stderr
    data = json.loads(dump.read_text())
    assert data["connection"]["app"] == module
    assert [w["hostname"] for w in data["workers"]] == [inventory_worker.hostname]


def test_cache_redis_variables_compose_db_10_and_11(demo_worker, redis_server, tmp_path):
    dump = tmp_path / "dump.json"
    env = {
        "CACHE_REDIS_HOST": "127.0.0.1",
        "CACHE_REDIS_PORT": str(redis_server.port),
        "CACHE_REDIS_PASSWORD": redis_server.password,
    }
    proc, _ = run_app("--dump", str(dump), env=env)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(dump.read_text())
    assert data["connection"]["broker"] == f"redis://:***@127.0.0.1:{redis_server.port}/10"
    assert data["connection"]["backend"] == f"redis://:***@127.0.0.1:{redis_server.port}/11"
    assert data["connection"]["broker_source"] == "CACHE_REDIS_*"
    assert demo_worker.hostname in [w["hostname"] for w in data["workers"]]
    assert redis_server.password not in dump.read_text()


def test_celery_broker_url_variable(inventory_worker, tmp_path):
    dump = tmp_path / "dump.json"
    env = {"CELERY_BROKER_URL": inventory_worker.broker_url, "CELERY_RESULT_BACKEND": inventory_worker.backend_url}
    proc, _ = run_app("--dump", str(dump), env=env)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(dump.read_text())
    assert data["connection"]["broker_source"] == "CELERY_BROKER_URL"
    assert [w["hostname"] for w in data["workers"]] == [inventory_worker.hostname]


def test_unreachable_broker_is_reported_not_raised(tmp_path):
    dump = tmp_path / "dump.json"
    proc, _ = run_app(  # it gives up on the broker and exits by itself; how soon: bench/startup.py
        "--broker", "redis://:Pa55word@127.0.0.1:1/10", "--backend", "redis://:Pa55word@127.0.0.1:1/11", "--dump", str(dump)
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(dump.read_text())
    assert data["broker"]["reachable"] is False and "unreachable" in data["broker"]["message"]
    assert data["workers"] == [] and data["registered_tasks"] == []
    assert "Traceback" not in proc.stderr
    assert "Pa55word" not in dump.read_text() + proc.stderr + proc.stdout


def test_what_a_run_leaves_on_disk_is_private(tmp_path):
    """The dump, the log, crash.log and the history: 0600, in 0700 folders, under a generous umask."""
    dump = tmp_path / "out" / "dump.json"
    data, logs, config = tmp_path / "data", tmp_path / "state" / "log", tmp_path / "config"
    env = {
        "CELERY_DESKTOP_DATA_DIR": str(data),
        "CELERY_DESKTOP_LOG_DIR": str(logs),
        "CELERY_DESKTOP_CONFIG_DIR": str(config),
        "PYTHONFAULTHANDLER": "",
    }
    before = os.umask(0o022)
    try:
        proc, _ = run_app(
            "--broker", "redis://127.0.0.1:1/10", "--backend", "redis://127.0.0.1:1/11", "--dump", str(dump), env=env
        )
    finally:
        os.umask(before)
    assert proc.returncode == 0, proc.stderr

    def mode(path: Path) -> int:
        return path.stat().st_mode & 0o777

    assert mode(dump) == 0o600 and mode(dump.parent) == 0o700
    assert mode(logs) == 0o700 and mode(logs / "celery-desktop.log") == 0o600 and mode(logs / "crash.log") == 0o600
    assert mode(data) == 0o700
    history = sorted(data.iterdir())
    assert [p.name for p in history][:1] == ["history.sqlite3"]
    assert {p.name: mode(p) for p in history} == {p.name: 0o600 for p in history}


def test_bad_app_module_and_bad_settings_are_clear_errors(tmp_path):
    proc, _ = run_app("-A", "no_such_project_xyz", "--dump", str(tmp_path / "d.json"), cwd=tmp_path)
    assert proc.returncode == 2
    assert "cannot import module 'no_such_project_xyz'" in proc.stderr and "Traceback" not in proc.stderr
    proc, _ = run_app("--dump", str(tmp_path / "d.json"), env={"CACHE_REDIS_PORT": "not-a-port"})
    assert proc.returncode == 2 and "CACHE_REDIS_PORT" in proc.stderr


def test_without_a_display_it_says_so_instead_of_aborting(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "--broker", "redis://127.0.0.1:1/0"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 3
    assert "No display found" in proc.stderr and "xvfb-run" in proc.stderr


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_demo_stops_worker_and_redis_on_signal(signum, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "CACHE_REDIS_"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    log = tmp_path / "app.log"
    with open(log, "w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "desktop", "--demo", "--log-level", "INFO"], env=env, cwd=ROOT, stderr=stderr
        )
    try:
        assert wait_until(lambda: "worker demo@" in log.read_text() or proc.poll() is not None, 60), log.read_text()
        started = descendants(proc.pid)
        assert len(started) >= 4, started  # redis-server, worker main process and its pool children
        proc.send_signal(signum)
        proc.wait(30)
        assert wait_until(lambda: not any(live(pid) for pid in started), 20), [p for p in started if live(p)]
        if signum != signal.SIGKILL:
            assert proc.returncode == 128 + signum
            assert "Traceback" not in log.read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
