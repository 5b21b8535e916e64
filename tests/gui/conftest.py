from __future__ import annotations

import asyncio
import gc

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from desktop.app import translation
from desktop.app.qt_loop import QtAsyncioLoop


@pytest.fixture
def chinese(qapp):
    """The console's and Qt's Chinese catalogues installed for one test (core's messages too, as
    ``--lang zh_CN`` does), and taken away after it."""
    installed = translation.install(translation.CHINESE, qapp)
    assert not installed.missing, installed.missing
    try:
        yield installed
    finally:
        translation.uninstall(installed, qapp)


@pytest.fixture(scope="package")
def _session_qasync_loop(qapp):
    """One asyncio loop on Qt for all GUI tests, closed (with every window) once they are done.

    Leaving hidden windows and the loop's timers and notifiers to be freed later, at whatever
    moment, is what crashes Qt; here they go at a known point, while Qt is still healthy.
    """
    loop = QtAsyncioLoop(qapp, already_running=True)
    yield loop
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    asyncio.events._set_running_loop(None)
    loop.stop()
    loop.close()
    gc.collect()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.processEvents()


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
    from desktop.app.console import build_console

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
        # A stop lets a blocking call in flight end first (its own timeout is 5 s, the key reader's
        # close 2 s): waiting no longer than one of them failed a loaded run's teardown.
        qtbot.waitUntil(stopping.done, timeout=15000)
        console.close()
