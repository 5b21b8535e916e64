"""The README's pictures, made from the embedded demo so they show the console as it is now.

    .venv/bin/python tools/screenshots.py [docs/screenshots]   (or: make screenshots)
    .venv/bin/python tools/screenshots.py --lang zh_CN [docs/screenshots]   (the main window in Chinese: zh_CN.png)

Starts the demo (a private redis-server and a worker on desktop/tasks.py), opens the real window
offscreen at 1280x800 with a private config and data folder (nothing of yours is read or written),
sends a mix of demo tasks (progress bars, failures, slow and scheduled ones), and grabs each main
screen: calls and progress, failures, workers, queues, schedules, graphs, search, the workflow
composer, and calls and progress in the dark theme. Each picture is scaled to 1000 pixels wide and
stored with a 256-colour palette (UI pictures lose nothing visible; the files are about a quarter
of the size). Prints each file with its size; exits 1 when a screen could not be captured. With
``--lang zh_CN`` the window is built in that language (as ``celery-desktop --lang zh_CN``) and only
the main window is grabbed, into ``<lang>.png``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WIDTH, HEIGHT = 1280, 800
SHOWN_WIDTH = 1000
FOLDER = ROOT / "docs" / "screenshots"


def _private_folders() -> None:
    base = Path(tempfile.mkdtemp(prefix="celery-desktop-screenshots-"))
    for variable, name in (("CELERY_DESKTOP_CONFIG_DIR", "config"), ("CELERY_DESKTOP_DATA_DIR", "data")):
        os.environ[variable] = str(base / name)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def save(widget, path: Path) -> int:
    """The widget's picture, scaled and palettised, written to ``path``; its size in bytes."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image = widget.grab().toImage()
    if image.width() > SHOWN_WIDTH:
        image = image.scaledToWidth(SHOWN_WIDTH, Qt.TransformationMode.SmoothTransformation)
    image = image.convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither)
    if not image.save(str(path), "PNG", 0):  # 0: the smallest file zlib makes
        raise OSError(f"could not write {path}")
    return path.stat().st_size


async def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {what} after {seconds:g} s")
        await asyncio.sleep(0.1)


async def fill(console) -> None:
    """Demo work the pictures show: tasks running with progress, failures, a slow one, a scheduled one."""
    from desktop.core.domain.calls import CallSpec

    session = console.session
    await wait_for(lambda: session.online_workers, 30, "demo worker")
    for n in range(3):
        await session.send_call(CallSpec("tasks.long_progress", kwargs={"total": 40, "delay": 0.25 + 0.1 * n}))
    for sku, quantity in (("SKU-17", 5), ("SKU-23", 2), ("SKU-42", 9), ("SKU-17", 1)):
        await session.send_call(CallSpec("tasks.always_fails", kwargs={"sku": sku, "quantity": quantity}))
    for x in range(6):
        await session.send_call(CallSpec("tasks.add", args=(x, x * 7)))
    await session.send_call(CallSpec("tasks.slow", kwargs={"seconds": 30.0}))
    await session.send_call(CallSpec("tasks.mul", args=(6, 7), countdown=900))
    await wait_for(lambda: sum(r.state == "FAILURE" for r in session.tasks.values()) >= 4, 30, "failures")
    await asyncio.sleep(4.0)  # progress bars part-way, graphs with a few samples


def _schedule() -> dict:
    from celery.schedules import crontab

    return {
        "nightly-report": {"task": "tasks.xsum", "schedule": crontab(minute=30, hour=2), "args": ([1, 2, 3],)},
        "sync-every-5-min": {"task": "tasks.add", "schedule": 300.0, "args": (1, 1)},
        "weekday-cleanup": {"task": "tasks.fire_and_forget", "schedule": crontab(minute=0, hour=7, day_of_week="mon-fri")},
    }


SCHEDULE = _schedule()


def demo_workflow():
    """A chord of three adds whose results xsum sums, then a mul: what the composer shows."""
    from desktop.core.domain.calls import CallDraft
    from desktop.core.domain.canvas import Chain, Chord, Step

    adds = tuple(Step(CallDraft("tasks.add", params=(("x", str(n)), ("y", str(n * 10))))) for n in (1, 2, 3))
    return Chain((Chord(adds, Step(CallDraft("tasks.xsum"))), Step(CallDraft("tasks.mul", params=(("y", "2"),)))))


async def shoot(folder: Path, lang: str | None = None) -> list[tuple[str, int]]:
    from desktop.app.console import build_console
    from desktop.core.cluster.celery_app import load_user_app
    from desktop.core.runtime.demo import DEMO_APP, DemoCluster
    from desktop.views.main_window import FAILURES, GRAPHS, QUEUES, RESULTS, SCHEDULES, SEARCH, TABS, WORKERS
    from desktop.views.theme import apply_theme

    demo = DemoCluster()
    demo.start()
    user_app = load_user_app(DEMO_APP, from_cwd=False)  # as --demo does: the tasks' signatures and docstrings
    user_app.conf.beat_schedule = SCHEDULE  # what a deployment's app module holds (the demo runs no beat)
    console = build_console(demo.profile(app_module=DEMO_APP), user_app, history=False)
    window = console.window
    window.resize(WIDTH, HEIGHT)
    window.show()
    console.session.start()
    written: list[tuple[str, int]] = []
    try:
        await fill(console)
        index = {key: i for i, (key, _title) in enumerate(TABS)}

        async def tab(key: str, name: str, settle: float = 1.0) -> None:
            window.tabs.setCurrentIndex(index[key])
            await asyncio.sleep(settle)
            written.append((name, save(window, folder / f"{name}.png")))

        console.bridge.flush()
        running = next((i for i, r in console.session.tasks.items() if r.name == "tasks.long_progress"), None)
        if running:
            window.results_view.select(running)
        info = console.session.task_info("tasks.long_progress")
        if info is not None:
            window.calls_view.open(info)  # a call form beside the results, as a user builds one
        if lang is not None:  # the one picture of the window in that language
            await tab(RESULTS, lang)
            return written
        await tab(RESULTS, "main-window")
        await tab(FAILURES, "failures")
        await tab(WORKERS, "workers", 2.0)
        await tab(QUEUES, "queues", 2.0)
        window.tabs.setCurrentIndex(index[SCHEDULES])
        await asyncio.sleep(0.5)
        await console.session.schedules.refresh()  # read on demand, as the tab's Refresh does
        await tab(SCHEDULES, "schedules", 1.0)
        window.tabs.setCurrentIndex(index[GRAPHS])
        box = getattr(window.graphs_view, "window_box", None)
        if box is not None and box.count():
            box.setCurrentIndex(0)  # the shortest window: the demo's few minutes fill it
        await tab(GRAPHS, "graphs", 1.5)
        window.tabs.setCurrentIndex(index[SEARCH])
        view = window.search_view
        view.field.setText("state:FAILURE name:tasks.*")
        view.run()
        await asyncio.sleep(1.5)
        written.append(("search", save(window, folder / "search.png")))
        window.workflowRequested.emit(None)
        await asyncio.sleep(1.0)
        if window.workflow_composer is not None:
            composer = window.workflow_composer
            composer.set_workflow(demo_workflow())
            composer.resize(1000, 680)
            await asyncio.sleep(0.3)
            written.append(("composer", save(composer, folder / "composer.png")))
            composer.close()
        from PySide6.QtWidgets import QApplication

        apply_theme("dark", QApplication.instance())
        await tab(RESULTS, "dark", 1.0)
        apply_theme("light", QApplication.instance())
    finally:
        stopping = console.session.stop()
        await stopping
        console.close()
        window.close()
        demo.stop()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The README's pictures, from the embedded demo.")
    parser.add_argument("folder", nargs="?", type=Path, default=FOLDER)
    parser.add_argument("--lang", choices=("zh_CN",), help="only the main window, in this language: <folder>/<lang>.png")
    args = parser.parse_args(argv)
    folder = args.folder
    folder.mkdir(parents=True, exist_ok=True)
    _private_folders()
    from PySide6.QtWidgets import QApplication

    from desktop.app.qt_loop import QtAsyncioLoop

    app = QApplication(sys.argv[:1])
    if args.lang:
        from desktop.app import translation

        translation.install(args.lang, app)
        if problem := translation.missing_font(args.lang):
            print(f"screenshots: {problem}", file=sys.stderr)
            return 1
    loop = QtAsyncioLoop(app)
    asyncio.set_event_loop(loop)
    try:
        with loop:  # closed with its executor's threads before Qt goes, as the app does
            written = loop.run_until_complete(shoot(folder, args.lang))
    except (TimeoutError, OSError) as exc:
        print(f"screenshots: {exc}", file=sys.stderr)
        return 1
    for name, size in written:
        print(f"{folder / (name + '.png')}  {size / 1024:,.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
