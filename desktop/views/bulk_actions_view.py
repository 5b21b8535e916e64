"""The Search tab's bulk actions: "Act on all matches ▾" (re-send, revoke, terminate, forget, export,
watch every task the query matches), the progress of the one running with its Cancel, the
confirmation that names the exact count and the query, and the summary to read and copy.

The button is enabled once the query's count came and is not 0, and not while an action runs. On a
read-only connection the four actions that change the cluster are disabled, the reason in their
tooltip; export and watch stay. Everything from the cluster or the query is shown as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.domain.display import display_text
from desktop.core.live.bulk_actions import BulkKind, BulkPlan, BulkProgress, BulkSummary
from desktop.views.text import plain_label

CONTEXT = "BulkActionsBar"  # the translation context of this module's texts outside a class
BUTTON_TEXT = QT_TRANSLATE_NOOP("BulkActionsBar", "Act on all matches ▾")
TIPS = {
    BulkKind.RESEND: QT_TRANSLATE_NOOP(
        "BulkActionsBar",
        "Send every task the query matches again, exactly as it was, each with a new id (asks first, with the count)",
    ),
    BulkKind.REVOKE: QT_TRANSLATE_NOOP(
        "BulkActionsBar", "Revoke every task the query matches that has not ended (asks first, with the count)"
    ),
    BulkKind.TERMINATE: QT_TRANSLATE_NOOP(
        "BulkActionsBar", "Kill the running tasks the query matches (SIGTERM) and revoke the others not ended (asks first)"
    ),
    BulkKind.FORGET: QT_TRANSLATE_NOOP(
        "BulkActionsBar", "Delete the results of every task the query matches from the backend and the history (asks first)"
    ),
    BulkKind.EXPORT: QT_TRANSLATE_NOOP("BulkActionsBar", "Write every task the query matches to a CSV or JSON file (asks where)"),
    BulkKind.WATCH: QT_TRANSLATE_NOOP(
        "BulkActionsBar", "Follow every task the query matches that has not ended: tell me when each ends"
    ),
}
NO_QUERY = QT_TRANSLATE_NOOP("BulkActionsBar", "Run a query first: the actions take every task it matches")
NO_MATCH = QT_TRANSLATE_NOOP("BulkActionsBar", "No task matches the query")
RUNNING = QT_TRANSLATE_NOOP("BulkActionsBar", "A bulk action is running: wait for it or cancel it")


def translated(text: str) -> str:
    """One of this module's texts marked above, in the user's language."""
    return QCoreApplication.translate(CONTEXT, text)


def verb_text(kind: BulkKind) -> str:
    """The action's verb in the user's language ("Re-send"): core's, as its confirmation and summary say it."""
    return kind.said_verb


def menu_text(kind: BulkKind) -> str:
    """The menu entry: its verb, with "…" where a dialog asks before anything is done."""
    return verb_text(kind) if kind is BulkKind.WATCH else f"{verb_text(kind)}…"


def progress_text(progress: BulkProgress) -> str:
    """'Re-send: 2,500 of 10,000'."""
    return QCoreApplication.translate("BulkActionsBar", "{verb}: {done} of {total}").format(
        verb=verb_text(progress.kind), done=f"{progress.processed:,}", total=f"{progress.total:,}"
    )


class BulkActionsBar(QWidget):
    """The button with its menu, the progress panel (while an action runs) and a line saying how the last one ended."""

    bulkRequested = Signal(object)  # a BulkKind: act on every task the query matches
    cancelRequested = Signal()  # stop the running action before its next chunk

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._count: int | None = None  # the query's count; None: no query ran, or its count has not come
        self._busy = False
        self._read_only_reason = ""
        self.summary_dialog: BulkSummaryDialog | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button = QToolButton()
        self.button.setText(translated(BUTTON_TEXT))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")  # the ▾ is in the text
        self.menu = QMenu(self.button)
        self.menu.setToolTipsVisible(True)
        self.actions_by_kind: dict[BulkKind, QAction] = {}
        for kind in BulkKind:
            if kind is BulkKind.EXPORT:
                self.menu.addSeparator()
            action = self.menu.addAction(menu_text(kind))
            action.setToolTip(translated(TIPS[kind]))
            action.triggered.connect(lambda _checked=False, k=kind: self._request(k))
            self.actions_by_kind[kind] = action
        self.button.setMenu(self.menu)
        layout.addWidget(self.button)
        self.panel = QWidget()
        panel_layout = QHBoxLayout(self.panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(320)
        self.progress.setTextVisible(True)
        panel_layout.addWidget(self.progress, 1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop after the chunk under way: what is done stays done, the rest is not done"))
        self.cancel_button.clicked.connect(self._cancel)
        panel_layout.addWidget(self.cancel_button)
        self.panel.hide()
        layout.addWidget(self.panel, 1)
        self.status = plain_label()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status, 1)
        self._update()

    def action(self, kind: BulkKind) -> QAction:
        return self.actions_by_kind[kind]

    # -- what the view and the operation tell it ---------------------------------------------------
    def set_count(self, count: int | None) -> None:
        """How many tasks the query shown matches (None: no query ran, or its count is on its way)."""
        self._count = count
        self._update()

    def set_read_only(self, reason: str) -> None:
        """A read-only connection: the actions that change the cluster disabled, ``reason`` their tooltip."""
        self._read_only_reason = reason
        self._update()

    def set_busy(self, busy: bool) -> None:
        """An action is under way (counting, asking, running): no other one starts meanwhile."""
        self._busy = busy
        if not busy:
            self.panel.hide()
        self._update()

    def show_message(self, text: str) -> None:
        """One line beside the button: nothing matched, how the last action ended."""
        self.status.setText(display_text(text, 500))
        self.status.setToolTip("")

    def show_progress(self, progress: BulkProgress) -> None:
        """'Re-send: 2,500 of 10,000' on the bar; the first one shows the panel with its Cancel."""
        if self.panel.isHidden():
            self.status.setText("")
            self.cancel_button.setEnabled(True)
            self.cancel_button.setText(self.tr("Cancel"))
            self.panel.show()
        self.progress.setRange(0, max(1, progress.total))
        self.progress.setValue(min(progress.processed, max(1, progress.total)))
        self.progress.setFormat(progress_text(progress))

    def show_summary(self, summary: BulkSummary) -> BulkSummaryDialog:
        """The summary in its own window (non-modal), its headline on the line beside the button."""
        self.show_message(summary.headline())
        if self.summary_dialog is not None:
            self.summary_dialog.close()
        dialog = BulkSummaryDialog(summary, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: self._forget_dialog(dialog))
        self.summary_dialog = dialog
        dialog.show()
        return dialog

    def _forget_dialog(self, dialog) -> None:
        if self.summary_dialog is dialog:
            self.summary_dialog = None

    # -- inside ---------------------------------------------------------------------------------------
    def _request(self, kind: BulkKind) -> None:
        if self.button.isEnabled() and self.actions_by_kind[kind].isEnabled():
            self.bulkRequested.emit(kind)

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Cancelling…"))
        self.cancelRequested.emit()

    def _update(self) -> None:
        if self._busy:
            enabled, tip = False, translated(RUNNING)
        elif self._count is None:
            enabled, tip = False, translated(NO_QUERY)
        elif self._count <= 0:
            enabled, tip = False, translated(NO_MATCH)
        elif self._count == 1:
            enabled, tip = True, self.tr("Act on the 1 task the query matches")
        else:
            enabled, tip = True, self.tr("Act on the {count} tasks the query matches").format(count=f"{self._count:,}")
        self.button.setEnabled(enabled)
        self.button.setToolTip(tip)
        for kind, action in self.actions_by_kind.items():
            locked = bool(self._read_only_reason) and kind.changes_cluster
            action.setEnabled(not locked)
            action.setToolTip(self._read_only_reason if locked else translated(TIPS[kind]))


class BulkConfirmDialog(QDialog):
    """The plan's question (the exact count, the query, what is skipped), the verb as OK, Cancel the default."""

    def __init__(self, plan: BulkPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(self.tr("{verb} all matches").format(verb=verb_text(plan.kind)))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        self.message = plain_label(plan.question())
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(verb_text(plan.kind), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button.setAutoDefault(False)
        self.ok_button.setEnabled(bool(plan.act_on))
        self.cancel_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setMinimumWidth(520)


class BulkSummaryDialog(QDialog):
    """How a bulk action ended: the headline in bold, every failure and skip with its reason, Copy and Close."""

    def __init__(self, summary: BulkSummary, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = summary
        self.setWindowTitle(self.tr("{verb}: summary").format(verb=verb_text(summary.kind)))
        layout = QVBoxLayout(self)
        self.headline = plain_label(summary.headline())
        font = QFont(self.headline.font())
        font.setBold(True)
        self.headline.setFont(font)
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        self.text = QPlainTextEdit(summary.text())
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.text, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = self.buttons.addButton(self.tr("Copy"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setToolTip(self.tr("The whole summary to the clipboard"))
        self.copy_button.clicked.connect(self.copy)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(760, 480)

    def copy(self) -> None:
        QApplication.clipboard().setText(self.summary.text())


def export_dialog(parent: QWidget | None, count: int) -> QFileDialog:
    """Where to write ``count`` tasks (CSV or JSON), as the results view's export asks; opened by the caller."""
    title = QCoreApplication.translate("BulkActionsBar", "Export {count} task(s)").format(count=f"{count:,}")
    dialog = QFileDialog(parent, title, "tasks.csv", "CSV (*.csv);;JSON (*.json)")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    return dialog


def chosen_path(dialog: QFileDialog) -> str:
    """The file chosen in an export dialog, ending in .csv or .json (the filter chosen decides); "" for none."""
    files = dialog.selectedFiles()
    path = files[0] if files else ""
    if path and not path.lower().endswith((".csv", ".json")):
        path += ".json" if "json" in dialog.selectedNameFilter().lower() else ".csv"
    return path


__all__ = [
    "BUTTON_TEXT",
    "BulkActionsBar",
    "BulkConfirmDialog",
    "BulkSummaryDialog",
    "chosen_path",
    "export_dialog",
    "menu_text",
    "progress_text",
    "translated",
    "verb_text",
]
