"""Icons on the main window's menu actions and buttons: the desktop's icon theme, else bundled line icons.

Each icon is named as in the freedesktop icon naming spec. ``QIcon.fromTheme`` gives the desktop's
own when its theme has one; offscreen, in the bundle and on desktops without a theme the bundled
SVG (``resources/icons/actions/<name>.svg``, drawn for this project) is used instead. The bundled
ones are monochrome and painted in the palette's text colour when drawn, so they follow the light
or dark theme (views/theme.py) without being set again. A theme's icons are drawn for the
desktop's own scheme: when the console's palette is the other one (dark chosen in Settings on a
light desktop), the bundled icons are used, so no black icon lands on a dark button.

Actions and buttons are matched by their text (``&`` and a trailing ``…`` left out), so the views
need not know about icons; a button that has an icon already keeps it. In another language the
texts are matched as this module's catalogue translates them (context "icons"), which uses the
same words as the views' catalogues (tests/gui/test_icon_words.py checks that they agree).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QAbstractButton, QMenu, QTabWidget, QToolButton, QWidget

from desktop.paths import resource_path

# An action's or a button's text -> its freedesktop icon name.
BY_TEXT = {
    # menus
    QT_TRANSLATE_NOOP("icons", "refresh"): "view-refresh",
    QT_TRANSLATE_NOOP("icons", "settings"): "preferences-system",
    QT_TRANSLATE_NOOP("icons", "quit"): "application-exit",
    QT_TRANSLATE_NOOP("icons", "new workflow"): "document-new",
    QT_TRANSLATE_NOOP("icons", "search tasks"): "edit-find",
    QT_TRANSLATE_NOOP("icons", "new connection"): "list-add",
    QT_TRANSLATE_NOOP("icons", "edit this connection"): "document-properties",
    QT_TRANSLATE_NOOP("icons", "save this connection as"): "document-save-as",
    QT_TRANSLATE_NOOP("icons", "open the log folder"): "folder-open",
    QT_TRANSLATE_NOOP("icons", "about celery desktop"): "help-about",
    QT_TRANSLATE_NOOP("icons", "paste ids"): "edit-paste",
    QT_TRANSLATE_NOOP("icons", "import ids from a file"): "document-open",
    # buttons
    QT_TRANSLATE_NOOP("icons", "find"): "edit-find",
    QT_TRANSLATE_NOOP("icons", "search"): "edit-find",
    QT_TRANSLATE_NOOP("icons", "clear"): "edit-clear",
    QT_TRANSLATE_NOOP("icons", "clear history"): "edit-clear",
    QT_TRANSLATE_NOOP("icons", "delete"): "edit-delete",
    QT_TRANSLATE_NOOP("icons", "forget"): "edit-delete",
    QT_TRANSLATE_NOOP("icons", "forget all"): "edit-delete",
    QT_TRANSLATE_NOOP("icons", "purge"): "edit-delete",
    QT_TRANSLATE_NOOP("icons", "copy"): "edit-copy",
    QT_TRANSLATE_NOOP("icons", "copy id"): "edit-copy",
    QT_TRANSLATE_NOOP("icons", "copy report"): "edit-copy",
    QT_TRANSLATE_NOOP("icons", "copy details"): "edit-copy",
    QT_TRANSLATE_NOOP("icons", "copy to call form"): "edit-copy",
    QT_TRANSLATE_NOOP("icons", "export"): "document-save-as",
    QT_TRANSLATE_NOOP("icons", "browse"): "document-open",
    QT_TRANSLATE_NOOP("icons", "run now"): "media-playback-start",
    QT_TRANSLATE_NOOP("icons", "new"): "list-add",
    QT_TRANSLATE_NOOP("icons", "add"): "list-add",
    QT_TRANSLATE_NOOP("icons", "add task"): "list-add",
    QT_TRANSLATE_NOOP("icons", "track ids"): "list-add",
    QT_TRANSLATE_NOOP("icons", "edit"): "document-edit",
    QT_TRANSLATE_NOOP("icons", "save view"): "document-save",
    QT_TRANSLATE_NOOP("icons", "?"): "help-contents",
    QT_TRANSLATE_NOOP("icons", "send"): "document-send",
    QT_TRANSLATE_NOOP("icons", "send workflow"): "document-send",
    QT_TRANSLATE_NOOP("icons", "re-send"): "document-send",
    QT_TRANSLATE_NOOP("icons", "re-send all (same args)"): "document-send",
    QT_TRANSLATE_NOOP("icons", "revoke"): "process-stop",
    QT_TRANSLATE_NOOP("icons", "cancel"): "process-stop",
}
# Texts that carry a name after them ("Delete profile prod…").
BY_PREFIX = ((QT_TRANSLATE_NOOP("icons", "delete profile"), "edit-delete"),)

_CACHE_LIMIT = 256


_MNEMONIC = re.compile(r"\(&[^&\s]\)")  # a translation's "(&S)": the letter of a mnemonic its words lack


def key_of(text: str) -> str:
    """``&Save view…`` -> ``save view`` (``保存视图(&S)…`` -> ``保存视图``): the text without its mnemonic marks
    and trailing ellipsis."""
    text = _MNEMONIC.sub("", text).replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
    for ellipsis in ("……", "…", "..."):
        text = text.removesuffix(ellipsis)
    return text.strip().lower()


_translated: tuple[str, dict[str, str], tuple[tuple[str, str], ...]] | None = None


def _in_language() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """BY_TEXT and BY_PREFIX with their texts in the user's language (made again when the translation changes)."""
    global _translated
    probe = QCoreApplication.translate("icons", "refresh")
    if _translated is None or _translated[0] != probe:
        words = {key_of(QCoreApplication.translate("icons", text)): name for text, name in BY_TEXT.items()}
        prefixes = tuple((key_of(QCoreApplication.translate("icons", text)), name) for text, name in BY_PREFIX)
        _translated = (probe, words, prefixes)
    return _translated[1], _translated[2]


def name_for(text: str) -> str | None:
    key = key_of(text)
    if key in BY_TEXT:
        return BY_TEXT[key]
    found = next((name for prefix, name in BY_PREFIX if key.startswith(prefix)), None)
    if found is not None or not key:
        return found
    words, prefixes = _in_language()
    if key in words:
        return words[key]
    return next((name for prefix, name in prefixes if key.startswith(prefix)), None)


def fallback_path(name: str):
    return resource_path(f"icons/actions/{name}.svg")


def _palette_is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _theme_fits() -> bool:
    """Whether the desktop theme's icons suit the palette: both dark, or both not."""
    app = QGuiApplication.instance()
    if app is None:
        return True
    system_dark = app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    return _palette_is_dark(QGuiApplication.palette()) == system_dark


def _colour(mode: QIcon.Mode) -> QColor:
    palette = QGuiApplication.palette()
    if mode == QIcon.Mode.Disabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
    if mode == QIcon.Mode.Selected:
        return palette.color(QPalette.ColorRole.HighlightedText)
    return palette.color(QPalette.ColorRole.ButtonText)


class ThemedIconEngine(QIconEngine):
    """The theme's icon when it has one that suits the palette, else the bundled SVG in the palette's text colour."""

    def __init__(self, name: str):
        super().__init__()
        self._name = name
        self._renderer: QSvgRenderer | None = None
        self._pixmaps: dict[tuple, QPixmap] = {}

    def iconName(self) -> str:  # noqa: N802 - Qt's name
        return self._name

    def isNull(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def clone(self) -> QIconEngine:
        return ThemedIconEngine(self._name)

    def key(self) -> str:
        return "celery-desktop-themed"

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:  # noqa: N802 - Qt's name
        side = min(size.width(), size.height())
        return QSize(side, side)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        scale = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:  # noqa: N802
        if QIcon.hasThemeIcon(self._name) and _theme_fits():
            return QIcon.fromTheme(self._name).pixmap(size, scale, mode, state)
        colour = _colour(mode)
        key = (size.width(), size.height(), scale, colour.rgba())
        cached = self._pixmaps.get(key)
        if cached is None:
            if len(self._pixmaps) >= _CACHE_LIMIT:
                self._pixmaps.clear()
            cached = self._pixmaps[key] = self._draw(size, scale, colour)
        return cached

    def _draw(self, size: QSize, scale: float, colour: QColor) -> QPixmap:
        if self._renderer is None:
            self._renderer = QSvgRenderer(str(fallback_path(self._name)))
        side = max(1, round(min(size.width(), size.height()) * scale))
        image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer.render(painter)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(image.rect(), colour)  # the drawing's shape, in the palette's colour
        painter.end()
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(scale)
        return pixmap


_icons: dict[str, QIcon] = {}


def icon(name: str) -> QIcon:
    """The icon named ``name`` (freedesktop naming): the theme's, or the bundled one; null when neither exists."""
    found = _icons.get(name)
    if found is None:
        if fallback_path(name).exists():
            found = QIcon(ThemedIconEngine(name))
        else:
            found = QIcon.fromTheme(name)
        _icons[name] = found
    return found


def dress_action(action) -> None:
    name = name_for(action.text())
    if name and action.icon().isNull():
        action.setIcon(icon(name))
    menu = action.menu()
    if menu is not None:
        follow_menu(menu)


def dress_menu(menu: QMenu) -> None:
    for action in menu.actions():
        dress_action(action)


def follow_menu(menu: QMenu) -> None:
    """Icons on the menu's actions now and each time it opens (some menus are filled again, e.g. Connection)."""
    dress_menu(menu)
    if not menu.property("celeryDesktopIcons"):
        menu.setProperty("celeryDesktopIcons", True)
        menu.aboutToShow.connect(lambda: dress_menu(menu))


def dress_button(button: QAbstractButton) -> None:
    name = name_for(button.text())
    if name and button.icon().isNull():
        button.setIcon(icon(name))
        if isinstance(button, QToolButton) and button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)  # the text stays
    menu_of = getattr(button, "menu", None)  # QPushButton and QToolButton may carry one
    menu = menu_of() if callable(menu_of) else None
    if menu is not None:
        follow_menu(menu)


def dress_widget(widget: QWidget) -> None:
    """Every button in ``widget`` (a view, once it is built)."""
    buttons = widget.findChildren(QAbstractButton)
    if isinstance(widget, QAbstractButton):
        buttons.append(widget)
    for button in buttons:
        dress_button(button)
    pages = widget.findChildren(QTabWidget)
    if isinstance(widget, QTabWidget):
        pages.append(widget)
    for tabs in pages:
        follow_tabs(tabs)


def follow_tabs(tabs: QTabWidget) -> None:
    """A page added later (a call form opened for a task) gets its icons when it comes to the front."""
    if not tabs.property("celeryDesktopIcons"):
        tabs.setProperty("celeryDesktopIcons", True)
        tabs.currentChanged.connect(lambda index: _dress_page(tabs.widget(index)))


def _dress_page(page: QWidget | None) -> None:
    if page is not None:
        for button in page.findChildren(QAbstractButton):
            dress_button(button)


def apply_icons(window) -> None:
    """Icons on the main window's menus and buttons, and on each tab's buttons once the tab is built."""
    for action in window.menuBar().actions():
        dress_action(action)
    dress_widget(window)
    lazy_tabs = getattr(window, "lazy_tabs", None)
    if lazy_tabs is not None:
        from desktop.views.main_window import TABS

        for key, _title in TABS:
            lazy_tabs.when_built(key, dress_widget)
