"""The runs nobody watches: --screenshot / --dump (capture once the first picture is complete),
--call (open a task's call form once the catalog knows it) and --self-test (the demo answers)."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication


async def capture(args, session, window, request_quit) -> None:
    """Wait for the first complete picture (or --quit-after), then write the PNG and/or JSON."""

    deadline = time.monotonic() + (args.quit_after or 15.0)
    while not (session.settled and (not args.call or window.calls_view.forms())) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    # Let the coalesced model update and the repaint land. (Never processEvents() inside a
    # coroutine: it would run other asyncio tasks re-entrantly.)
    await asyncio.sleep(0.2)
    code = 0
    if args.screenshot:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice

        from desktop.core.store.config_files import write_private_bytes

        path = Path(args.screenshot)
        png = QByteArray()
        buffer = QBuffer(png)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        why = (
            ""
            if window.grab().save(buffer, "PNG")
            else QCoreApplication.translate("headless", "the picture could not be encoded")
        )
        buffer.close()
        if not why:
            try:
                write_private_bytes(path, bytes(png))  # 0600: it shows args, results and hosts
            except OSError as exc:
                why = exc.strerror or str(exc)
        if why:
            message = QCoreApplication.translate("headless", "could not write screenshot {path}: {reason}")
            print(f"celery-desktop: {message.format(path=path, reason=why)}", file=sys.stderr)
            code = 1
    if args.dump:
        from desktop.core.store.config_files import write_private_text

        await session.schedules.refresh()  # read on demand (the Schedules tab, a dump), not in the background
        write_private_text(Path(args.dump), session.dump_json() + "\n")  # 0600: it holds args and results
    request_quit(code)


async def open_call(name: str, session, window, timeout: float = 30.0) -> None:
    """Open a task's call form as soon as the catalog knows the task."""
    deadline = time.monotonic() + timeout
    while session.task_info(name) is None:
        if time.monotonic() > deadline:
            session.report_error(
                QCoreApplication.translate("headless", "--call {name}: no such task in the app or on the workers").format(
                    name=name
                )
            )
            return
        await asyncio.sleep(0.1)
    window.calls_view.open(session.task_info(name))


async def self_test(session, demo, request_quit, timeout: float = 50.0) -> None:
    """Demo up, tasks.add(2, 2) sent from the console, SUCCESS with 4 seen in the results."""
    started = time.monotonic()

    def elapsed() -> str:
        return f"{time.monotonic() - started:.1f} s"

    def give_up(reason: str) -> None:
        message = QCoreApplication.translate("headless", "self-test FAILED after {elapsed}: {reason}")
        print(message.format(elapsed=elapsed(), reason=reason), file=sys.stderr)
        if demo is not None and demo.worker is not None:
            print(demo.worker.log_tail(1500), file=sys.stderr)
        request_quit(1)

    deadline = started + timeout
    while not session.online_workers:
        if demo is not None and demo.worker.proc.poll() is not None:
            return give_up(
                QCoreApplication.translate("headless", "the demo worker exited with code {code}").format(
                    code=demo.worker.proc.returncode
                )
            )
        if time.monotonic() > deadline:
            why = session.broker.message or QCoreApplication.translate("headless", "broker not reachable")
            return give_up(QCoreApplication.translate("headless", "no worker answered a ping ({reason})").format(reason=why))
        await asyncio.sleep(0.1)
    message = QCoreApplication.translate("headless", "self-test: worker {worker} online after {elapsed}")
    print(message.format(worker=session.online_workers[0].hostname, elapsed=elapsed()), file=sys.stderr)
    reply = await session.send("tasks.add", [2, 2])
    if not reply.ok:
        return give_up(QCoreApplication.translate("headless", "sending tasks.add failed: {error}").format(error=reply.error))
    task_id = reply.value[0].task_id
    while True:
        record = session.tasks[task_id]
        if record.error:
            return give_up(
                QCoreApplication.translate("headless", "result of {task_id} unreadable: {error}").format(
                    task_id=record.id, error=record.error
                )
            )
        if record.ready:
            if record.state == "SUCCESS" and record.result == "4":
                message = QCoreApplication.translate(
                    "headless", "self-test passed: tasks.add(2, 2) = 4 (task {task_id}) in {elapsed}"
                )
                print(message.format(task_id=record.id, elapsed=elapsed()), file=sys.stderr)
                return request_quit(0)
            return give_up(
                QCoreApplication.translate("headless", "tasks.add(2, 2) ended {state} with {result}").format(
                    state=record.state, result=repr(record.result)
                )
            )
        if time.monotonic() > deadline:
            return give_up(
                QCoreApplication.translate("headless", "tasks.add(2, 2) still {state} after {seconds} s").format(
                    state=record.state, seconds=f"{timeout:g}"
                )
            )
        await asyncio.sleep(0.05)
