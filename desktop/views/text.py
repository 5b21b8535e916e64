"""Labels, tooltips, message boxes and input dialogs that show text from the cluster as text.

Qt guesses: a QLabel, a tooltip, a QMessageBox or a QInputDialog label whose text looks like HTML
(Qt::mightBeRichText: a tag on its first line) is drawn as HTML. A worker named
``<img src='/dev/zero'>`` then makes Qt read that file, and a queue name can make a confirmation
say something else. So every label says its format: plain text, or the product's own markup
(``markup_label``) where each text from outside is put through ``html.escape``; tooltips and
message boxes go through the helpers below.

Nor does a label's text set how wide the window must be: a host name of 20,000 characters (even cut
to a cell's 2,500) is one word some 20,000 px long that word wrap cannot break, and a label asking for
that much made the window wider than any screen. Such a line is clipped where the label ends.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QLineEdit, QMessageBox, QWidget

MARKUP = "productMarkup"  # a label's property: its rich text is the product's own markup
Button = QMessageBox.StandardButton
LABEL_MIN_WIDTH = 320  # px: the most a label's text asks its window for, however long its line


class TextLabel(QLabel):
    """A label whose minimum width is at most LABEL_MIN_WIDTH: given less room than its text needs, it clips."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), LABEL_MIN_WIDTH), hint.height())


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that shows its text as it is, whatever it holds."""
    label = TextLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def markup_label(markup: str = "", parent: QWidget | None = None) -> QLabel:
    """A label drawn as rich text: the product's markup, with every text from outside escaped (``html.escape``)."""
    label = TextLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setProperty(MARKUP, True)
    label.setText(markup)
    return label


def ask(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: Button = Button.Ok,
    default: Button = Button.NoButton,
) -> Button:
    """A modal message box showing ``text`` as plain text; the button the user pressed."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.setStandardButtons(buttons)
    if default != Button.NoButton:
        box.setDefaultButton(default)
    answer = Button(box.exec())
    box.deleteLater()  # as a static QMessageBox function does: the parent does not keep every box it asked with
    return answer


def warn(parent: QWidget | None, title: str, text: str, buttons: Button = Button.Ok, default: Button = Button.NoButton):
    return ask(parent, QMessageBox.Icon.Warning, title, text, buttons, default)


def question(parent: QWidget | None, title: str, text: str, default: Button = Button.No) -> Button:
    return ask(parent, QMessageBox.Icon.Question, title, text, Button.Yes | Button.No, default)


def inform(parent: QWidget | None, title: str, text: str) -> Button:
    return ask(parent, QMessageBox.Icon.Information, title, text)


def ask_text(
    parent: QWidget | None,
    title: str,
    label: str,
    text: str = "",
    echo: QLineEdit.EchoMode = QLineEdit.EchoMode.Normal,
) -> tuple[str, bool]:
    """QInputDialog.getText with its label shown as plain text: (what was typed, whether OK was pressed)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText("")  # makes the label, which is then told its format before it holds any text
    for child in dialog.findChildren(QLabel):
        child.setTextFormat(Qt.TextFormat.PlainText)
    dialog.setLabelText(label)
    dialog.setTextEchoMode(echo)
    dialog.setTextValue(text)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    value = dialog.textValue()
    dialog.deleteLater()
    return value, accepted
