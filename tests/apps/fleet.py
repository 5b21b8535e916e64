"""A fleet of N workers in one process, for "100 workers answering at once" (tests/integration/test_fleet.py).

Each member is what a Celery worker exposes to a console, through the same machinery: a kombu
pidbox ``Node`` on the broadcast mailbox (``app.control.mailbox``), answering ping, inspect
methods and control commands the way ``celery.worker.control`` shapes its replies, and an
``app.events.Dispatcher`` sending worker-online and a heartbeat every two seconds. A hundred
real ``celery worker`` processes would need a hundred interpreters; on a 2-core machine this
keeps the replies arriving together, which is the point.

    python -m tests.apps.fleet BROKER_URL COUNT [--prefix fleet]

Prints ``ready`` once every node listens; runs until killed (worker-offline is sent on SIGTERM).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
import time

from celery import Celery

HEARTBEAT_SECONDS = 2.0
QUEUE = "celery"


def handlers_for(hostname: str, index: int) -> dict:
    """Replies shaped like celery.worker.control's, each a little different per member."""
    started = time.time()
    processes = 2 + index % 3
    stats = {
        "pid": os.getpid(),
        "clock": "1",
        "uptime": 0,
        "pool": {
            "implementation": "celery.concurrency.prefork:TaskPool",
            "max-concurrency": processes,
            "processes": [os.getpid() * 10 + k for k in range(processes)],  # one pid per pool process
            "max-tasks-per-child": "N/A",
            "timeouts": [0, 0],
        },
        "prefetch_count": 8,
        "broker": {"hostname": "127.0.0.1", "transport": "redis", "virtual_host": "0"},
        "total": {"tasks.add": index},
        "rusage": {"utime": 0.1, "stime": 0.01, "maxrss": 50_000},
    }
    queue = {
        "name": QUEUE,
        "exchange": {"name": QUEUE, "type": "direct"},
        "routing_key": QUEUE,
        "queue_arguments": None,
        "binding_arguments": None,
        "durable": True,
        "exclusive": False,
        "auto_delete": False,
        "no_ack": False,
        "alias": None,
        "bindings": [],
        "no_declare": None,
        "expires": None,
        "message_ttl": None,
        "max_length": None,
        "max_length_bytes": None,
        "max_priority": None,
    }

    def reply(value):
        return lambda state, **kwargs: value

    def uptime(state, **kwargs):
        return {**stats, "uptime": int(time.time() - started)}

    return {
        "ping": reply({"ok": "pong"}),
        "stats": uptime,
        "active_queues": reply([queue]),
        "active": reply([]),
        "reserved": reply([]),
        "scheduled": reply([]),
        "revoked": reply([]),
        "registered": reply(["tasks.add", "tasks.slow"]),
        "conf": reply({"broker_url": "redis://127.0.0.1:6379/0", "worker_prefetch_multiplier": 4}),
        "rate_limit": lambda state, task_name=None, rate_limit=None, **kw: {
            "ok": f"new rate limit set successfully for {task_name}"
        },
        "enable_events": reply({"ok": "task events enabled"}),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("broker")
    parser.add_argument("count", type=int)
    parser.add_argument("--prefix", default="fleet")
    args = parser.parse_args()

    app = Celery("fleet", broker=args.broker, set_as_current=False)
    app.conf.broker_connection_retry_on_startup = True
    host = socket.gethostname()
    connection = app.connection_for_write()
    connection.ensure_connection(max_retries=10)
    mailbox = app.control.mailbox
    members = []
    for index in range(args.count):
        hostname = f"{args.prefix}{index + 1}@{host}"
        # A channel each, as each worker has: kombu's Redis transport hands a fanout message to one
        # queue per channel, so nodes sharing a channel would get one broadcast between them.
        channel = connection.channel()
        node = mailbox.Node(hostname, state=None, channel=channel, handlers=handlers_for(hostname, index))
        node.listen(channel=channel)
        dispatcher = app.events.Dispatcher(connection, hostname=hostname, enabled=True)
        members.append((hostname, node, dispatcher))

    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))

    def beat(kind: str) -> None:
        for index, (_, _, dispatcher) in enumerate(members):
            dispatcher.send(
                kind,
                freq=HEARTBEAT_SECONDS,
                sw_ident="py-celery",
                sw_ver="5.7.0",
                sw_sys="Linux",
                active=0,
                processed=index,
                loadavg=[0.1, 0.2, 0.3],
            )

    beat("worker-online")
    print("ready", flush=True)
    next_beat = time.monotonic() + HEARTBEAT_SECONDS
    while not stopping:
        try:
            connection.drain_events(timeout=0.2)
        except (TimeoutError, socket.timeout):
            pass
        if time.monotonic() >= next_beat:
            beat("worker-heartbeat")
            next_beat += HEARTBEAT_SECONDS
    beat("worker-offline")
    connection.release()
    return 0


if __name__ == "__main__":
    sys.exit(main())
