"""Tabs whose views are built when first needed: a blank page holds each tab's place until then.

A view is built the first time its tab is selected, when code asks for it (``view``), or, once
the window is painted, one per event-loop turn (``build_rest_in_turns``), so no single turn of
the GUI thread builds them all. The built view takes the blank page's place in the tab widget,
so ``tabs.setCurrentWidget(view)`` and ``tabs.widget(i)`` see the view itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QTabWidget, QWidget


class LazyTabs(QObject):
    def __init__(self, tabs: QTabWidget):
        super().__init__(tabs)
        self.tabs = tabs
        self._placeholders: dict[str, QWidget] = {}
        self._builders: dict[str, Callable[[], QWidget]] = {}
        self._views: dict[str, QWidget] = {}
        self._when_built: dict[str, list[Callable[[QWidget], None]]] = {}
        tabs.currentChanged.connect(self._selected)

    def add(self, key: str, title: str) -> None:
        """A tab, blank until its builder is given and it is needed."""
        placeholder = QWidget()
        self._placeholders[key] = placeholder
        self.tabs.addTab(placeholder, title)

    def set_builder(self, key: str, build: Callable[[], QWidget], at_once: bool = True) -> None:
        """How the tab's view is made; made now when the tab is the one showing (unless not ``at_once``)."""
        self._builders[key] = build
        placeholder = self._placeholders.get(key)
        if at_once and placeholder is not None and self.tabs.currentWidget() is placeholder:
            self.view(key)

    def is_built(self, key: str) -> bool:
        return key in self._views

    def view(self, key: str) -> QWidget:
        """The tab's view, built now if it was not yet (KeyError while it has no builder)."""
        if key in self._views:
            return self._views[key]
        widget = self._builders[key]()
        self._views[key] = widget
        self._replace(self._placeholders.pop(key), widget)
        for callback in self._when_built.pop(key, []):
            callback(widget)
        return widget

    def when_built(self, key: str, callback: Callable[[QWidget], None]) -> None:
        """Call ``callback(view)`` once the tab's view exists (now, if it does)."""
        if key in self._views:
            callback(self._views[key])
        else:
            self._when_built.setdefault(key, []).append(callback)

    def build_rest_in_turns(self) -> None:
        """Build the tabs not built yet, one per event-loop turn, so the window answers in between."""

        def next_one() -> None:
            waiting = [key for key in self._builders if key not in self._views]
            if waiting:
                self.view(waiting[0])
                if len(waiting) > 1:
                    QTimer.singleShot(0, self, next_one)

        QTimer.singleShot(0, self, next_one)

    def _selected(self, index: int) -> None:
        page = self.tabs.widget(index)
        for key, placeholder in self._placeholders.items():
            if page is placeholder and key in self._builders:
                self.view(key)
                return

    def _replace(self, placeholder: QWidget, widget: QWidget) -> None:
        tabs = self.tabs
        index = tabs.indexOf(placeholder)
        current = tabs.currentIndex()
        text, tip = tabs.tabText(index), tabs.tabToolTip(index)
        tabs.blockSignals(True)  # the same tab stays current: no tab was chosen, nothing else is built
        try:
            tabs.removeTab(index)
            tabs.insertTab(index, widget, text)
            tabs.setTabToolTip(index, tip)
            tabs.setCurrentIndex(current)
        finally:
            tabs.blockSignals(False)
        placeholder.deleteLater()
