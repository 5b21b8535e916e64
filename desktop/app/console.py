"""Build one connection's console: core -> models -> views, once, and connect each view's signals
to the operation it asks for.

Every view takes the narrow part it shows (the results model, the failure index, the monitor's
metrics); only this module sees the whole session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from PySide6.QtCore import QCoreApplication, Qt

from desktop.app.background import BackgroundTasks
from desktop.app.bridge import SessionBridge
from desktop.app.operations import alerts, bulk, calls, failures, palette, queue_messages, results, schedules, search, workers
from desktop.app.operations.settings import save_watch_sent
from desktop.core.cluster.celery_app import build_console_app
from desktop.core.cluster.client import ClusterClient
from desktop.core.domain.catalog import TaskInfo, app_task_infos
from desktop.core.domain.schedule_drafts import ScheduleDraft, draft_of
from desktop.core.live.session import ConsoleSession
from desktop.core.store.alert_rules_store import AlertRuleStore
from desktop.core.store.history import Retention, open_recorder
from desktop.core.store.layout_store import LayoutStore
from desktop.core.store.presets import PresetStore, WorkflowPresetStore
from desktop.core.store.saved_views import SavedViewStore
from desktop.core.store.watch_store import WatchStore
from desktop.models import messages_model
from desktop.views.alerts_log_view import AlertsLogView
from desktop.views.calls_view import CallsView
from desktop.views.connection_bar import ConnectionBar
from desktop.views.danger import confirm_by_typing, lock_read_only, read_only_reason, relock, title_marks
from desktop.views.error_panel import ErrorPanel
from desktop.views.failures_view import FailuresView
from desktop.views.history_search_view import HistorySearchView
from desktop.views.icons import apply_icons
from desktop.views.layout_memory import LayoutMemory
from desktop.views.main_window import (
    ALERTS,
    FAILURES,
    QUEUES,
    RESULTS,
    SCHEDULES,
    SEARCH,
    WORKERS,
    CallsAndResults,
    MainWindow,
    WindowParts,
    graphs_view_or_note,
)
from desktop.views.messages_view import MessagesView
from desktop.views.queues_view import QueuesView
from desktop.views.registered_tasks_view import RegisteredTasksView
from desktop.views.results_view import ResultsView
from desktop.views.schedule_editor import ScheduleEditor
from desktop.views.schedules_view import SchedulesView
from desktop.views.worker_list import WorkerList
from desktop.views.workers_view import WorkersView


@dataclass
class Console:
    """One connection's core objects and the window over them."""

    client: ClusterClient
    session: ConsoleSession
    bridge: SessionBridge
    window: MainWindow
    tasks: BackgroundTasks  # what the user started: kept until done, failures reported
    message_windows: dict = field(default_factory=dict)  # queue name -> its open MessagesView
    confirm_danger: Callable[[str, str], bool] | None = None  # (profile name, what) -> go on; None: the typing dialog
    alert_relay: alerts.AlertRelay | None = None  # alerts fired -> the Alerts tab and the desktop's notifications
    layout: LayoutMemory | None = None  # the window's remembered layout (remember_layout), when the app keeps one

    def dangerous(self, what: str) -> bool:
        """Whether a destructive action may run: always, unless the profile is production and its name is not typed."""
        profile = self.session.profile
        if not profile.production:
            return True
        ask = self.confirm_danger or (lambda name, action: confirm_by_typing(self.window, name, action))
        return ask(profile.name, what)

    def show_row(self, task_id: str) -> None:
        """Select a task's row now (the model may be a batch behind the session)."""
        self.bridge.flush()
        self.window.results_view.select(task_id)

    def reveal(self, task_id: str) -> None:
        """Bring a task's row into view in Calls & results, whatever hides it (a filter, "My tasks" only)."""
        self.bridge.flush()
        self.window.show_results()
        record = self.session.tasks.get(task_id)
        self.window.results_view.reveal(task_id, seen_only=record is not None and not record.mine)

    async def stop(self) -> None:
        """End what the user started (a send, an export in flight), then the session's loops."""
        await self.tasks.cancel_all()
        await self.session.stop()

    def close(self) -> None:
        import shiboken6

        if self.layout is not None:
            self.layout.save()  # a switch away, the app quitting: the layout as the user left it
        if shiboken6.isValid(self.bridge):
            self.bridge.detach()
        if self.session.history is not None:
            self.session.history.stop()  # writes what is still queued
        self.client.close()


def build_console(
    profile, user_app=None, presets=None, history: bool = True, retention=None, window=None, opened_history=None
) -> Console:
    """Core -> models -> views for one profile, connected. Needs a QApplication.

    ``window``: an empty MainWindow already shown (start-up paints it first); the views go into it.
    ``opened_history``: ``open_recorder``'s answer for this profile, when it was opened already
    (start-up opens it off the GUI thread: its check reads the whole file).
    """
    client = ClusterClient(build_console_app(profile, user_app), profile)
    if opened_history is not None:
        recorder, history_note = opened_history
    elif history:
        recorder, history_note = open_recorder(profile.history_key, retention=retention or Retention())
    else:
        recorder, history_note = None, ""
    session = ConsoleSession(client, profile, recorder, WatchStore(profile.history_key))  # watches kept per profile
    if history_note:
        session.report_error(history_note)
    if user_app is not None:
        session.set_app_tasks(app_task_infos(user_app))
    bridge = SessionBridge(session)
    presets = presets or PresetStore()
    connected_to = profile.masked_broker + title_marks(profile.read_only, profile.production)
    if window is None:
        window = MainWindow(build_views(session, bridge, presets), connected_to)
    else:  # shown already: its tabs are built in the next turns of the loop, so the window answers in between
        window.install(build_views(session, bridge, presets), connected_to, now=False)
    bridge.setParent(window)  # the models live exactly as long as the views that show them
    window.on_close(bridge.detach)  # the session may outlive the window; its changes must not reach deleted models
    if presets.load_error:
        session.report_error(presets.load_error)
    console = Console(client, session, bridge, window, BackgroundTasks(session.report_error))
    window.lazy_tabs.when_built(RESULTS, lambda _tab: connect_calls_and_results(console))
    window.lazy_tabs.when_built(FAILURES, lambda _view: connect_failures(console))
    window.lazy_tabs.when_built(SCHEDULES, lambda _view: connect_schedules(console))
    window.lazy_tabs.when_built(SEARCH, lambda _view: connect_search(console))
    connect_monitor(console)
    connect_workflows(console, presets)
    if profile.read_only:
        lock_actions(console)
    connect_palette(console)
    connect_alerts(console)
    apply_icons(window)  # theme icons, bundled fallbacks; each tab's buttons once it is built
    window.build_rest()  # the other tabs, one per event-loop turn from here
    return console


def build_views(session: ConsoleSession, bridge: SessionBridge, presets: PresetStore) -> WindowParts:
    """Each view over the narrow part it shows: a Qt model, the failure index, the metrics.

    The connection strip and the error panel are made now; each tab's views when the tab is first needed.
    """
    endpoints = session.endpoints
    results_view = cache(lambda: ResultsView(bridge.tasks))
    return WindowParts(
        connection_bar=ConnectionBar(endpoints),
        error_panel=ErrorPanel(session.error_log),
        calls_and_results=lambda: CallsAndResults(
            worker_list=WorkerList(bridge.workers),
            registered_view=RegisteredTasksView(bridge.registered),
            calls_view=CallsView(
                endpoints.call_context,
                presets,
                lambda: [t.name for t in endpoints.catalog if not t.builtin],
                session.profile.app_module,
            ),
            results_view=results_view(),
        ),
        failures_view=lambda: FailuresView(session.outcomes.failures),
        workers_view=lambda: WorkersView(bridge.monitor_workers, bridge.command_replies),
        queues_view=lambda: QueuesView(bridge.queues, bridge.scheduled),
        schedules_view=lambda: SchedulesView(bridge.schedules),
        graphs_view=lambda: graphs_view_or_note(session.monitor.metrics, session.trends.read if session.trends else None),
        ahead=(results_view,),  # the heaviest view of the first tab, a turn of its own
        search_view=HistorySearchView,
        alerts_view=AlertsLogView,
    )


def remember_layout(console: Console, store: LayoutStore) -> LayoutMemory:
    """The window as this profile left it (size, splitters, columns, tab, filter); kept again when it closes,
    and a few seconds after a change; View > Reset layout forgets it."""
    memory = console.layout = LayoutMemory(console.window, store)
    console.window.on_close(memory.save)
    console.window.resetLayoutRequested.connect(memory.reset)
    console.window.calls_view.formOpened.connect(memory.adopt_each)
    return memory


def connect_calls_and_results(console: Console) -> None:
    connect_calls(console)
    connect_results(console)


def connect_calls(console: Console) -> None:
    session, window, tasks = console.session, console.window, console.tasks
    window.connection_bar.refreshRequested.connect(
        lambda: tasks.run(session.refresh(), QCoreApplication.translate("Console", "refresh"))
    )
    window.calls_view.sendRequested.connect(
        lambda form, spec, count: tasks.run(
            calls.send_call(session, form, spec, count, console.show_row), QCoreApplication.translate("Console", "send")
        )
    )
    console.bridge.catalogChanged.connect(lambda: window.calls_view.update_tasks(session.catalog))


def connect_results(console: Console) -> None:
    session, bridge, tasks = console.session, console.bridge, console.tasks
    view = console.window.results_view

    def show_status() -> None:
        text, warning = results.poll_status(session)
        view.show_status(text, warning=warning)

    view.describe_sent = lambda task_id: calls.describe_sent(session, task_id)
    view.trackRequested.connect(lambda text: results.track_pasted_ids(session, text, console.show_row))
    view.showAllToggled.connect(session.poller.set_follow_all)
    view.revokeRequested.connect(
        lambda ids, terminate, sig: (
            console.dangerous(
                (
                    QCoreApplication.translate("Console", "terminate {count} task(s)")
                    if terminate
                    else QCoreApplication.translate("Console", "revoke {count} task(s)")
                ).format(count=f"{len(ids):,}")
            )
            and tasks.run(results.revoke(session, ids, terminate, sig), QCoreApplication.translate("Console", "revoke"))
        )
    )
    view.forgetRequested.connect(
        lambda ids: (
            console.dangerous(QCoreApplication.translate("Console", "forget {count} task(s)").format(count=f"{len(ids):,}"))
            and tasks.run(results.forget(session, ids), QCoreApplication.translate("Console", "forget"))
        )
    )
    view.exportRequested.connect(
        lambda ids, path: tasks.run(
            results.export(session, ids, path, view.show_status), QCoreApplication.translate("Console", "export")
        )
    )
    view.resendRequested.connect(
        lambda task_id: calls.resend_task(session, task_id, console.window.calls_view.open, console.window.workflowRequested.emit)
    )
    bridge.connectionChanged.connect(show_status)
    bridge.tasksChanged.connect(show_status)
    show_status()


def connect_failures(console: Console) -> None:
    session, tasks = console.session, console.tasks
    view = console.window.failures_view
    view.plan_resend = session.resend_plan
    view.resendRequested.connect(
        lambda plan: (
            console.dangerous(
                QCoreApplication.translate("Console", "re-send {count} task(s)").format(count=f"{len(plan.calls):,}")
            )
            and tasks.run(
                failures.resend_group(session, plan, view.show_status), QCoreApplication.translate("Console", "re-send")
            )
        )
    )
    view.forgetRequested.connect(
        lambda ids: (
            console.dangerous(QCoreApplication.translate("Console", "forget {count} task(s)").format(count=f"{len(ids):,}"))
            and tasks.run(failures.forget_group(session, ids, view.show_status), QCoreApplication.translate("Console", "forget"))
        )
    )
    view.openTaskRequested.connect(console.reveal)
    console.bridge.tasksChanged.connect(view.refresh)  # coalesced; only the groups that changed are rebuilt
    view.refresh()  # the tab may be built long after the first failure


def connect_schedules(console: Console) -> None:
    session, tasks, window = console.session, console.tasks, console.window
    view, book = window.schedules_view, session.schedules
    view.refreshRequested.connect(
        lambda: tasks.run(schedules.refresh(book, view), QCoreApplication.translate("Console", "read schedules"))
    )
    view.fileChosen.connect(
        lambda path: tasks.run(
            schedules.choose_file(book, path, view), QCoreApplication.translate("Console", "read schedule file")
        )
    )
    view.runNowRequested.connect(lambda row: (window.show_results(), schedules.run_now(session, row, window.calls_view.open)))
    view.enableRequested.connect(
        lambda row, on: tasks.run(
            schedules.set_enabled(book, row, on, view), QCoreApplication.translate("Console", "change schedule")
        )
    )
    view.deleteConfirmed.connect(
        lambda row: (
            console.dangerous(
                QCoreApplication.translate("Console", "delete the schedule entry {name}").format(name=row.entry.name)
            )
            and tasks.run(schedules.delete(book, row, view), QCoreApplication.translate("Console", "delete schedule entry"))
        )
    )
    view.editRequested.connect(lambda row: open_schedule_editor(console, row))
    view.databaseChosen.connect(
        lambda url: tasks.run(
            schedules.choose_database(book, url, view), QCoreApplication.translate("Console", "read django-celery-beat")
        )
    )
    view.set_notes(book.notes)


def connect_search(console: Console) -> None:
    """The Search tab: a query runs off the GUI thread (its page, then its count); a task found opens in Calls & results."""
    session, tasks = console.session, console.tasks
    view = console.window.search_view
    view.searchRequested.connect(
        lambda text, offset: tasks.run(
            search.search(session, view, text, offset), QCoreApplication.translate("Console", "search")
        )
    )
    view.openRequested.connect(lambda record: search.open_found(session, record, console.reveal))
    store = SavedViewStore(session.profile.history_key)
    if store.load_error:
        session.report_error(store.load_error)
    report = session.report_error
    view.viewSaveRequested.connect(lambda saved: search.save_view(store, view, saved, report))
    view.viewDeleteRequested.connect(lambda name: search.delete_view(store, view, name, report))
    view.viewOpenRequested.connect(lambda name: search.open_view(store, view, name, report))
    counting: list = [None]  # the round of counts in flight: a new one waits for it to end

    def count_views() -> None:
        if counting[0] is None or counting[0].done():
            counting[0] = tasks.run(
                search.count_views(session, store, view), QCoreApplication.translate("Console", "count saved views")
            )

    view.viewCountsRequested.connect(count_views)
    connect_bulk(console)
    view.viewSaveRequested.connect(lambda _saved: count_views())  # the new view's count (after it is kept)
    search.reopen_last(store, view)
    if view.isVisible():
        count_views()


def connect_bulk(console: Console) -> None:
    """The Search tab's "Act on all matches": every task the query shown matches, confirmed first, done off the GUI thread."""
    session, tasks, window = console.session, console.tasks, console.window
    view = window.search_view

    async def dangerous(what: str, count: int) -> bool:
        if console.confirm_danger is not None:
            return console.confirm_danger(session.profile.name, what)
        return await bulk.type_to_confirm(window, session.profile.name, what, count)

    def act(kind) -> None:
        act_on = bulk.act_on_matches(
            session,
            view,
            kind,
            view.query_text,
            ask_path=lambda count: bulk.ask_export_path(window, count),
            confirm=lambda planned: bulk.confirm_plan(window, planned),
            dangerous=dangerous,
            show_summary=view.bulk.show_summary,
        )
        view.bulk.set_busy(True)  # at once: a second click before the task starts starts nothing
        tasks.run(act_on, QCoreApplication.translate("Console", "{action} all matches").format(action=kind.said_verb.lower()))

    view.bulk.bulkRequested.connect(act)


def connect_alerts(console: Console) -> None:
    """The profile's alert rules at work from the start; Go › Alert rules… edits them; the Alerts tab lists what fired."""
    session, window = console.session, console.window
    store = AlertRuleStore(session.profile.history_key)
    alerts.load_rules(store, session)
    relay = console.alert_relay = alerts.AlertRelay(session, window)
    window.on_close(relay.detach)
    tabs = {"workers": WORKERS, "queues": QUEUES, "schedules": SCHEDULES}
    show_tab = lambda opens: window.tabs.setCurrentWidget(window.lazy_tabs.view(tabs[opens]))  # noqa: E731

    def open_rules():
        from desktop.views.alert_rules_dialog import AlertRulesDialog

        dialog = getattr(window, "alert_rules_dialog", None)
        if dialog is None:
            dialog = window.alert_rules_dialog = AlertRulesDialog(store.rules(), window)
            dialog.saveRequested.connect(lambda rule, old: alerts.save_rule(store, session, dialog, rule, old))
            dialog.deleteRequested.connect(lambda name: alerts.delete_rule(store, session, dialog, name))
            dialog.testRequested.connect(lambda rule: alerts.try_rule(session, dialog, rule))
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def connect_log(view: AlertsLogView) -> None:
        relay.fired.connect(lambda: view.show_alerts(list(session.alerts.log)))
        view.rulesRequested.connect(open_rules)
        view.clearRequested.connect(lambda: alerts.clear_log(session))
        view.openRequested.connect(lambda alert: alerts.open_alert(alert, console.reveal, show_tab))
        view.show_alerts(list(session.alerts.log))

    window.alertRulesRequested.connect(open_rules)
    window.lazy_tabs.when_built(ALERTS, connect_log)


def open_schedule_editor(console: Console, row) -> ScheduleEditor | None:
    """The editor for an entry (``row``), or for a new one (None) in the source of the entry selected when it
    can be changed, else in the first source that can (RedBeat, then django-celery-beat); saved through schedules.save."""
    session, tasks, window = console.session, console.tasks, console.window
    base = row.entry if row is not None else None
    selected = window.schedules_view.selected()
    if base is not None:
        source = base.source
    elif selected is not None and selected.editable:
        source = selected.entry.source
    else:
        sources = session.schedules.editable_sources()
        if not sources:
            return None
        source = sources[0]
    task_names = [t.name for t in session.catalog]
    editor = ScheduleEditor(draft_of(base) if base else ScheduleDraft(), task_names, source, base, window)
    editor.saveRequested.connect(
        lambda entry, create: tasks.run(
            schedules.save(session.schedules, entry, create, editor, window.schedules_view),
            QCoreApplication.translate("Console", "save schedule"),
        )
    )
    editor.open()
    return editor


def connect_monitor(console: Console) -> None:
    """The Workers and Queues tabs (once built), and the connection bar and error panel."""
    session, bridge, tasks = console.session, console.bridge, console.tasks
    monitor, lazy_tabs = session.monitor, console.window.lazy_tabs

    def connect_workers(workers_view) -> None:
        workers_view.explain = lambda name, hostname: workers.unsupported_reason(monitor, name, hostname)
        workers_view.inspectRequested.connect(
            lambda method, hostnames: tasks.run(
                workers.inspect(session, method, hostnames, workers_view),
                QCoreApplication.translate("Console", "inspect {method}").format(method=method),
            )
        )
        workers_view.commandRequested.connect(
            lambda cmd, targets: (
                (cmd.name != "shutdown" or console.dangerous(QCoreApplication.translate("Console", "shut the workers down")))
                and tasks.run(
                    workers.command(session, cmd, targets, workers_view), QCoreApplication.translate("Console", "worker command")
                )
            )
        )
        workers_view.enableEventsRequested.connect(
            lambda hostnames: tasks.run(
                workers.enable_events(monitor, hostnames, workers_view), QCoreApplication.translate("Console", "enable events")
            )
        )
        workers_view.rowsRefreshRequested.connect(bridge.refresh_worker_rows)
        workers_view.rowsRefreshRequested.connect(
            lambda: workers.show_event_state(monitor, workers_view)
        )  # each second while shown
        bridge.monitorWorkersChanged.connect(lambda: workers.show_event_state(monitor, workers_view))
        workers.show_event_state(monitor, workers_view)

    def connect_queues(queues_view) -> None:
        queues_view.purgeConfirmed.connect(
            lambda name: (
                console.dangerous(QCoreApplication.translate("Console", "purge the queue {name}").format(name=name))
                and tasks.run(workers.purge_queue(monitor, name, queues_view), QCoreApplication.translate("Console", "purge"))
            )
        )
        queues_view.refreshRequested.connect(
            lambda: tasks.run(workers.refresh_queues(monitor), QCoreApplication.translate("Console", "refresh queues"))
        )
        queues_view.browseRequested.connect(lambda name: open_messages(console, name))
        bridge.queuesChanged.connect(lambda: queues_view.set_warning(monitor.transport_mismatch() or monitor.queues_error))
        queues_view.set_warning(monitor.transport_mismatch() or monitor.queues_error)

    lazy_tabs.when_built(WORKERS, connect_workers)
    lazy_tabs.when_built(QUEUES, connect_queues)
    connection_bar = console.window.connection_bar
    for changed in (bridge.connectionChanged, bridge.catalogChanged, bridge.monitorWorkersChanged):  # its worker and task counts
        changed.connect(connection_bar.update_status)
    bridge.errorsChanged.connect(console.window.error_panel.update_errors)


def open_messages(console: Console, queue: str) -> MessagesView:
    """The browser window of a queue's messages (one per queue, raised when open already), its first page asked."""
    session, tasks, window = console.session, console.tasks, console.window
    shown = console.message_windows.get(queue)
    if shown is not None:
        shown.show()
        shown.raise_()
        shown.activateWindow()
        return shown
    view = MessagesView(queue, messages_model(), amqp=session.queue_messages.amqp, parent=window)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if console.layout is not None:
        console.layout.adopt_window(view)
    view.destroyed.connect(lambda *_: console.message_windows.pop(queue, None))
    view.pageRequested.connect(
        lambda offset, wanted: tasks.run(
            queue_messages.show_page(session, view, offset, wanted), QCoreApplication.translate("Console", "read messages")
        )
    )
    view.heldRequested.connect(
        lambda: tasks.run(queue_messages.show_held(session, view), QCoreApplication.translate("Console", "read held messages"))
    )
    view.deleteConfirmed.connect(
        lambda chosen: (
            console.dangerous(
                QCoreApplication.translate("Console", "delete {count} message(s) from {queue}").format(
                    count=f"{len(chosen):,}", queue=queue
                )
            )
            and tasks.run(queue_messages.delete(session, view, chosen), QCoreApplication.translate("Console", "delete messages"))
        )
    )
    view.moveConfirmed.connect(
        lambda chosen, target: tasks.run(
            queue_messages.move(session, view, chosen, target), QCoreApplication.translate("Console", "move messages")
        )
    )
    view.restoreConfirmed.connect(
        lambda chosen: tasks.run(
            queue_messages.restore(session, view, chosen), QCoreApplication.translate("Console", "restore messages")
        )
    )
    view.requeueConfirmed.connect(
        lambda chosen: tasks.run(
            queue_messages.requeue_dead_letters(session, view, chosen),
            QCoreApplication.translate("Console", "requeue dead letters"),
        )
    )
    view.copyRequested.connect(
        lambda message: (window.show_results(), queue_messages.copy_to_call_form(session, message, window.calls_view.open))
    )
    view.exportRequested.connect(lambda chosen, path: queue_messages.export(view, chosen, path))
    if session.profile.read_only:
        reason = read_only_reason(session.profile.name, QCoreApplication.translate("Console", "changing a queue's messages"))
        lock_read_only((view.delete_button, view.move_button, view.restore_button, view.requeue_button), reason)
    console.message_windows[queue] = view
    view.show()
    view.refresh()
    return view


def connect_workflows(console: Console, presets: PresetStore) -> None:
    """The workflow composer: one per window, made when first opened; a workflow is sent off the GUI thread."""
    from desktop.views.workflow_composer import WorkflowComposer

    session, window, tasks = console.session, console.window, console.tasks
    workflow_presets = WorkflowPresetStore()
    if workflow_presets.load_error:
        session.report_error(workflow_presets.load_error)

    def composer() -> WorkflowComposer:
        if window.workflow_composer is None:
            made = WorkflowComposer(
                session.call_context,
                lambda name: session.task_info(name) or TaskInfo(name=name),
                lambda: [t.name for t in session.catalog if not t.builtin],
                presets,
                workflow_presets,
                session.profile.app_module,
                parent=window,
            )
            made.sendRequested.connect(
                lambda node, specs: tasks.run(
                    calls.send_workflow(session, made, node, specs, console.show_row),
                    QCoreApplication.translate("Console", "send workflow"),
                )
            )
            console.bridge.catalogChanged.connect(made.update_tasks)
            if session.profile.read_only:
                lock_read_only(
                    (made.send_button,), read_only_reason(session.profile.name, QCoreApplication.translate("Console", "sending"))
                )
            if console.layout is not None:
                console.layout.adopt_window(made)
            window.workflow_composer = made
        return window.workflow_composer

    def open_composer(node=None) -> WorkflowComposer:
        shown = composer()
        if node is not None:
            shown.set_workflow(node)
        shown.show()
        shown.raise_()
        shown.activateWindow()
        return shown

    window.workflowRequested.connect(open_composer)  # a connection, not an attribute: no cycle keeps a closed window alive


def connect_palette(console: Console) -> None:
    """Ctrl+K: the command palette over the window, its entries made from the console each time it opens."""
    from desktop.views.command_palette import CommandPalette

    window = console.window
    shown = CommandPalette(window, lambda: palette.palette_entries(console), lambda text: palette.suggestions(console, text))
    window.command_palette = shown
    window.paletteRequested.connect(shown.open)


def lock_actions(console: Console) -> None:
    """A read-only profile: every action that would change the cluster disabled, the reason in its tooltip.

    The locks hold whatever a view enables on a selection change. The core refuses these anyway
    (ClusterClient.run_mutation); this is so nobody is offered them.
    """
    window, name = console.window, console.session.profile.name
    lazy_tabs = window.lazy_tabs

    def calls_and_results(_tab) -> None:
        results_view, calls_view = window.results_view, window.calls_view
        lock_read_only(
            (results_view.resend_button, results_view.revoke_button, results_view.terminate_button, results_view.forget_button),
            read_only_reason(name, QCoreApplication.translate("Console", "re-sending, revoking, terminating and forgetting")),
        )

        def lock_forms(*_) -> None:
            lock_read_only(
                (form.send_button for form in calls_view.forms()),
                read_only_reason(name, QCoreApplication.translate("Console", "sending")),
            )

        calls_view.currentChanged.connect(lock_forms)  # a form opened is made current
        lock_forms()

    def failures_view(view) -> None:
        lock_read_only(
            (view.resend_button, view.forget_button),
            read_only_reason(name, QCoreApplication.translate("Console", "re-sending and forgetting")),
        )

    def workers_view(view) -> None:
        ping = lambda: view.command_box.currentData() == "ping"  # noqa: E731 - the one command that changes no worker
        lock_read_only(
            (view.send_button,),
            read_only_reason(name, QCoreApplication.translate("Console", "every worker command but ping")),
            allowed=ping,
        )
        view.command_box.currentIndexChanged.connect(lambda *_: relock(view.send_button))
        lock_read_only(
            (view.enable_events_button,), read_only_reason(name, QCoreApplication.translate("Console", "enabling events"))
        )

    def queues_view(view) -> None:
        lock_read_only((view.purge_button,), read_only_reason(name, QCoreApplication.translate("Console", "purging")))

    def search_view(view) -> None:
        view.bulk.set_read_only(
            read_only_reason(name, QCoreApplication.translate("Console", "re-sending, revoking, terminating and forgetting"))
        )

    def schedules_view(view) -> None:
        lock_read_only(
            (view.run_button, view.enable_button, view.delete_button, view.new_button, view.edit_button),
            read_only_reason(name, QCoreApplication.translate("Console", "running and changing schedule entries")),
        )

    lazy_tabs.when_built(RESULTS, calls_and_results)
    lazy_tabs.when_built(FAILURES, failures_view)
    lazy_tabs.when_built(WORKERS, workers_view)
    lazy_tabs.when_built(QUEUES, queues_view)
    lazy_tabs.when_built(SCHEDULES, schedules_view)
    lazy_tabs.when_built(SEARCH, search_view)


def connect_notifications(console: Console, notifier, settings_store) -> None:
    """Watching in the results view -> the session; watched rows that end -> notifications; my counts -> the tray."""
    session, view = console.session, console.window.results_view
    notifier.attach(console.window)
    view.is_watched = session.watch.is_watched
    session.watch.watch_sent = settings_store.settings.watch_sent_for(session.profile.history_key)
    view.set_watch_sent(session.watch.watch_sent)
    console.window.keep_in_tray = lambda: notifier.tray is not None and settings_store.settings.keep_in_tray

    def watch(ids: list[str], on: bool) -> None:
        session.watch_rows(ids, on)
        view.refresh_watch_marks()

    def deliver() -> None:
        notifier.notify(session.take_notifications())
        notifier.show_counts(session.tray_counts.running, session.tray_counts.newly_failed)

    view.watchRequested.connect(watch)
    view.watchSentToggled.connect(lambda on: save_watch_sent(settings_store, session, on))
    console.bridge.tasksChanged.connect(deliver)
    if console.alert_relay is not None:
        console.alert_relay.fired.connect(deliver)  # alert rules that fired (core/live/alerts.py)
    deliver()


def acknowledge_failures(console: Console, notifier) -> None:
    """The user looked: the tray stops counting the failures so far as new."""
    counts = console.session.tray_counts
    counts.acknowledge()
    notifier.show_counts(counts.running, counts.newly_failed)
