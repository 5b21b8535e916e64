"""The workflows a console sent, as rows: which row belongs to which workflow, and the rows that follow from its steps."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.core.domain import workflows
from desktop.core.domain.task_rows import TaskRows
from desktop.core.domain.workflows import WorkflowRun


class WorkflowRows:
    """Sent workflows by their top row's id, each shown as a tree over the task rows.

    A workflow's top row and its parts (chains, groups, chords) are rows this class recomputes
    from its steps, which are Celery tasks. ``settle`` places each changed step under its part
    (marked when a failure before it means it never runs) and recomputes the parts.
    """

    def __init__(self, rows: TaskRows):
        self.rows = rows
        self.runs: dict[str, WorkflowRun] = {}
        self._run_of: dict[str, str] = {}  # every row of a workflow (its parts and steps) -> the workflow's id

    def add(self, run: WorkflowRun) -> None:
        """A workflow and its parts' rows; the caller announces its rows once its steps are tracked too."""
        self.runs[run.id] = run
        for row_id in run.row_ids:
            self._run_of[row_id] = run.id
        self.rows.place(workflows.rows(run, self.rows.tasks))

    def workflow_of(self, task_id: str) -> WorkflowRun | None:
        """The workflow a row belongs to (its top row, a part, or a step), if the console sent it."""
        run_id = self._run_of.get(task_id)
        return None if run_id is None else self.runs.get(run_id)

    def with_workflows(self, ids: Iterable[str]) -> list[str]:
        """``ids`` with, for any row of a workflow's own rows (top or part), the whole workflow's rows."""
        out = dict.fromkeys(ids)
        for task_id in list(out):
            run = self.workflow_of(task_id)
            if run is not None and task_id in (p.id for p in run.parts):
                out.update(dict.fromkeys(run.row_ids))
        return list(out)

    def step_ids(self, ids: Iterable[str]) -> list[str]:
        """Celery task ids only: a workflow's rows stand for their steps."""
        parts = {p.id for run in self.runs.values() for p in run.parts} if self.runs else set()
        return [i for i in self.with_workflows(ids) if i not in parts]

    def settle(self, changed: dict[str, None]) -> None:
        """The workflows of the ``changed`` rows settled; the rows that changed in doing so join ``changed``."""
        run_of = self._run_of
        if not run_of:
            return
        for run_id in {run_id for i in changed if (run_id := run_of.get(i)) is not None}:
            changed.update(dict.fromkeys(self._settle(self.runs[run_id])))

    def _settle(self, run: WorkflowRun) -> list[str]:
        """Steps placed under their part (and marked when a failure before them means they never run); parts recomputed.

        Returns the rows (steps and parts) whose record changed here."""
        rows, changed = self.rows, []
        tasks = rows.tasks
        blocked = workflows.never_run(run, tasks)
        for step_id in run.step_ids:
            record = tasks.get(step_id)
            if record is None:
                continue
            placed = workflows.placed(record, run, blocked.get(step_id, ""))
            if placed is not record:
                rows.amend(placed, save=True)
                changed.append(step_id)
        for record in workflows.rows(run, tasks):
            if tasks.get(record.id) != record:
                rows.amend(record)  # not written: the history keeps the workflow, not its parts' rows
                changed.append(record.id)
        return changed

    def leaving_with(self, task_id: str) -> Iterable[str] | None:
        """The rows that leave the window with this finished one: a workflow leaves whole, once it is over (else None)."""
        run_id = self._run_of.get(task_id)
        if run_id is None:
            return (task_id,)
        run = self.runs[run_id]
        top = self.rows.tasks.get(run.id)
        if top is None or not top.ready or not self._over(run):
            return None
        return run.row_ids

    def _over(self, run: WorkflowRun) -> bool:
        """Every step ended (or never will run) and the history has its final state: the tree may leave the window."""
        unsaved, tasks = self.rows.unsaved, self.rows.tasks
        for step_id in run.step_ids:
            record = tasks.get(step_id)
            if step_id in unsaved or (record is not None and not record.ready and not workflows.not_run(record)):
                return False
        return True

    def drop(self, ids: Iterable[str]) -> None:
        """Workflows any of these rows belong to are forgotten (their rows leave with them: the caller drops them)."""
        for run_id in {run_id for i in ids if (run_id := self._run_of.get(i)) is not None}:
            run = self.runs.pop(run_id, None)
            for row_id in run.row_ids if run is not None else ():
                self._run_of.pop(row_id, None)
