"""Widgets that repaint what changed, not everything around it.

A console streaming task states changes a few labels and a table many times a second; each
repaint that Qt does "to be safe" (a whole tab page, a scroll bar that looks the same) was a
large part of its CPU.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QScrollBar, QSizePolicy, QStackedWidget, QStyle, QStyleOptionSlider, QTabWidget, QWidget

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
    handle, size, state and palette is copied instead, and a new range that leaves the handle
    where it was repaints nothing. Under the mouse or while dragged it always draws (a style may
    animate its hover).
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

    def sliderChange(self, change) -> None:  # noqa: N802 - Qt's name
        """A new range or step that leaves the handle on the same pixels repaints nothing."""
        if change != QScrollBar.SliderChange.SliderValueChange and self._picture_key is not None:
            option = QStyleOptionSlider()
            self.initStyleOption(option)
            option.subControls = QStyle.SubControl.SC_All
            if self._look(option) == self._picture_key:
                return
        super().sliderChange(change)

    def paintEvent(self, event) -> None:
        if self.underMouse() or self.isSliderDown():
            self._picture = self._picture_key = None
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


class StatusLine(QWidget):
    """One line of plain text that changes often (the poller's figures): repainted in place, never laid out.

    A QLabel whose text changes asks every layout up to the window to run again (its size hint
    may have changed), ten times a second while tasks stream in. This line takes the width its
    layout gives it and elides what does not fit; its size hint follows its font, not its text.
    The text is drawn as it is (QPainter.drawText: no rich text).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 - QLabel's name, which callers use
        if text != self._text:
            self._text = text
            self.update()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 20, metrics.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().height())

    def paintEvent(self, event) -> None:
        if not self._text:
            return
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = self.contentsRect()
        line = self._text.replace("\n", " ")
        shown = self.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), shown)
        painter.end()


def set_steady_text(label: QLabel, text: str) -> None:
    """Set a label's text without laying out its window again while the text keeps about its size.

    The label's size is fixed to the widest text it has shown, so a count going 998 → 999 asks
    no layout anything (a label of fixed size does not pass its changes up); it grows when a text
    needs more room and shrinks when one needs much less (a filter's "12 of 300 match" cleared).
    """
    if text == label.text():  # a rich-text label set to the same text lays out and repaints again
        return
    label.setText(text)
    hint, fixed = label.sizeHint(), label.minimumSize()
    if hint.width() > fixed.width() or hint.height() > fixed.height() or hint.width() < fixed.width() * 3 // 4:
        label.setFixedSize(hint)
