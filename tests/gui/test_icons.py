"""Icons on the main window's menus and buttons: present offscreen (no icon theme: the bundled ones), in the palette's colours."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage
from PySide6.QtWidgets import QAbstractButton, QApplication

from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain.catalog import TaskInfo
from desktop.views import icons
from desktop.views.main_window import GRAPHS, TABS
from desktop.views.theme import apply_theme
from tests.support.windows import shots_folder

pytestmark = [pytest.mark.gui]


def menu_actions(window):
    """Every action in the menu bar's menus and their submenus."""
    found, menus = [], [a.menu() for a in window.menuBar().actions() if a.menu()]
    while menus:
        menu = menus.pop()
        menu.aboutToShow.emit()  # as when it opens: a menu filled again gets its icons here
        for action in menu.actions():
            found.append(action)
            if action.menu():
                menus.append(action.menu())
    return found


def ink(icon: QIcon, size: int = 16) -> list[QColor]:
    """The colours of the icon's drawn (not transparent) pixels."""
    image = icon.pixmap(QSize(size, size)).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    return [
        QColor.fromRgba(image.pixel(x, y))
        for y in range(image.height())
        for x in range(image.width())
        if QColor.fromRgba(image.pixel(x, y)).alpha() > 200
    ]


def save_shot(widget, folder: Path, name: str) -> Path:
    path = folder / name
    assert widget.grab().save(str(path))
    return path


@pytest.fixture
def window(open_console, qtbot):
    profile = ConnectionProfile(broker_url="redis://127.0.0.1:1/10", backend_url="redis://127.0.0.1:1/11")
    console = open_console(profile)
    window = console.window
    window.resize(1440, 900)
    for key, _title in TABS:
        if key != GRAPHS:  # charts only, no buttons
            window.lazy_tabs.view(key)  # every tab built: their buttons dressed
    yield window
    apply_theme("light")


def test_every_listed_menu_action_and_button_has_an_icon_without_a_theme(window):
    assert not QIcon.hasThemeIcon("document-send")  # offscreen: no theme, so these are the bundled ones
    listed = [a for a in menu_actions(window) if icons.name_for(a.text())]
    texts = {icons.key_of(a.text()) for a in listed}
    assert {"refresh", "settings", "quit", "new workflow", "search tasks", "about celery desktop"} <= texts
    assert {"new connection", "edit this connection", "save this connection as", "open the log folder"} <= texts
    for action in listed:
        assert not action.icon().isNull(), action.text()
        assert ink(action.icon()), f"{action.text()}: nothing drawn"
    buttons = [b for b in window.findChildren(QAbstractButton) if icons.name_for(b.text())]
    assert len(buttons) >= 20
    for button in buttons:
        assert not button.icon().isNull(), button.text()
        assert ink(button.icon()), f"{button.text()}: nothing drawn"
    form = window.calls_view.open(TaskInfo(name="tasks.add"))  # a page added later: dressed when it comes to the front
    assert form.send_button.icon().name() == "document-send"
    assert window.connection_bar.refresh_button.icon().name() == "view-refresh"


def test_every_bundled_icon_exists_and_draws():
    for name in sorted(set(icons.BY_TEXT.values()) | {n for _p, n in icons.BY_PREFIX}):
        assert icons.fallback_path(name).exists(), name
        assert ink(icons.icon(name), 24), name


def test_a_menu_filled_again_gets_its_icons(window):
    window.set_profiles(["prod", "staging"], "prod")
    menu_actions(window)
    delete = next(a for a in window.connection_menu.actions() if a.text().startswith("Delete profile"))
    assert delete.icon().name() == "edit-delete"


def test_bundled_icons_follow_the_light_and_dark_palette(window, qtbot, tmp_path):
    folder = shots_folder(tmp_path)
    refresh = window.connection_bar.refresh_button.icon()
    apply_theme("light")
    assert max(c.lightness() for c in ink(refresh)) < 100  # dark ink on a light button
    window.calls_view.open(TaskInfo(name="tasks.add"))
    save_shot(window, folder, "icons-window-light.png")
    apply_theme("dark")
    qtbot.wait(10)
    assert min(c.lightness() for c in ink(refresh)) > 150  # light ink on a dark button
    disabled = refresh.pixmap(QSize(16, 16), QIcon.Mode.Disabled).toImage()
    assert not disabled.isNull()
    save_shot(window, folder, "icons-window-dark.png")
    file_menu = window.menuBar().actions()[0].menu()
    file_menu.popup(window.mapToGlobal(window.rect().topLeft()))
    qtbot.waitUntil(file_menu.isVisible)
    save_shot(file_menu, folder, "icons-file-menu-dark.png")
    file_menu.hide()
    window.tabs.setCurrentWidget(window.queues_view)
    save_shot(window, folder, "icons-queues-dark.png")
    apply_theme("light")
    qtbot.wait(10)
    window.tabs.setCurrentWidget(window.schedules_view)
    save_shot(window, folder, "icons-schedules-light.png")
    window.show_search()
    save_shot(window, folder, "icons-search-light.png")
    assert QApplication.palette().window().color().lightness() > 128
