"""Every target a bench figure is held to, in one place.

Each bench reads its own targets from here (to print "met"/"MISSED" and to carry them in its
JSON line), and ``bench/check.py`` holds the JSON line of each bench's ``--quick`` run to them.

A target names a figure by its path in the bench's JSON line: keys joined by dots, and a list
of rows picked by one of their keys, e.g. ``results[n=10000].vs_asyncresult``.

How soon something happens is held here, not in the tests: the suite shares its cores with
itself, so a test asserts the behaviour (a call returned well before the timeout it would
otherwise hit, a result came by push and not by the next poll, the GUI thread never stopped for
as long as a network call waits) and the figure is measured here, on its own, against its
limit. Such a target names the test that asserts the behaviour (``test``).
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    figure: str  # its path in the bench's JSON line
    op: str  # "<=" or ">="
    limit: float
    unit: str
    what: str
    test: str = ""  # the test that asserts the behaviour behind the figure

    def met(self, value: float | None) -> bool:
        return value is not None and OPS[self.op](value, self.limit)

    def text(self) -> str:
        return f"{self.op} {self.limit:,g} {self.unit}".rstrip()


OPS = {"<=": operator.le, ">=": operator.ge}
CLI, WATCH, HUNG = "tests/integration/test_cli.py", "tests/unit/domain/test_watch.py", "tests/gui/test_fault_hung.py"
POLLER, CALLS = "tests/integration/test_poller.py", "tests/integration/test_call_options.py"
FLEET, SENTINEL = "tests/integration/test_fleet.py", "tests/integration/test_sentinel.py"
CONTROL, CLUSTER = "tests/integration/test_control.py", "tests/integration/test_cluster.py"
MANAGEMENT, EVENTS = "tests/integration/test_management_http.py", "tests/integration/test_event_stream.py"
FUZZ = "tests/integration/test_fuzz_backend.py"

TARGETS: dict[str, tuple[Target, ...]] = {
    "startup": (
        Target("window_shown_ms", "<=", 500, "ms", "launch to the window painted, the slower of demo and dead broker (median)"),
        Target("window_vs_bare", "<=", 3, "x", "window shown / a bare PySide6 + qasync window shown, same run"),
        Target(
            "history_max_stall_ms",
            "<=",
            50,
            "ms",
            "longest GUI stall from window shown until 2 s after 200,000-task history shown",
        ),
        Target("self_test_ms", "<=", 60_000, "ms", "--self-test (demo Redis, worker, one task) until it exits", CLI),
        Target("dump_unreachable_ms", "<=", 20_000, "ms", "--dump with an unreachable broker until it exits", CLI),
    ),
    "poll": (
        Target("results[n=10000].vs_asyncresult", ">=", 100, "x", "AsyncResult loop / poll tick, 10,000 ids, 10 % changed"),
        Target("results[n=10000].sweep_vs_mget", "<=", 1.5, "x", "full sweep tick / bare MGET of the same 10,000 keys"),
        Target("results[n=10000].first_vs_mget", "<=", 5, "x", "first tick (every stored payload decoded) / bare MGET"),
        Target("results[n=10000].unpushed_us_per_payload", "<=", 10, "us", "a tick without push: read and decode, a payload"),
        Target("results[n=10000].push_us", "<=", 20, "us", "a pushed result applied by the listener, a push"),
    ),
    "push_latency": (
        Target("push.p50_ms", "<=", 10, "ms", "a worker's update_state to the Qt model, with push (median)"),
        Target("push.p99_ms", "<=", 10, "ms", "a worker's update_state to the Qt model, with push (99th percentile)"),
    ),
    "events": (
        Target("results.speedup", ">=", 3, "x", "EventStore.apply events/s / celery State.event events/s"),
        Target("results.store_kb_per_task", "<=", 1.5, "KB", "memory the event store holds per task"),
    ),
    "event_receive": (
        Target("direct_us_per_event", "<=", 40, "us", "CPU of the receiving thread an event, Redis read directly"),
        Target("vs_kombu", ">=", 4, "x", "kombu's consumer CPU an event / the direct read's, same run"),
        Target("lost", "<=", 0, "events", "events published and not handed over, both paths"),
    ),
    "filter": (Target("max_filter_ms", "<=", 100, "ms", "slowest filter change on 100,000 rows"),),
    "queue_browse": (
        Target("first_page_ms", "<=", 100, "ms", "browse_redis first page of 200 of a 100,000-message queue (median)"),
        Target("scan_msgs_per_s", ">=", 20_000, "messages/s", "a filtered scan of the whole queue, every message read"),
    ),
    "search": (
        Target("max_first_page_ms", "<=", 100, "ms", "slowest typed query's first page of 200, 1,000,000 tasks (median)"),
        Target("max_count_ms", "<=", 1_000, "ms", "slowest typed query's count of matches, 1,000,000 tasks (median)"),
        Target("writes_per_s", ">=", 2_000, "changes/s", "task changes written through HistoryRecorder, index kept in step"),
    ),
    "bulk_resend": (
        Target("bulk_max_stall_ms", "<=", 50, "ms", "longest loop stall while 10,000 failed tasks are re-sent in bulk"),
        Target("bulk_per_second", ">=", 1_000, "calls/s", "bulk re-send: calls sent a second, progress told after each chunk"),
        Target("cancel_stopped_after_ms", "<=", 1_000, "ms", "a bulk re-send stops this soon after Cancel"),
    ),
    "alerts": (
        Target("us_per_row_median", "<=", 20, "us", "a changed row through 10 alert rules of every task kind (median batch)"),
        Target("set_rules_ms_median", "<=", 200, "ms", "saving one more rule while the window holds the rows"),
    ),
    "trends": (
        Target("longest_stage_ms", "<=", 50, "ms", "the longest single step on the GUI thread of a 24 h Graphs redraw"),
        Target("write_one_second_ms", "<=", 10, "ms", "a second of samples for 100 series written at three levels"),
        Target("file_full_mb_per_series", "<=", 1, "MB", "the trends file with every level full, a series"),
    ),
    "watch_store": (
        Target("restore_slice_ms", "<=", 16, "ms", "the longest slice on the loop while 100,000 watches come back"),
        Target("snapshot_ms", "<=", 50, "ms", "the snapshot of 100,000 watches taken on the loop (at most every 2 s)"),
    ),
    "layout": (
        Target("restore_ms", "<=", 50, "ms", "every splitter and table of the window given its saved layout"),
        Target("save_ms", "<=", 16, "ms", "the layout collected and written after a change"),
    ),
    "translation": (
        Target("window_ratio", "<=", 1.5, "x", "the whole main window built in Chinese against English"),
        Target("install_ms", "<=", 50, "ms", "the zh_CN catalogues installed at start"),
    ),
    "desktop_notifications": (
        Target("probe_ms.median", "<=", 100, "ms", "asking the session bus for a notification service at start"),
        Target("notify_ms.median", "<=", 20, "ms", "a Notify round trip on a private bus"),
    ),
    "gui_stall": (
        Target("max_stall_ms", "<=", 50, "ms", "longest GUI stall while 10,000 tracked tasks change state"),
        Target("tracking_max_stall_ms", "<=", 50, "ms", "longest GUI stall while 10,000 pasted ids are tracked"),
        Target("all_success_after_writer_ms", "<=", 1000, "ms", "every row SUCCESS after the writer's last state"),
        Target("events_max_stall_ms", "<=", 50, "ms", "longest GUI stall under live events, every tab shown in turn"),
        Target("events_per_s", ">=", 2_000, "events/s", "events the console ingested a second meanwhile"),
    ),
    "soak": (
        Target("max_stall_ms", "<=", 50, "ms", "longest GUI stall while sending"),
        Target("rss_growth_pct", "<=", 10, "%", "RSS growth after warm-up"),
        Target("tasks_lost", "<=", 0, "tasks", "tasks the window or the history lost against the backend"),
        Target("tasks_unfinished", "<=", 0, "tasks", "tasks the backend never finished"),
    ),
    "watch": (Target("summary_500_ms", "<=", 50, "ms", "500 watched tasks ending at once made into one summary", WATCH),),
    "hung": (
        Target("black_hole_max_stall_ms", "<=", 100, "ms", "longest GUI stall: broker and backend that never reply", HUNG),
        Target("dns_max_stall_ms", "<=", 100, "ms", "longest GUI stall: a host name DNS cannot resolve", HUNG),
        Target("frozen_worker_max_stall_ms", "<=", 100, "ms", "longest GUI stall: a worker frozen with SIGSTOP", HUNG),
    ),
    "latency": (
        Target("push_add_ms", "<=", 2_500, "ms", "tasks.add sent until the session has its SUCCESS (poll every 30 s)", POLLER),
        Target("push_after_run_ms", "<=", 2_500, "ms", "a 1 s task sent until the session has its SUCCESS, less 1 s", POLLER),
        Target(
            "push_prefixed_ms", "<=", 2_000, "ms", "a result published under a global_keyprefix until the session has it", POLLER
        ),
        Target("push_pattern_ms", "<=", 3_000, "ms", "a result pushed through the pattern (past the channel limit)", POLLER),
        Target("reconnecting_ms", "<=", 2_000, "ms", "Redis killed until the poller says reconnecting", POLLER),
        Target("events_reconnecting_ms", "<=", 2_000, "ms", "Redis killed until the event stream says reconnecting", EVENTS),
        Target("events_receiving_again_ms", "<=", 3_000, "ms", "Redis back until the event stream receives again", EVENTS),
        Target("garbage_tick_ms", "<=", 1_000, "ms", "5 rows that fail to decode and a good one, polled only, all read", FUZZ),
        Target("send_refused_ms", "<=", 5_000, "ms", "a send without retry to a stopped broker until it fails", CALLS),
        Target("send_vanished_ms", "<=", 8_000, "ms", "a send to a broker that went away until it fails", CALLS),
        Target("fleet_inspect_ms", "<=", 4_000, "ms", "inspect registered on 100 workers until the 100th reply", FLEET),
        Target("fleet_command_ms", "<=", 4_000, "ms", "rate_limit on 100 workers until the 100th reply", FLEET),
    ),
    "control": (
        Target("inspect_expected_ms", "<=", 1_000, "ms", "inspect ping expecting 2 workers until the 2nd reply", CONTROL),
        Target("inspect_methods_ms", "<=", 1_500, "ms", "slowest inspect method expecting 2 workers (stats … conf)", CONTROL),
        Target("command_expected_ms", "<=", 1_500, "ms", "enable/disable_events expecting 2 workers, the slower", CONTROL),
        Target("async_inspect_ms", "<=", 1_000, "ms", "inspect_workers ping (executor, loop) expecting 2 workers", CONTROL),
        Target("silent_inspect_over_ms", "<=", 2_000, "ms", "inspect ping, 1 of 2 workers frozen: past its 1 s timeout", CONTROL),
        Target("silent_command_over_ms", "<=", 2_000, "ms", "ping command to a frozen worker: past its 0.5 s timeout", CONTROL),
        Target("shutdown_ms", "<=", 1_000, "ms", "shutdown (no reply ever comes) until the call returns", CONTROL),
        Target("refused_inspect_ms", "<=", 1_000, "ms", "inspect_workers on a broker that refuses until it fails", CONTROL),
        Target("refused_command_ms", "<=", 1_000, "ms", "a command on a broker that refuses until it fails", CONTROL),
        Target("refused_check_broker_ms", "<=", 1_000, "ms", "the broker check on a port that refuses", CLUSTER),
        Target("refused_check_backend_ms", "<=", 1_000, "ms", "the backend check on a port that refuses", CLUSTER),
        Target("management_deadline_over_ms", "<=", 3_000, "ms", "a trickling management API: past its 1 s deadline", MANAGEMENT),
    ),
    "failover": (
        Target("lookup_first_down_ms", "<=", 1_000, "ms", "master lookup with the first of 3 sentinels stopped", SENTINEL),
        Target("polling_after_promotion_ms", "<=", 2_000, "ms", "replica promoted until results are polled again", SENTINEL),
        Target("bar_ok_after_promotion_ms", "<=", 5_000, "ms", "replica promoted until the connection bar is all OK", SENTINEL),
    ),
    "footprint": (
        Target("ratios.cpu_tasks", "<=", 0.5, "x", "console CPU / Flower CPU for the same tasks, watched side by side"),
        Target("ratios.rss_max_from_5000", "<=", 1.0, "x", "console RSS / Flower RSS, the highest from 5,000 tasks on"),
    ),
}


def target(bench: str, figure: str) -> Target:
    for candidate in TARGETS[bench]:
        if candidate.figure == figure:
            return candidate
    raise KeyError(f"{bench}: no target for {figure}")


def limit(bench: str, figure: str) -> float:
    return target(bench, figure).limit


def as_json(bench: str) -> dict[str, str]:
    """The bench's targets for its JSON line: figure -> "<= 50 ms"."""
    return {t.figure: t.text() for t in TARGETS[bench]}


_ROW = re.compile(r"^(?P<key>[^\[]+)\[(?P<field>[^=\]]+)=(?P<value>[^\]]+)\]$")


def figure_of(line: dict, path: str):
    """The value at ``path`` in a bench's JSON line, or None when it is not there."""
    value = line
    for part in path.split("."):
        row = _ROW.match(part)
        key = row["key"] if row else part
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
        if row:
            if not isinstance(value, list):
                return None
            value = next((r for r in value if isinstance(r, dict) and str(r.get(row["field"])) == row["value"]), None)
    return value
