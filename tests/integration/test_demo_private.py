"""The embedded demo keeps to itself: its worker never imports code from the directory the console was started in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.core.demo import DemoCluster, wait_for_workers

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
