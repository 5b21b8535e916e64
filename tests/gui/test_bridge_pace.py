"""The bridge's pace: a change after a quiet spell shows at once; a part that keeps changing is shown about ten times a second."""

from __future__ import annotations

import time

from desktop.app.bridge import BUSY_FLUSHES, BUSY_MS, SessionBridge
from desktop.core.live.session import ERRORS, TASKS
from tests.support.sessions import session_for


def test_a_quiet_change_shows_at_once_and_a_busy_part_slows_to_ten_a_second(qtbot, qasync_loop):
    session = session_for("redis://127.0.0.1:1/0", "redis://127.0.0.1:1/1")  # nothing is contacted
    bridge = SessionBridge(session)
    flushes: list[float] = []
    original = bridge.flush

    def counted() -> None:
        flushes.append(time.monotonic())
        original()

    bridge.flush = counted
    bridge._timer.timeout.disconnect()
    bridge._timer.timeout.connect(counted)
    try:
        bridge._on_changed({TASKS})
        qtbot.waitUntil(lambda: len(flushes) == 1, timeout=1000)  # the first change: at once (a 0 ms timer)

        started = time.monotonic()
        paces: list[float] = []
        while time.monotonic() - started < 2.0:  # a task changing 200 times a second for 2 s
            bridge._on_changed({TASKS})
            qtbot.wait(5)
            if time.monotonic() - started > 1.0:
                paces.append(bridge._interval(TASKS, time.monotonic()))
        assert set(paces) == {BUSY_MS / 1000}  # busy all along, not back and forth between the two paces
        last_second = [t for t in flushes if t > started + 1.0]
        assert len(last_second) <= 1000 / BUSY_MS + 2, len(last_second)  # busy: about ten a second, not thirty
        assert len([t for t in flushes if t > started]) >= BUSY_FLUSHES  # it was quick before it got busy
        assert bridge._interval(TASKS, time.monotonic()) == BUSY_MS / 1000
        assert bridge._interval(ERRORS, time.monotonic()) == 0.033  # another part keeps its own pace

        qtbot.wait(1200)  # quiet for a second: quick again
        assert bridge._interval(TASKS, time.monotonic()) == 0.033
    finally:
        bridge.detach()
        session.client.close()
