"""Danger marks: a read-only profile's actions locked with the reason, a production profile's marks, and
the dialog a destructive action on production asks first (type the profile's name, or the count of tasks it takes)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from desktop.core.domain.display import display_text
from desktop.views.text import plain_label

PRODUCTION_COLOUR = "#c0392b"
READ_ONLY_COLOUR = "#1f6fb2"


def read_only_reason(name: str, what: str | None = None) -> str:
    """The tooltip of a locked action; ``what`` (translated by the caller) defaults to "this action"."""
    return QCoreApplication.translate(
        "TypeToConfirm", "Read-only connection “{name}”: {what} is turned off (inspect, events, search and export still work)"
    ).format(
        name=display_text(name, 80), what=what if what is not None else QCoreApplication.translate("TypeToConfirm", "this action")
    )


def _marks() -> tuple[str, str]:
    """The production and read-only marks, as words."""
    return QCoreApplication.translate("TypeToConfirm", "PRODUCTION"), QCoreApplication.translate("TypeToConfirm", "read-only")


def profile_marks(read_only: bool, production: bool) -> str:
    """The connection bar's badges, as markup ("" for neither)."""
    badges = []
    production_mark, read_only_mark = _marks()
    if production:
        badges.append(
            f"<span style='background:{PRODUCTION_COLOUR}; color:white; font-weight:bold'>&nbsp;{production_mark}&nbsp;</span>"
        )
    if read_only:
        badges.append(
            f"<span style='background:{READ_ONLY_COLOUR}; color:white; font-weight:bold'>&nbsp;{read_only_mark}&nbsp;</span>"
        )
    return " ".join(badges)


def title_marks(read_only: bool, production: bool) -> str:
    """What the window title carries after the connection ("" for neither)."""
    production_mark, read_only_mark = _marks()
    return "".join(f" [{mark}]" for on, mark in ((production, production_mark), (read_only, read_only_mark)) if on)


class _ReadOnlyLock(QObject):
    """Keeps a widget disabled (whatever its view does on a selection change) unless ``allowed()`` says otherwise."""

    def __init__(self, widget: QWidget, reason: str, allowed: Callable[[], bool]):
        super().__init__(widget)
        self.widget, self.reason, self.allowed = widget, reason, allowed
        self._tip = widget.toolTip()

    def apply(self) -> None:
        allowed = self.allowed()
        self.widget.setToolTip(self._tip if allowed else self.reason)
        if not allowed and self.widget.isEnabled():
            self.widget.setEnabled(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() in (QEvent.Type.EnabledChange, QEvent.Type.ToolTipChange):
            if self.widget.isEnabled() and not self.allowed():
                self.widget.setEnabled(False)
            if event.type() is QEvent.Type.ToolTipChange and self.widget.toolTip() != self.reason:
                self._tip = self.widget.toolTip()
                if not self.allowed():
                    self.widget.setToolTip(self.reason)
        return False


def lock_read_only(widgets: Iterable[QWidget | None], reason: str, allowed: Callable[[], bool] | None = None) -> list[QWidget]:
    """Disable each widget for good, its tooltip the reason; ``allowed()`` True lets it be (e.g. a ping). Idempotent."""
    locked = []
    for widget in widgets:
        if widget is None or widget.findChild(_ReadOnlyLock) is not None:
            continue
        lock = _ReadOnlyLock(widget, reason, allowed or (lambda: False))
        widget.installEventFilter(lock)
        lock.apply()
        locked.append(widget)
    return locked


def relock(widget: QWidget) -> None:
    """Look again at a locked widget whose ``allowed()`` may have changed (a different command chosen)."""
    lock = widget.findChild(_ReadOnlyLock)
    if lock is not None:
        if lock.allowed() and not widget.isEnabled():
            widget.setToolTip(lock._tip)
        lock.apply()


class TypeToConfirm(QDialog):
    """A destructive action on a production connection: runs only once the connection's name is typed.

    With ``count`` (the number of tasks the action takes), typing that number instead ("10000" or
    "10,000") confirms too: whoever types it has read how many.
    """

    def __init__(self, name: str, what: str, parent: QWidget | None = None, count: int | None = None):
        super().__init__(parent)
        self.expected = name
        self.count = count
        self.setWindowTitle(self.tr("Production connection"))
        layout = QVBoxLayout(self)
        shown = display_text(name, 80)
        asked = (
            self.tr("type the connection's name")
            if count is None
            else self.tr("type the connection's name or the number of tasks ({count})").format(count=f"{count:,}")
        )
        self.message = plain_label(
            self.tr("“{name}” is a production connection.\nTo {what}, {asked}:").format(
                name=shown, what=display_text(what, 200), asked=asked
            )
        )
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {PRODUCTION_COLOUR}; font-weight: bold;")
        layout.addWidget(self.message)
        self.typed = QLineEdit()
        self.typed.setPlaceholderText(
            shown if count is None else self.tr("{name}  or  {count}").format(name=shown, count=f"{count:,}")
        )
        layout.addWidget(self.typed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(what[:1].upper() + what[1:] if what else self.tr("OK"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.typed.textChanged.connect(lambda _text: self.ok_button.setEnabled(self.matches()))

    def matches(self) -> bool:
        """Whether what is typed is the connection's name (exactly) or, when a count is asked, that count."""
        text = self.typed.text()
        if text == self.expected:
            return True
        return self.count is not None and text.strip() in (str(self.count), f"{self.count:,}")

    def accept(self) -> None:
        if self.matches():
            super().accept()


def confirm_by_typing(parent: QWidget | None, name: str, what: str, count: int | None = None) -> bool:
    """Ask (modal) for the production connection's name before ``what``; True once typed and confirmed.

    ``count``: the number of tasks ``what`` takes; typing it ("10000" or "10,000") confirms as the name does.
    """
    dialog = TypeToConfirm(name, what, parent, count)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


__all__ = [
    "PRODUCTION_COLOUR",
    "TypeToConfirm",
    "confirm_by_typing",
    "lock_read_only",
    "profile_marks",
    "read_only_reason",
    "relock",
    "title_marks",
]
