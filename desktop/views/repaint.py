"""Widgets that repaint what changed, not everything around it.

A console streaming task states changes a few labels and a table many times a second; each
repaint that Qt does "to be safe" (a whole tab page, a scroll bar that looks the same) was a
large part of its CPU.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QScrollBar, QStackedWidget, QStyle, QStyleOptionSlider, QTabWidget

_CORNERS = (Qt.Corner.TopLeftCorner, Qt.Corner.TopRightCorner)


class QuietTabWidget(QTabWidget):
    """A QTabWidget that repaints on a layout request only when its tab bar or page moved.

    QTabWidget answers every LayoutRequest (any label in any page whose text changes sends one
    up) by laying out its tab bar and page again and repainting itself and everything in it:
    the whole window, ten times a second while a status line or a row count changes. When
    nothing it places would move, only the request is passed on (a page's size hints may
    have changed for the window's own layout).
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._laid_out: tuple | None = None
        self._stack = self.findChild(QStackedWidget)

    def _layout_key(self) -> tuple:
        bar = self.tabBar()
        corners = tuple(
            (w.isVisibleTo(self), w.sizeHint(), w.geometry()) if w is not None else None
            for w in (self.cornerWidget(c) for c in _CORNERS)
        )
        stack = self._stack.geometry() if self._stack is not None else None
        return (self.size(), bar.isVisibleTo(self), bar.sizeHint(), bar.geometry(), stack, corners)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            key = self._layout_key()
            if key == self._laid_out:
                self.updateGeometry()
                return True
            handled = super().event(event)
            self._laid_out = self._layout_key()
            return handled
        return super().event(event)


class StillScrollBar(QScrollBar):
    """A scroll bar that draws its last picture again when its look has not changed.

    An item view lays out its scroll bars again at each row inserted or removed (QTableView's
    updateGeometries sets their margins and steps anew), and each time Qt repaints both, even
    when the handle stays on the same pixels (rows added below a long list). The style's
    drawing of a scroll bar is the costly part; a picture kept from the last one with the same
    handle, size, state and palette is copied instead. Under the mouse or while dragged it
    always draws (a style may animate its hover).
    """

    def __init__(self, orientation, parent=None):
        super().__init__(orientation, parent)
        self._picture: QPixmap | None = None
        self._picture_key: tuple | None = None

    def _look(self, option: QStyleOptionSlider) -> tuple:
        handle = self.style().subControlRect(
            QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarSlider, self
        )
        return (
            self.size(),
            handle,
            option.minimum == option.maximum,
            option.sliderPosition <= option.minimum,
            option.sliderPosition >= option.maximum,
            int(option.state.value) if hasattr(option.state, "value") else int(option.state),
            option.activeSubControls,
            option.palette.cacheKey(),
            self.devicePixelRatioF(),
            self.style().name(),
        )

    def paintEvent(self, event) -> None:
        if self.underMouse() or self.isSliderDown():
            self._picture = None
            super().paintEvent(event)
            return
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        option.subControls = QStyle.SubControl.SC_All
        key = self._look(option)
        if key != self._picture_key or self._picture is None:
            ratio = self.devicePixelRatioF()
            picture = QPixmap(QSize(round(self.width() * ratio), round(self.height() * ratio)))
            picture.setDevicePixelRatio(ratio)
            picture.fill(Qt.GlobalColor.transparent)
            painter = QPainter(picture)
            self.style().drawComplexControl(QStyle.ComplexControl.CC_ScrollBar, option, painter, self)
            painter.end()
            self._picture, self._picture_key = picture, key
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._picture)
        painter.end()
