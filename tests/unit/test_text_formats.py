"""Every QLabel and QMessageBox in desktop/ says its text format; no input dialog's label is built from data.

Qt draws a label, a message box or an input dialog's label whose text looks like HTML as HTML
(Qt::mightBeRichText): a worker named ``<img src='/dev/zero'>`` made Qt read that file, and a
queue name could make the purge confirmation say something else. So a label or box made without
``setTextFormat`` (or made through a static QMessageBox function, which cannot take one) is a
finding here. desktop/views/text.py has the helpers that do it right.
"""

from __future__ import annotations

import ast
from pathlib import Path

import desktop

DESKTOP = Path(desktop.__file__).parent
MADE_WITH_A_FORMAT = ("QLabel", "QMessageBox")  # constructed: setTextFormat on the same name in the same function
STATIC_BOXES = {"warning", "question", "information", "critical", "about"}  # QMessageBox.<these>: Qt's guess
INPUT_DIALOGS = {"getText", "getMultiLineText", "getItem", "getInt", "getDouble"}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else node.attr
    return ""


def _scopes(tree: ast.Module) -> list[ast.AST]:
    """The module and every function: a label's format is set where it is made."""
    return [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))]


def _own_calls(scope: ast.AST) -> list[ast.Call]:
    """Calls in this scope, not in functions nested in it (those are scopes of their own)."""
    calls, stack = [], list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        if isinstance(node, ast.Call):
            calls.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return calls


def findings(source: str, where: str = "<source>") -> list[str]:
    """What in this module lets Qt guess a text's format."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for scope in _scopes(tree):
        calls = _own_calls(scope)
        formatted = {
            ast.unparse(c.func.value) for c in calls if isinstance(c.func, ast.Attribute) and c.func.attr == "setTextFormat"
        }
        for call in calls:
            owner, _, last = _dotted(call.func).rpartition(".")
            owner = owner.rpartition(".")[2]
            if last in MADE_WITH_A_FORMAT and owner in ("", "QtWidgets"):
                parent = parents.get(call)
                target = parent.targets[0] if isinstance(parent, ast.Assign) and len(parent.targets) == 1 else None
                target = parent.target if isinstance(parent, ast.AnnAssign) else target
                if target is None or ast.unparse(target) not in formatted:
                    found.append((call.lineno, f"{last}(...) without setTextFormat on it in the same function"))
            elif owner == "QMessageBox" and last in STATIC_BOXES:
                found.append((call.lineno, f"QMessageBox.{last}() shows its text as Qt guesses (views/text.py: ask)"))
            elif owner == "QInputDialog" and last in INPUT_DIALOGS:
                label = call.args[2] if len(call.args) > 2 else next((k.value for k in call.keywords if k.arg == "label"), None)
                if not _fixed_text(label):
                    found.append((call.lineno, f"QInputDialog.{last}() with a label built from data (views/text.py: ask_text)"))
    return [f"{where}:{line}: {why}" for line, why in sorted(found)]


def _fixed_text(node) -> bool:
    """A literal, or the translation of one (``self.tr("…")``, ``QCoreApplication.translate("ctx", "…")``): the
    console's own words, never the cluster's."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return False
    literal = [a for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    if node.func.attr == "tr":
        return len(node.args) >= 1 and node.args[0] in literal
    if node.func.attr == "translate":
        return len(node.args) >= 2 and node.args[0] in literal and node.args[1] in literal
    return False


def test_every_label_and_message_box_in_desktop_says_its_text_format():
    found = []
    for path in sorted(DESKTOP.rglob("*.py")):
        found += findings(path.read_text(encoding="utf-8"), str(path.relative_to(DESKTOP.parent)))
    assert found == []


def test_the_check_finds_what_lets_qt_guess():
    source = """
from PySide6.QtWidgets import QLabel, QMessageBox, QInputDialog

def bad(parent, name):
    layout.addWidget(QLabel(f"<b>{name}</b>"))
    title = QLabel()
    title.setText(name)
    other.setTextFormat(Qt.TextFormat.PlainText)
    QMessageBox.warning(parent, "Purge", f"Purge {name}?")
    box = QMessageBox(parent)
    QInputDialog.getText(parent, "Save", f"Name for {name}:")
    QInputDialog.getText(parent, "Save", label=name)

def good(parent, name):
    self.label = QLabel(parent)
    self.label.setTextFormat(Qt.TextFormat.PlainText)
    box: QMessageBox = QMessageBox(parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    QInputDialog.getText(parent, "Save", "Profile name:")
    QMessageBox.StandardButton.Yes

def nested(name):
    label = QLabel(name)

    def later():
        label.setTextFormat(Qt.TextFormat.PlainText)  # another function: too late, the text was guessed at
"""
    lines = [int(f.split(":")[1]) for f in findings(source)]
    assert lines == [5, 6, 9, 10, 11, 12, 23]
