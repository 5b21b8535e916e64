"""Translation bench: what the Chinese window costs against the English one, measured in the same run.

Three figures, on the GUI thread (Qt offscreen, nothing connected):
- installing the zh_CN catalogues (the console's .qm with core's messages, and Qt's) at start;
- building the whole main window with every tab, in English and then in Chinese (the ratio is what
  the lookups of ~1,900 strings add);
- one core message through ``translate`` and ``.format``: Qt's lookup against English (the identity).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/translation.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.layout import median_ms  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    windows, calls = (7, 20_000) if quick else (21, 100_000)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from desktop.app import translation
    from desktop.app.console import build_console
    from desktop.core.connection.profiles import ConnectionProfile
    from desktop.core.connection.url_hints import unknown_scheme_message
    from desktop.views.main_window import TABS

    profile = ConnectionProfile(name="bench", broker_url="redis://127.0.0.1:1/10", backend_url="redis://127.0.0.1:1/11")

    def build_window() -> None:
        console = build_console(profile, history=False)
        for key, _title in TABS:
            console.window.lazy_tabs.view(key)
        app.processEvents()
        console.window.close()
        console.close()
        console.window.deleteLater()
        app.processEvents()

    def core_messages() -> float:
        started = time.perf_counter()
        for _ in range(calls):
            unknown_scheme_message("backend", "redsi", {"redis"})
        return (time.perf_counter() - started) / calls * 1e6

    build_window()  # imports and first-use costs out of the figures
    english_us = core_messages()
    install_ms = median_ms(lambda: translation.uninstall(translation.install(translation.CHINESE, app), app), 10)
    english, chinese = [], []
    for _ in range(windows):  # interleaved, so a machine busy for a moment weighs on both alike
        english.append(median_ms(build_window, 1))
        installed = translation.install(translation.CHINESE, app)
        chinese.append(median_ms(build_window, 1))
        translation.uninstall(installed, app)
    english_build, chinese_build = statistics.median(english), statistics.median(chinese)
    installed = translation.install(translation.CHINESE, app)
    chinese_us = core_messages()
    said = unknown_scheme_message("backend", "redsi", {"redis"})
    translation.uninstall(installed, app)
    assert said.startswith("未知的结果后端协议"), said  # measured in Chinese indeed

    figures = {
        "install_ms": round(install_ms, 2),
        "window_english_ms": round(english_build, 1),
        "window_chinese_ms": round(chinese_build, 1),
        "window_ratio": round(chinese_build / english_build, 3),
        "core_message_english_us": round(english_us, 2),
        "core_message_chinese_us": round(chinese_us, 2),
        "qm_bytes": translation.catalogue_path(translation.CHINESE).stat().st_size,
    }
    print(f"catalogues installed in {install_ms:.2f} ms ({figures['qm_bytes']:,} bytes of the console's own)")
    print(f"whole window built: English {english_build:.1f} ms, Chinese {chinese_build:.1f} ms (x{figures['window_ratio']:.2f})")
    print(f"one core message with its values: English {english_us:.2f} us, Chinese {chinese_us:.2f} us")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
