"""Hypothesis strategies for what a hostile or broken writer can put in a result backend or on the event exchange."""

from __future__ import annotations

import json
import math
import pickle

from hypothesis import strategies as st

# -- values --------------------------------------------------------------------------------------

ODD_TEXT = [
    "\ud800",  # a lone surrogate: valid in JSON ("\ud800"), not in UTF-8
    "a\udfffb",
    "\x00",
    "SUCCESS\x00",
    "\u202eSSECCUS",  # right-to-left override
    "ＳＵＣＣＥＳＳ",
    "e\u0301\u0301\u0301",
    "\ufeffBOM",
    "🙂" * 40,
    "\r\n\t",
    "",
    " ",
    "x" * 5000,
    "os.system",
    "evil_module_xyz.run",
]
odd_text = st.one_of(
    st.text(max_size=12),
    st.text(st.characters(exclude_categories=()), max_size=12),  # surrogates included
    st.sampled_from(ODD_TEXT),
)
BIG_INTS = [2**31, 2**63, -(2**63) - 1, 2**64, 10**30, -(10**30), 10**300, 10**400, 10**4000]
numbers = st.one_of(
    st.integers(),
    st.sampled_from(BIG_INTS),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 0.0, -0.0, math.nan, math.inf, -math.inf, 1e308, 5e-324, True, False]),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, odd_text)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(odd_text, inner, max_size=4)),
    max_leaves=10,
)
timestamps = st.one_of(
    numbers,
    st.sampled_from(
        [
            "2026-01-01T00:00:00",
            "2026-01-01T00:00:00+00:00",
            "0001-01-01T00:00:00+23:59",
            "9999-12-31T23:59:59-23:59",
            "1969-12-31T23:59:59",
            "3000-01-01T00:00:00",
            "the day after tomorrow",
            "2026-13-45",
            "",
        ]
    ),
    odd_text,
)
task_ids = st.one_of(st.uuids().map(str), odd_text, st.sampled_from(["x" * 256, "x" * 100_000, "a b", "id\n"]))

# -- result backend metas -------------------------------------------------------------------------

STATES = ["PENDING", "RECEIVED", "STARTED", "PROGRESS", "SUCCESS", "FAILURE", "RETRY", "REVOKED", "REJECTED", "CUSTOM"]
states = st.one_of(st.sampled_from(STATES), odd_text, json_values)


@st.composite
def children(draw):
    """Celery's children: ``[[[id, parent], None], …]``, groups nested; here also anything else."""
    leaf = st.builds(lambda i, p: [[i, p], None], task_ids, st.one_of(st.none(), task_ids))
    group = st.builds(lambda i, members: [[i, None], members], task_ids, st.lists(leaf, max_size=3))
    return draw(st.one_of(st.lists(st.one_of(leaf, group, json_values), max_size=4), json_values))


progress = st.fixed_dictionaries(
    {},
    optional={
        "current": st.one_of(numbers, json_values),
        "total": st.one_of(numbers, st.just(0), json_values),
        "percent": numbers,
        "progress": numbers,
    },
)
exception = st.fixed_dictionaries(
    {},
    optional={"exc_type": st.one_of(odd_text, json_values), "exc_message": json_values, "exc_module": json_values},
)
META_FIELDS = {
    "status": states,
    "result": st.one_of(json_values, progress, exception),
    "traceback": st.one_of(odd_text, json_values),
    "children": children(),
    "date_done": timestamps,
    "date_started": timestamps,
    "task_id": task_ids,
    "parent_id": st.one_of(task_ids, json_values),
    "group_id": st.one_of(task_ids, json_values),
    "root_id": st.one_of(task_ids, json_values),
    "name": st.one_of(odd_text, json_values),
    "args": json_values,
    "kwargs": json_values,
    "worker": st.one_of(odd_text, json_values),
    "retries": st.one_of(numbers, json_values),
    "queue": json_values,
}
metas = st.fixed_dictionaries({}, optional=META_FIELDS)
progress_metas = st.fixed_dictionaries({"status": st.sampled_from(["PROGRESS", "STARTED", "SUCCESS"]), "result": progress})
failure_metas = st.fixed_dictionaries(
    {"status": st.sampled_from(["FAILURE", "RETRY", "REVOKED"]), "result": st.one_of(exception, json_values)},
    optional={"traceback": st.one_of(odd_text, json_values)},
)
any_meta = st.one_of(metas, progress_metas, failure_metas, json_values)


def to_json(meta, ensure_ascii: bool = True) -> bytes:
    """JSON as a careless writer makes it: NaN and Infinity allowed, lone surrogates written raw when not escaped."""
    return json.dumps(meta, allow_nan=True, ensure_ascii=ensure_ascii).encode("utf-8", "surrogatepass")


def nested(depth: int, opener: str) -> str:
    closer = {"[": "]", '{"a": ': "}"}[opener]
    return opener * depth + "1" + closer * depth


@st.composite
def payloads(draw) -> tuple[str, bytes]:
    """(kind, bytes) of one stored value."""
    kind = draw(st.sampled_from(["json", "json", "json", "truncated", "bytes", "pickle", "deep", "deep-result", "big", "text"]))
    if kind == "json":
        return kind, to_json(draw(any_meta), draw(st.booleans()))
    if kind == "truncated":
        raw = to_json(draw(st.one_of(metas, progress_metas, failure_metas)))
        return kind, raw[: draw(st.integers(0, max(0, len(raw) - 1)))]
    if kind == "bytes":
        return kind, draw(st.binary(max_size=300))
    if kind == "pickle":
        return kind, pickle.dumps(draw(st.one_of(metas, progress_metas)), protocol=draw(st.integers(0, 5)))
    if kind == "text":
        return kind, draw(st.text(max_size=50)).encode("utf-8", "surrogatepass")
    depth = draw(st.sampled_from([99, 100, 101, 500, 990, 1000, 5000, 10_000]))
    opener = draw(st.sampled_from(["[", '{"a": ']))
    if kind == "deep":
        return kind, nested(depth, opener).encode()
    if kind == "deep-result":
        return kind, ('{"status": "SUCCESS", "result": ' + nested(depth, opener) + "}").encode()
    size = draw(st.sampled_from([999_950, 1_000_000, 1_000_001, 10_000_000]))
    head = b'{"status": "SUCCESS", "result": "'
    return kind, head + b"x" * (size - len(head) - 2) + b'"}'


# -- events -----------------------------------------------------------------------------------------

T0 = 1_795_600_000.0
TRACKED = ["tracked-1", "tracked-2"]  # the console follows these: events merge into their backend rows
TASK_KINDS = [
    "task-sent",
    "task-received",
    "task-started",
    "task-succeeded",
    "task-failed",
    "task-retried",
    "task-revoked",
    "task-rejected",
    "task-cancelled",
    "task-evil_module_xyz",
]
WORKER_KINDS = ["worker-online", "worker-heartbeat", "worker-offline"]
EVENT_FIELDS = [
    "uuid", "hostname", "timestamp", "local_received", "clock", "utcoffset", "pid", "freq", "name", "args",
    "kwargs", "retries", "eta", "expires", "root_id", "parent_id", "queue", "exchange", "routing_key", "result",
    "runtime", "exception", "traceback", "terminated", "signum", "expired", "requeue", "active", "processed",
    "loadavg", "sw_ident", "sw_ver", "sw_sys",
]  # fmt: skip

moments = st.floats(T0 - 1000, T0 + 1000)
event_ids = st.one_of(st.sampled_from([*TRACKED, "a", "b", "c"]), task_ids)
hostnames = st.one_of(st.sampled_from(["w1@h", "w2@h"]), odd_text)
PLAUSIBLE = {
    "uuid": event_ids,
    "hostname": hostnames,
    "timestamp": moments,
    "local_received": moments,
    "parent_id": event_ids,
    "root_id": event_ids,
    "retries": st.integers(0, 5),
    "runtime": st.floats(0, 100),
    "eta": st.one_of(moments, st.just("2026-11-25T10:00:00+00:00")),
    "freq": st.floats(0.5, 5),
    "loadavg": st.lists(st.floats(0, 4), max_size=3),
}
anything = st.one_of(st.none(), json_values)


def field_value(name: str):
    if name in PLAUSIBLE:
        return st.one_of(PLAUSIBLE[name], anything)
    return st.one_of(odd_text, anything)


@st.composite
def events(draw):
    """Any event: a kind, then any of its fields with plausible or arbitrary values; sometimes no dict at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(json_values)
    kind = draw(st.one_of(st.sampled_from(TASK_KINDS + WORKER_KINDS), odd_text, json_values))
    names = draw(st.lists(st.sampled_from(EVENT_FIELDS), unique=True, max_size=10))
    event = {"type": kind, "uuid": draw(event_ids), "hostname": draw(hostnames), "timestamp": draw(moments)}
    for name in names:
        event[name] = draw(field_value(name))
    for name in draw(st.lists(st.sampled_from(["uuid", "hostname", "timestamp", "type"]), unique=True, max_size=2)):
        event.pop(name, None)
    return event
