"""ConsoleSession: the state one window shows, kept fresh by asyncio loops, as a facade over its parts.

Listeners are told *which parts* changed; the Qt side coalesces those notices
into at most a few repaints a second.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping

from desktop.core.cluster.client import ClusterClient, Reply, still_wanted
from desktop.core.connection.profiles import ConnectionProfile
from desktop.core.domain import workflows
from desktop.core.domain.calls import CallSpec
from desktop.core.domain.events import StoreChanges
from desktop.core.domain.outcomes import Outcomes
from desktop.core.domain.records import TaskRecord
from desktop.core.domain.results import merge_event_view
from desktop.core.domain.sent_calls import SentCalls
from desktop.core.domain.task_rows import DEFAULT_MAX_ROWS, TaskRows, pasted_ids
from desktop.core.domain.translatable import translate
from desktop.core.domain.triage import ResendPlan
from desktop.core.domain.watch import never_run
from desktop.core.domain.workflow_rows import WorkflowRows
from desktop.core.domain.workflows import WorkflowRun
from desktop.core.live.alerts import CHECK_SECONDS as ALERT_CHECK_SECONDS
from desktop.core.live.alerts import Alerts
from desktop.core.live.changes import CATALOG, CONNECTION, ERRORS, TASKS, WORKERS, Listeners
from desktop.core.live.endpoints import Endpoints
from desktop.core.live.error_log import ErrorLog
from desktop.core.live.event_receiver import StreamState
from desktop.core.live.forwarded import Forwarded
from desktop.core.live.history_search import HistorySearch
from desktop.core.live.lost_workers import LostWorkers
from desktop.core.live.monitor import ClusterMonitor
from desktop.core.live.poller import PollerStatus, PollState, ResultPoller
from desktop.core.live.queue_messages import QueueMessages
from desktop.core.live.schedule_book import ScheduleBook
from desktop.core.live.session_dump import session_dict
from desktop.core.live.trends_keeper import TrendsKeeper
from desktop.core.runtime.app_log import remember_secrets
from desktop.core.store.history import HistoryRecorder
from desktop.core.store.watch_store import SavedWatches, WatchStore

__all__ = [
    "CATALOG",
    "CONNECTION",
    "DEFAULT_MAX_ROWS",
    "ERRORS",
    "TASKS",
    "WORKERS",
    "WORKER_LOSS_CHECK_SECONDS",
    "ConsoleSession",
]

log = logging.getLogger(__name__)

HISTORY_SLICE, HISTORY_SLICE_PAUSE = 2_000, 0.04  # rows restored at once; the pause outlasts the window's 33 ms batching
PASTE_SLICE, PASTE_SLICE_PAUSE = 2_500, 0.002  # pasted ids tracked at once; a bigger paste goes on a slice a turn
MAX_HISTORY_LOADED = 100_000  # rows an earlier session left that come back on start (at most the row limit)
HISTORY_SAVE_SECONDS = 1.0
WATCH_SAVE_SECONDS = 2.0  # watches changed since are written at most this often (and at stop)
WORKER_LOSS_CHECK_SECONDS = 1.0
STUCK_CHECK_SECONDS = 20.0  # how often the unacked hash is looked at for messages no worker reports (one ZRANGE when none is old)


class ConsoleSession:
    """What one window shows, composed of parts with one job each; its own methods are what spans several.

    ``listeners`` are told which parts changed and ``error_log`` keeps the errors; ``endpoints`` knows
    what answers (broker, backend, workers, their tasks). ``rows`` holds the task rows and what changed
    in them, ``workflow_rows`` the sent workflows among them, ``calls`` the calls sent, ``outcomes``
    the failure groups, tray counts and notifications that follow, ``lost_workers`` the workers lost
    under them. The poller and the monitor feed the rows; the history keeps them.
    """

    # The names callers used before the session had parts, each read through to the part that holds it.
    subscribe = Forwarded("listeners")
    unsubscribe = Forwarded("listeners")
    report_error = Forwarded("error_log", "report")
    error_report = Forwarded("error_log", "report_text")
    clear_errors = Forwarded("error_log", "clear")
    errors = Forwarded("error_log", "lines")
    error_details = Forwarded("error_log", "details")
    broker = Forwarded("endpoints")
    backend = Forwarded("endpoints")
    workers = Forwarded("endpoints")
    online_workers = Forwarded("endpoints")
    registered = Forwarded("endpoints")
    registered_loaded = Forwarded("endpoints")
    catalog = Forwarded("endpoints")
    accepted_content = Forwarded("endpoints")
    refreshes = Forwarded("endpoints")
    last_refresh = Forwarded("endpoints")
    settled = Forwarded("endpoints")
    call_context = Forwarded("endpoints")
    set_app_tasks = Forwarded("endpoints")
    task_info = Forwarded("endpoints")
    tasks = Forwarded("rows")
    max_rows = Forwarded("rows", writable=True)  # set from Settings.window_rows
    task_changes = Forwarded("rows", "changes")
    removed_tasks = Forwarded("rows", "removed")
    take_task_changes = Forwarded("rows", "take_changes")
    take_removed_tasks = Forwarded("rows", "take_removed")
    _seen_only = Forwarded("rows", "seen_only")  # bench/soak.py weighs it
    workflows = Forwarded("workflow_rows", "runs")
    workflow_of = Forwarded("workflow_rows")
    sent_calls = Forwarded("calls", "sent")
    call_to_resend = Forwarded("calls")
    call_rebuilt = Forwarded("calls")
    resend_plan = Forwarded("calls")
    failures = Forwarded("outcomes")
    tray_counts = Forwarded("outcomes")
    watch = Forwarded("outcomes")

    def __init__(
        self,
        client: ClusterClient,
        profile: ConnectionProfile,
        history: HistoryRecorder | None = None,
        watches: WatchStore | None = None,
    ):
        self.client = client
        self.profile = profile
        remember_secrets(profile.secrets)  # the log masks them wherever they appear
        self.listeners = Listeners()
        self.error_log = ErrorLog(profile, self.listeners.notify)
        self.history = history
        self.history_loaded = history is None
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
        self.trends = TrendsKeeper.beside(history, self.monitor.metrics, client, self.report_error)  # the graphs kept
        self.queue_messages = QueueMessages(client, profile, online_hostnames=self._online_hostnames)
        self.rows = TaskRows(keep_unsaved=history is not None, warning_for=self._warning_for)
        self.workflow_rows = WorkflowRows(self.rows)
        self.calls = SentCalls(self.rows.tasks)
        self.outcomes = Outcomes(self.rows.tasks)
        self.search = HistorySearch(client, history, lambda: self.rows.tasks)  # the Search tab: history and window at once
        self.schedules = ScheduleBook(
            client,
            self.listeners,
            self._registered_on_online_workers,
            consumed_queues=self._consumed_by_online_workers,
            event_tasks=lambda: self.monitor.store.tasks(),
            events_on=lambda: self.monitor.stream_status.state is StreamState.RECEIVING,
            history_runs=self._history_runs if history is not None else None,
        )
        self.watch_store = watches  # the watches kept for the next start (None: kept by nobody)
        self.watches_loaded = watches is None
        self._watches_saved = self.outcomes.watch.revision
        self._watch_save_failed = False
        self.alerts = Alerts(  # the user's alert rules over rows, queues, workers and schedules (core/live/alerts.py)
            self.rows.tasks,
            self.listeners.notify,
            queues=lambda: self.monitor.queues,
            workers=self._known_workers,
            schedules=self.schedules,
        )
        self._loops: list[asyncio.Task] = []

    def _known_workers(self) -> list[tuple[str, bool]]:
        """Every worker known by ping or by heartbeat, and whether it is online by either."""
        pinged = [(w.hostname, w.online) for w in self.endpoints.workers.values()]
        return pinged + [(w.hostname, w.online) for w in self.monitor.workers()]

    def take_notifications(self) -> list:
        """Watched rows that ended and alert rules that fired, since the Qt side last looked."""
        return self.outcomes.take_notifications() + self.alerts.take_notifications()

    def _history_runs(self, names: set[str]) -> dict:
        """Blocking: the newest runs of each task name the history keeps for this profile."""
        return self.history.database.newest_by_name(self.history.profile, names)

    def _consumed_by_online_workers(self) -> set[str] | None:
        """The queues online workers consume (their last active_queues answer); None while that is not known."""
        online = {worker.hostname for worker in self.endpoints.online_workers}
        answered = [host for host in (self.monitor.active_queues or {}) if host in online]
        if not answered:
            return None
        consumed = self.monitor.consumed_queues()
        return {name for host in answered for name in consumed.get(host, ())}

    def _registered_on_online_workers(self) -> set[str] | None:
        """The task names online workers registered; None while that is not known (nothing loaded, no worker)."""
        online = {worker.hostname for worker in self.endpoints.online_workers}
        if not self.endpoints.registered_loaded or not online:
            return None
        return {task.name for task in self.endpoints.registered if online.intersection(task.workers)}

    async def refresh(self) -> None:  # a method of its own: bench/gui_stall.py times each refresh by replacing it
        await self.endpoints.refresh()

    def _tasks_changed(self) -> None:
        """Settle a batch of changed rows (their workflows, then failure groups, tray counts, notifications), then tell."""
        changed = self.rows.take_unsettled()
        if changed:
            self.workflow_rows.settle(changed)
            self.outcomes.update(changed)
            self.alerts.tasks_changed(changed)
        self.listeners.notify(TASKS)

    def _online_hostnames(self) -> list[str]:
        """Workers online by the last ping or by their heartbeats."""
        pinged = {w.hostname for w in self.endpoints.online_workers}
        return sorted(pinged | {w.hostname for w in self.monitor.workers() if w.online})

    def _warning_for(self, record: TaskRecord) -> str:
        return "; ".join(note for note in (self.lost_workers.note(record), self.queue_messages.note(record)) if note)

    async def check_stuck_messages(self) -> None:
        """Flag rows whose message waits in the unacked hash while no online worker reports it (and unflag them)."""
        changed = await self.queue_messages.check_stuck()
        if changed and self.rows.rewarn_ids(changed):
            self._tasks_changed()

    async def restore_messages(self, messages) -> Reply:
        """Put held messages back in their queues now; their rows lose the stuck warning at once."""
        reply = await self.queue_messages.restore(messages)
        if reply.ok and self.rows.rewarn_ids(m.id for m in messages if m.id):
            self._tasks_changed()
        return reply

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
        if not reply.ok:
            self.history_loaded = True
            self.report_error(translate("session", "history could not be read: {error}").format(error=reply.error))
            return 0
        records, calls, runs = reply.value
        self.calls.restore(calls)
        for start in range(0, len(records), HISTORY_SLICE):  # a slice at a time: the window answers in between
            if start:
                await asyncio.sleep(HISTORY_SLICE_PAUSE)
            mine = self.rows.restore(records[start : start + HISTORY_SLICE])
            self.poller.track(mine)  # the unfinished ones are polled again; the finished stay as they were
            self._tasks_changed()
        self.history_loaded = True
        for run in runs:
            if run.id not in self.workflow_rows.runs:
                self.add_workflow(run)
        self._drop_rows(self.rows.oldest_seen(self.rows.max_seen))
        self._tasks_changed()
        return len(records)

    async def _load_kept(self) -> None:
        """The history first, then the watches: a watched task the history shows ended is not followed again."""
        await self.load_history()
        await self.load_watches()

    async def load_watches(self) -> int:
        """Watches an earlier session with this profile kept: the unfinished followed again (still told when they end),
        the ended dropped. Returns how many are followed."""
        store = self.watch_store
        if store is None:
            return 0
        try:
            saved = await asyncio.to_thread(store.load)  # a file on this machine: no cluster lane to wait for
        except OSError as exc:  # left as it is: nothing is saved over it
            self.report_error(translate("session", "watched tasks could not be read: {error}").format(error=exc))
            return 0
        if store.load_error:
            self.report_error(store.load_error)
        tasks, now, watch, callbacks = self.rows.tasks, time.time(), self.outcomes.watch, saved.callbacks
        skip = never_run(callbacks, tasks)
        parent_of = {i: parent for parent, (links, errbacks) in callbacks.items() for i in (*links, *errbacks)}
        followed = 0
        for start in range(0, len(saved.ids), PASTE_SLICE):  # a slice a turn: the window answers in between
            if start:
                await asyncio.sleep(PASTE_SLICE_PAUSE)
            chunk = saved.ids[start : start + PASTE_SLICE]
            follow = watch.restore(chunk, {p: callbacks[p] for p in chunk if p in callbacks}, tasks, skip)
            fresh = [
                known.evolve({"mine": True})
                if known is not None
                else TaskRecord(id=i, sent_at=now, mine=True, parent_id=parent_of.get(i))
                for i in follow
                if (known := tasks.get(i)) is None or not known.mine
            ]
            if fresh:
                self.track_many(fresh)
            followed += len(follow)
        self.watches_loaded = True  # from here on saved: the file is never written with a part of it
        self._tasks_changed()
        return followed

    async def _save_watches(self) -> None:
        """Write the watches when they changed since the last write (never before they were read: that would lose them)."""
        store, watch = self.watch_store, self.outcomes.watch
        if store is None or not self.watches_loaded or watch.revision == self._watches_saved:
            return
        revision = watch.revision
        ids, callbacks = watch.saved()
        try:
            await asyncio.to_thread(store.save, SavedWatches(tuple(ids), callbacks))
        except OSError as exc:
            if not self._watch_save_failed:  # once, not every few seconds
                self.report_error(translate("session", "watched tasks not saved: {error}").format(error=exc))
            self._watch_save_failed = True
            return
        self._watches_saved, self._watch_save_failed = revision, False

    async def _save_history(self) -> None:
        """Hand the rows changed since the last call to the history's writer thread."""
        if self.history is not None and self.rows.unsaved:
            self.history.record(self.rows.take_unsaved())

    # -- loops ---------------------------------------------------------------
    def start(self, monitor: bool = True) -> None:
        self._loops = [asyncio.ensure_future(self._every(self.endpoints.refresh_delay, self.refresh))]
        if self.history is not None:
            self._loops.append(asyncio.ensure_future(self._load_kept()))
            self._loops.append(asyncio.ensure_future(self._every(lambda: HISTORY_SAVE_SECONDS, self._save_history)))
        elif self.watch_store is not None:
            self._loops.append(asyncio.ensure_future(self.load_watches()))
        if self.watch_store is not None:
            self._loops.append(asyncio.ensure_future(self._every(lambda: WATCH_SAVE_SECONDS, self._save_watches)))
        self.poller.start()
        self._loops.append(asyncio.ensure_future(self._every(lambda: ALERT_CHECK_SECONDS, self.alerts.check)))
        if self.trends is not None:
            self._loops.append(asyncio.ensure_future(self.trends.run()))
        if monitor:
            self.monitor.start()
            self._loops.append(asyncio.ensure_future(self._every(lambda: WORKER_LOSS_CHECK_SECONDS, self.check_worker_loss)))
            self._loops.append(asyncio.ensure_future(self._every(lambda: STUCK_CHECK_SECONDS, self.check_stuck_messages)))

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
        await self._save_watches()
        await self.poller.stop()
        await self.monitor.stop()
        if self.trends is not None:
            await self.trends.stop()

    async def _every(self, delay: Callable[[], float], step: Callable[[], object]) -> None:
        while still_wanted():
            try:
                await step()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - a loop must outlive one bad step
                failed = translate("session", "{step} failed: {error}")
                self.report_error(failed.format(step=getattr(step, "__name__", "step"), error=f"{type(exc).__name__}: {exc}"))
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

    def follow_found(self, records: list[TaskRecord]) -> None:
        """Tasks a search found (the history's copies), followed again: rows in the window, polled."""
        tasks = self.rows.tasks
        fresh = [r.evolve({"mine": True}) for r in records if (known := tasks.get(r.id)) is None or not known.mine]
        if fresh:
            self.track_many(fresh)

    def track_ids(self, text: str) -> tuple[list[str], list[str]]:
        """Ids pasted by the user (spaces, commas or lines between them): (tracked, rejected)."""
        ids, rejected = pasted_ids(text)
        tasks = self.rows.tasks
        pasted = TaskRecord(id="", sent_at=time.time(), mine=True)  # each row is this with its id: 10,000 at a paste
        fresh = [pasted.evolve({"id": i}) for i in ids if (known := tasks.get(i)) is None or not known.mine]
        if fresh:
            self.track_many(fresh[:PASTE_SLICE])
        if len(fresh) > PASTE_SLICE:
            self._loops = [task for task in self._loops if not task.done()]
            self._loops.append(asyncio.ensure_future(self._track_in_slices(fresh[PASTE_SLICE:])))
        return [r.id for r in fresh], rejected

    async def _track_in_slices(self, records: list[TaskRecord]) -> None:
        """The rest of a big paste, a slice a turn of the loop: the window answers in between."""
        for start in range(0, len(records), PASTE_SLICE):
            await asyncio.sleep(PASTE_SLICE_PAUSE)
            self.track_many(records[start : start + PASTE_SLICE])

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
            self.calls.forget(gone)
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

    async def send(self, name: str, args: list | tuple = (), kwargs: dict | None = None) -> Reply[list[CallSpec]]:
        return await self.send_call(CallSpec(task=name, args=tuple(args), kwargs=dict(kwargs or {})))

    async def send_call(self, spec: CallSpec, count: int = 1) -> Reply[list[CallSpec]]:
        """Send through Celery off the loop; every sent id (and callback id) is tracked at once."""
        reply = await self.client.send_call(spec, count)
        if not reply.ok:
            self.report_error(translate("session", "sending {task} failed: {error}").format(task=spec.task, error=reply.error))
            return reply
        self.follow_sent(reply.value)
        return reply

    def follow_sent(self, calls: list[CallSpec]) -> None:
        """Calls that just went out: kept for re-send and the history, each id (and callback id) tracked."""
        self._track_sent(calls)
        self.outcomes.watch.on_sent_calls(calls)  # "watch everything I send": each call with its callbacks
        self._tasks_changed()

    def _track_sent(self, calls: list[CallSpec], parent_of: Mapping[str, str] | None = None) -> None:
        """Sent calls kept for re-send (and given to the history); they and their callbacks tracked in one batch."""
        if self.history is not None:
            self.history.record_calls({sent.task_id: sent for sent in calls})
        fresh = self.calls.keep(calls, parent_of)
        if fresh:
            self.track_many(fresh, notify=False)

    async def send_workflow(self, node, specs: list[CallSpec] | tuple[CallSpec, ...]) -> Reply[WorkflowRun]:
        """Send a validated chain, group or chord through Celery's canvas, off the loop; it shows as one tree at once.

        ``specs`` are ``canvas.validate``'s. Every step's task id and every group's id are
        chosen first, so the rows exist (PENDING) before the first worker picks anything up.
        """
        from desktop.core.domain.canvas import to_signature

        refusal = next((r for spec in specs if (r := self.client.pickle_refusal(spec))), "")
        if refusal:
            self.report_error(translate("session", "sending the workflow failed: {error}").format(error=refusal))
            return Reply(error=refusal)
        try:
            plan = workflows.plan(node, specs, sent_at=time.time())
        except ValueError as exc:
            return Reply(error=str(exc))
        label = plan.run.parts[0].label
        reply = await self.client.send_signature(lambda app: to_signature(node, app, plan.specs, plan.group_ids), len(plan.specs))
        if not reply.ok:
            failed = translate("session", "sending the workflow {label} failed: {error}")
            self.report_error(failed.format(label=label, error=reply.error))
            return Reply(error=reply.error, elapsed_ms=reply.elapsed_ms)
        self.add_workflow(plan.run, plan.specs)
        self.outcomes.watch.on_sent([plan.run.id])  # "watch everything I send": the workflow as a whole, not each step
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

    async def poll_results(self) -> list[TaskRecord]:
        """One poll now (the poller also runs on its own once started)."""
        return await self.poller.tick()

    async def revoke(self, ids: list[str], terminate: bool = False, signal: str = "SIGTERM") -> Reply[None]:
        ids = self.workflow_rows.step_ids(ids)
        reply = await self.client.revoke(ids, terminate=terminate, signal=signal)
        if not reply.ok:
            failed = (
                translate("session", "terminate failed: {error}") if terminate else translate("session", "revoke failed: {error}")
            )
            self.report_error(failed.format(error=reply.error))
        return reply

    async def forget(self, ids: list[str], report: bool = True) -> Reply[None]:
        """Delete the results from the backend and stop showing the tasks (a workflow's row: all its steps)."""
        ids = self.workflow_rows.with_workflows(ids)
        steps = self.workflow_rows.step_ids(ids)
        reply = await self.client.forget(steps)
        if not reply.ok:
            if report:
                self.report_error(translate("session", "forget failed: {error}").format(error=reply.error))
            return reply
        self.untrack(ids)
        self.rows.keep_out([*ids, *steps])  # a late event does not bring them back (tracking them again does)
        return reply

    def watch_rows(self, ids: Iterable[str], on: bool = True) -> None:
        """Watch rows (or stop); a call the console sent is watched with its callbacks."""
        if on:
            self.outcomes.watch.watch(ids, self.rows.tasks, self.calls.sent)
        else:
            self.outcomes.watch_rows(ids, on=False)

    def untrack(self, ids: list[str]) -> None:
        """Stop following these tasks and showing their rows (a workflow's row: the whole workflow)."""
        ids = self.workflow_rows.with_workflows(ids)
        self.poller.untrack(ids)
        if self.history is not None:
            self.history.forget(ids)
        self.calls.forget(ids)
        self._drop_rows(ids)
        self._tasks_changed()

    async def export(self, task_ids: list[str], path) -> Reply[int]:
        """Write these tasks (with the calls as sent) to a CSV or JSON file, off the loop; no password goes out."""
        from desktop.core.connection.secrets import mask_text
        from desktop.core.store.export import write_export

        tasks = self.rows.tasks
        records = [tasks[i] for i in task_ids if i in tasks]
        sent = self.calls.sent
        calls = {i: sent[i] for i in task_ids if i in sent}
        redact = lambda text: mask_text(self.profile.redact(text))  # noqa: E731
        reply = await self.client.run_blocking(lambda: write_export(path, records, calls, redact), timeout=120.0)
        if not reply.ok:
            self.report_error(translate("session", "export to {path} failed: {error}").format(path=path, error=reply.error))
        return reply

    def _drop_rows(self, ids: Iterable[str]) -> None:
        """These tasks leave the window (and the history's next batch); the model removes their rows."""
        ids = list(ids)
        self.workflow_rows.drop(ids)
        self.rows.drop(ids)
        self.outcomes.forget(ids)

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
            more = translate("session", " and {count} more").format(count=f"{len(unknown) - 5:,}") if len(unknown) > 5 else ""
            unknown_arguments = translate(
                "session",
                "cannot re-send {count} task(s), their arguments are unknown (the backend keeps them with result_extended=True): {ids}{more}",
            )
            self.report_error(unknown_arguments.format(count=f"{len(unknown):,}", ids=", ".join(unknown[:5]), more=more))
        if not calls:
            return Reply(value={})
        reply = await self.client.send_calls(list(calls.values()))
        if not reply.ok:
            failed = translate("session", "re-sending {count} task(s) failed: {error}")
            self.report_error(failed.format(count=f"{len(calls):,}", error=reply.error))
            return Reply(error=reply.error, elapsed_ms=reply.elapsed_ms)
        self.follow_sent(reply.value)
        return Reply(value=dict(zip(calls, reply.value, strict=True)), elapsed_ms=reply.elapsed_ms)

    # -- bug-report dump -----------------------------------------------------
    def to_dict(self) -> dict:
        """What the window shows, as JSON-ready data. Keys are documented in the README."""
        return session_dict(self)

    def dump_json(self) -> str:
        return self.profile.redact(json.dumps(self.to_dict(), indent=2, ensure_ascii=False, default=str))
