"""Remembered layout bench: what keeping the window's layout costs the GUI thread, and the file's size.

A console's window (Qt offscreen, every tab built, nothing connected) is measured for: taking the
layout from its widgets (``collect``: every splitter's and header's state), writing it (``save``
after a change: JSON and an atomic rename), and giving a saved layout back to every widget
(``LayoutMemory`` built over the window: geometry, splitters, headers, values, tab). Medians of
many runs, milliseconds of wall time on the GUI thread.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/layout.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def median_ms(run, times: int) -> float:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    times = 50 if parser.parse_args().quick else 300
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = Path(tempfile.mkdtemp(prefix="layout-bench-"))
    os.environ["CELERY_DESKTOP_CONFIG_DIR"] = str(folder)
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from desktop.app.console import build_console
    from desktop.core.connection.profiles import ConnectionProfile
    from desktop.core.store.layout_store import LayoutStore
    from desktop.views.layout_memory import LayoutMemory
    from desktop.views.main_window import TABS

    profile = ConnectionProfile(name="bench", broker_url="redis://127.0.0.1:1/10", backend_url="redis://127.0.0.1:1/11")
    console = build_console(profile, history=False)
    window = console.window
    for key, _title in TABS:
        window.lazy_tabs.view(key)
    window.show()
    for _ in range(20):
        app.processEvents()
    store = LayoutStore("bench", folder)
    memory = LayoutMemory(window, store)
    for index in range(len(TABS)):  # each tab shown once: its splitters laid out, so kept
        window.tabs.setCurrentIndex(index)
        app.processEvents()
    window.tabs.setCurrentIndex(0)

    collect = median_ms(memory.collect, times)
    header = window.results_view.table.horizontalHeader()

    def changed_and_saved() -> None:
        header.resizeSection(1, header.sectionSize(1) % 300 + 40)  # a change: else nothing is written
        memory.save()

    save = median_ms(changed_and_saved, times)
    size = store.path.stat().st_size
    restore = median_ms(lambda: LayoutMemory(window, store).deleteLater(), max(10, times // 10))
    figures = {
        "collect_ms": round(collect, 3),
        "save_ms": round(save, 3),
        "restore_ms": round(restore, 3),
        "file_bytes": size,
        "splitters": len(memory._splitters),
        "tables": len(memory._headers),
    }
    print(f"{figures['splitters']} splitters, {figures['tables']} tables; layout file {size:,} bytes")
    print(f"collect {collect:.2f} ms, collect and write after a change {save:.2f} ms, restore every widget {restore:.2f} ms")
    window.close()
    console.close()
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
