"""Worker commands, inspect and worker reports without a broker: masking, command checks, explanations, summaries."""

from __future__ import annotations

import copy
import json
import string

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.core.cluster.control import COMMANDS, CommandResult, WorkerCommand, WorkerReply, run_command
from desktop.core.cluster.inspection import InspectResult, inspect
from desktop.core.cluster.worker_reports import (
    SHUTDOWN_TEXT,
    SettingState,
    WorkerSummary,
    event_settings,
    explain_unsupported,
    pool_kind,
)
from desktop.core.connection.secrets import is_secret_key, mask_conf, mask_text

# What a prefork worker started with `-c 2` answers to inspect().stats() (celery 5.7, Linux).
PREFORK_STATS = {
    "total": {"tasks.add": 3, "tasks.slow": 1},
    "pid": 14929,
    "clock": "3",
    "uptime": 17,
    "pool": {
        "implementation": "celery.concurrency.prefork:TaskPool",
        "max-concurrency": 2,
        "processes": [14931, 14932],
        "max-tasks-per-child": "N/A",
        "put-guarded-by-semaphore": False,
        "timeouts": [0, 0],
        "writes": {"total": 0, "avg": "0.00", "all": "", "raw": "", "strategy": "fair", "inqueues": {"total": 2, "active": 0}},
    },
    "broker": {
        "hostname": "127.0.0.1",
        "userid": None,
        "virtual_host": "8",
        "port": 55539,
        "insist": False,
        "ssl": False,
        "transport": "redis",
        "connect_timeout": 4,
        "transport_options": {},
        "login_method": None,
        "uri_prefix": None,
        "heartbeat": 120.0,
        "failover_strategy": "round-robin",
        "alternates": [],
        "credential_provider": None,
    },
    "prefetch_count": 8,
    "rusage": {"utime": 0.82, "stime": 0.10, "maxrss": 54900, "minflt": 14989, "majflt": 0, "nvcsw": 10, "nivcsw": 139},
}
AUTOSCALE_STATS = {
    **PREFORK_STATS,
    "pool": {**PREFORK_STATS["pool"], "max-concurrency": 1, "processes": [14931]},
    "autoscaler": {"max": 3, "min": 1, "current": 1, "qty": 0},
    "prefetch_count": 12,
}


def stats_for(pool: str) -> dict:
    module = {"threads": "thread"}.get(pool, pool)
    return {**PREFORK_STATS, "pool": {"implementation": f"celery.concurrency.{module}:TaskPool", "max-concurrency": 4}}


# -- mask_conf -----------------------------------------------------------------------------------


def test_mask_conf_hides_secret_keys_urls_and_nested_values():
    conf = {
        "broker_url": "redis://:********@127.0.0.1:6379/10",  # as Celery already censored it
        "result_backend": "redis://:hunter2@127.0.0.1:6379/11",
        "beat_dburi": "postgresql://app:pg-secret@db/beat",
        "task_default_routing_key": "default",
        "broker_transport_options": {
            "visibility_timeout": 3600,
            "global_keyprefix": "app:",
            "sentinel_kwargs": {"password": "sentinel-pw"},
            "fallbacks": ["redis://:list-pw@replica:6379/0", "redis://replica2:6379/0"],
        },
        "result_backend_transport_options": {"retry_policy": {"max_retries": 3}, "extra": [{"url": "rediss://u:deep-pw@h/1"}]},
        "database_engine_options": {"connect_args": {"dsn": "postgresql://u:dsn-pw@db/x"}},
        "cassandra_auth_kwargs": {"username": "cass", "password": "cass-pw"},
        "security_key": "-----BEGIN PRIVATE KEY-----",
        "s3_secret_access_key": "s3-pw",
        "notes": "falls back to redis://:text-pw@backup:6379/0 when the primary is down",
        "azureblob_storage_connection_string": "DefaultEndpointsProtocol=https;AccountName=acc;AccountKey=az-pw;EndpointSuffix=x",
        "custom_service": "https://api.example/v1?password=query-pw&region=eu",
        "repr_value": "Connection('amqp://guest:repr-pw@rabbit:5672//')",
        "redis_password": None,
        "accept_content": ["json"],
    }
    masked = mask_conf(conf)
    text = json.dumps(masked)
    for secret in ("hunter2", "pg-secret", "sentinel-pw", "list-pw", "deep-pw", "dsn-pw", "cass-pw", "PRIVATE KEY", "s3-pw"):
        assert secret not in text
    for secret in ("text-pw", "az-pw", "query-pw", "repr-pw", "********"):
        assert secret not in text
    assert masked["broker_url"] == "redis://:***@127.0.0.1:6379/10"
    assert masked["result_backend"] == "redis://:***@127.0.0.1:6379/11"
    assert masked["beat_dburi"] == "postgresql://app:***@db/beat"
    assert masked["cassandra_auth_kwargs"] == "***" and masked["security_key"] == "***"
    # What is not secret stays readable.
    assert masked["task_default_routing_key"] == "default"
    assert masked["broker_transport_options"]["global_keyprefix"] == "app:"
    assert masked["broker_transport_options"]["visibility_timeout"] == 3600
    assert masked["broker_transport_options"]["fallbacks"][1] == "redis://replica2:6379/0"
    assert masked["result_backend_transport_options"]["retry_policy"] == {"max_retries": 3}
    assert masked["custom_service"] == "https://api.example/v1?password=***&region=eu"
    assert masked["redis_password"] is None  # "not set" is worth seeing
    assert masked["accept_content"] == ["json"]
    assert conf["broker_transport_options"]["sentinel_kwargs"]["password"] == "sentinel-pw"  # input untouched


@pytest.mark.parametrize(
    "key",
    ["password", "redis_password", "sentinelPassword", "api_token", "secret_key", "AUTH", "auth_kwargs", "x_credentials", "key"],
)
def test_secret_keys(key):
    assert is_secret_key(key)


@pytest.mark.parametrize(
    "key",
    [
        "task_default_routing_key",
        "global_keyprefix",
        "key_prefix",
        "ssl_keyfile",
        "broker_url",
        "worker_direct",
        "author",
        "queue",
    ],
)
def test_harmless_keys(key):
    assert not is_secret_key(key)


def test_mask_text_leaves_ordinary_messages_alone():
    for text in ("KeyError: 'tasks.add'", "pool will grow", "Error 111 connecting to 127.0.0.1:6379. Connection refused."):
        assert mask_text(text) == text


SECRET_KEYS = ["password", "broker_password", "sentinelPassword", "api_token", "aws_secret_access_key", "auth", "credentials"]
NEUTRAL_KEYS = ["broker_transport_options", "result_backend_transport_options", "options", "urls", "hosts", "queue", "extra"]
NEUTRAL_TEXT = ["celery", "json", "UTC", "redis://127.0.0.1:6379/0", "amqp://rabbit//", "********", "tasks.add"]
# Anything a password may hold written into a URL, except ``;`` (kombu's URL-list separator) and
# ``&`` (ends a query value); whitespace never survives in a URL.
URL_PASSWORD = st.text(alphabet=string.ascii_letters + string.digits + "!$%^()-_+=.~@:/#?[]{}|<>,'\"*", min_size=4, max_size=20)


@st.composite
def conf_with_secrets(draw):
    password = "Zq" + draw(URL_PASSWORD)  # "Zq": never part of the neutral text
    carriers = st.sampled_from(
        [
            f"redis://:{password}@127.0.0.1:6379/0",
            f"amqp://guest:{password}@rabbit:5672//",
            f"redis://user:{password}@h:1/0;redis://user:{password}@h:2/0",
            f"failover to redis://:{password}@backup:6379/1 when down",
        ]
    )
    if all(c not in password for c in "&;"):
        carriers = carriers | st.just(f"sentinel://h:26379/0?password={password}&db=1")
    under_secret_key = st.builds(
        lambda k, v: {k: v}, st.sampled_from(SECRET_KEYS), st.text(min_size=1).map(lambda t: password + t)
    )
    leaves = st.one_of(
        carriers,
        under_secret_key,
        st.sampled_from(NEUTRAL_TEXT),
        st.integers(),
        st.booleans(),
        st.none(),
    )
    tree = st.recursive(
        leaves,
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(NEUTRAL_KEYS), children, max_size=4),
        max_leaves=12,
    )
    conf = draw(st.dictionaries(st.sampled_from(NEUTRAL_KEYS), tree, min_size=1, max_size=4))
    conf["result_backend"] = draw(carriers)  # at least one secret, always
    return password, conf


def all_strings(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from all_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from all_strings(v)
    elif isinstance(value, str):
        yield value


@settings(max_examples=150, deadline=None)
@given(conf_with_secrets())
@example(("Zq00#]", {"result_backend": "sentinel://h:26379/0?password=Zq00#]&db=1"}))
@example(("Zq@x", {"result_backend": "sentinel://h:26379/0?password=Zq@x&db=1"}))
def test_no_password_survives_mask_conf(case):
    password, conf = case
    masked = mask_conf(conf)
    leaks = [s for s in all_strings(masked) if password in s]
    assert not leaks
    assert mask_conf(masked) == masked  # masking twice changes nothing more


NEUTRAL_TREE = st.recursive(
    st.sampled_from(NEUTRAL_TEXT[:5]) | st.integers() | st.booleans() | st.none(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(NEUTRAL_KEYS), children, max_size=4),
    max_leaves=15,
)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(NEUTRAL_KEYS + ["task_default_routing_key"]), NEUTRAL_TREE, max_size=5))
def test_mask_conf_keeps_what_is_not_secret(conf):
    expected = json.loads(json.dumps(conf).replace("********", "***"))
    assert mask_conf(conf) == expected


def test_mask_conf_tolerates_garbage():
    deep: list = []
    node = deep
    for _ in range(100):
        node.append([])
        node = node[0]
    assert mask_conf({"deep": deep, b"bytes": b"redis://:pw@h/0", 3: object()})
    assert mask_conf("not a dict") == {"value": "not a dict"}


# -- WorkerCommand -------------------------------------------------------------------------------


def test_command_arguments_are_normalised():
    assert WorkerCommand.of("pool_grow").kwargs == {"n": 1}
    assert WorkerCommand.of("pool_shrink", n="3").kwargs == {"n": 3}
    assert WorkerCommand.of("rate_limit", task="tasks.add", rate=" 10 / m ").kwargs == {
        "task_name": "tasks.add",
        "rate_limit": "10/m",
    }
    assert WorkerCommand.of("rate_limit", task_name="tasks.add", rate_limit="").kwargs["rate_limit"] is None
    assert WorkerCommand.of("rate_limit", task_name="tasks.add", rate_limit=5).kwargs["rate_limit"] == "5"
    assert WorkerCommand.of("time_limit", task="tasks.slow", soft="5", hard=10).kwargs == {
        "task_name": "tasks.slow",
        "soft": 5.0,
        "hard": 10.0,
    }
    assert WorkerCommand.of("autoscale", max=4).kwargs == {"max": 4, "min": None}
    assert WorkerCommand.of("add_consumer", queue=" extra ").kwargs == {
        "queue": "extra",
        "exchange": None,
        "exchange_type": "direct",
        "routing_key": None,
    }
    assert WorkerCommand.of("pool_restart", modules=["desktop.tasks"], reload="yes").kwargs == {
        "modules": ["desktop.tasks"],
        "reload": True,
    }
    revoke = WorkerCommand.of("revoke", task_id="abc", terminate=True, signal="kill")
    assert revoke.kwargs == {"task_id": ["abc"], "terminate": True, "signal": "SIGKILL"}
    assert WorkerCommand("pool_grow", {"n": 2}) == WorkerCommand.of("pool_grow", n=2)
    assert hash(revoke) == hash(WorkerCommand.of("revoke", task_ids=["abc"], terminate=True, signal="SIGKILL"))
    assert WorkerCommand.of("shutdown").awaits_reply is False
    assert set(COMMANDS) >= {"pool_grow", "pool_shrink", "autoscale", "add_consumer", "cancel_consumer", "rate_limit"}


@pytest.mark.parametrize(
    ("name", "arguments", "message"),
    [
        ("pool_grow", {"n": 0}, "pool_grow: n must be at least 1, not 0"),
        ("pool_grow", {"n": -2}, "at least 1"),
        ("pool_grow", {"n": 2.5}, "whole number"),
        ("pool_grow", {"n": True}, "whole number"),
        ("pool_grow", {"n": "two"}, "whole number"),
        ("pool_grow", {"n": 100_000}, "at most 1000"),
        ("pool_shrink", {"count": 1}, "pool_shrink takes n, not count"),
        ("autoscale", {}, "give max, min or both"),
        ("autoscale", {"max": 2, "min": 5}, "min (5) must not be above max (2)"),
        ("autoscale", {"max": 0}, "at least 1"),
        ("rate_limit", {"task": "tasks.add", "rate": "10/x"}, 'like "10/m"'),
        ("rate_limit", {"task": "tasks.add", "rate": "-1/s"}, 'like "10/m"'),
        ("rate_limit", {"task": "tasks.add", "rate": "0/m"}, "positive rate"),
        ("rate_limit", {"rate": "1/s"}, "task_name must be a non-empty name"),
        ("rate_limit", {"task": "tasks add", "rate": "1/s"}, "without spaces"),
        ("time_limit", {"task": "t", "soft": 10, "hard": 5}, "soft limit (10 s) must be below the hard limit (5 s)"),
        ("time_limit", {"task": "t", "soft": -1}, "more than 0 seconds"),
        ("time_limit", {"task": "t", "hard": "nan"}, "a number of seconds"),
        ("add_consumer", {"queue": ""}, "queue must be a non-empty name"),
        ("add_consumer", {"queue": "q", "exchange_type": "weird"}, "exchange_type must be one of"),
        ("cancel_consumer", {"queue": "a\nb"}, "without spaces"),
        ("pool_restart", {"modules": ["os; rm -rf /"]}, "modules must be"),
        ("pool_restart", {"modules": ["ok.module", "1bad"]}, "dotted module names"),
        ("revoke", {"task_id": []}, "at least one name"),
        ("revoke", {"task_id": "x", "signal": "SIGFOO"}, "signal must be one of"),
        ("revoke", {"task_id": "x", "terminate": "maybe"}, "true or false"),
        ("ping", {"x": 1}, "ping takes no arguments, not x"),
        ("restart_everything", {}, "unknown command 'restart_everything'"),
    ],
)
def test_bad_command_arguments_are_refused_with_a_clear_message(name, arguments, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        WorkerCommand(name, arguments)


class NoNetworkApp:
    """Anything that reaches for the broker fails the test."""

    @property
    def control(self):
        raise AssertionError("nothing may be sent for bad input")


def test_bad_calls_fail_before_anything_is_sent():
    app = NoNetworkApp()
    with pytest.raises(ValueError, match="unknown inspect method"):
        inspect(app, "purge")
    with pytest.raises(ValueError, match="inspect stats takes no options, not items"):
        inspect(app, "stats", items=["x"])
    with pytest.raises(ValueError, match="no worker chosen"):
        inspect(app, "ping", destination=[])
    with pytest.raises(ValueError, match="no worker chosen"):  # never a broadcast to everyone
        run_command(app, WorkerCommand.of("shutdown"), destination=[])
    with pytest.raises(ValueError, match="timeout must be a positive number"):
        run_command(app, WorkerCommand.of("ping"), timeout=0)
    with pytest.raises(ValueError, match="expected must be 0 or more"):
        inspect(app, "ping", expected=-1)


def test_command_result_texts():
    ping = WorkerCommand.of("ping")
    nobody = CommandResult(ping)
    assert not nobody.ok and nobody.summary == "no worker answered"
    mixed = CommandResult(ping, (WorkerReply("a@h", True, "pong"), WorkerReply("b@h", False, "boom")), ("c@h",), 2.0)
    assert not mixed.ok and mixed.summary == "1 ok, 1 failed, 1 no reply in 2 s"
    assert mixed.reply_for("b@h").text == "boom" and mixed.reply_for("c@h") is None
    assert CommandResult(WorkerCommand.of("shutdown"), note="sent").ok
    assert json.dumps(mixed.to_dict())


def test_inspect_result_status_texts():
    result = InspectResult("ping", {"a@h": {"ok": "pong"}}, ("b@h",), 1.5, 1510.0, {"a@h": 3.2})
    assert result.status("a@h") == "answered in 3 ms"
    assert result.status("b@h") == "no reply in 1.5 s"
    assert result.status("c@h") == "not asked"
    assert not result.ok


# -- explain_unsupported -------------------------------------------------------------------------


def test_terminate_needs_a_pool_that_can_stop_a_task():
    assert explain_unsupported("terminate", PREFORK_STATS, None) is None
    for pool in ("eventlet", "gevent"):
        assert explain_unsupported("terminate", stats_for(pool), None) is None
    for pool in ("solo", "threads"):
        text = explain_unsupported("terminate", stats_for(pool), None)
        assert "prefork, eventlet or gevent" in text and pool in text
    revoke_terminate = WorkerCommand.of("revoke", task_id="x", terminate=True)
    assert "solo" in explain_unsupported(revoke_terminate, stats_for("solo"), None)
    assert explain_unsupported(WorkerCommand.of("revoke", task_id="x"), stats_for("solo"), None) is None


def test_pool_restart_needs_worker_pool_restarts():
    assert "worker_pool_restarts" in explain_unsupported("pool_restart", PREFORK_STATS, {"timezone": "UTC"})
    assert "worker_pool_restarts" in explain_unsupported("pool_restart", PREFORK_STATS, {"worker_pool_restarts": False})
    assert explain_unsupported("pool_restart", PREFORK_STATS, {"worker_pool_restarts": True}) is None
    assert explain_unsupported("pool_restart", PREFORK_STATS, {"CELERYD_POOL_RESTARTS": "True"}) is None
    assert explain_unsupported("pool_restart", PREFORK_STATS, None) is None  # not known: not refused


def test_autoscale_and_pool_resizing():
    assert "--autoscale" in explain_unsupported("autoscale", PREFORK_STATS, None)
    assert explain_unsupported("autoscale", AUTOSCALE_STATS, None) is None
    for name in ("pool_grow", "pool_shrink"):
        text = explain_unsupported(name, AUTOSCALE_STATS, None)
        assert "autoscale is on (max 3, min 1)" in text
        assert explain_unsupported(name, stats_for("solo"), None) == f"the solo pool has a fixed size: it cannot {name[5:]}"
        assert "fixed size" in explain_unsupported(name, stats_for("threads"), None)
    assert explain_unsupported("pool_grow", PREFORK_STATS, None) is None
    assert explain_unsupported(WorkerCommand.of("pool_shrink", n=1), PREFORK_STATS, None) is None
    assert "leave no process" in explain_unsupported(WorkerCommand.of("pool_shrink", n=2), PREFORK_STATS, None)
    assert explain_unsupported("pool_grow", None, None) is None  # nothing known: nothing claimed


def test_shutdown_time_limits_and_rate_limits():
    assert explain_unsupported("shutdown", None, None) == SHUTDOWN_TEXT
    assert "final" in SHUTDOWN_TEXT
    assert "does not enforce time limits" in explain_unsupported("time_limit", stats_for("threads"), None)
    assert explain_unsupported("time_limit", PREFORK_STATS, None) is None
    assert "only the hard" in explain_unsupported(
        WorkerCommand.of("time_limit", task="t", soft=1, hard=2), stats_for("gevent"), None
    )
    assert "worker_disable_rate_limits" in explain_unsupported("rate_limit", None, {"worker_disable_rate_limits": True})
    assert explain_unsupported("rate_limit", PREFORK_STATS, {}) is None
    assert explain_unsupported("enable_events", "garbage", ["garbage"]) is None
    assert "cannot turn those off" in explain_unsupported("disable_events", None, {"worker_send_task_events": True})
    assert explain_unsupported("disable_events", None, {}) is None


# -- WorkerSummary -------------------------------------------------------------------------------


def test_summary_from_real_stats():
    summary = WorkerSummary.from_stats("demo@h", PREFORK_STATS)
    assert summary.pool == "prefork" and summary.pool_implementation == "celery.concurrency.prefork:TaskPool"
    assert summary.pool_size == 2 and summary.max_concurrency == 2 and summary.processes == (14931, 14932)
    assert summary.prefetch_count == 8 and summary.pid == 14929 and summary.uptime_s == 17
    assert summary.broker_transport == "redis" and summary.broker_host == "127.0.0.1:55539"
    assert summary.tasks_total == (("tasks.add", 3), ("tasks.slow", 1)) and summary.tasks_done == 4
    assert summary.maxrss_kb == 54900
    assert not summary.autoscale
    json.dumps(summary.to_dict())

    scaled = WorkerSummary.from_stats("auto@h", AUTOSCALE_STATS)
    assert scaled.autoscale and (scaled.autoscale_max, scaled.autoscale_min) == (3, 1) and scaled.pool_size == 1


def test_summary_of_other_pools():
    threads = WorkerSummary.from_stats("t@h", stats_for("threads"))
    assert threads.pool == "threads" and threads.pool_size == 4
    custom = {"pool": {"implementation": "myproj.pools:Fancy", "max-concurrency": 3}}
    assert pool_kind(custom) == "myproj.pools:Fancy"
    assert WorkerSummary.from_stats("c@h", custom).pool_size == 3


@pytest.mark.parametrize(
    "stats",
    [
        None,
        "N/A",
        [],
        {},
        {"pool": "N/A", "rusage": "N/A", "total": [1, 2], "broker": None, "autoscaler": "on"},
        {"pool": {"processes": "many", "max-concurrency": "lots"}, "pid": True, "uptime": "long", "prefetch_count": "N/A"},
        {"pool": {"processes": [1, "x", None, 2.0]}, "total": {"a": "3", "b": None, "c": [1]}, "rusage": {"maxrss": "big"}},
    ],
)
def test_summary_from_garbage_stats(stats):
    summary = WorkerSummary.from_stats("w@h", stats)
    assert summary.hostname == "w@h"
    json.dumps(summary.to_dict())
    assert summary.pid is None or isinstance(summary.pid, int)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(list(PREFORK_STATS) + ["autoscaler"]), JSON, max_size=8))
def test_summary_never_raises(stats):
    summary = WorkerSummary.from_stats("w@h", stats)
    json.dumps(summary.to_dict())
    for name in COMMANDS:
        explain_unsupported(name, stats, stats)


# -- event_settings ------------------------------------------------------------------------------


def test_event_settings_per_worker():
    replies = {
        "b@h": {"worker_send_task_events": True, "task_send_sent_event": True, "result_extended": True},
        "a@h": {"task_track_started": "True", "CELERY_RESULT_EXTENDED": True},
        "c@h": None,  # no configuration came back
    }
    checks = {c.setting: c for c in event_settings(replies)}
    assert list(checks) == ["worker_send_task_events", "task_send_sent_event", "task_track_started", "result_extended"]
    events = checks["worker_send_task_events"]
    assert events.flag == "-E"
    assert events.workers == (("a@h", SettingState.OFF), ("b@h", SettingState.ON), ("c@h", SettingState.UNKNOWN))
    assert "-E" in events.note  # off in the configuration is not the whole story
    assert checks["task_send_sent_event"].gives.startswith("task-sent events: tasks appear as soon as they are sent")
    assert checks["task_track_started"].state("a@h") is SettingState.ON
    assert checks["task_track_started"].state("b@h") is SettingState.OFF
    assert checks["result_extended"].state("a@h") is SettingState.ON  # the pre-4.0 name counts too
    assert not checks["result_extended"].everywhere
    for check in checks.values():
        assert check.gives and json.dumps(check.to_dict())
    assert event_settings({}) and all(c.workers == () for c in event_settings({}))
    assert copy.deepcopy(checks["result_extended"]) == checks["result_extended"]
