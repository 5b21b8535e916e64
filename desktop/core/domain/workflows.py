"""A workflow the console sent, shown as one tree: a row for the whole, a row for each nested
group or chain, and the steps under them, with an overall state and progress.

The ids are chosen before sending (every step's task id, and a row id for every part), so the tree
is known at once and does not wait for the backend or the events to tell it: a chain's later
steps, which Celery creates only as the earlier ones finish, show as PENDING from the start.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from celery import states

from desktop.core.domain.calls import CallSpec
from desktop.core.domain.canvas import Chain, Chord, Group, Node, Step, from_json, iter_steps, to_json
from desktop.core.domain.records import Progress, TaskRecord
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

FAILED_STATES = frozenset({states.FAILURE, states.REVOKED, states.REJECTED})
NOT_RUN = QT_TRANSLATE_NOOP("workflows", "not run:")  # how a blocked step's warning begins (matched by not_run)
MAX_LABEL = 90
MAX_RESULT = 300


@dataclass(frozen=True)
class WorkflowPart:
    """A row standing for a chain, group or chord: the whole workflow, or a part nested in it."""

    id: str
    kind: str  # "chain" | "group" | "chord"
    label: str  # its shape, e.g. "chord([add × 10], xsum)"
    parent: str | None
    items: tuple[str, ...]  # the rows right under it, in order (steps and parts)
    steps: tuple[str, ...]  # every step under it, however deep


@dataclass(frozen=True)
class WorkflowRun:
    """One sent workflow: its drafted tree (to send again) and the rows that show it."""

    node: Node
    parts: tuple[WorkflowPart, ...]  # the whole first, then nested parts in tree order
    step_ids: tuple[str, ...]  # in ``iter_steps`` order
    step_parent: Mapping[str, str]  # step id -> the part it sits in
    sent_at: float | None = None
    order: tuple[str, ...] = field(default=(), compare=False)  # every row id, parents before children

    @property
    def id(self) -> str:
        return self.parts[0].id

    @property
    def kind(self) -> str:
        return self.parts[0].kind

    def part(self, part_id: str) -> WorkflowPart | None:
        return next((p for p in self.parts if p.id == part_id), None)

    @property
    def row_ids(self) -> tuple[str, ...]:
        return (*(p.id for p in self.parts), *self.step_ids)

    def to_json(self) -> dict:
        """For the history: enough to show the tree again after a restart, and to send it again."""
        return {
            "workflow": to_json(self.node),
            "parts": [
                {"id": p.id, "kind": p.kind, "label": p.label, "parent": p.parent, "items": list(p.items), "steps": list(p.steps)}
                for p in self.parts
            ],
            "steps": list(self.step_ids),
            "step_parent": dict(self.step_parent),
            "sent_at": self.sent_at,
            "order": list(self.order),
        }

    @classmethod
    def from_json(cls, data: Any) -> WorkflowRun:
        if not isinstance(data, dict):
            raise ValueError("a sent workflow must be an object")
        node = from_json(data.get("workflow"))
        try:
            parts = tuple(
                WorkflowPart(
                    id=str(p["id"]),
                    kind=str(p["kind"]),
                    label=str(p["label"]),
                    parent=None if p["parent"] is None else str(p["parent"]),
                    items=tuple(str(i) for i in p["items"]),
                    steps=tuple(str(i) for i in p["steps"]),
                )
                for p in data["parts"]
            )
            step_ids = tuple(str(i) for i in data["steps"])
            step_parent = {str(k): str(v) for k, v in dict(data["step_parent"]).items()}
            sent_at = data.get("sent_at")
            order = tuple(str(i) for i in data.get("order") or ())
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"a sent workflow is damaged: {exc!r}") from None
        if not parts or parts[0].kind not in ("chain", "group", "chord"):
            raise ValueError("a sent workflow is damaged: no top row")
        return cls(node, parts, step_ids, step_parent, sent_at if isinstance(sent_at, int | float) else None, order)


def dumps(run: WorkflowRun) -> str:
    return json.dumps(run.to_json(), default=str)


# -- shapes ----------------------------------------------------------------------------


def _step_label(step: Step) -> str:
    name = step.draft.task.strip()
    short = name.rpartition(".")[2]
    return short if short.isidentifier() else name or "?"


def _collapsed(labels: Iterable[str]) -> str:
    """``add × 10, xsum``: runs of the same label counted, so a group of a hundred stays one line."""
    out: list[tuple[str, int]] = []
    for label in labels:
        if out and out[-1][0] == label:
            out[-1] = (label, out[-1][1] + 1)
        else:
            out.append((label, 1))
    return ", ".join(label if n == 1 else f"{label} × {n}" for label, n in out)


def shape(node: Node) -> str:
    """The workflow without its arguments: ``chain(add, mul)``, ``group(add × 10)``, ``chord([add × 10], xsum)``."""
    if isinstance(node, Step):
        return _step_label(node)
    if isinstance(node, Chain):
        text = f"chain({_collapsed(shape(i) for i in node.items)})"
    elif isinstance(node, Group):
        text = f"group({_collapsed(shape(i) for i in node.items)})"
    else:
        body = shape(node.body) if node.body is not None else "…"
        text = f"chord([{_collapsed(shape(i) for i in node.header)}], {body})"
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


# -- planning: ids before sending -------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What to send (every step's spec with its task id, every group's id) and the rows that will show it."""

    run: WorkflowRun
    specs: tuple[CallSpec, ...]  # ``iter_steps`` order, each with a task id
    group_ids: Mapping[tuple[str, ...], str]  # path of each Group (and each chord's header) -> its Celery group id


def plan(node: Node, specs: Sequence[CallSpec], sent_at: float | None = None) -> Plan:
    """Give every step and group an id, and lay out the rows; ``specs`` are ``canvas.validate``'s."""
    if isinstance(node, Step):
        raise ValueError("a workflow is a chain, a group or a chord")
    with_ids = [spec.with_ids() for spec in specs]
    steps = list(iter_steps(node))
    if len(steps) != len(with_ids):
        raise ValueError("one spec per step is needed: validate the workflow first")
    step_id_at = {path: spec.task_id for (path, _), spec in zip(steps, with_ids, strict=True)}
    parts: list[WorkflowPart] = []
    group_ids: dict[tuple[str, ...], str] = {}
    step_parent: dict[str, str] = {}
    order: list[str] = []

    def lay_out(item: Node, path: tuple[str, ...], parent: str | None) -> tuple[str, list[str]]:
        """The row id for ``item`` and the steps under it; parts are appended in tree order."""
        if isinstance(item, Step):
            step_id = step_id_at[path]
            step_parent[step_id] = parent
            order.append(step_id)
            return step_id, [step_id]
        part_id = str(uuid.uuid4())
        if isinstance(item, Group):
            group_ids[path] = part_id  # the Celery group's own id, where Celery keeps it (canvas.to_signature)
        index = len(parts)
        parts.append(WorkflowPart(part_id, "", "", parent, (), ()))  # filled in below, once its children are known
        order.append(part_id)
        items: list[str] = []
        under: list[str] = []
        if isinstance(item, Chord):
            header_path = (*path, "chord.header")
            header_id = str(uuid.uuid4())
            group_ids[header_path] = header_id
            header_index = len(parts)
            parts.append(WorkflowPart(header_id, "", "", part_id, (), ()))
            order.append(header_id)
            header_items, header_steps = [], []
            for i, child in enumerate(item.header):
                child_id, child_steps = lay_out(child, (*path, f"chord.header[{i}]"), header_id)
                header_items.append(child_id)
                header_steps += child_steps
            parts[header_index] = WorkflowPart(
                header_id, "group", f"header: {shape(Group(item.header))}", part_id, tuple(header_items), tuple(header_steps)
            )
            items.append(header_id)
            under += header_steps
            if item.body is not None:
                body_id, body_steps = lay_out(item.body, (*path, "chord.body"), part_id)
                items.append(body_id)
                under += body_steps
            kind = "chord"
        else:
            kind = "chain" if isinstance(item, Chain) else "group"
            prefix = kind
            for i, child in enumerate(item.items):
                child_id, child_steps = lay_out(child, (*path, f"{prefix}[{i}]"), part_id)
                items.append(child_id)
                under += child_steps
        parts[index] = WorkflowPart(part_id, kind, shape(item), parent, tuple(items), tuple(under))
        return part_id, under

    lay_out(node, (), None)
    run = WorkflowRun(node, tuple(parts), tuple(s.task_id for s in with_ids), step_parent, sent_at, tuple(order))
    return Plan(run, tuple(with_ids), group_ids)


# -- the rows' state --------------------------------------------------------------------


def _final_steps(run: WorkflowRun, row_id: str) -> list[str]:
    """The steps whose results are this row's result: a chain's last item, a group's every item, a chord's body."""
    part = run.part(row_id)
    if part is None:
        return [row_id]
    if part.kind == "group":
        return [s for item in part.items for s in _final_steps(run, item)]
    if not part.items:
        return []
    return _final_steps(run, part.items[-1])


def _results_text(records: Sequence[TaskRecord]) -> str:
    if len(records) == 1:
        return records[0].result
    text = f"[{', '.join(r.result for r in records)}]"
    return text if len(text) <= MAX_RESULT else text[: MAX_RESULT - 1] + "…"


def part_record(run: WorkflowRun, part: WorkflowPart, tasks: Mapping[str, TaskRecord]) -> TaskRecord:
    """The row of a chain, group or chord: failed (or revoked) if a step was, done when all are, else running or waiting."""
    records = [tasks.get(i) or TaskRecord(id=i) for i in part.steps]
    total = len(records)
    done = sum(1 for r in records if r.ready)
    failed = next((r for r in records if r.state in FAILED_STATES and not not_run(r)), None)
    failed = failed or next((r for r in records if r.state in FAILED_STATES), None)
    if failed is not None:
        state = failed.state  # FAILURE, or REVOKED when the user stopped it
        result = f"{failed.name or failed.id} {failed.state.lower()}: {failed.result}".rstrip(": ")
        date_done = failed.date_done
    elif total and done == total:
        state = states.SUCCESS
        result = _results_text([tasks.get(i) or TaskRecord(id=i) for i in _final_steps(run, part.id)])
        date_done = max((r.date_done for r in records if r.date_done is not None), default=None)
    elif any(r.state != states.PENDING for r in records):
        state, result, date_done = states.STARTED, "", None
    else:
        state, result, date_done = states.PENDING, "", None
    started = [r.started_at for r in records if r.started_at is not None]
    workers = sorted({r.worker for r in records if r.worker})
    return TaskRecord(
        id=part.id,
        name=part.label,
        state=state,
        args=_steps_text(total),
        progress=Progress(done, total),
        result=result,
        exc_type=failed.exc_type if failed is not None else "",
        traceback=failed.traceback if failed is not None else "",
        worker=workers[0] if len(workers) == 1 else (_workers_text(len(workers)) if workers else ""),
        parent_id=part.parent,
        sent_at=run.sent_at,
        started_at=min(started) if started else None,
        date_done=date_done,
        mine=True,
        container=part.kind,
    )


def _steps_text(total: int) -> str:
    if total == 1:
        return translate("workflows", "1 step")
    return translate("workflows", "{count} steps").format(count=total)


def _workers_text(count: int) -> str:
    return translate("workflows", "{count} workers").format(count=count)


def not_run_prefix() -> str:
    """How a blocked step's warning begins, in the window's language (the warning is never written to disk)."""
    return translate("workflows", NOT_RUN)


def not_run(record: TaskRecord) -> bool:
    """A step that never ran because a step before it failed (Celery may still have stored a FAILURE for it)."""
    return record.warning.startswith(not_run_prefix())


def never_run(run: WorkflowRun, tasks: Mapping[str, TaskRecord]) -> dict[str, str]:
    """Steps that will never run, or never ran, because a step before them failed: id -> why.

    Celery stores the failure of a chain's first failing step for every step after it too
    (same exception, same traceback), and a ChordError for a chord's body when a header task
    failed; those are the culprit's failure, not their own, and triage must not count them twice.
    """
    blocked: dict[str, str] = {}

    def steps_of(row_id: str) -> tuple[str, ...]:
        part = run.part(row_id)
        return part.steps if part is not None else (row_id,)

    def own_failure(row_id: str) -> TaskRecord | None:
        for step_id in steps_of(row_id):
            record = tasks.get(step_id)
            if record is not None and record.state in FAILED_STATES and step_id not in blocked:
                return record
        return None

    def follows(record: TaskRecord, culprit: TaskRecord, in_chord: bool) -> bool:
        if record.state == states.PENDING:
            return True
        if record.state not in FAILED_STATES or record.started_at is not None:
            return False
        if in_chord and (record.exc_type == "ChordError" or record.result.startswith("ChordError")):
            return True
        return record.result == culprit.result and record.traceback == culprit.traceback

    for part in run.parts:  # outermost first, items in order: a culprit is always met before what it blocks
        if part.kind == "group":
            continue
        culprit = None
        for item in part.items:
            if culprit is None:
                culprit = own_failure(item)
                continue
            before = translate("workflows", "{task} failed before it").format(task=culprit.name or culprit.id)
            prefix = not_run_prefix()  # first whatever the language: not_run() looks for it
            why = prefix + ("" if prefix.endswith("：") else " ") + before  # a full-width colon holds its own space
            for step_id in steps_of(item):
                record = tasks.get(step_id) or TaskRecord(id=step_id)
                if follows(record, culprit, part.kind == "chord"):
                    blocked.setdefault(step_id, why)
    return blocked


def rows(run: WorkflowRun, tasks: Mapping[str, TaskRecord]) -> list[TaskRecord]:
    """Every part's row, recomputed from the steps' records (the whole workflow first)."""
    records: dict[str, TaskRecord] = dict(tasks)
    out = []
    for part in reversed(run.parts):  # innermost first; a part's state depends only on steps, not on other parts
        record = part_record(run, part, records)
        out.append(record)
    return list(reversed(out))


def placed(record: TaskRecord, run: WorkflowRun, why_not_run: str = "") -> TaskRecord:
    """A step's record under its part (the backend and events name the Celery parent, which nests chains deep)."""
    parent = run.step_parent.get(record.id)
    changes: dict[str, Any] = {}
    if parent is not None and record.parent_id != parent:
        changes["parent_id"] = parent
    if why_not_run != record.warning and (why_not_run or not_run(record)):
        changes["warning"] = why_not_run
    return replace(record, **changes) if changes else record
