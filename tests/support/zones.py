"""A test that depends on the local time zone runs in a process started in that zone.

Changing the zone inside the shared test process (TZ plus ``time.tzset()``) while another test's
thread reads the local time (a connect, a log line) crashed a whole run once. A process started
with TZ set never changes it: the test calls ``in_zone(request, zone)`` first, and runs its body
only when that returns True.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.support.fuzzing import tried


def in_zone(request, zone: str, timeout: float = 150.0) -> bool:
    """True in a process started in ``zone``: run the test's body there.

    Elsewhere this test runs in such a process (``pytest`` on its node id, TZ set): it must pass
    there, its generated cases count in this run's fuzzing summary, and the answer is False.
    """
    if os.environ.get("TZ") == zone:
        return True
    with tempfile.TemporaryDirectory(prefix="celery-desktop-zone-") as folder:
        report = Path(folder) / "fuzz.json"
        child = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", request.node.nodeid],
            cwd=request.config.rootpath,
            env={**os.environ, "TZ": zone, "CELERY_DESKTOP_FUZZ_REPORT": str(report)},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert child.returncode == 0, f"in TZ={zone}:\n{child.stdout[-4000:]}{child.stderr[-2000:]}"
        assert "1 passed" in child.stdout and "skipped" not in child.stdout, child.stdout[-2000:]
        if report.exists():
            for subject, count in json.loads(report.read_text())["cases"].items():
                tried(subject, count)
    return False
