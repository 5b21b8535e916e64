"""The Qt binding itself: a PySide6 that leaks references to None/True aborts the app within minutes."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, QTimer, Signal

pytestmark = pytest.mark.gui


class _Probe(QObject):
    fired = Signal(bool)


def test_signals_and_timers_keep_the_reference_counts_of_none_and_true(qapp):
    probe, timer, received = _Probe(), QTimer(), []
    probe.fired.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(100):
        probe.fired.emit(True)
        timer.start(1000)
        timer.stop()
    received.clear()
    after = sys.getrefcount(True), sys.getrefcount(None)
    # PySide6-Essentials 6.12.0 on CPython 3.11 loses one reference per call: ~100 here.
    assert before[0] - after[0] < 10 and before[1] - after[1] < 10, (before, after)
