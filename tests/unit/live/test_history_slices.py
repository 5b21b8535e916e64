"""An earlier session's rows come back a slice at a time, the loop running in between."""

from __future__ import annotations

import asyncio
import time

from desktop.core.domain.records import TaskRecord
from desktop.core.live import session as session_module
from desktop.core.store.history import HistoryDatabase, open_recorder
from tests.support.sessions import run, session_for

DEAD = "redis://127.0.0.1:1/0"


def test_history_rows_are_restored_in_slices_and_counted_loaded_only_at_the_end(tmp_path):
    path = tmp_path / "history.sqlite3"
    session = session_for(DEAD, DEAD)
    key, rows = session.profile.history_key, 3 * session_module.HISTORY_SLICE + 7
    database = HistoryDatabase(path)
    database.open()
    now = time.time()
    database.save(key, [TaskRecord(id=f"t{i}", name="a", state="SUCCESS", sent_at=now + i, mine=True) for i in range(rows)], now)
    database.close()
    session.client.close()
    recorder, _note = open_recorder(key, path)
    session = session_for(DEAD, DEAD, history=recorder)
    session.max_rows = rows

    async def scenario():
        seen = []  # (rows in the window, loaded) at each turn of the loop while the history comes back

        async def watch():
            while True:
                seen.append((len(session.rows.tasks), session.history_loaded))
                await asyncio.sleep(0)

        watching = asyncio.ensure_future(watch())
        restored = await session.load_history()
        await asyncio.sleep(0)
        watching.cancel()
        return restored, seen

    try:
        restored, seen = run(session, scenario)
    finally:
        recorder.stop()
    assert restored == rows and len(session.rows.tasks) == rows
    counts = sorted({count for count, _loaded in seen})
    assert counts[:4] == [0, *(n * session_module.HISTORY_SLICE for n in (1, 2, 3))]  # each slice seen on its own
    assert all(not loaded for count, loaded in seen if count < rows)  # "loaded" only once every row is in
