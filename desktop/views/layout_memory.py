"""The window's layout kept per profile: taken from the widgets by object name, given back to them when they are built.

What is kept: the window's geometry (maximised too) and state, every named QSplitter's sizes, every
named table's header (column widths, order, hidden columns, sort), the current tab, and the
fields and boxes marked with ``remember_values`` (the results view's filter and "All tasks"); and
for the windows of their own given to ``adopt_window`` (the workflow composer, a queue's message
browser), their size and place and their splitters and tables, kept when they are hidden or closed;
and for parts made many times over (a call form per task, given to ``adopt_each``), the sizes the
last one's splitter was moved to, given to each new one.
Tabs are built lazily: each one gets its saved state the moment it is built, and until then
what was saved for it is carried over unchanged. The layout is written when the window closes,
when its console closes (a profile switch, the app quitting), and a few seconds after a change,
so a crash loses little. Saved data that does not fit (another version's, another table's
columns) is skipped with a note in the log; the widget keeps its default.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QSplitter,
    QTableView,
    QTreeView,
    QWidget,
)

from desktop.core.store.layout_store import Layout, LayoutStore
from desktop.views.main_window import TABS, MainWindow

log = logging.getLogger(__name__)

REMEMBERED = "rememberedValue"  # dynamic property: this field's text (a box's check) is kept with the layout
SHARED = "layoutShared"  # dynamic property: a splitter of a part made many times over (adopt_each)
KEEP_WIDTHS = "keepColumnWidths"  # dynamic property: the table's widths are the user's, not fitted to its rows
SAVE_AFTER_MS = 3000  # a change is written at most this long after it (a crash loses no more)


def share_sizes(*splitters: QSplitter) -> None:
    """Splitters of a part made many times over (a task's call form): each new one opens at the sizes the
    last one was moved to (``LayoutMemory.adopt_each``), instead of being kept one by one."""
    for splitter in splitters:
        splitter.setProperty(SHARED, True)


def remember_values(*widgets: QWidget) -> None:
    """Keep these widgets' values (a QLineEdit's text, a QComboBox's choice, a checkable button) with the layout.

    Each needs a stable objectName: it is the key in the file.
    """
    for widget in widgets:
        widget.setProperty(REMEMBERED, True)


def header_of(view: QAbstractItemView) -> QHeaderView | None:
    if isinstance(view, QTableView):
        return view.horizontalHeader()
    if isinstance(view, QTreeView):
        return view.header()
    return None


def restore_geometry(window: QWidget, layout: Layout) -> bool:
    """The saved geometry (before the window is shown: it does not jump), kept on the screens there are now."""
    if not layout.geometry:
        return False
    if not window.restoreGeometry(layout.geometry):
        log.warning("the saved window geometry could not be read (another version's?); default size kept")
        return False
    keep_on_screen(window)
    return True


def keep_on_screen(window: QWidget) -> None:
    """A window whose title bar is on no screen (saved on a monitor since unplugged) moves to the primary screen, fitted."""
    rect = window.geometry()
    title_bar = QRect(rect.x(), rect.y() - 30, rect.width(), 60)
    for screen in QGuiApplication.screens():
        seen = title_bar.intersected(screen.availableGeometry())
        if seen.width() >= min(100, rect.width()) and seen.height() >= 10:
            return
    primary = QGuiApplication.primaryScreen()
    if primary is None:
        return
    available = primary.availableGeometry()
    size = rect.size().boundedTo(available.size())
    moved = QRect(QPoint(0, 0), size)
    moved.moveCenter(available.center())
    log.info("the saved window position is on no screen now: moved to the primary screen")
    window.setGeometry(moved)


class LayoutMemory(QObject):
    """One window's layout, applied from its profile's LayoutStore and written back to it."""

    def __init__(self, window: MainWindow, store: LayoutStore):
        super().__init__(window)
        self.window, self.store = window, store
        self.saved = store.load()
        if store.note:
            log.warning("%s", store.note)
        self.restored_geometry = False
        self._written: Layout | None = self.saved
        self._splitters: dict[str, QSplitter] = {}
        self._headers: dict[str, QHeaderView] = {}
        self._values: dict[str, QWidget] = {}
        self._windows: dict[str, QWidget] = {}  # windows of their own, by object name (the open one)
        self._pending: dict[str, bytes] = {}  # splitter name -> its saved state, given at its first show
        self._defaults = Layout(window_state=bytes(window.saveState().data()))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_AFTER_MS)
        self._timer.timeout.connect(self.save)
        if not window.isVisible():  # a window shown already had its geometry given before (app/run.py)
            self.restored_geometry = restore_geometry(window, self.saved)
        if self.saved.window_state and not window.restoreState(self.saved.window_state):
            log.warning("the saved window state could not be read; default kept")
        for key, _title in TABS:
            window.lazy_tabs.when_built(key, self.adopt)
        self._restore_tab(self.saved.tab)
        window.tabs.currentChanged.connect(self.changed)
        window.installEventFilter(self)

    # -- taking widgets in -----------------------------------------------------------------------
    def adopt(self, root: QWidget) -> None:
        """A tab's widgets, just built: their defaults noted, their saved state given, their changes followed."""
        splitters = root.findChildren(QSplitter)
        if isinstance(root, QSplitter):  # Calls & results is one
            splitters.insert(0, root)
        for splitter in splitters:
            name = splitter.objectName()
            if not name or splitter.property(SHARED) or _still_there(self._splitters.get(name)):
                continue
            self._splitters[name] = splitter
            state = self.saved.splitters.get(name)
            if splitter.isVisible():
                self._restore_splitter(name, splitter, state)
            else:  # sizes given to a splitter not laid out yet are squeezed into its size then: at its first show
                if state:
                    self._pending[name] = state
                splitter.installEventFilter(self)
            splitter.splitterMoved.connect(self.changed)
        for view in root.findChildren(QAbstractItemView):
            name, header = view.objectName(), header_of(view)
            if not name or header is None or _still_there(self._headers.get(name)):
                continue
            self._headers[name] = header
            self._defaults.headers[name] = bytes(header.saveState().data())
            self._defaults.columns[name] = header.count()
            self._restore_header(name, header, self.saved)
            header.sectionResized.connect(self._resized)
            header.sectionMoved.connect(self.changed)
            header.sortIndicatorChanged.connect(self.changed)
            header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            header.customContextMenuRequested.connect(lambda point, h=header: self._column_menu(h, point))
        for widget in root.findChildren(QWidget):
            name = widget.objectName()
            if not widget.property(REMEMBERED) or not name or _still_there(self._values.get(name)):
                continue
            self._values[name] = widget
            self._defaults.values[name] = _value(widget)
            if name in self.saved.values:
                _set_value(widget, self.saved.values[name])
            for signal in _value_signals(widget):
                signal.connect(self.changed)

    def adopt_window(self, window: QWidget) -> None:
        """A window of its own, just made: its saved size and place given (by its object name), its parts adopted.

        One name serves every window of a kind (each queue's message browser opens where the last one was)."""
        name = window.objectName()
        if not name:
            return
        self._windows[name] = window
        geometry = self.saved.windows.get(name)
        if geometry and not window.isVisible():
            if window.restoreGeometry(geometry):
                keep_on_screen(window)
            else:
                log.warning("the saved size of %s could not be read; default kept", name)
        self.adopt(window)
        window.installEventFilter(self)

    def adopt_each(self, root: QWidget) -> None:
        """A part made many times over (a task's call form): each named splitter opens at the sizes the last
        one was moved to, and a move is kept for the next (several may be open: they do not follow each other)."""
        for splitter in root.findChildren(QSplitter):
            name = splitter.objectName()
            if not name or not splitter.property(SHARED):
                continue
            state = self.saved.splitters.get(name)
            if splitter.isVisible():
                if state:
                    splitter.restoreState(state)
            else:
                splitter.installEventFilter(self)  # sizes given at its first show, once laid out
            splitter.splitterMoved.connect(lambda *_, s=splitter: self._keep_shared(s))

    def _keep_shared(self, splitter: QSplitter) -> None:
        state = bytes(splitter.saveState().data())
        self.saved = replace(self.saved, splitters={**self.saved.splitters, splitter.objectName(): state})
        self.changed()

    def _keep_window(self, window: QWidget) -> None:
        """A window hidden or closing: what it looks like is kept now (once deleted, it cannot be asked)."""
        name = window.objectName()
        splitters, headers, columns = dict(self.saved.splitters), dict(self.saved.headers), dict(self.saved.columns)
        for splitter in window.findChildren(QSplitter):
            part = splitter.objectName()
            if self._splitters.get(part) is splitter and part in self._defaults.splitters and part not in self._pending:
                splitters[part] = bytes(splitter.saveState().data())
        for part, header in self._headers.items():
            if _still_there(header) and window.isAncestorOf(header):
                headers[part], columns[part] = bytes(header.saveState().data()), header.count()
        windows = {**self.saved.windows, name: bytes(window.saveGeometry().data())}
        self.saved = replace(self.saved, windows=windows, splitters=splitters, headers=headers, columns=columns)
        self.changed()

    def _restore_splitter(self, name: str, splitter: QSplitter, state: bytes | None) -> None:
        """Its default noted as laid out (what Reset layout goes back to), then its saved sizes given."""
        self._defaults.splitters[name] = bytes(splitter.saveState().data())
        if state and not splitter.restoreState(state):
            log.warning("the saved sizes of %s could not be read; defaults kept", name)

    def _restore_header(self, name: str, header: QHeaderView, layout: Layout) -> None:
        state = layout.headers.get(name)
        if not state:
            return
        if layout.columns.get(name) != header.count():  # Qt would take another table's columns as they are
            log.warning(
                "the saved columns of %s are for %s columns, not %s; defaults kept",
                name,
                layout.columns.get(name),
                header.count(),
            )
            return
        if not header.restoreState(state):
            log.warning("the saved columns of %s could not be read; defaults kept", name)
            return
        view = header.parent()
        if isinstance(view, QWidget):
            view.setProperty(KEEP_WIDTHS, True)

    def _restore_tab(self, key: str) -> None:
        keys = [k for k, _title in TABS]
        if key in keys and keys.index(key) < self.window.tabs.count():
            self.window.tabs.setCurrentIndex(keys.index(key))  # builds that tab now (and restores it)

    # -- the user's changes --------------------------------------------------------------------------
    def changed(self, *_) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def _resized(self, *_) -> None:
        """A column dragged or hidden by the user; not one fitted to its rows as they come."""
        if QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            self.changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.WindowStateChange):
            if self.window.isVisible():
                self.changed()
        elif isinstance(watched, QWidget) and self._windows.get(watched.objectName()) is watched:
            if event.type() == QEvent.Type.Hide:  # closing too (a closed window is hidden first)
                self._keep_window(watched)
            elif event.type() in (QEvent.Type.Move, QEvent.Type.Resize) and watched.isVisible():
                self.changed()
        elif event.type() == QEvent.Type.Show and isinstance(watched, QSplitter) and watched.property(SHARED):
            watched.removeEventFilter(self)
            state = self.saved.splitters.get(watched.objectName())
            if state and not watched.restoreState(state):
                log.warning("the saved sizes of %s could not be read; defaults kept", watched.objectName())
        elif event.type() == QEvent.Type.Show and isinstance(watched, QSplitter):
            watched.removeEventFilter(self)
            self._restore_splitter(watched.objectName(), watched, self._pending.pop(watched.objectName(), None))
        return False

    def _column_menu(self, header: QHeaderView, point) -> None:
        """Right-click on a header: show or hide each column (one stays)."""
        menu = QMenu(header)
        model = header.model()
        shown = [i for i in range(header.count()) if not header.isSectionHidden(i)]
        for logical in range(header.count()):
            title = model.headerData(logical, Qt.Orientation.Horizontal) if model is not None else None
            action = menu.addAction(str(title or self.tr("Column {number}").format(number=logical + 1)))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(logical))
            action.setEnabled(header.isSectionHidden(logical) or len(shown) > 1)
            action.toggled.connect(lambda on, i=logical: (header.setSectionHidden(i, not on), self.changed()))
        header.column_menu = menu  # kept for a test to read; replaced at the next right-click
        menu.popup(header.mapToGlobal(point))

    # -- writing and resetting ---------------------------------------------------------------------
    def collect(self) -> Layout:
        """The layout now: the live widgets' states over what was saved for the ones not built yet."""
        layout = replace(
            self.saved,
            splitters=dict(self.saved.splitters),
            headers=dict(self.saved.headers),
            columns=dict(self.saved.columns),
            values=dict(self.saved.values),
            windows=dict(self.saved.windows),
        )
        window = self.window
        layout.geometry = bytes(window.saveGeometry().data())
        layout.window_state = bytes(window.saveState().data())
        for name, splitter in list(self._splitters.items()):
            # never shown (its default notes its first show): its sizes mean nothing yet, what was saved stays
            if shiboken6.isValid(splitter) and name in self._defaults.splitters and name not in self._pending:
                layout.splitters[name] = bytes(splitter.saveState().data())
        for name, header in list(self._headers.items()):
            if shiboken6.isValid(header):
                layout.headers[name] = bytes(header.saveState().data())
                layout.columns[name] = header.count()
        for name, widget in list(self._values.items()):
            if shiboken6.isValid(widget):
                layout.values[name] = _value(widget)
        for name, other in list(self._windows.items()):
            if _still_there(other) and other.isVisible():
                layout.windows[name] = bytes(other.saveGeometry().data())
        index = window.tabs.currentIndex()
        layout.tab = TABS[index][0] if 0 <= index < len(TABS) else ""
        return layout

    def save(self) -> None:
        """Write the layout if it changed since last written (the window closing, a switch, a change a while ago)."""
        if not shiboken6.isValid(self) or not shiboken6.isValid(self.window):
            return  # gone with its window, which saved on closing
        self._timer.stop()
        layout = self.collect()
        if layout == self._written:
            return
        try:
            self.store.save(layout)
        except OSError as exc:
            log.warning("the window layout could not be saved: %s", exc)
            return
        self._written = layout
        self.saved = layout

    def reset(self) -> None:
        """View › Reset layout: every part back to how the window was made, and the saved layout forgotten."""
        try:
            self.store.forget()
        except OSError as exc:
            log.warning("the saved layout could not be removed: %s", exc)
        self.saved = Layout()
        window, defaults = self.window, self._defaults
        if window.isMaximized() or window.isFullScreen():
            window.showNormal()
        window.restoreState(defaults.window_state)
        screen = window.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else QRect(QPoint(0, 0), window.default_size)
        window.resize(window.default_size.boundedTo(available.size()))  # centred on the screen it is on
        frame = window.frameGeometry()
        frame.moveCenter(available.center())
        window.move(frame.topLeft())
        keep_on_screen(window)
        self._pending.clear()
        for name, splitter in self._splitters.items():
            if shiboken6.isValid(splitter) and name in defaults.splitters:  # else never shown: as it was made
                splitter.restoreState(defaults.splitters[name])
        for name, header in self._headers.items():
            if shiboken6.isValid(header):
                header.restoreState(defaults.headers[name])
                view = header.parent()
                if isinstance(view, QWidget):
                    view.setProperty(KEEP_WIDTHS, False)
        for name, widget in self._values.items():
            if shiboken6.isValid(widget):
                _set_value(widget, defaults.values[name])
        window.tabs.setCurrentIndex(0)
        self._timer.stop()  # the defaults are not written back: the file stays forgotten until the next change
        self._written = self.collect()


def _still_there(widget: QObject | None) -> bool:
    """Adopted and not deleted since (a message browser closed is deleted; the next one is adopted afresh)."""
    return widget is not None and shiboken6.isValid(widget)


def _value(widget: QWidget) -> str | bool:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    return ""


def _set_value(widget: QWidget, value: str | bool) -> None:
    """A saved value given back through the widget's own setter, so whatever follows it (the filter) follows."""
    if isinstance(widget, QLineEdit) and isinstance(value, str):
        widget.setText(value)
    elif isinstance(widget, QComboBox) and isinstance(value, str):
        index = widget.findText(value)
        if index >= 0:
            widget.setCurrentIndex(index)
    elif isinstance(widget, QAbstractButton) and isinstance(value, bool) and widget.isCheckable():
        widget.setChecked(value)


def _value_signals(widget: QWidget) -> list:
    if isinstance(widget, QLineEdit):
        return [widget.textChanged]
    if isinstance(widget, QComboBox):
        return [widget.currentIndexChanged]
    if isinstance(widget, QAbstractButton):
        return [widget.toggled]
    return []
