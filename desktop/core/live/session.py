"""ConsoleSession: the state one window shows, kept fresh by asyncio loops.

Listeners are told *which parts* changed; the Qt side coalesces those notices
into at most a few repaints a second.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime

from desktop import __version__
from desktop.core.cluster.client import ClusterClient, Reply, still_wanted
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain import workflows
from desktop.core.domain.calls import CallContext, CallSpec
from desktop.core.domain.catalog import TaskInfo
from desktop.core.domain.events import StoreChanges
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.results import merge_event_view, short_json
from desktop.core.domain.triage import FailureIndex, ResendPlan
from desktop.core.domain.watch import Notification, TrayCounts, WatchList, coalesce
from desktop.core.domain.worker_loss import WorkerLoss, lost_note, on_a_worker, worker_losses
from desktop.core.domain.workflows import WorkflowRun
from desktop.core.live.changes import CATALOG, CONNECTION, ERRORS, TASKS, WORKERS, Listener, Listeners
from desktop.core.live.endpoints import Endpoints
from desktop.core.live.error_log import ErrorLog
from desktop.core.live.monitor import ClusterMonitor
from desktop.core.live.poller import PollerStatus, PollState, ResultPoller
from desktop.core.runtime.app_log import remember_secrets
from desktop.core.store.history import HistoryRecorder

__all__ = ["CATALOG", "CONNECTION", "ERRORS", "TASKS", "WORKERS", "ConsoleSession", "Listener"]

log = logging.getLogger(__name__)

MAX_SEEN_SHOWN = 5000  # tasks seen only through events kept as rows (the event store holds many more)
MAX_HISTORY_LOADED = 100_000  # rows an earlier session left that come back on start (at most the row limit)
DEFAULT_MAX_ROWS = 10_000  # my tasks kept in the window; older finished ones leave it (the history keeps them)
HISTORY_SAVE_SECONDS = 1.0
WORKER_LOSS_CHECK_SECONDS = 1.0


class Forwarded:
    """A part's attribute, under the name callers read on the session before the session had parts."""

    def __init__(self, part: str, name: str = "", writable: bool = False):
        self.part, self.name, self.writable = part, name, writable
        self.alias = name

    def __set_name__(self, owner: type, alias: str) -> None:
        self.alias, self.name = alias, self.name or alias

    def __get__(self, session: object, owner: type | None = None):
        return self if session is None else getattr(getattr(session, self.part), self.name)

    def __set__(self, session: object, value) -> None:
        if not self.writable:
            raise AttributeError(f"session.{self.alias} is session.{self.part}.{self.name}: set it there")
        setattr(getattr(session, self.part), self.name, value)


def args_summary(args: tuple | list, kwargs: dict) -> str:
    return ", ".join([*(short_json(a, 60) for a in args), *(f"{k}={short_json(v, 60)}" for k, v in kwargs.items())])


class ConsoleSession:
    """What one window shows, composed of parts with one job each; the methods here are what spans them.

    ``listeners`` hear which parts changed, ``error_log`` keeps the errors.
    """

    errors = Forwarded("error_log", "lines")
    error_details = Forwarded("error_log", "details")
    broker = Forwarded("endpoints")
    backend = Forwarded("endpoints")
    workers = Forwarded("endpoints")
    online_workers = Forwarded("endpoints")
    registered = Forwarded("endpoints")
    registered_loaded = Forwarded("endpoints")
    app_tasks = Forwarded("endpoints")
    catalog = Forwarded("endpoints")
    worker_accept = Forwarded("endpoints")
    accepted_content = Forwarded("endpoints")
    refreshes = Forwarded("endpoints")
    last_refresh = Forwarded("endpoints")
    settled = Forwarded("endpoints")

    def __init__(self, client: ClusterClient, profile: ConnectionProfile, history: HistoryRecorder | None = None):
        self.client = client
        self.profile = profile
        remember_secrets(profile.secrets)  # the log masks them wherever they appear
        self.listeners = Listeners()
        self.error_log = ErrorLog(profile, self.listeners.notify)
        self.history = history
        self._history_dirty: dict[str, None] = {}
        self.history_loaded = history is None
        self.tasks: dict[str, TaskRecord] = {}
        self.sent_calls: dict[str, CallSpec] = {}  # what the console sent, by task id, for re-send
        self.task_changes: dict[str, None] = {}  # ids changed since the Qt side last looked, in order
        self.removed_tasks: set[str] = set()
        self.failures = FailureIndex()  # failed rows grouped by cause (core/triage.py), kept as rows change
        self._unsettled: dict[str, None] = {}  # rows changed since the last _settle()
        self.watch = WatchList()  # rows the user watches (core/watch.py): a notification when they end
        self.tray_counts = TrayCounts()  # my running tasks and the failures since the user last looked
        self.notifications: list[Notification] = []  # for the desktop, until the Qt side takes them
        self.workflows: dict[str, WorkflowRun] = {}  # sent workflows by their top row's id (core/workflows.py)
        self._workflow_of: dict[str, str] = {}  # every row of a workflow (its parts and steps) -> the workflow's id
        self.poller = ResultPoller(client, self._on_records, self._on_poller_status, interval=profile.poll_interval)
        self.monitor = ClusterMonitor(
            client,
            profile,
            self.listeners.notify,
            self._on_store_changes,
            online_hostnames=lambda: [w.hostname for w in self.endpoints.online_workers],
        )
        self.endpoints = Endpoints(
            client,
            profile,
            self.error_log.report,
            self.listeners.notify,
            stream_status=lambda: self.monitor.stream_status,
            results_status=lambda: self.poller.status,  # read each time: a bench may put in a poller of its own
        )
        self._seen_only: dict[str, None] = {}  # rows that come from events alone, oldest first
        self.max_rows = DEFAULT_MAX_ROWS
        self._on_workers: dict[str, None] = {}  # rows a worker holds (received, started, progress): checked for loss
        self._losses: dict[str, WorkerLoss] = {}
        self._skews: dict[str, float | None] = {}
        self._loops: list[asyncio.Task] = []

    # -- listeners -----------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self.listeners.subscribe(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self.listeners.unsubscribe(listener)

    def report_error(self, message: str, details: str = "") -> None:
        self.error_log.report(message, details)

    def error_report(self) -> str:
        return self.error_log.report_text()

    def clear_errors(self) -> None:
        self.error_log.clear()

    async def refresh(self) -> None:
        await self.endpoints.refresh()

    def call_context(self) -> CallContext:
        return self.endpoints.call_context()

    def set_app_tasks(self, infos: dict[str, TaskInfo]) -> None:
        self.endpoints.set_app_tasks(infos)

    def task_info(self, name: str) -> TaskInfo | None:
        return self.endpoints.task_info(name)

    def _mark(self, task_id: str) -> None:
        """A task's row changed: the window repaints it, the history writes it."""
        self.task_changes[task_id] = None
        self._unsettled[task_id] = None
        if self.history is not None:
            self._history_dirty[task_id] = None
        record = self.tasks.get(task_id)
        if record is not None and on_a_worker(record):
            self._on_workers[task_id] = None
            note = self._loss_note(record) if self._losses else ""
            if note != record.warning:
                self.tasks[task_id] = replace(record, warning=note)
        else:
            self._on_workers.pop(task_id, None)

    def _settle(self) -> None:
        """What follows from a batch of changed rows: workflows' rows, the failure groups, the tray counts, notifications."""
        if not self._unsettled:
            return
        changed, self._unsettled = self._unsettled, {}
        tasks, workflow_of = self.tasks, self._workflow_of
        if workflow_of:
            for run_id in {run_id for i in changed if (run_id := workflow_of.get(i)) is not None}:
                changed.update(dict.fromkeys(self._settle_workflow(self.workflows[run_id])))
        self.failures.update(
            r for i in changed if (r := tasks.get(i)) is not None and not r.container and not workflows.not_run(r)
        )
        changed_records = [r for i in changed if (r := tasks.get(i)) is not None]
        self.tray_counts.update(changed_records)
        notes = self.watch.notifications(changed_records)
        if notes:
            self.notifications = coalesce(self.notifications + notes)  # never more than a few waiting

    def _settle_workflow(self, run: WorkflowRun) -> list[str]:
        """Steps placed under their part (and marked when a failure before them means they never run); parts recomputed.

        Returns the rows (steps and parts) whose record changed here."""
        tasks, changed = self.tasks, []
        blocked = workflows.never_run(run, tasks)
        for step_id in run.step_ids:
            record = tasks.get(step_id)
            if record is None:
                continue
            placed = workflows.placed(record, run, blocked.get(step_id, ""))
            if placed is not record:
                tasks[step_id] = placed
                changed.append(step_id)
                self.task_changes[step_id] = None
                if self.history is not None:
                    self._history_dirty[step_id] = None
        for record in workflows.rows(run, tasks):
            if tasks.get(record.id) != record:
                tasks[record.id] = record
                changed.append(record.id)
                self.task_changes[record.id] = None
        return changed

    def _tasks_changed(self) -> None:
        self._settle()
        self.listeners.notify(TASKS)

    # -- tasks whose worker died (core/worker_loss.py) -------------------------
    def _loss_note(self, record: TaskRecord) -> str:
        loss = self._losses.get(record.worker)
        if loss is None:
            return ""
        held_since = None
        task = self.monitor.store.task(record.id)
        if task is not None and (task.received or task.started):
            skew = self._skews.get(record.worker) or 0.0
            held_since = min(t for t in (task.received, task.started) if t) - skew  # its clock to ours
        return lost_note(record, loss, held_since)

    async def check_worker_loss(self) -> None:
        """Flag rows whose worker went offline or restarted under them (and unflag them once they move on)."""
        workers = self.monitor.workers()
        if self.monitor.receiving_for(max((w.freq for w in workers), default=2.0) * 2.5):
            self._losses = worker_losses(workers, self._losses)
            self._skews = {w.hostname: w.clock_skew for w in workers}
        changed = False
        for task_id in list(self._on_workers):
            record = self.tasks.get(task_id)
            if record is None or not on_a_worker(record):
                self._on_workers.pop(task_id, None)
                continue
            note = self._loss_note(record)
            if note != record.warning:
                self.tasks[task_id] = replace(record, warning=note)
                self.task_changes[task_id] = None
                changed = True
        if changed:
            self._tasks_changed()

    # -- history -------------------------------------------------------------
    async def load_history(self) -> int:
        """Rows from earlier sessions with this profile; tasks of mine not finished then are tracked again."""
        history = self.history
        if history is None or not history.available:
            self.history_loaded = True
            return 0

        def load():
            key = self.profile.history_key
            records = history.database.load(key, min(MAX_HISTORY_LOADED, self.max_rows))
            mine = [r.id for r in records if r.mine]
            return records, history.database.load_calls(key, mine), history.database.load_workflows(key, mine)

        reply = await self.client.run_blocking(load, timeout=60.0)
        self.history_loaded = True
        if not reply.ok:
            self.report_error(f"history could not be read: {reply.error}")
            return 0
        records, calls, runs = reply.value
        for task_id, spec in calls.items():
            self.sent_calls.setdefault(task_id, spec)  # re-send after a restart: the exact call
        mine = []
        for record in records:
            if record.id in self.tasks:
                continue  # already live in this session
            self.tasks[record.id] = record
            self.task_changes[record.id] = None
            self._unsettled[record.id] = None
            if record.mine:
                mine.append(record)
            else:
                self._seen_only[record.id] = None
        self.poller.track(mine)  # the unfinished ones are polled again; the finished stay as they were
        for run in runs:
            if run.id not in self.workflows:
                self.add_workflow(run)
        overflow = len(self._seen_only) - MAX_SEEN_SHOWN
        self._drop_rows([i for _, i in zip(range(max(0, overflow)), self._seen_only, strict=False)])
        self._tasks_changed()
        return len(records)

    async def _save_history(self) -> None:
        """Hand the rows changed since the last call to the history's writer thread."""
        dirty, self._history_dirty = self._history_dirty, {}
        if self.history is not None and dirty:
            self.history.record([r for i in dirty if (r := self.tasks.get(i)) is not None and not r.container])

    # -- loops ---------------------------------------------------------------
    def start(self, monitor: bool = True) -> None:
        self._loops = [asyncio.ensure_future(self._every(self.endpoints.refresh_delay, self.refresh))]
        if self.history is not None:
            self._loops.append(asyncio.ensure_future(self.load_history()))
            self._loops.append(asyncio.ensure_future(self._every(lambda: HISTORY_SAVE_SECONDS, self._save_history)))
        self.poller.start()
        if monitor:
            self.monitor.start()
            self._loops.append(asyncio.ensure_future(self._every(lambda: WORKER_LOSS_CHECK_SECONDS, self.check_worker_loss)))

    async def stop(self) -> None:
        for task in self._loops:
            task.cancel()
        await asyncio.gather(*self._loops, return_exceptions=True)
        self._loops = []
        await self._save_history()  # the last changes, so a clean exit loses nothing
        await self.poller.stop()
        await self.monitor.stop()

    async def _every(self, delay: Callable[[], float], step: Callable[[], object]) -> None:
        while still_wanted():
            try:
                await step()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - a loop must outlive one bad step
                self.report_error(f"{getattr(step, '__name__', 'step')} failed: {type(exc).__name__}: {exc}")
            if still_wanted():
                await asyncio.sleep(delay())

    # -- tasks ---------------------------------------------------------------
    def track(self, task_id: str, name: str = "", args: str = "", notify: bool = True, **known) -> TaskRecord:
        """Follow a task by id; ``known`` fills what the console knows before the backend does."""
        record = self.tasks.get(task_id)
        if record is None or not record.mine:
            record = self._track_many([TaskRecord(id=task_id, name=name, args=args, sent_at=time.time(), mine=True, **known)])[0]
            if notify:
                self._tasks_changed()
        return record

    def _track_many(self, fresh: list[TaskRecord]) -> list[TaskRecord]:
        """Hand new records to the poller in one call (one wake-up, one subscription change)."""
        self.poller.track(fresh)
        shown = []
        for record in fresh:
            self._seen_only.pop(record.id, None)
            record = self._with_events(record)
            self.tasks[record.id] = record
            self._mark(record.id)
            shown.append(record)
        return shown

    def track_ids(self, text: str) -> tuple[list[str], list[str]]:
        """Ids pasted by the user (spaces, commas or lines between them): (tracked, rejected)."""
        tracked, rejected, now = {}, [], time.time()
        for token in re.split(r"[\s,;]+", text.strip()):
            if not token:
                continue
            if len(token) > 255 or not token.isprintable():
                rejected.append(token[:40])
                continue
            record = self.tasks.get(token)
            if token not in tracked and (record is None or not record.mine):
                tracked[token] = TaskRecord(id=token, sent_at=now, mine=True)
        if tracked:
            self._track_many(list(tracked.values()))
            self._tasks_changed()
        return list(tracked), rejected

    def _with_events(self, record: TaskRecord) -> TaskRecord:
        return merge_event_view(record, self.monitor.store.to_record(record.id))

    def _on_records(self, records: list[TaskRecord]) -> None:
        """The poller's batch: fold it in (with what events know), and follow children the backend names."""
        for record in records:
            self._seen_only.pop(record.id, None)
            self.tasks[record.id] = self._with_events(record)
            self._mark(record.id)
        for record in records:
            for child in record.children:
                if child not in self.tasks:
                    self.track(child, notify=False, parent_id=record.id)
        self._trim_rows()
        self._tasks_changed()

    def _trim_rows(self) -> None:
        """Past the row limit my oldest finished tasks leave the window, a chunk at a time; the history keeps them.

        A console open for days at tens of tasks a second must not grow without end. Unfinished
        tasks always stay, and so does a finished one until the history has written its final state.
        """
        tracked = self.poller.tracked
        excess = len(tracked) - self.max_rows
        if excess <= 0:
            return
        excess += max(1, self.max_rows // 20)
        gone = []
        dirty, tasks = self._history_dirty, self.tasks
        workflow_of, taken = self._workflow_of, set()
        for task_id in tracked:  # oldest first
            record = tasks.get(task_id)
            if record is not None and record.ready and task_id not in dirty:
                if task_id in workflow_of:  # a workflow leaves whole, once it is over
                    run = self.workflows[workflow_of[task_id]]
                    top = tasks.get(run.id)
                    if top is None or not top.ready or not self._workflow_over(run):
                        continue
                    gone.extend(i for i in run.row_ids if i not in taken)
                    taken.update(run.row_ids)
                elif task_id not in taken:
                    gone.append(task_id)
                if len(gone) >= excess:
                    break
        if gone:
            self.poller.untrack(gone)
            for task_id in gone:
                self.sent_calls.pop(task_id, None)
            self._drop_rows(gone)

    def _on_store_changes(self, changes: StoreChanges) -> None:
        """Tasks anyone sent, as events tell them: merged into tracked rows, or shown as rows of their own."""
        store, tracked = self.monitor.store, self.poller.tracked
        for task_id in changes.changed:
            event = store.to_record(task_id)
            if event is None:
                continue
            entry = tracked.get(task_id)
            if entry is not None:
                self.tasks[task_id] = merge_event_view(entry.record, event)
            else:
                self.tasks[task_id] = event
                self._seen_only.pop(task_id, None)
                self._seen_only[task_id] = None  # newest last
            self._mark(task_id)
        gone = [i for i in changes.removed if i in self._seen_only]
        if len(self._seen_only) > MAX_SEEN_SHOWN:  # down to 90 %: evictions come in chunks, not one row a batch
            overflow = len(self._seen_only) - MAX_SEEN_SHOWN * 9 // 10
            gone += [i for _, i in zip(range(overflow), self._seen_only, strict=False)]
        self._drop_rows(gone)
        self._tasks_changed()

    def _on_poller_status(self, status: PollerStatus) -> None:
        if status.state is PollState.RECONNECTING:
            log.warning("%s", status.message)
        self.listeners.notify(CONNECTION)

    def take_task_changes(self) -> list[TaskRecord]:
        changed, self.task_changes = self.task_changes, {}
        return [self.tasks[i] for i in changed if i in self.tasks]

    def take_notifications(self) -> list[Notification]:
        """Watched rows that ended since the Qt side last looked (a burst already folded into one summary)."""
        notes, self.notifications = self.notifications, []
        return notes

    def watch_rows(self, ids: Iterable[str], on: bool = True) -> None:
        """Watch rows (or stop): a row that already ended is marked, with nothing left to tell."""
        if on:
            self.watch.watch(ids, self.tasks)
        else:
            self.watch.unwatch(ids)

    async def send(self, name: str, args: list | tuple = (), kwargs: dict | None = None) -> Reply[list[CallSpec]]:
        return await self.send_call(CallSpec(task=name, args=tuple(args), kwargs=dict(kwargs or {})))

    async def send_call(self, spec: CallSpec, count: int = 1) -> Reply[list[CallSpec]]:
        """Send through Celery off the loop; every sent id (and callback id) is tracked at once."""
        reply = await self.client.send_call(spec, count)
        if not reply.ok:
            self.report_error(f"sending {spec.task} failed: {reply.error}")
            return reply
        self._follow_sent(reply.value)
        return reply

    def _follow_sent(self, calls: list[CallSpec]) -> None:
        """Calls that just went out: kept for re-send and the history, each id (and callback id) tracked."""
        self._track_sent(calls)
        self.watch.on_sent([sent.task_id for sent in calls])  # "watch everything I send"
        self._tasks_changed()

    def _track_sent(self, calls, parent_of: Mapping[str, str] | None = None) -> None:
        """Sent calls kept for re-send (and given to the history); they and their callbacks tracked in one batch.

        ``parent_of``: the row each call shows under (a workflow's part); callbacks show under their call.
        """
        now = time.time()
        if self.history is not None:
            self.history.record_calls({sent.task_id: sent for sent in calls})
        fresh = []
        for sent in calls:
            self.sent_calls[sent.task_id] = sent
            eta = sent.eta.timestamp() if sent.eta else (now + sent.countdown if sent.countdown else None)
            parent = (parent_of or {}).get(sent.task_id)
            fresh.append(self._sent_record(sent.task_id, sent.task, sent.args, sent.kwargs, now, parent, eta=eta))
            for link in (*sent.link, *sent.link_error):
                fresh.append(self._sent_record(link.task_id, link.task, link.args, link.kwargs, now, sent.task_id))
        tasks = self.tasks
        fresh = [r for r in fresh if (known := tasks.get(r.id)) is None or not known.mine]
        if fresh:
            self._track_many(fresh)

    @staticmethod
    def _sent_record(task_id: str, task: str, args, kwargs, now: float, parent_id: str | None, **known) -> TaskRecord:
        return TaskRecord(
            id=task_id,
            name=task,
            args=args_summary(args, {}),
            kwargs=args_summary((), kwargs),
            sent_at=now,
            mine=True,
            parent_id=parent_id,
            **known,
        )

    async def send_workflow(self, node, specs: list[CallSpec] | tuple[CallSpec, ...]) -> Reply[WorkflowRun]:
        """Send a validated chain, group or chord through Celery's canvas, off the loop; it shows as one tree at once.

        ``specs`` are ``canvas.validate``'s. Every step's task id and every group's id are
        chosen first, so the rows exist (PENDING) before the first worker picks anything up.
        """
        from desktop.core.domain.canvas import to_signature

        refusal = next((r for spec in specs if (r := self.client.pickle_refusal(spec))), "")
        if refusal:
            self.report_error(f"sending the workflow failed: {refusal}")
            return Reply(error=refusal)
        try:
            plan = workflows.plan(node, specs, sent_at=time.time())
        except ValueError as exc:
            return Reply(error=str(exc))
        label = plan.run.parts[0].label
        reply = await self.client.send_signature(lambda app: to_signature(node, app, plan.specs, plan.group_ids), len(plan.specs))
        if not reply.ok:
            self.report_error(f"sending the workflow {label} failed: {reply.error}")
            return Reply(error=reply.error, elapsed_ms=reply.elapsed_ms)
        self.add_workflow(plan.run, plan.specs)
        self.watch.on_sent([plan.run.id])  # "watch everything I send": the workflow as a whole, not each step
        return Reply(value=plan.run, elapsed_ms=reply.elapsed_ms)

    def add_workflow(self, run: WorkflowRun, specs=()) -> None:
        """Show a workflow: its parts' rows and its steps, parents before children; ``specs`` when it was just sent (tracked)."""
        self.workflows[run.id] = run
        for row_id in run.row_ids:
            self._workflow_of[row_id] = run.id
        if specs and self.history is not None:
            self.history.record_workflow(run)
        for record in workflows.rows(run, self.tasks):
            self.tasks[record.id] = record
        if specs:
            self._track_sent(specs, run.step_parent)
        for row_id in run.order or run.row_ids:  # the model shows rows in the order they first change
            self.task_changes.pop(row_id, None)
            self._mark(row_id)
        self._tasks_changed()

    def _workflow_over(self, run: WorkflowRun) -> bool:
        """Every step ended (or never will run) and the history has its final state: the tree may leave the window."""
        dirty, tasks = self._history_dirty, self.tasks
        for step_id in run.step_ids:
            record = tasks.get(step_id)
            if step_id in dirty or (record is not None and not record.ready and not workflows.not_run(record)):
                return False
        return True

    def workflow_of(self, task_id: str) -> WorkflowRun | None:
        """The workflow a row belongs to (its top row, a part, or a step), if the console sent it."""
        run_id = self._workflow_of.get(task_id)
        return None if run_id is None else self.workflows.get(run_id)

    def _with_workflows(self, ids) -> list[str]:
        """``ids`` with, for any row of a workflow's own rows (top or part), the whole workflow's rows."""
        out = dict.fromkeys(ids)
        for task_id in list(out):
            run = self.workflow_of(task_id)
            if run is not None and task_id in (p.id for p in run.parts):
                out.update(dict.fromkeys(run.row_ids))
        return list(out)

    def _step_ids(self, ids) -> list[str]:
        """Celery task ids only: a workflow's rows stand for their steps."""
        parts = {p.id for run in self.workflows.values() for p in run.parts} if self.workflows else set()
        return [i for i in self._with_workflows(ids) if i not in parts]

    async def poll_results(self) -> list[TaskRecord]:
        """One poll now (the poller also runs on its own once started)."""
        return await self.poller.tick()

    async def revoke(self, ids: list[str], terminate: bool = False, signal: str = "SIGTERM") -> Reply[None]:
        ids = self._step_ids(ids)
        reply = await self.client.revoke(ids, terminate=terminate, signal=signal)
        if not reply.ok:
            self.report_error(f"{'terminate' if terminate else 'revoke'} failed: {reply.error}")
        return reply

    async def forget(self, ids: list[str]) -> Reply[None]:
        """Delete the results from the backend and stop showing the tasks (a workflow's row: all its steps)."""
        ids = self._with_workflows(ids)
        reply = await self.client.forget(self._step_ids(ids))
        if not reply.ok:
            self.report_error(f"forget failed: {reply.error}")
            return reply
        self.untrack(ids)
        return reply

    def untrack(self, ids: list[str]) -> None:
        ids = self._with_workflows(ids)
        self.poller.untrack(ids)
        if self.history is not None:
            self.history.forget(ids)
        for task_id in ids:
            self.sent_calls.pop(task_id, None)
        self._drop_rows(ids)
        self._tasks_changed()

    async def export(self, task_ids: list[str], path) -> Reply[int]:
        """Write these tasks (with the calls as sent) to a CSV or JSON file, off the loop; no password goes out."""
        from desktop.core.connection.secrets import mask_text
        from desktop.core.store.export import write_export

        records = [self.tasks[i] for i in task_ids if i in self.tasks]
        calls = {i: self.sent_calls[i] for i in task_ids if i in self.sent_calls}
        redact = lambda text: mask_text(self.profile.redact(text))  # noqa: E731
        reply = await self.client.run_blocking(lambda: write_export(path, records, calls, redact), timeout=120.0)
        if not reply.ok:
            self.report_error(f"export to {path} failed: {reply.error}")
        return reply

    def _drop_rows(self, ids) -> None:
        """These tasks leave the window (and the history's next batch); the model removes their rows."""
        ids = list(ids)
        for run_id in {run_id for i in ids if (run_id := self._workflow_of.get(i)) is not None}:
            run = self.workflows.pop(run_id, None)
            for row_id in run.row_ids if run is not None else ():
                self._workflow_of.pop(row_id, None)
        for task_id in ids:
            self._seen_only.pop(task_id, None)
            self._on_workers.pop(task_id, None)
            self.tasks.pop(task_id, None)
            self.task_changes.pop(task_id, None)
            self._history_dirty.pop(task_id, None)
            self._unsettled.pop(task_id, None)
        self.failures.remove(ids)
        self.watch.forget(ids)
        self.tray_counts.forget(ids)
        self.removed_tasks.update(ids)

    def take_removed_tasks(self) -> set[str]:
        removed, self.removed_tasks = self.removed_tasks, set()
        return removed

    def call_to_resend(self, task_id: str) -> CallSpec | None:
        """The exact call the console sent, or one rebuilt from what the backend recorded (see ``call_rebuilt``)."""
        if task_id in self.sent_calls:
            return self.sent_calls[task_id]
        record = self.tasks.get(task_id)
        meta = record.meta if record else {}
        if not record or not record.name or not isinstance(meta.get("args"), list | tuple):
            return None
        kwargs = meta.get("kwargs") if isinstance(meta.get("kwargs"), dict) else {}
        return CallSpec(task=record.name, args=tuple(meta["args"]), kwargs=dict(kwargs))

    def call_rebuilt(self, task_id: str) -> bool:
        """Whether the call to re-send for this task is rebuilt from the backend's record, not one this console sent.

        Its task name, args and kwargs are then whatever anyone who can write to the backend put there.
        """
        return task_id not in self.sent_calls and self.call_to_resend(task_id) is not None

    def resend_plan(self, task_ids: Iterable[str]) -> ResendPlan:
        """What ``resend`` would send for these tasks: each call (fresh ids), which were rebuilt, which are unknown.

        An absolute ETA or expiry that has passed is left out: the copy would only run at once, or
        expire before any worker ran it.
        """
        calls: dict[str, CallSpec] = {}
        unknown = []
        now = time.time()
        for task_id in dict.fromkeys(task_ids):
            spec = self.call_to_resend(task_id)
            if spec is None:
                unknown.append(task_id)
                continue
            fresh = {
                "task_id": None,
                "link": tuple(replace(link, task_id=None) for link in spec.link),
                "link_error": tuple(replace(link, task_id=None) for link in spec.link_error),
            }
            if isinstance(spec.eta, datetime) and spec.eta.timestamp() <= now:
                fresh["eta"] = None
            if isinstance(spec.expires, datetime) and spec.expires.timestamp() <= now:
                fresh["expires"] = None
            calls[task_id] = replace(spec, **fresh)
        rebuilt = frozenset(task_id for task_id in calls if task_id not in self.sent_calls)
        return ResendPlan(calls, rebuilt, tuple(unknown))

    async def resend_many(self, task_ids: Iterable[str]) -> Reply[dict[str, CallSpec]]:
        """Send each task's call again, identical but for fresh task ids, all in one batch: retrying a failure group."""
        return await self.resend(self.resend_plan(task_ids))

    async def resend(self, plan: ResendPlan) -> Reply[dict[str, CallSpec]]:
        """Send the calls of a plan (``resend_plan``), as they were when it was made (and confirmed), in one batch.

        The reply maps each re-sent id to the call sent in its place. Tasks whose arguments are
        unknown (seen only through events, or a backend without result_extended) are named in one error.
        """
        calls, unknown = dict(plan.calls), list(plan.unknown)
        if unknown:
            more = f" and {len(unknown) - 5:,} more" if len(unknown) > 5 else ""
            self.report_error(
                f"cannot re-send {len(unknown):,} task(s), their arguments are unknown "
                f"(the backend keeps them with result_extended=True): {', '.join(unknown[:5])}{more}"
            )
        if not calls:
            return Reply(value={})
        reply = await self.client.send_calls(list(calls.values()))
        if not reply.ok:
            self.report_error(f"re-sending {len(calls):,} task(s) failed: {reply.error}")
            return Reply(error=reply.error, elapsed_ms=reply.elapsed_ms)
        self._follow_sent(reply.value)
        return Reply(value=dict(zip(calls, reply.value, strict=True)), elapsed_ms=reply.elapsed_ms)

    # -- bug-report dump -----------------------------------------------------
    def _history_dict(self) -> dict:
        if self.history is None:
            return {"state": "off"}
        status = self.history.status
        return {
            "state": status.state.value,
            "message": status.message,
            "path": str(self.history.database.path),
            "profile": self.profile.history_key,
            "written": status.written,
            "loaded": self.history_loaded,
        }

    def to_dict(self) -> dict:
        """What the window shows, as JSON-ready data. Keys are documented in the README."""
        endpoints = self.endpoints
        return {
            "celery_desktop": __version__,
            "connection": self.profile.to_dict(),
            "broker": endpoints.broker.to_dict(),
            "backend": endpoints.backend.to_dict(),
            "workers": [w.to_dict() for w in sorted(endpoints.workers.values(), key=lambda w: w.hostname)],
            "registered_tasks": [t.to_dict() for t in endpoints.catalog if t.on_workers or not t.builtin],
            "tracked_tasks": [t.to_dict() for t in self.tasks.values() if t.mine],
            "seen_tasks": len(self._seen_only),
            "history": self._history_dict(),
            "results": {
                "state": self.poller.status.state.value,
                "message": self.poller.status.message,
                "backend_kind": self.poller.status.kind.value,
                "polling": self.poller.status.polling,
            },
            "monitor": self.monitor.to_dict(endpoints.workers),
            "errors": list(self.error_log.lines),
        }

    def dump_json(self) -> str:
        return self.profile.redact(json.dumps(self.to_dict(), indent=2, ensure_ascii=False, default=str))
