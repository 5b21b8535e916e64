"""The workflow composer: a chain, group or chord of registered tasks, each step edited with the
single-call form, previewed as canvas code, saved as a preset and sent as one workflow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.domain import canvas
from desktop.core.domain.calls import CallContext, CallDraft
from desktop.core.domain.catalog import TaskInfo
from desktop.core.domain.display import CELL_LIMIT, display_text
from desktop.core.store.presets import PresetError, PresetStore, WorkflowPresetStore
from desktop.views.call_form import ERROR_STYLE, WARNING_STYLE, CallForm
from desktop.views.text import ask_text, inform, markup_label, plain_label, warn

KINDS = ("chain", "group", "chord")
HELP = {  # translated where shown
    "chain": QT_TRANSLATE_NOOP(
        "WorkflowComposer",
        "A chain runs its items one after another; each result is passed to the next item (unless it is immutable).",
    ),
    "group": QT_TRANSLATE_NOOP("WorkflowComposer", "A group runs its items in parallel."),
    "chord": QT_TRANSLATE_NOOP(
        "WorkflowComposer", "A chord runs its header in parallel, then calls the body with the list of the header's results."
    ),
    "header": QT_TRANSLATE_NOOP("WorkflowComposer", "The chord's header: run in parallel. Add tasks (or groups, chains) here."),
    "body": QT_TRANSLATE_NOOP(
        "WorkflowComposer", "The chord's body: one task (or chain) called with the list of the header's results."
    ),
}


@dataclass(eq=False)
class EditNode:
    """A node of the tree being edited; a chord holds a "header" and a "body" node."""

    kind: str  # chain | group | chord | header | body | step
    draft: CallDraft | None = None
    immutable: bool = False
    children: list[EditNode] = field(default_factory=list)

    @property
    def container(self) -> bool:
        return self.kind != "step"


def edit_tree(node: canvas.Node) -> EditNode:
    if isinstance(node, canvas.Step):
        return EditNode("step", node.draft, node.immutable)
    if isinstance(node, canvas.Chord):
        body = EditNode("body", children=[edit_tree(node.body)] if node.body is not None else [])
        return EditNode("chord", children=[EditNode("header", children=[edit_tree(i) for i in node.header]), body])
    kind = "chain" if isinstance(node, canvas.Chain) else "group"
    return EditNode(kind, children=[edit_tree(i) for i in node.items])


def canvas_node(edit: EditNode) -> canvas.Node:
    if edit.kind == "step":
        return canvas.Step(edit.draft or CallDraft(""), edit.immutable)
    if edit.kind == "chord":
        header, body = edit.children
        return canvas.Chord(
            tuple(canvas_node(c) for c in header.children), canvas_node(body.children[0]) if body.children else None
        )
    items = tuple(canvas_node(c) for c in edit.children)
    return canvas.Chain(items) if edit.kind == "chain" else canvas.Group(items)


def paths(edit: EditNode, path: tuple[str, ...] = ()) -> dict[int, tuple[str, ...]]:
    """Each edit node's path as ``canvas.validate`` names it (``chain[1] › chord.header[0]``), by ``id()``."""
    out = {id(edit): path}
    if edit.kind == "chord":
        header, body = edit.children
        out[id(header)] = path
        out[id(body)] = (*path, "chord.body")
        for i, child in enumerate(header.children):
            out.update(paths(child, (*path, f"chord.header[{i}]")))
        if body.children:
            out.update(paths(body.children[0], (*path, "chord.body")))
    elif edit.kind in ("chain", "group"):
        for i, child in enumerate(edit.children):
            out.update(paths(child, (*path, f"{edit.kind}[{i}]")))
    return out


class WorkflowComposer(QWidget):
    """Its own window: the tree on the left, the selected step's form on the right, preview and Send below."""

    sendRequested = Signal(object, object)  # canvas node, validated specs

    def __init__(
        self,
        context: Callable[[], CallContext],
        task_info: Callable[[str], TaskInfo],
        task_names: Callable[[], list[str]],
        presets: PresetStore,
        workflow_presets: WorkflowPresetStore,
        app_module: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Workflow composer — Celery Desktop"))
        self._context, self._task_info, self._task_names = context, task_info, task_names
        self._presets, self.workflow_presets, self._app_module = presets, workflow_presets, app_module
        self.root = EditNode("chain")
        self._items: dict[int, QTreeWidgetItem] = {}
        self._nodes: dict[int, EditNode] = {}  # id(item) -> node
        self._parents: dict[int, EditNode] = {}  # id(node) -> its container
        self.result: canvas.WorkflowResult | None = None
        self._form: CallForm | None = None
        self._form_node: EditNode | None = None

        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(plain_label(self.tr("Workflow:")))
        self.kind = QComboBox()
        self.kind.addItems(
            [self.tr("chain — one after another"), self.tr("group — in parallel"), self.tr("chord — group, then a body")]
        )
        self.kind.currentIndexChanged.connect(self._kind_changed)
        top.addWidget(self.kind)
        top.addStretch(1)
        top.addWidget(plain_label(self.tr("Preset:")))
        self.preset_combo = QComboBox()
        self.preset_combo.setMinimumWidth(160)
        top.addWidget(self.preset_combo)
        for text, slot in (
            (self.tr("Load"), self.load_selected_preset),
            (self.tr("Save as…"), self.save_preset_dialog),
            (self.tr("Delete"), self.delete_preset),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            top.addWidget(button)
        outer.addLayout(top)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("composerSplit")  # the names key the remembered layout (layout_memory.py)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Step"), self.tr("Arguments")])
        self.tree.setColumnWidth(0, 230)
        self.tree.currentItemChanged.connect(self._selected)
        left_layout.addWidget(self.tree, 1)
        adding = QHBoxLayout()
        self.task_picker = QComboBox()
        self.task_picker.setEditable(True)
        self.task_picker.setMinimumWidth(160)
        self.task_picker.setToolTip(self.tr("The task to add; registered tasks are listed, any name may be typed"))
        adding.addWidget(self.task_picker, 1)
        self.add_task_button = QPushButton(self.tr("Add task"))
        self.add_task_button.clicked.connect(self.add_task)
        adding.addWidget(self.add_task_button)
        left_layout.addLayout(adding)
        structure = QHBoxLayout()
        for text, slot in (
            (self.tr("+ Group"), lambda: self.add_container("group")),
            (self.tr("+ Chain"), lambda: self.add_container("chain")),
            (self.tr("+ Chord"), lambda: self.add_container("chord")),
            (self.tr("Up"), lambda: self.move(-1)),
            (self.tr("Down"), lambda: self.move(1)),
            (self.tr("Remove"), self.remove_selected),
        ):
            button = QToolButton()
            button.setText(text)
            button.clicked.connect(slot)
            structure.addWidget(button)
        structure.addStretch(1)
        left_layout.addLayout(structure)
        split.addWidget(left)

        self.editor = QStackedWidget()
        self.help = plain_label()
        self.help.setWordWrap(True)
        self.help.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.help.setMargin(12)
        self.editor.addWidget(self.help)
        self.step_page = QWidget()
        step_layout = QVBoxLayout(self.step_page)
        step_layout.setContentsMargins(0, 0, 0, 0)
        self.immutable = QCheckBox(self.tr("Immutable (.si): ignore the previous step's result"))
        self.immutable.toggled.connect(self._immutable_toggled)
        step_layout.addWidget(self.immutable)
        self.form_holder = QVBoxLayout()
        step_layout.addLayout(self.form_holder, 1)
        self.editor.addWidget(self.step_page)
        split.addWidget(self.editor)
        split.setSizes([420, 620])
        outer.addWidget(split, 1)

        head = QHBoxLayout()
        head.addWidget(markup_label("<b>{}</b>".format(self.tr("Canvas code"))))
        head.addStretch(1)
        copy = QToolButton()
        copy.setText(self.tr("Copy"))
        copy.setToolTip(self.tr("Copy the canvas code"))
        copy.clicked.connect(lambda: QApplication.clipboard().setText(self.preview.toPlainText()))
        head.addWidget(copy)
        outer.addLayout(head)
        self.preview = QPlainTextEdit(readOnly=True)
        self.preview.setFont(
            QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        )  # not a style sheet: it would pin the palette
        self.preview.setMaximumHeight(90)
        outer.addWidget(self.preview)
        self.problems = plain_label()
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.problems)
        bottom = QHBoxLayout()
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        bottom.addWidget(self.summary, 1)
        self.send_button = QPushButton(self.tr("Send workflow"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self._send_clicked)
        bottom.addWidget(self.send_button)
        outer.addLayout(bottom)
        self.resize(1100, 760)
        self.setObjectName("workflowComposer")
        self.update_tasks()
        self._reload_presets()
        self._rebuild()

    # -- the tree ----------------------------------------------------------------------
    def set_workflow(self, node: canvas.Node) -> None:
        """Show a workflow to edit (a preset, or one sent before)."""
        edit = edit_tree(node)
        if edit.kind == "step":
            edit = EditNode("chain", children=[edit])
        self.root = edit
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(KINDS.index(edit.kind))
        self.kind.blockSignals(False)
        self._rebuild()

    def workflow(self) -> canvas.Node:
        self._store_form()
        return canvas_node(self.root)

    def update_tasks(self) -> None:
        current = self.task_picker.currentText()
        self.task_picker.clear()
        self.task_picker.addItems(self._task_names())
        if current:
            self.task_picker.setCurrentText(current)

    def _rebuild(self, select: EditNode | None = None) -> None:
        self._store_form()
        self.tree.blockSignals(True)
        self.tree.clear()
        self._items.clear()
        self._nodes.clear()
        self._parents.clear()
        top = self._item_for(self.root, None)
        self.tree.addTopLevelItem(top)
        self.tree.expandAll()
        self.tree.blockSignals(False)
        target = self._items.get(id(select)) if select is not None else None
        self.tree.setCurrentItem(target or top)
        self._selected(self.tree.currentItem(), None)
        self.refresh()

    def _item_for(self, node: EditNode, parent: EditNode | None) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        self._items[id(node)] = item
        self._nodes[id(item)] = node
        if parent is not None:
            self._parents[id(node)] = parent
        self._label(item, node)
        for child in node.children:
            item.addChild(self._item_for(child, node))
        return item

    def _label(self, item: QTreeWidgetItem, node: EditNode) -> None:
        if node.kind == "step":
            name = (node.draft.task if node.draft else "") or "?"
            item.setText(0, f"{display_text(name, CELL_LIMIT)}{'  (.si)' if node.immutable else ''}")
            item.setText(1, display_text(self._args_text(node), CELL_LIMIT))
        else:
            count = len(node.children)
            names = {"header": self.tr("header (in parallel)"), "body": self.tr("body")}  # chain, group, chord: Celery's words
            item.setText(0, names.get(node.kind, node.kind))
            items = self.tr("{count} items") if count != 1 else self.tr("{count} item")
            item.setText(1, "" if node.kind in ("chord", "body") else items.format(count=count))
            font = QFont(item.font(0))
            font.setBold(True)
            item.setFont(0, font)

    def _args_text(self, node: EditNode) -> str:
        draft = node.draft
        if draft is None:
            return ""
        if draft.params:
            return ", ".join(f"{k}={v}" for k, v in draft.params if v.strip())
        parts = [t for t in (draft.args_json.strip(), draft.kwargs_json.strip()) if t not in ("", "[]", "{}")]
        return " ".join(parts)

    def selected(self) -> EditNode:
        item = self.tree.currentItem()
        return self._nodes.get(id(item), self.root) if item is not None else self.root

    def _target(self) -> tuple[EditNode, int]:
        """Where an added item goes: into the selected container (a chord: its header), or after the selected step."""
        node = self.selected()
        if node.kind == "chord":
            return node.children[0], len(node.children[0].children)
        if node.container:
            return node, len(node.children)
        parent = self._parents.get(id(node), self.root)
        return parent, parent.children.index(node) + 1

    def _insert(self, new: EditNode) -> None:
        parent, index = self._target()
        if parent.kind == "body":
            if parent.children:
                inform(
                    self,
                    self.tr("Chord body"),
                    self.tr("A chord has one body: make it a chain to call several tasks one after another."),
                )
                return
            index = 0
        parent.children.insert(index, new)
        self._rebuild(select=new)

    def add_task(self, name: str | None = None) -> EditNode | None:
        name = (name if isinstance(name, str) else self.task_picker.currentText()).strip()
        if not name:
            self.summary.setStyleSheet(ERROR_STYLE)
            self.summary.setText(self.tr("Choose a task to add"))
            return None
        node = EditNode("step", CallDraft(name))
        self._insert(node)
        return node

    def add_container(self, kind: str) -> EditNode:
        if kind == "chord":
            node = EditNode("chord", children=[EditNode("header"), EditNode("body")])
        else:
            node = EditNode(kind)
        self._insert(node)
        return node

    def remove_selected(self) -> None:
        node = self.selected()
        parent = self._parents.get(id(node))
        if parent is None or node.kind in ("header", "body"):
            return  # the workflow itself, or a fixed part of a chord
        if node is self._form_node:
            self._form_node = None
        index = parent.children.index(node)
        parent.children.remove(node)
        siblings = parent.children
        self._rebuild(select=siblings[min(index, len(siblings) - 1)] if siblings else parent)

    def move(self, offset: int) -> None:
        node = self.selected()
        parent = self._parents.get(id(node))
        if parent is None or node.kind in ("header", "body"):
            return
        index = parent.children.index(node)
        target = index + offset
        if 0 <= target < len(parent.children):
            parent.children[index], parent.children[target] = parent.children[target], parent.children[index]
            self._rebuild(select=node)

    def _kind_changed(self, index: int) -> None:
        kind = KINDS[index]
        old = self.root
        if kind == old.kind:
            return
        if old.kind == "chord":
            header, body = old.children
            items = header.children + body.children
        else:
            items = old.children
        if kind == "chord":  # everything goes in the header; the body is chosen next
            self.root = EditNode("chord", children=[EditNode("header", children=items), EditNode("body")])
        else:
            self.root = EditNode(kind, children=items)
        self._rebuild()

    # -- the step editor -----------------------------------------------------------------
    def _selected(self, current: QTreeWidgetItem | None, _previous) -> None:
        self._store_form()
        node = self._nodes.get(id(current)) if current is not None else None
        if node is None or node.container:
            kind = node.kind if node is not None else self.root.kind
            self.help.setText(
                self.tr(
                    "{help}\n\nSelect a step to edit its arguments and options; add tasks with the picker below the tree."
                ).format(help=QCoreApplication.translate("WorkflowComposer", HELP[kind]))
            )
            self.editor.setCurrentWidget(self.help)
            self._drop_form()
            return
        self._open_form(node)

    def _open_form(self, node: EditNode) -> None:
        self._drop_form()
        draft = node.draft or CallDraft("")
        info = self._task_info(draft.task)
        form = CallForm(info, self._context, self._presets, self._task_names, self._app_module)
        form.as_step_editor()
        form.set_draft(replace(draft, task=info.name))
        if not node.immutable and paths(self.root).get(id(node)) in canvas.receiving_paths(canvas_node(self.root)):
            form.receive_result(canvas.result_param(info.signature))
        self._form, self._form_node = form, node
        self.form_holder.addWidget(form)
        form.show()  # a child added to a window already shown stays hidden until told
        self.immutable.blockSignals(True)
        self.immutable.setChecked(node.immutable)
        self.immutable.blockSignals(False)
        form.python_preview.textChanged.connect(self._form_changed)  # the form refreshes its preview on every edit
        self.editor.setCurrentWidget(self.step_page)

    def _drop_form(self) -> None:
        if self._form is not None:
            self._form.setParent(None)
            self._form.deleteLater()
        self._form, self._form_node = None, None

    def _store_form(self) -> None:
        if self._form is not None and self._form_node is not None:
            self._form_node.draft = self._form.draft()

    def _form_changed(self) -> None:
        if self._form is None or self._form_node is None:
            return
        self._store_form()
        item = self._items.get(id(self._form_node))
        if item is not None:
            self._label(item, self._form_node)
        self.refresh()

    def _immutable_toggled(self, on: bool) -> None:
        if self._form_node is not None:
            self._form_node.immutable = on
            self._store_form()
            self._open_form(self._form_node)  # a step that takes no result fills its first parameter itself
            item = self._items.get(id(self._form_node))
            if item is not None:
                self._label(item, self._form_node)
            self.refresh()

    # -- validation, preview, sending -------------------------------------------------------
    def _context_for(self, task: str) -> CallContext:
        return replace(self._context(), signature=self._task_info(task).signature)

    def refresh(self) -> None:
        node = canvas_node(self.root)
        result = canvas.validate(node, self._context_for)
        self.result = result
        self.preview.setPlainText(canvas.preview(node, self._context_for))
        where = paths(self.root)
        wrong = {e.path for e in result.errors}
        for key, item in self._items.items():
            bad = where.get(key) in wrong
            for column in (0, 1):
                item.setForeground(column, QColor("#c0392b") if bad else QColor(self.palette().text().color()))
        lines = [f"• {display_text(str(e), CELL_LIMIT)}" for e in result.errors[:8]]
        if len(result.errors) > 8:
            lines.append(self.tr("… and {count} more").format(count=len(result.errors) - 8))
        warnings = [f"• {display_text(str(w), CELL_LIMIT)}" for w in result.warnings[:4]]
        if lines:
            self.problems.setStyleSheet(ERROR_STYLE)
            self.problems.setText("\n".join(lines))
        elif warnings:
            self.problems.setStyleSheet(WARNING_STYLE)
            self.problems.setText("\n".join(warnings))
        else:
            self.problems.setText("")
        self.send_button.setEnabled(result.ok)
        steps = sum(1 for _ in canvas.iter_steps(node))
        if result.ok:
            self.summary.setStyleSheet("")
            text = self.tr("{count} steps, ready to send") if steps != 1 else self.tr("{count} step, ready to send")
            self.summary.setText(text.format(count=steps))
        else:
            n = len(result.errors)
            self.summary.setStyleSheet(ERROR_STYLE)
            text = (
                self.tr("{count} problems to fix before sending") if n != 1 else self.tr("{count} problem to fix before sending")
            )
            self.summary.setText(text.format(count=n))

    def _send_clicked(self) -> None:
        self._store_form()
        self.refresh()
        if self.result is None or not self.result.ok:
            return
        self.send_button.setEnabled(False)
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("Sending…"))
        self.sendRequested.emit(canvas_node(self.root), self.result.specs)

    def show_send_result(self, run, error: str | None) -> None:
        self.refresh()
        if error:
            self.summary.setStyleSheet(ERROR_STYLE)
            self.summary.setText(display_text(self.tr("Not sent: {error}").format(error=error), CELL_LIMIT))
        else:
            self.summary.setStyleSheet("color:#1f9d55;")
            sent = self.tr("Sent {workflow} ({count} steps): it is selected in the results").format(
                workflow=run.parts[0].label, count=len(run.step_ids)
            )
            self.summary.setText(display_text(sent, CELL_LIMIT))

    # -- presets ---------------------------------------------------------------------------
    def _reload_presets(self, select: str = "") -> None:
        self.preset_combo.clear()
        self.preset_combo.addItems(self.workflow_presets.names())
        if select:
            self.preset_combo.setCurrentText(select)

    def save_preset(self, name: str) -> None:
        self.workflow_presets.save(name, self.workflow())
        self._reload_presets(name.strip())

    def load_selected_preset(self) -> None:
        name = self.preset_combo.currentText()
        if name:
            try:
                self.set_workflow(self.workflow_presets.get(name))
            except PresetError as exc:
                warn(self, self.tr("Workflow preset"), str(exc))

    def save_preset_dialog(self) -> None:
        name, ok = ask_text(
            self, self.tr("Save workflow preset"), self.tr("Name for this workflow:"), self.preset_combo.currentText()
        )
        if ok:
            try:
                self.save_preset(name)
            except (PresetError, OSError) as exc:
                warn(self, self.tr("Workflow preset"), str(exc))

    def delete_preset(self) -> None:
        name = self.preset_combo.currentText()
        if name:
            try:
                self.workflow_presets.delete(name)
            except (PresetError, OSError) as exc:
                warn(self, self.tr("Workflow preset"), str(exc))
            self._reload_presets()
