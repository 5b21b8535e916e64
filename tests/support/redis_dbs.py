"""Who owns which numbered database of the session's shared redis-server (``redis_server`` in tests/conftest.py).

Every owner below has its databases to itself: a module that ``flushdb``s, starts workers or
counts whole queues never meets another module's keys, workers or events, whatever order the
modules run in. Take a number from here (``db("test_queues", "priority")``), never write one in
a test; tests/unit/test_redis_dbs.py checks that no number is given twice, that each fits the
server, and that no test names a shared-server database by its number.

A test that needs a server of its own (restarts, a changed config, a frozen worker) takes one from
``cluster_on`` (tests/support/clusters.py), whose workers use ``PRIVATE_CLUSTER``'s databases; one
that starts a bare ``RedisServer`` is free to use any database of it.
"""

from __future__ import annotations

DATABASES = 40  # the shared server's ``databases`` setting (Redis' default is 16: not enough for this table)

# A private server's cluster is alone on it: it takes the demo's own numbers, as DemoCluster does.
PRIVATE_CLUSTER: dict[str, int] = {"broker": 10, "backend": 11}

OWNERS: dict[str, dict[str, int]] = {
    # tests/conftest.py's session workers; 10 and 11 are the demo's own numbers (DemoCluster, CACHE_REDIS_*)
    "demo_worker": {"broker": 10, "backend": 11},
    "inventory_worker": {"broker": 12, "backend": 13},
    # tests/integration/<owner>.py
    "test_control": {"broker": 8, "backend": 9},
    "test_event_stream": {"broker": 14, "backend": 15, "receiving": 18},
    "test_fleet": {"broker": 16, "backend": 1},
    "test_fuzz_backend": {"backend": 0},
    "test_fuzz_event_stream": {"broker": 21},
    "test_key_tracking": {"keys": 5},
    "test_monitor": {"broker": 2, "backend": 3, "queues": 4},
    "test_other_backends": {"database_backend_broker": 19, "rpc_broker": 20},
    "test_pickle_safety": {"broker": 22},
    "test_queues": {"priority": 6, "worker": 7, "declared": 17},
    "test_beat_file": {"broker": 29, "book": 31},
    "test_redbeat": {"broker": 30},
    "test_django_beat": {"broker": 34},
    # tests/gui/<owner>.py
    "test_schedules_view": {"broker": 32, "backend": 33},
    "test_redis_events": {"plain": 25, "prefixed": 26, "no_patterns": 27, "no_prefix": 28},
    # tests/support/hostile_cluster.py, the hostile cluster tests/gui/test_hostile_cluster.py drives the window on
    "hostile_cluster": {"broker": 23, "backend": 24},
}


def db(owner: str, role: str) -> int:
    """The database ``owner`` uses as ``role`` on the shared server."""
    return OWNERS[owner][role]
