"""Light or dark: follow the desktop's colour scheme, or the user's choice in Settings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

_DARK = {
    QPalette.ColorRole.Window: "#2b2d31",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1f2023",
    QPalette.ColorRole.AlternateBase: "#27292d",
    QPalette.ColorRole.ToolTipBase: "#35373c",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.PlaceholderText: "#8b8e94",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#35373c",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.Link: "#6ea8fe",
    QPalette.ColorRole.Highlight: "#2f6fd6",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Mid: "#8b8e94",
    QPalette.ColorRole.Dark: "#1a1b1e",
    QPalette.ColorRole.Light: "#45474d",
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in _DARK.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#73767c"))
    return palette


def is_dark(choice: str, app: QApplication | None = None) -> bool:
    if choice in ("light", "dark"):
        return choice == "dark"
    app = app or QApplication.instance()
    return app is not None and app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_theme(choice: str, app: QApplication | None = None) -> bool:
    """Light or dark palette for the whole application; returns whether it is dark now."""
    app = app or QApplication.instance()
    dark = is_dark(choice, app)
    app.setStyle("Fusion")  # draws every widget from the palette, the same on every desktop
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    return dark


def follow_system(app: QApplication, current: callable) -> None:
    """Re-apply the theme when the desktop switches between light and dark (while 'system' is chosen)."""
    app.styleHints().colorSchemeChanged.connect(lambda *_: apply_theme(current(), app) if current() == "system" else None)
