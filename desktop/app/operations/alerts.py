"""Alert rules: load the profile's, save / delete / test one from the dialog, open what an alert is about,
and tell the window when alerts fired (the log, the desktop's notifications)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from desktop.core.domain.alert_rules import OPENS_TASK, AlertRule, FiredAlert, RuleError
from desktop.core.live.alerts import ALERTS
from desktop.core.live.session import ConsoleSession
from desktop.core.store.alert_rules_store import AlertRuleStore


def load_rules(store: AlertRuleStore, session: ConsoleSession) -> None:
    """The profile's rules at work from now on; a file that could not be read is said in the error panel."""
    if store.load_error:
        session.report_error(store.load_error)
    session.alerts.set_rules(store.rules())


def save_rule(store: AlertRuleStore, session: ConsoleSession, dialog, rule: AlertRule, replacing: str) -> None:
    """Keep the rule (``replacing``: its name before an edit) and put the rules to work at once."""
    try:
        kept = store.save(rule, replacing)
    except RuleError as exc:
        dialog.show_errors(exc.errors)
        return
    except OSError as exc:
        dialog.show_errors(
            {"name": QCoreApplication.translate("AlertRelay", "the rules could not be saved: {error}").format(error=exc)}
        )
        return
    session.alerts.set_rules(store.rules())
    dialog.show_rules(store.rules(), selected=kept.name)


def delete_rule(store: AlertRuleStore, session: ConsoleSession, dialog, name: str) -> None:
    try:
        store.delete(name)
    except (KeyError, OSError) as exc:
        dialog.show_errors(
            {"name": QCoreApplication.translate("AlertRelay", "the rule could not be deleted: {error}").format(error=exc)}
        )
        return
    session.alerts.set_rules(store.rules())
    dialog.show_rules(store.rules())


def try_rule(session: ConsoleSession, dialog, rule: AlertRule) -> None:
    """What the rule would fire on what the console holds now (no alert is sent)."""
    dialog.show_test(session.alerts.try_rule(rule))


def open_alert(alert: FiredAlert, reveal: Callable[[str], None], show_tab: Callable[[str], None]) -> None:
    """A task's alert opens its row in Calls & results; a worker's, queue's or schedule's opens that tab."""
    if alert.opens == OPENS_TASK and alert.task_id:
        reveal(alert.task_id)
    elif alert.opens != OPENS_TASK:
        show_tab(alert.opens)


def clear_log(session: ConsoleSession) -> None:
    session.alerts.clear_log()


class AlertRelay(QObject):
    """The session's ALERTS notices as one Qt signal a loop turn later (a notice may come from inside a batch)."""

    fired = Signal()

    def __init__(self, session: ConsoleSession, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fired)
        session.subscribe(self._on_changed)

    def _on_changed(self, parts: set[str]) -> None:
        if ALERTS in parts and not self._timer.isActive():
            self._timer.start()

    def detach(self) -> None:
        self.session.unsubscribe(self._on_changed)
        self._timer.stop()
