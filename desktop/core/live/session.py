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
from desktop.core.domain.task_rows import DEFAULT_MAX_ROWS, TaskRows
from desktop.core.domain.triage import FailureIndex, ResendPlan
from desktop.core.domain.watch import Notification, TrayCounts, WatchList, coalesce
from desktop.core.domain.workflow_rows import WorkflowRows
from desktop.core.domain.workflows import WorkflowRun
from desktop.core.live.changes import CATALOG, CONNECTION, ERRORS, TASKS, WORKERS, Listener, Listeners
from desktop.core.live.endpoints import Endpoints
from desktop.core.live.error_log import ErrorLog
from desktop.core.live.lost_workers import LostWorkers
from desktop.core.live.monitor import ClusterMonitor
from desktop.core.live.poller import PollerStatus, PollState, ResultPoller
from desktop.core.runtime.app_log import remember_secrets
from desktop.core.store.history import HistoryRecorder

__all__ = [
    "CATALOG",
    "CONNECTION",
    "DEFAULT_MAX_ROWS",
    "ERRORS",
    "TASKS",
    "WORKERS",
    "WORKER_LOSS_CHECK_SECONDS",
    "ConsoleSession",
    "Listener",
]

log = logging.getLogger(__name__)

MAX_HISTORY_LOADED = 100_000  # rows an earlier session left that come back on start (at most the row limit)
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

    ``listeners`` hear which parts changed, ``error_log`` keeps the errors, ``endpoints`` knows what
    answers (broker, backend, workers), ``rows`` holds the task rows and what changed in them,
    ``workflow_rows`` the workflows among them, ``lost_workers`` the workers lost under them.
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
    tasks = Forwarded("rows")
    task_changes = Forwarded("rows", "changes")
    removed_tasks = Forwarded("rows", "removed")
    _seen_only = Forwarded("rows", "seen_only")  # bench/soak.py weighs it
    max_rows = Forwarded("rows", writable=True)  # set from Settings.window_rows
    workflows = Forwarded("workflow_rows", "runs")

    def __init__(self, client: ClusterClient, profile: ConnectionProfile, history: HistoryRecorder | None = None):
        self.client = client
        self.profile = profile
        remember_secrets(profile.secrets)  # the log masks them wherever they appear
        self.listeners = Listeners()
        self.error_log = ErrorLog(profile, self.listeners.notify)
        self.history = history
        self.history_loaded = history is None
        self.sent_calls: dict[str, CallSpec] = {}  # what the console sent, by task id, for re-send
        self.failures = FailureIndex()  # failed rows grouped by cause (core/triage.py), kept as rows change
        self.watch = WatchList()  # rows the user watches (core/watch.py): a notification when they end
        self.tray_counts = TrayCounts()  # my running tasks and the failures since the user last looked
        self.notifications: list[Notification] = []  # for the desktop, until the Qt side takes them
        self.poller = ResultPoller(client, self.apply_results, self._on_poller_status, interval=profile.poll_interval)
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
        self.lost_workers = LostWorkers(self.monitor)
        self.rows = TaskRows(keep_unsaved=history is not None, warning_for=self.lost_workers.note)
        self.workflow_rows = WorkflowRows(self.rows)
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

    def _settle(self) -> None:
        """What follows from a batch of changed rows: workflows' rows, the failure groups, the tray counts, notifications."""
        changed = self.rows.take_unsettled()
        if not changed:
            return
        self.workflow_rows.settle(changed)
        tasks = self.rows.tasks
        self.failures.update(
            r for i in changed if (r := tasks.get(i)) is not None and not r.container and not workflows.not_run(r)
        )
        changed_records = [r for i in changed if (r := tasks.get(i)) is not None]
        self.tray_counts.update(changed_records)
        notes = self.watch.notifications(changed_records)
        if notes:
            self.notifications = coalesce(self.notifications + notes)  # never more than a few waiting

    def _tasks_changed(self) -> None:
        self._settle()
        self.listeners.notify(TASKS)

    async def check_worker_loss(self) -> None:
        """Flag rows whose worker went offline or restarted under them (and unflag them once they move on)."""
        self.lost_workers.update()
        if self.rows.rewarn():
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
            records = history.database.load(key, min(MAX_HISTORY_LOADED, self.rows.max_rows))
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
        mine = self.rows.restore(records)
        self.poller.track(mine)  # the unfinished ones are polled again; the finished stay as they were
        for run in runs:
            if run.id not in self.workflow_rows.runs:
                self.add_workflow(run)
        self._drop_rows(self.rows.oldest_seen(self.rows.max_seen))
        self._tasks_changed()
        return len(records)

    async def _save_history(self) -> None:
        """Hand the rows changed since the last call to the history's writer thread."""
        if self.history is not None and self.rows.unsaved:
            self.history.record(self.rows.take_unsaved())

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

    @property
    def running(self) -> bool:
        """A loop of this session still runs (none does once ``stop`` returned)."""
        return any(not task.done() for task in self._loops)

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
        record = self.rows.tasks.get(task_id)
        if record is None or not record.mine:
            fresh = TaskRecord(id=task_id, name=name, args=args, sent_at=time.time(), mine=True, **known)
            record = self.track_many([fresh], notify=notify)[0]
        return record

    def track_many(self, fresh: list[TaskRecord], notify: bool = True) -> list[TaskRecord]:
        """Follow these tasks (mine) as one batch: one call to the poller (one wake-up, one subscription change)."""
        self.poller.track(fresh)
        shown = []
        for record in fresh:
            record = self._with_events(record)
            self.rows.put_tracked(record)
            shown.append(record)
        if notify:
            self._tasks_changed()
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
            record = self.rows.tasks.get(token)
            if token not in tracked and (record is None or not record.mine):
                tracked[token] = TaskRecord(id=token, sent_at=now, mine=True)
        if tracked:
            self.track_many(list(tracked.values()))
        return list(tracked), rejected

    def _with_events(self, record: TaskRecord) -> TaskRecord:
        return merge_event_view(record, self.monitor.store.to_record(record.id))

    def apply_results(self, records: list[TaskRecord]) -> None:
        """The poller's batch: fold it in (with what events know), and follow children the backend names."""
        rows = self.rows
        for record in records:
            rows.put_tracked(self._with_events(record))
        for record in records:
            for child in record.children:
                if child not in rows.tasks:
                    self.track(child, notify=False, parent_id=record.id)
        self._trim_rows()
        self._tasks_changed()

    _on_records = apply_results  # the poller's callback under its old name (bench/push_latency.py builds a poller with it)

    def _trim_rows(self) -> None:
        """Past the row limit my oldest finished tasks leave the window, a chunk at a time; the history keeps them."""
        gone = self.rows.to_trim(self.poller.tracked, self.workflow_rows.leaving_with)
        if gone:
            self.poller.untrack(gone)
            for task_id in gone:
                self.sent_calls.pop(task_id, None)
            self._drop_rows(gone)

    def _on_store_changes(self, changes: StoreChanges) -> None:
        """Tasks anyone sent, as events tell them: merged into tracked rows, or shown as rows of their own."""
        rows, store, tracked = self.rows, self.monitor.store, self.poller.tracked
        for task_id in changes.changed:
            event = store.to_record(task_id)
            if event is None:
                continue
            entry = tracked.get(task_id)
            if entry is not None:
                rows.put(merge_event_view(entry.record, event))
            else:
                rows.put_seen(event)
        gone = [i for i in changes.removed if i in rows.seen_only]
        self._drop_rows(gone + rows.seen_to_evict())
        self._tasks_changed()

    def _on_poller_status(self, status: PollerStatus) -> None:
        if status.state is PollState.RECONNECTING:
            log.warning("%s", status.message)
        self.listeners.notify(CONNECTION)

    def take_task_changes(self) -> list[TaskRecord]:
        return self.rows.take_changes()

    def take_notifications(self) -> list[Notification]:
        """Watched rows that ended since the Qt side last looked (a burst already folded into one summary)."""
        notes, self.notifications = self.notifications, []
        return notes

    def watch_rows(self, ids: Iterable[str], on: bool = True) -> None:
        """Watch rows (or stop): a row that already ended is marked, with nothing left to tell."""
        if on:
            self.watch.watch(ids, self.rows.tasks)
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
        tasks = self.rows.tasks
        fresh = [r for r in fresh if (known := tasks.get(r.id)) is None or not known.mine]
        if fresh:
            self.track_many(fresh, notify=False)

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
        self.workflow_rows.add(run)
        if specs and self.history is not None:
            self.history.record_workflow(run)
        if specs:
            self._track_sent(specs, run.step_parent)
        self.rows.announce(run.order or run.row_ids)  # the model shows rows in the order they first change
        self._tasks_changed()

    def workflow_of(self, task_id: str) -> WorkflowRun | None:
        return self.workflow_rows.workflow_of(task_id)

    async def poll_results(self) -> list[TaskRecord]:
        """One poll now (the poller also runs on its own once started)."""
        return await self.poller.tick()

    async def revoke(self, ids: list[str], terminate: bool = False, signal: str = "SIGTERM") -> Reply[None]:
        ids = self.workflow_rows.step_ids(ids)
        reply = await self.client.revoke(ids, terminate=terminate, signal=signal)
        if not reply.ok:
            self.report_error(f"{'terminate' if terminate else 'revoke'} failed: {reply.error}")
        return reply

    async def forget(self, ids: list[str]) -> Reply[None]:
        """Delete the results from the backend and stop showing the tasks (a workflow's row: all its steps)."""
        ids = self.workflow_rows.with_workflows(ids)
        reply = await self.client.forget(self.workflow_rows.step_ids(ids))
        if not reply.ok:
            self.report_error(f"forget failed: {reply.error}")
            return reply
        self.untrack(ids)
        return reply

    def untrack(self, ids: list[str]) -> None:
        """Stop following these tasks and showing their rows (a workflow's row: the whole workflow)."""
        ids = self.workflow_rows.with_workflows(ids)
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

        tasks = self.rows.tasks
        records = [tasks[i] for i in task_ids if i in tasks]
        calls = {i: self.sent_calls[i] for i in task_ids if i in self.sent_calls}
        redact = lambda text: mask_text(self.profile.redact(text))  # noqa: E731
        reply = await self.client.run_blocking(lambda: write_export(path, records, calls, redact), timeout=120.0)
        if not reply.ok:
            self.report_error(f"export to {path} failed: {reply.error}")
        return reply

    def _drop_rows(self, ids: Iterable[str]) -> None:
        """These tasks leave the window (and the history's next batch); the model removes their rows."""
        ids = list(ids)
        self.workflow_rows.drop(ids)
        self.rows.drop(ids)
        self.failures.remove(ids)
        self.watch.forget(ids)
        self.tray_counts.forget(ids)

    def take_removed_tasks(self) -> set[str]:
        return self.rows.take_removed()

    def call_to_resend(self, task_id: str) -> CallSpec | None:
        """The exact call the console sent, or one rebuilt from what the backend recorded (see ``call_rebuilt``)."""
        if task_id in self.sent_calls:
            return self.sent_calls[task_id]
        record = self.rows.tasks.get(task_id)
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
            "tracked_tasks": [t.to_dict() for t in self.rows.tasks.values() if t.mine],
            "seen_tasks": len(self.rows.seen_only),
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
