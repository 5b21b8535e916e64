from __future__ import annotations

import asyncio

import pytest
import qasync


@pytest.fixture(scope="session")
def _session_qasync_loop(qapp):
    """One asyncio loop on Qt for the whole run: sockets opened on it stay valid until the end."""
    return qasync.QEventLoop(qapp, already_running=True)


@pytest.fixture
def qasync_loop(_session_qasync_loop):
    """The loop, running for this test (qtbot.waitUntil spins it)."""
    asyncio.events._set_running_loop(_session_qasync_loop)
    asyncio.set_event_loop(_session_qasync_loop)
    yield _session_qasync_loop
    # An already-running qasync loop marks itself as the running loop; undo that so later
    # tests can use asyncio.run().
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)


@pytest.fixture
def open_console(qtbot, qasync_loop):
    """Build the real window for a profile, show it, start its loops; stop them afterwards."""
    from desktop.main import build_console

    consoles = []

    def open_(profile):
        console = build_console(profile)
        qtbot.addWidget(console.window)
        console.window.show()
        console.session.start()
        consoles.append(console)
        return console

    yield open_
    for console in consoles:
        stopping = asyncio.ensure_future(console.session.stop())
        qtbot.waitUntil(stopping.done, timeout=5000)
        console.close()
