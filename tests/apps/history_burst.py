"""A console session that sends tasks.add without pause, its history recording every change (tests/integration/test_history.py).

    python -m tests.apps.history_burst HISTORY_PATH BROKER_URL BACKEND_URL

Prints ``recording`` once the session runs; runs until killed.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from desktop.core.domain.calls import CallSpec
from desktop.core.store.history import open_recorder
from tests.support.sessions import session_for


async def main(path: Path, broker: str, backend: str) -> None:
    recorder, note = open_recorder("burst", path)
    if recorder is None:
        raise SystemExit(note)
    session = session_for(broker, backend, history=recorder, name="burst")
    session.start(monitor=False)
    print("recording", flush=True)
    n = 0
    while True:
        n += 1
        await session.send_call(CallSpec("tasks.add", (n, n)), 25)
        await asyncio.sleep(0.02)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2], sys.argv[3]))
