"""What workers' ``stats`` and ``conf`` replies tell a console.

Which command a worker would refuse or ignore (:func:`explain_unsupported`), the figures of its
stats (WorkerSummary), and whether it sends what the live view needs (:func:`event_settings`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from desktop.core.cluster.control import WorkerCommand
from desktop.core.domain.translatable import QT_TRANSLATE_NOOP, translate

# -- what a worker cannot honour ----------------------------------------------------------------

CONTEXT = "worker_reports"  # the catalogue's context (lupdate needs the literal at each call)
KNOWN_POOLS = ("prefork", "solo", "threads", "eventlet", "gevent")
TERMINATING_POOLS = ("prefork", "eventlet", "gevent")
SHUTDOWN_TEXT = QT_TRANSLATE_NOOP(
    "worker_reports",
    "shutdown is final: the worker finishes its running tasks and exits, and the console cannot start it again "
    "(only its supervisor, e.g. systemd or Kubernetes, can)",
)


def pool_kind(stats: Any) -> str:
    """``prefork``, ``solo``, ``threads``, ``eventlet``, ``gevent``, another pool's implementation, or ``""``."""
    pool = stats.get("pool") if isinstance(stats, Mapping) else None
    implementation = pool.get("implementation") if isinstance(pool, Mapping) else None
    if not isinstance(implementation, str) or not implementation:
        return ""
    module = implementation.partition(":")[0]
    if module.startswith("celery.concurrency."):
        short = module.rsplit(".", 1)[-1]
        short = "threads" if short == "thread" else short
        if short in KNOWN_POOLS:
            return short
    return implementation


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "on")
    return bool(value) and not isinstance(value, (Mapping, list))


def explain_unsupported(command: str | WorkerCommand, stats: Mapping | None = None, conf: Mapping | None = None) -> str | None:
    """Why this worker would refuse or ignore ``command``, before it is sent; None if nothing is known against it.

    ``stats``/``conf`` are the worker's ``inspect().stats()`` / ``.conf()`` replies (None: not known).
    ``"terminate"`` stands for revoke with terminate=True. Shutdown always gets its warning.
    """
    name = command.name if isinstance(command, WorkerCommand) else command
    args = dict(command.arguments) if isinstance(command, WorkerCommand) else {}
    if name == "revoke" and args.get("terminate"):
        name = "terminate"
    stats = stats if isinstance(stats, Mapping) else None
    conf = conf if isinstance(conf, Mapping) else None
    pool = pool_kind(stats)
    known_pool = pool in KNOWN_POOLS
    autoscaler = stats.get("autoscaler") if stats is not None else None

    if name == "shutdown":
        return translate("worker_reports", SHUTDOWN_TEXT)
    if name == "terminate" and known_pool and pool not in TERMINATING_POOLS:
        return translate(
            "worker_reports",
            "terminate needs the prefork, eventlet or gevent pool: this worker runs the {pool} pool, "
            "which cannot stop a running task (the task is only revoked)",
        ).format(pool=pool)
    if name in ("pool_grow", "pool_shrink"):
        if isinstance(autoscaler, Mapping):
            if name == "pool_grow":
                text = translate(
                    "worker_reports",
                    "pool grow is refused while autoscale is on (max {max}, min {min}): change the autoscale range instead",
                )
            else:
                text = translate(
                    "worker_reports",
                    "pool shrink is refused while autoscale is on (max {max}, min {min}): change the autoscale range instead",
                )
            return text.format(max=autoscaler.get("max"), min=autoscaler.get("min"))
        if pool in ("solo", "threads"):
            if name == "pool_grow":
                return translate("worker_reports", "the {pool} pool has a fixed size: it cannot grow").format(pool=pool)
            return translate("worker_reports", "the {pool} pool has a fixed size: it cannot shrink").format(pool=pool)
        if name == "pool_shrink" and stats is not None:
            size = WorkerSummary.from_stats("", stats).pool_size
            n = args.get("n", 1)
            if size is not None and n >= size:
                text = translate("worker_reports", "shrinking by {n} would leave no process: the pool has {size}")
                return text.format(n=n, size=size)
    if name == "autoscale" and stats is not None and not isinstance(autoscaler, Mapping):
        return translate(
            "worker_reports",
            "autoscale needs a worker started with --autoscale=MAX,MIN: this one runs a fixed pool (grow or shrink it instead)",
        )
    if name == "pool_restart" and conf is not None:
        if not _truthy(conf.get("worker_pool_restarts", conf.get("CELERYD_POOL_RESTARTS"))):
            return translate(
                "worker_reports",
                "pool_restart needs worker_pool_restarts = True in the worker's configuration: this worker refuses it",
            )
    if name == "time_limit" and known_pool:
        if pool in ("solo", "threads", "eventlet"):
            return translate(
                "worker_reports",
                "the {pool} pool does not enforce time limits: the new limits are stored but no task is stopped",
            ).format(pool=pool)
        if pool == "gevent" and args.get("soft") is not None:
            return translate(
                "worker_reports", "the gevent pool enforces only the hard time limit: the soft limit is stored but never raised"
            )
    if name == "disable_events" and conf is not None:
        if _truthy(conf.get("worker_send_task_events", conf.get("CELERY_SEND_EVENTS"))):
            # The dispatcher's groups are empty ("all") then, and disable_events only removes "task" from them.
            return translate(
                "worker_reports",
                "this worker sends task events by configuration (worker_send_task_events, or -E): "
                "disable_events cannot turn those off; it answers 'already disabled' and they keep coming",
            )
    if name == "rate_limit" and conf is not None and _truthy(conf.get("worker_disable_rate_limits")):
        return translate(
            "worker_reports",
            "rate limits are off on this worker (worker_disable_rate_limits): the new limit is stored but not applied",
        )
    return None


# -- worker summary -----------------------------------------------------------------------------


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


@dataclass(frozen=True)
class WorkerSummary:
    """The figures of ``inspect().stats()`` a console shows for one worker; None where the worker gave none."""

    hostname: str
    pool: str = ""  # see pool_kind()
    pool_implementation: str = ""
    max_concurrency: int | None = None
    processes: tuple[int, ...] = ()  # child pids (prefork) or thread ids
    autoscale_max: int | None = None
    autoscale_min: int | None = None
    prefetch_count: int | None = None
    pid: int | None = None
    uptime_s: float | None = None
    broker_transport: str = ""
    broker_host: str = ""
    tasks_total: tuple[tuple[str, int], ...] = ()  # accepted since start, by task name
    maxrss_kb: int | None = None  # peak memory of the main process (kilobytes on Linux)

    @property
    def pool_size(self) -> int | None:
        """Processes actually running (prefork grows and shrinks these); else the configured concurrency."""
        return len(self.processes) if self.processes else self.max_concurrency

    @property
    def autoscale(self) -> bool:
        return self.autoscale_max is not None

    @property
    def tasks_done(self) -> int:
        return sum(count for _, count in self.tasks_total)

    @classmethod
    def from_stats(cls, hostname: str, stats: Any) -> WorkerSummary:
        """Tolerates any shape: fields that are missing or of the wrong type are left unknown."""
        if not isinstance(stats, Mapping):
            return cls(hostname)
        pool = stats.get("pool") if isinstance(stats.get("pool"), Mapping) else {}
        processes = pool.get("processes")
        pids = tuple(p for p in (_int(x) for x in processes) if p is not None) if isinstance(processes, list) else ()
        autoscaler = stats.get("autoscaler") if isinstance(stats.get("autoscaler"), Mapping) else {}
        broker = stats.get("broker") if isinstance(stats.get("broker"), Mapping) else {}
        host, port = _text(broker.get("hostname")), _int(broker.get("port"))
        totals = stats.get("total") if isinstance(stats.get("total"), Mapping) else {}
        rusage = stats.get("rusage") if isinstance(stats.get("rusage"), Mapping) else {}
        uptime = stats.get("uptime")
        return cls(
            hostname=hostname,
            pool=pool_kind(stats),
            pool_implementation=_text(pool.get("implementation")),
            max_concurrency=_int(pool.get("max-concurrency")),
            processes=pids,
            autoscale_max=_int(autoscaler.get("max")) if autoscaler else None,
            autoscale_min=_int(autoscaler.get("min")) if autoscaler else None,
            prefetch_count=_int(stats.get("prefetch_count")),
            pid=_int(stats.get("pid")),
            uptime_s=float(uptime) if isinstance(uptime, (int, float)) and not isinstance(uptime, bool) else None,
            broker_transport=_text(broker.get("transport")),
            broker_host=f"{host}:{port}" if host and port is not None else host,
            tasks_total=tuple(sorted((str(k), n) for k, n in ((k, _int(v)) for k, v in totals.items()) if n is not None)),
            maxrss_kb=_int(rusage.get("maxrss")),
        )

    def to_dict(self) -> dict:
        return {
            "hostname": self.hostname,
            "pool": self.pool,
            "pool_size": self.pool_size,
            "max_concurrency": self.max_concurrency,
            "processes": list(self.processes),
            "autoscale": None if not self.autoscale else {"max": self.autoscale_max, "min": self.autoscale_min},
            "prefetch_count": self.prefetch_count,
            "pid": self.pid,
            "uptime_s": self.uptime_s,
            "broker_transport": self.broker_transport,
            "broker_host": self.broker_host,
            "tasks_total": dict(self.tasks_total),
            "maxrss_kb": self.maxrss_kb,
        }


# -- events checklist ---------------------------------------------------------------------------


class SettingState(str, Enum):
    ON = "on"
    OFF = "off"
    UNKNOWN = "unknown"  # the worker sent no configuration


@dataclass(frozen=True)
class SettingCheck:
    """One setting the console's live view depends on, and where it is on."""

    setting: str
    flag: str  # the worker command-line switch, if there is one
    gives: str  # what it gives the console, in one sentence
    workers: tuple[tuple[str, SettingState], ...] = ()
    note: str = ""

    def state(self, hostname: str) -> SettingState:
        return dict(self.workers).get(hostname, SettingState.UNKNOWN)

    @property
    def everywhere(self) -> bool:
        return bool(self.workers) and all(s is SettingState.ON for _, s in self.workers)

    def to_dict(self) -> dict:
        return {
            "setting": self.setting,
            "flag": self.flag,
            "gives": self.gives,
            "workers": {h: s.value for h, s in self.workers},
            "note": self.note,
        }


# (setting, pre-4.0 name, flag, what it gives, note). All four default to off. The sentences are
# translated when the checks are made (event_settings).
EVENT_SETTINGS = (
    (
        "worker_send_task_events",
        "CELERY_SEND_EVENTS",
        "-E",
        QT_TRANSLATE_NOOP(
            "worker_reports",
            "task events: each task shows as received, started, succeeded, failed or retried the moment it happens on the worker",
        ),
        QT_TRANSLATE_NOOP(
            "worker_reports", "a worker started with -E, or told enable_events, sends them even when its configuration says off"
        ),
    ),
    (
        "task_send_sent_event",
        "CELERY_SEND_TASK_SENT_EVENT",
        "",
        QT_TRANSLATE_NOOP(
            "worker_reports", "task-sent events: tasks appear as soon as they are sent, before a worker takes them"
        ),
        QT_TRANSLATE_NOOP(
            "worker_reports",
            "it counts where tasks are sent: a worker's value covers only the tasks it sends itself (subtasks, callbacks)",
        ),
    ),
    (
        "task_track_started",
        "CELERY_TRACK_STARTED",
        "",
        QT_TRANSLATE_NOOP(
            "worker_reports", "STARTED state: a running task shows as started instead of pending until it finishes"
        ),
        QT_TRANSLATE_NOOP("worker_reports", "a task can turn it on for itself with track_started=True"),
    ),
    (
        "result_extended",
        "CELERY_RESULT_EXTENDED",
        "",
        QT_TRANSLATE_NOOP(
            "worker_reports",
            "extended results: name, arguments, worker, retries and queue are stored with each result, "
            "so tasks other programs sent show what they are",
        ),
        "",
    ),
)


def event_settings(conf_replies: Mapping[str, Any]) -> list[SettingCheck]:
    """On/off per worker for what the live view needs, from ``inspect().conf()`` replies.

    Workers report only settings changed from the defaults, so a missing key means off.
    """
    hostnames = sorted(conf_replies) if isinstance(conf_replies, Mapping) else []
    checks = []
    for setting, old_name, flag, gives, note in EVENT_SETTINGS:
        states = []
        for hostname in hostnames:
            conf = conf_replies[hostname]
            if not isinstance(conf, Mapping):
                states.append((hostname, SettingState.UNKNOWN))
                continue
            value = conf[setting] if setting in conf else conf.get(old_name, False)
            states.append((hostname, SettingState.ON if _truthy(value) else SettingState.OFF))
        shown_note = translate(CONTEXT, note) if note else ""
        checks.append(SettingCheck(setting, flag, translate(CONTEXT, gives), tuple(states), shown_note))
    return checks
