"""Desktop notifications for watched tasks, and the tray icon with the counts of my running and newly failed tasks.

A notification goes, in this order of choice, to the desktop's notification service on the session
bus (desktop_notifications.py: GNOME, KDE, dunst, ... whether or not there is a tray), to the
tray's message bubble where there is a tray, else to a toast in the window's bottom-right corner
(a bare X server, offscreen). Clicking any of them opens the task. The tray icon, where there is
one, stays in the tray whichever channel tells.
"""

from __future__ import annotations

import html
import sys

from PySide6.QtCore import QEasingCurve, QEvent, QObject, QPointF, QPropertyAnimation, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsDropShadowEffect,
    QGraphicsOpacityEffect,
    QHBoxLayout,
    QMainWindow,
    QMenu,
    QSystemTrayIcon,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.domain.watch import Notification, coalesce
from desktop.models import plain_tip
from desktop.views.desktop_notifications import DesktopNotifications
from desktop.views.text import plain_label

TOAST_MS = 6000  # how long a toast stays (longer while the pointer is on it)
TOAST_WIDTH = 340
MAX_TOASTS = 3
MARGIN = 14
# Where a tray message goes to the desktop's notification server over D-Bus (org.freedesktop.Notifications),
# which may draw <b>, <a> and <img> in a body.
DBUS_PLATFORMS = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly", "sunos")
FINISHED_COLOR, FAILED_COLOR, BELL_COLOR, BADGE_COLOR = "#1f9d55", "#d64545", "#e0a100", "#d64545"


def tray_body(body: str, platform: str = sys.platform) -> str:
    """A tray message's body as the desktop will show it: text already through display_text (core/watch.py),
    and, where a notification server may read markup in it, escaped; Windows and macOS show it as text."""
    return html.escape(body, quote=False) if platform.startswith(DBUS_PLATFORMS) else body


def bell_pixmap(size: int = 16, color: str = BELL_COLOR) -> QPixmap:
    """A small bell, drawn rather than taken from a font: emoji fonts are missing on many desktops."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size, size)  # drawn in a unit square
    body = QPainterPath()
    body.moveTo(0.14, 0.76)
    body.cubicTo(0.24, 0.66, 0.24, 0.54, 0.24, 0.44)
    body.cubicTo(0.24, 0.26, 0.36, 0.16, 0.5, 0.16)
    body.cubicTo(0.64, 0.16, 0.76, 0.26, 0.76, 0.44)
    body.cubicTo(0.76, 0.54, 0.76, 0.66, 0.86, 0.76)
    body.closeSubpath()
    fill = QColor(color)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill.darker(135))
    painter.drawEllipse(QPointF(0.5, 0.12), 0.07, 0.07)  # the loop on top
    painter.drawEllipse(QPointF(0.5, 0.84), 0.11, 0.09)  # the clapper
    painter.setBrush(fill)
    painter.drawPath(body)
    painter.drawRoundedRect(QRectF(0.1, 0.72, 0.8, 0.08), 0.04, 0.04)  # the rim
    painter.end()
    return pixmap


def bell_icon(size: int = 16) -> QIcon:
    icon = QIcon()
    for scale in (1, 2):
        pixmap = bell_pixmap(size * scale)
        pixmap.setDevicePixelRatio(scale)
        icon.addPixmap(pixmap)
    return icon


def badged(icon: QIcon, count: int, size: int = 64) -> QIcon:
    """The app icon with a red badge holding ``count`` (new failures) in its top-right corner; no badge at 0."""
    if count <= 0:
        return icon
    pixmap = icon.pixmap(size, size)
    if pixmap.isNull():
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor("#2e7d32"))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    diameter = size * 0.56
    circle = QRectF(size - diameter, 0, diameter, diameter)
    painter.setPen(QColor("white"))
    painter.setBrush(QColor(BADGE_COLOR))
    painter.drawEllipse(circle.adjusted(1, 1, -1, -1))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(diameter * (0.62 if count < 10 else 0.48)))
    painter.setFont(font)
    painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, str(count) if count < 10 else "9+")
    painter.end()
    return QIcon(pixmap)


class Toast(QFrame):
    """One notification in the window's corner: clicking it opens the task; it fades after a few seconds."""

    clicked = Signal(str)
    gone = Signal()

    def __init__(self, note: Notification, parent: QWidget, lifetime_ms: int = TOAST_MS):
        super().__init__(parent)
        self.note = note
        self.setObjectName("toast")
        self.setFixedWidth(TOAST_WIDTH)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        stripe = FAILED_COLOR if note.failed else FINISHED_COLOR
        self.setStyleSheet(
            f"QFrame#toast {{ background: palette(base); border: 1px solid palette(mid); border-left: 4px solid {stripe};"
            " border-radius: 6px; }"
            " QLabel { background: transparent; border: none; }"
            " QToolButton { border: none; background: transparent; color: palette(mid); font-size: 14px; }"
        )
        if note.tasks == 1:
            self.setToolTip(self.tr("Click to open the task"))
        else:
            self.setToolTip(self.tr("Click to open the first failure") if note.failed else "")
        self.setAccessibleName(f"{note.title}. {note.body}")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 6, 10)
        layout.setSpacing(2)
        top = QHBoxLayout()
        top.setSpacing(6)
        self.mark = plain_label("✕" if note.failed else "✓")
        self.mark.setStyleSheet(f"color: {stripe}; font-weight: bold;")
        top.addWidget(self.mark)
        self.title = plain_label(note.title)
        self.title.setStyleSheet("font-weight: bold;")
        top.addWidget(self.title, 1)
        close = QToolButton()
        close.setText("×")
        close.setToolTip(self.tr("Dismiss"))
        close.setCursor(Qt.CursorShape.ArrowCursor)
        close.clicked.connect(self.dismiss)
        top.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.body = plain_label()
        self.body.setWordWrap(True)
        layout.addWidget(self.body)
        self._fit_text()

        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(18)
        shadow.setOffset(0, 2)
        shadow.setColor(QColor(0, 0, 0, 70))
        self.setGraphicsEffect(shadow)
        self._fade = None
        self._dismissed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(lifetime_ms)
        self._timer.timeout.connect(self.fade_out)
        self._timer.start()
        self.fit_height()

    def fit_height(self) -> None:
        """As tall as the wrapped text needs at the toast's width (adjustSize() guesses before the width is known)."""
        self.resize(TOAST_WIDTH, self.heightForWidth(TOAST_WIDTH))

    def _fit_text(self) -> None:
        """Title on one line, body on at most three: a long exception message must not make a tall toast."""
        metrics = self.title.fontMetrics()
        title_room = TOAST_WIDTH - 12 - 6 - 60
        self.title.setText(metrics.elidedText(self.note.title, Qt.TextElideMode.ElideRight, title_room))
        if self.title.text() != self.note.title:
            self.title.setToolTip(plain_tip(self.note.title))
        body_room = (TOAST_WIDTH - 12 - 6 - 8) * 3 - 40
        self.body.setText(self.body.fontMetrics().elidedText(self.note.body, Qt.TextElideMode.ElideRight, body_room))
        self.body.setVisible(bool(self.note.body))

    def enterEvent(self, event) -> None:  # noqa: N802 - Qt naming
        self._timer.stop()  # being read: it stays
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if self._fade is None:
            self._timer.start()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit(self.note.task_id)
            self.dismiss()
            return
        super().mouseReleaseEvent(event)

    def fade_out(self) -> None:
        if self._fade is not None:
            return
        effect = QGraphicsOpacityEffect(self)  # replaces the shadow: a widget has one effect at a time
        self.setGraphicsEffect(effect)
        self._fade = QPropertyAnimation(effect, b"opacity", self)
        self._fade.setDuration(300)
        self._fade.setStartValue(1.0)
        self._fade.setEndValue(0.0)
        self._fade.setEasingCurve(QEasingCurve.Type.InQuad)
        self._fade.finished.connect(self.dismiss)
        self._fade.start()

    def dismiss(self) -> None:
        if self._dismissed:
            return
        self._dismissed = True
        self._timer.stop()
        self.hide()
        self.gone.emit()
        self.deleteLater()


class Notifier(QObject):
    """Shows what the watch list has to tell (tray bubble or toast) and keeps the tray icon's counts."""

    openTaskRequested = Signal(str)  # a notification was clicked
    showWindowRequested = Signal()  # the tray icon was clicked, or its "Show window"
    quitRequested = Signal()  # the tray menu's Quit
    acknowledged = Signal()  # the user looked: the failures so far are no longer new

    def __init__(
        self,
        icon: QIcon,
        tray_available: bool | None = None,
        parent: QObject | None = None,
        desktop: DesktopNotifications | None = None,
    ):
        super().__init__(parent)
        self.icon = icon
        self.tray_available = QSystemTrayIcon.isSystemTrayAvailable() if tray_available is None else tray_available
        self.window: QWidget | None = None
        self.toasts: list[Toast] = []
        self.counts = (0, 0)
        self.last_message: Notification | None = None  # the tray bubble shown last (its click opens this task)
        self.tray: QSystemTrayIcon | None = None
        self.menu: QMenu | None = None
        if self.tray_available:
            self._build_tray()
        self.desktop = desktop  # the session bus's notification service, once its probe says there is one
        self.held: list[Notification] = []  # told while the probe runs: shown when it answers
        if desktop is not None:
            desktop.setParent(self)
            desktop.clicked.connect(self.open_task)
            desktop.undelivered.connect(lambda note: self.notify_here([note]))
            desktop.ready.connect(self._desktop_ready)
            desktop.start()

    @property
    def channel(self) -> str:
        """Where the next notification goes: "desktop", "tray", "toasts" (or "waiting" while the bus is asked)."""
        if self.desktop is not None and self.desktop.available is None:
            return "waiting"
        if self.desktop is not None and self.desktop.available:
            return "desktop"
        return "tray" if self.tray is not None and QSystemTrayIcon.supportsMessages() else "toasts"

    def _desktop_ready(self, available: bool) -> None:
        held, self.held = self.held, []
        self.notify(coalesce(held))

    # -- the tray ------------------------------------------------------------------------------
    def _build_tray(self) -> None:
        self.tray = QSystemTrayIcon(self.icon, self)
        self.menu = QMenu()  # a tray's menu has no parent widget; this object keeps it alive
        self.menu.addAction(self.tr("Show window"), self._show_window)
        self.menu.addSeparator()
        self.menu.addAction(self.tr("Quit"), self.quitRequested.emit)
        self.tray.setContextMenu(self.menu)
        self.tray.activated.connect(self._on_activated)
        self.tray.messageClicked.connect(self._on_message_clicked)
        self.tray.setToolTip(self.tooltip())
        self.tray.show()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self._show_window()

    def _show_window(self) -> None:
        self.showWindowRequested.emit()
        self.acknowledged.emit()

    def _on_message_clicked(self) -> None:
        if self.last_message is not None:
            self.open_task(self.last_message.task_id)

    def tooltip(self) -> str:
        running, failed = self.counts
        parts = [self.tr("{count} running").format(count=f"{running:,}")]
        if failed:
            parts.append(self.tr("{count} newly failed").format(count=f"{failed:,}"))
        return "Celery Desktop\n" + " · ".join(parts)

    def show_counts(self, running: int, newly_failed: int) -> None:
        """The tray's tooltip and badge; repainted only when a count changed."""
        if (running, newly_failed) == self.counts:
            return
        badge_changed = newly_failed != self.counts[1]
        self.counts = (running, newly_failed)
        if self.tray is not None:
            self.tray.setToolTip(self.tooltip())
            if badge_changed:
                self.tray.setIcon(badged(self.icon, newly_failed))

    # -- notifications -----------------------------------------------------------------------------
    def attach(self, window: QWidget) -> None:
        """Toasts go to this window from now on (a profile switch brings a new one)."""
        if self.window is not None:
            self.window.removeEventFilter(self)
        for toast in list(self.toasts):
            toast.dismiss()
        self.toasts = []
        self.window = window
        window.installEventFilter(self)

    def notify(self, notes: list[Notification]) -> None:
        if not notes:
            return
        channel = self.channel
        if channel == "waiting":
            self.held.extend(notes)
            return
        if channel == "desktop":
            for note in notes:  # a burst is already one summary (core/watch.py coalesce)
                self.desktop.show(note)
            return
        self.notify_here(notes)

    def notify_here(self, notes: list[Notification]) -> None:
        """The tray's bubble, or toasts in the window."""
        if self.tray is not None and QSystemTrayIcon.supportsMessages():
            note = coalesce(notes, limit=1)[0]  # a bubble replaces the one before: one that tells all
            icon = QSystemTrayIcon.MessageIcon.Warning if note.failed else QSystemTrayIcon.MessageIcon.Information
            self.last_message = note
            self.tray.showMessage(note.title, tray_body(note.body), icon, TOAST_MS)
            return
        for note in notes:
            self.show_toast(note)
        window = self.window
        if window is not None and not window.isActiveWindow():
            QApplication.alert(window, 0)  # the taskbar entry asks for attention

    def show_toast(self, note: Notification) -> Toast | None:
        if self.window is None:
            return None
        toast = Toast(note, self.window)
        toast.clicked.connect(self.open_task)
        toast.gone.connect(lambda t=toast: self._forget_toast(t))
        self.toasts.append(toast)
        while len(self.toasts) > MAX_TOASTS:
            self.toasts[0].dismiss()
        toast.show()
        toast.raise_()
        self._place_toasts()
        return toast

    def open_task(self, task_id: str) -> None:
        self.openTaskRequested.emit(task_id)
        self.acknowledged.emit()

    def _forget_toast(self, toast: Toast) -> None:
        if toast in self.toasts:
            self.toasts.remove(toast)
            self._place_toasts()

    def _place_toasts(self) -> None:
        """Newest at the bottom-right, older ones above it."""
        window = self.window
        if window is None:
            return
        bottom = window.height() - MARGIN
        if isinstance(window, QMainWindow) and window.statusBar().isVisible():
            bottom -= window.statusBar().height()
        for toast in reversed(self.toasts):
            toast.fit_height()
            bottom -= toast.height()
            toast.move(window.width() - toast.width() - MARGIN, bottom)
            bottom -= 8

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            kind = event.type()
            if kind == QEvent.Type.Resize and self.toasts:
                self._place_toasts()
            elif kind == QEvent.Type.WindowActivate:
                self.acknowledged.emit()
        return False

    def close(self) -> None:
        """The app is quitting: the tray icon goes at once (a stale one lingers on some desktops)."""
        if self.tray is not None:
            self.tray.hide()
        if self.desktop is not None:
            self.desktop.close()
        for toast in list(self.toasts):
            toast.dismiss()
