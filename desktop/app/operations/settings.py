"""Settings: the dialog, and what the user changes saved and applied to the running connection."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.core.live.session import ConsoleSession
from desktop.core.store.settings import SettingsStore


def open_settings(
    store: SettingsStore, session: ConsoleSession, window, poll_interval: float | None = None, event_tasks: int | None = None
) -> None:
    """The Settings dialog; a value given on the command line (poll interval, event tasks) keeps winning."""
    from desktop.views.settings_dialog import SettingsDialog
    from desktop.views.theme import apply_theme

    history = session.history
    if history is None:
        info = QCoreApplication.translate("settings", "history is off for this session")
    else:
        status = history.status
        on_disk = QCoreApplication.translate("settings", "{size} MB on disk · {path}").format(
            size=f"{history.database.size_bytes() / 1e6:.1f}", path=history.database.path
        )
        info = status.message or on_disk
    if session.trends is not None:  # the graphs' series, kept beside the history
        info += "\n" + session.trends.describe()
    dialog = SettingsDialog(store.settings, info, poll_fixed=poll_interval is not None, parent=window)
    if history is not None:
        dialog.clearHistoryRequested.connect(history.clear)
    if session.trends is not None:  # the graphs' kept series name the tasks too: they go with the history
        dialog.clearHistoryRequested.connect(session.trends.clear)
    if dialog.exec() != SettingsDialog.DialogCode.Accepted:
        return
    chosen = dialog.settings()
    try:
        store.save(chosen)
    except (OSError, ValueError) as exc:
        session.report_error(QCoreApplication.translate("settings", "settings not saved: {error}").format(error=exc))
        return
    apply_theme(chosen.theme)
    if poll_interval is None:
        session.poller.interval = chosen.poll_interval or session.poller.default_interval
    if event_tasks is None:
        session.monitor.store.max_tasks = chosen.event_tasks
    session.max_rows = chosen.window_rows
    if history is not None:
        history.set_retention(chosen.retention)


def save_watch_sent(store: SettingsStore, session: ConsoleSession, on: bool) -> None:
    """ "Watch everything I send": applied now, and kept for the next start of this profile."""
    session.watch.watch_sent = on
    try:
        store.save(store.settings.with_watch_sent(session.profile.history_key, on))
    except (OSError, ValueError) as exc:
        session.report_error(QCoreApplication.translate("settings", "settings not saved: {error}").format(error=exc))
