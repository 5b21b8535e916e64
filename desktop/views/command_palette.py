"""The command palette (Ctrl+K): type a few letters of anything the window can do or show, Enter runs it.

A frameless panel laid over the top of the main window: a line to type in, and below it the
best matches of the entries the app layer provides (tasks, task ids, workers, tabs, menu
actions …), each with its kind, title, detail and shortcut, the typed characters highlighted
in the title. Keyboard only from start to end: Up/Down/PageUp/PageDown/Home/End choose, Enter
runs, Escape closes (so does focus leaving it). The palette never sees the session: it is handed
the entries, and each entry's ``run``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsDropShadowEffect,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.domain.fuzzy import FuzzyIndex, Match
from desktop.views.text import plain_label

LIMIT = 50  # matches shown; typing more narrows them
MatchRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class PaletteEntry:
    """One thing the palette offers. Texts are shown as given (plain text): the app layer cleans what came off the wire."""

    kind: str  # "Task", "Task id", "Worker", "Tab", "Action" …: a short tag in front
    title: str  # what the typed characters are matched against, and highlighted in
    detail: str = ""
    shortcut: str = ""  # as the menus show it ("Ctrl+Shift+N")
    run: Callable[[], object] = field(default=lambda: None, compare=False)


class PaletteModel(QAbstractListModel):
    """The entries shown, each with its match (for the highlighted characters)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.rows: list[tuple[PaletteEntry, Match | None]] = []

    def set_rows(self, rows: list[tuple[PaletteEntry, Match | None]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        entry, match = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return entry
        if role == MatchRole:
            return match
        return None


class PaletteDelegate(QStyledItemDelegate):
    """A row: kind (a small grey tag), the title with the matched characters in bold and the accent
    colour, the detail in grey after it, the shortcut right-aligned."""

    KIND_WIDTH = 76

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(0, QFontMetrics(option.font).height() + 12)  # as wide as the list: titles are elided

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        entry: PaletteEntry = index.data(Qt.ItemDataRole.UserRole)
        match: Match | None = index.data(MatchRole)
        widget = option.widget
        style = widget.style() if widget else QApplication.style()
        plain = QStyleOptionViewItem(option)
        self.initStyleOption(plain, index)
        plain.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_colour = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        dim = QColor(text_colour)
        dim.setAlpha(150)
        accent = QColor("#ffd166") if selected else QColor("#1a73e8")
        rect = option.rect.adjusted(8, 0, -8, 0)
        painter.save()
        font = QFont(option.font)
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() - 1, 6))
        bold = QFont(font)
        bold.setBold(True)

        painter.setFont(small)
        painter.setPen(dim)
        kind_rect = QRect(rect.left(), rect.top(), self.KIND_WIDTH - 8, rect.height())
        painter.drawText(
            kind_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, _elided(small, entry.kind, kind_rect.width())
        )

        right = rect.right()
        if entry.shortcut:
            metrics = QFontMetrics(small)
            width = metrics.horizontalAdvance(entry.shortcut) + 12
            box = QRect(right - width, rect.top() + 5, width, rect.height() - 10)
            painter.setPen(dim)
            painter.drawRoundedRect(box, 3, 3)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, entry.shortcut)
            right = box.left() - 10

        x = rect.left() + self.KIND_WIDTH
        room = right - x
        highlighted = set(match.positions) if match is not None else set()
        title = _elided(font, entry.title, room) if highlighted == set() else entry.title
        for position, char in enumerate(title):  # character by character: matched ones bold and coloured
            on = position in highlighted
            face = bold if on else font
            advance = QFontMetrics(face).horizontalAdvance(char)
            if x + advance > rect.left() + self.KIND_WIDTH + room:
                painter.setFont(font)
                painter.setPen(text_colour)
                painter.drawText(QRect(x, rect.top(), room, rect.height()), Qt.AlignmentFlag.AlignVCenter, "…")
                x = right
                break
            painter.setFont(face)
            painter.setPen(accent if on else text_colour)
            painter.drawText(QRect(x, rect.top(), advance + 2, rect.height()), Qt.AlignmentFlag.AlignVCenter, char)
            x += advance
        if entry.detail and x + 40 < right:
            painter.setFont(small)
            painter.setPen(dim)
            detail_rect = QRect(x + 12, rect.top(), right - x - 12, rect.height())
            painter.drawText(detail_rect, Qt.AlignmentFlag.AlignVCenter, _elided(small, entry.detail, detail_rect.width()))
        painter.restore()


def _elided(font: QFont, text: str, width: int) -> str:
    return QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, max(width, 0))


class CommandPalette(QFrame):
    """The palette over ``parent`` (the main window). ``entries`` is asked each time it opens; ``suggest`` at each
    keystroke, for entries made from the typed text itself (shown first)."""

    ran = Signal(object)  # the PaletteEntry run
    closed = Signal()

    def __init__(
        self,
        parent: QWidget,
        entries: Callable[[], Sequence[PaletteEntry]],
        suggest: Callable[[str], Sequence[PaletteEntry]] = lambda text: (),
    ):
        super().__init__(parent)
        self.setObjectName("commandPalette")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#commandPalette { border: 1px solid palette(mid); border-radius: 6px; background: palette(window); }")
        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(24)
        shadow.setOffset(0, 6)
        shadow.setColor(QColor(0, 0, 0, 90))
        self.setGraphicsEffect(shadow)
        self._entries_of, self._suggest = entries, suggest
        self.entries: list[PaletteEntry] = []
        self._index = FuzzyIndex([])

        self.input = QLineEdit()
        self.input.setPlaceholderText(self.tr("Type a task, a task id, a worker, a tab or an action…"))
        self.input.setClearButtonEnabled(True)
        font = self.input.font()
        font.setPointSizeF(font.pointSizeF() + 2)
        self.input.setFont(font)
        self.input.textChanged.connect(self._refilter)
        self.input.installEventFilter(self)

        self.model = PaletteModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(PaletteDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay in the line; it moves the list
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.list.activated.connect(lambda index: self.run_row(index.row()))
        self.list.clicked.connect(lambda index: self.run_row(index.row()))
        self.status = plain_label()
        self.status.setStyleSheet("color: palette(mid);")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.setSpacing(6)
        layout.addWidget(self.input)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        self.hide()
        QApplication.instance().focusChanged.connect(self._focus_changed)

    # -- opening and closing ------------------------------------------------------------------
    def open(self) -> None:
        """Shown over the top of the window with the entries as they are now, the line empty and focused."""
        self.entries = list(self._entries_of())
        self._index = FuzzyIndex([e.title for e in self.entries])
        self._place()
        self.input.blockSignals(True)
        self.input.clear()
        self.input.blockSignals(False)
        self._refilter("")
        self.show()
        self.raise_()
        self.input.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def close_palette(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()
            parent = self.parentWidget()
            if parent is not None:
                parent.setFocus(Qt.FocusReason.OtherFocusReason)

    def _place(self) -> None:
        parent = self.parentWidget()
        width = min(760, max(420, int(parent.width() * 0.6)))
        height = min(460, max(220, parent.height() - 120))
        self.setGeometry((parent.width() - width) // 2, 56, width, height)

    def _focus_changed(self, _old, new) -> None:
        if self.isVisible() and new is not None and not self.isAncestorOf(new) and new is not self:
            self.close_palette()  # the user went elsewhere

    # -- matching ----------------------------------------------------------------------------------
    def _refilter(self, text: str) -> None:
        extra = [(entry, None) for entry in self._suggest(text)]
        found = self._index.search(text, limit=LIMIT)
        rows = extra + [(self.entries[i], match if text.strip() else None) for i, match in found]
        self.model.set_rows(rows)
        total, matched = len(self.entries), self._index.matched
        if not text.strip():
            shown = (self.tr("{shown} of {total} — type to narrow") if total > LIMIT else self.tr("{shown} of {total}")).format(
                shown=f"{min(total, LIMIT):,}", total=f"{total:,}"
            )
        elif matched > LIMIT:
            shown = self.tr("best {limit} of {matched} matches").format(limit=LIMIT, matched=f"{matched:,}")
        else:
            shown = (self.tr("{matched} match") if matched == 1 else self.tr("{matched} matches")).format(matched=f"{matched:,}")
        self.status.setText(self.tr("{shown} · ↑↓ choose · Enter run · Esc close").format(shown=shown))
        if rows:
            self.list.setCurrentIndex(self.model.index(0))

    def current_entry(self) -> PaletteEntry | None:
        row = self.list.currentIndex().row()
        return self.model.rows[row][0] if 0 <= row < len(self.model.rows) else None

    def shown_titles(self) -> list[str]:
        return [entry.title for entry, _m in self.model.rows]

    def run_row(self, row: int) -> None:
        if not 0 <= row < len(self.model.rows):
            return
        entry = self.model.rows[row][0]
        self.close_palette()
        entry.run()
        self.ran.emit(entry)

    # -- keys --------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and event.type() == QEvent.Type.KeyPress and self._key(event):
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._key(event):
            super().keyPressEvent(event)

    def _key(self, event: QKeyEvent) -> bool:
        key, rows = event.key(), self.model.rowCount()
        row = self.list.currentIndex().row()
        page = max(1, self.list.viewport().height() // max(1, self.list.sizeHintForRow(0)) - 1) if rows else 1
        moves = {
            Qt.Key.Key_Down: row + 1,
            Qt.Key.Key_Up: row - 1,
            Qt.Key.Key_PageDown: row + page,
            Qt.Key.Key_PageUp: row - page,
        }
        if key == Qt.Key.Key_Escape:
            self.close_palette()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.run_row(row)
            return True
        if key in moves:
            if rows:
                self.list.setCurrentIndex(self.model.index(max(0, min(rows - 1, moves[key]))))
            return True
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End) and event.modifiers() & Qt.KeyboardModifier.ControlModifier and rows:
            self.list.setCurrentIndex(self.model.index(0 if key == Qt.Key.Key_Home else rows - 1))
            return True
        return False
