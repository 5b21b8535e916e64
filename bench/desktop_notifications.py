"""Desktop notifications over D-Bus: how long the start-up probe takes, and one Notify's round trip.

On a private session bus (dbus-daemon) with the stand-in server (tests/support/notification_server.py,
a separate process): the probe is DesktopNotifications.start() until ``ready`` (connect, Hello,
GetCapabilities, GetServerInformation, AddMatch); a round trip is show() until the server's id is
known. Wall time: the GUI thread only writes and parses messages on the qasync loop; the waits between
are the loop's, free for everything else. Median and longest of --rounds.

    .venv/bin/python bench/desktop_notifications.py [--rounds 200] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.app.qt_loop import QtAsyncioLoop  # noqa: E402
from desktop.core.domain.watch import Notification  # noqa: E402
from desktop.views.desktop_notifications import DesktopNotifications  # noqa: E402
from tests.support.session_bus import MockNotifications, private_session_bus  # noqa: E402


async def measure(address: str, rounds: int) -> dict:
    probes, trips = [], []
    for _ in range(max(3, rounds // 20)):
        client = DesktopNotifications(address)
        started = time.perf_counter()
        client.start()
        while client.available is None:
            await asyncio.sleep(0)
        probes.append((time.perf_counter() - started) * 1000)
        assert client.available, "the stand-in server did not answer"
        if len(probes) > 1:
            client.close()
            continue
        for i in range(rounds):
            note = Notification(f"tasks.add finished #{i}", "result 4 · took 0.01 s", f"t{i}", failed=False)
            started = time.perf_counter()
            client.show(note)
            while note.task_id not in client.ids:
                await asyncio.sleep(0)
            trips.append((time.perf_counter() - started) * 1000)
        client.close()
    return {
        "probe_ms": {"median": round(statistics.median(probes), 2), "max": round(max(probes), 2), "n": len(probes)},
        "notify_ms": {"median": round(statistics.median(trips), 2), "max": round(max(trips), 2), "n": len(trips)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="20 rounds")
    args = parser.parse_args()
    rounds = 20 if args.quick else args.rounds
    app = QApplication([])
    loop = QtAsyncioLoop(app)
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory() as folder, private_session_bus(Path(folder)) as address:
        server = MockNotifications(address)
        try:
            with loop:
                figures = loop.run_until_complete(measure(address, rounds))
        finally:
            server.stop()
    probe, notify = figures["probe_ms"], figures["notify_ms"]
    print(f"probe: median {probe['median']} ms, longest {probe['max']} ms ({probe['n']} probes)")
    print(f"Notify round trip: median {notify['median']} ms, longest {notify['max']} ms ({notify['n']} calls)")
    print(json.dumps({"bench": "desktop_notifications", **figures}))


if __name__ == "__main__":
    main()
