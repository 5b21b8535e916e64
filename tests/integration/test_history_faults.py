"""History on a disk that fills up or turns read-only: a real tmpfs mount (root only: tests/support/mounts.py)."""

from __future__ import annotations

import subprocess
import uuid

import pytest

from desktop.core.domain.records import TaskRecord
from desktop.core.store.history import HistoryState, open_recorder
from tests.support.mounts import tmpfs

pytestmark = pytest.mark.integration


@pytest.fixture
def tiny_disk(tmp_path):
    """A 256 KB tmpfs: small enough to fill with a few hundred rows."""
    with tmpfs(tmp_path / "disk", "size=256k") as mount:
        yield mount


def burst(count: int, size: int = 2000) -> list[TaskRecord]:
    return [TaskRecord(id=str(uuid.uuid4()), name="tasks.add", result="x" * size, mine=True) for _ in range(count)]


def test_a_full_disk_turns_history_off_with_a_message(tiny_disk):
    recorder, note = open_recorder("p", tiny_disk / "history.sqlite3")
    assert recorder is not None and note == ""
    try:
        for _ in range(20):
            recorder.record(burst(100))
            assert recorder.flush()
            if recorder.status.state is not HistoryState.OK:
                break
        assert recorder.status.state is HistoryState.UNAVAILABLE
        assert "full" in recorder.status.message and "history is off" in recorder.status.message
        recorder.record(burst(10))  # taken and dropped without a fuss
        assert recorder.flush()
    finally:
        recorder.stop()


def test_a_read_only_disk_is_reported_when_opening(tiny_disk):
    recorder, _ = open_recorder("p", tiny_disk / "history.sqlite3")
    recorder.record(burst(5, 10))
    recorder.flush()
    recorder.stop()
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], check=True)
    again, note = open_recorder("p", tiny_disk / "history.sqlite3")
    if again is not None:
        again.stop()
    assert again is None and note.endswith("is read-only; the console runs without history"), note
