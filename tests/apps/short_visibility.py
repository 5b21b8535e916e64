"""The demo tasks on a broker that gives a dropped message back after 30 s (tests/gui/test_fault_redis_restart.py).

kombu's Redis transport keeps every message a worker has taken in Redis's ``unacked`` hash
until the worker acknowledges it. When the connection to Redis is lost, Celery drops the
requests it had prefetched but not started (up to concurrency × prefetch multiplier); their
messages stay in ``unacked`` and go back to the queue only when a worker's sweep finds them
older than the visibility timeout (one hour by default). A worker sweeps when it connects and
then every ``unacked_restore_interval`` × ``unacked_restore_throttle`` seconds (100 s by
default); both are 1 here. A sweep holds the ``unacked_mutex`` key, and a server killed during
one keeps that key (with an append-only file) for ``unacked_mutex_expire`` seconds, during which
every sweep is skipped without a word: 10 s here instead of 300.

The visibility timeout (30 s) is longer than a message waits in a live worker's prefetch
window here, so a message a live worker holds is never put back in the queue while it waits there.

Every execution is counted in a file (tests/apps/executions.py).
"""

from desktop.tasks import app
from tests.apps import executions  # noqa: F401 - counts every execution

VISIBILITY_TIMEOUT = 30

app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    "visibility_timeout": VISIBILITY_TIMEOUT,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
    "unacked_mutex_expire": 10,
}
