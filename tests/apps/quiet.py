"""A Celery app whose workers send no task events: run it without -E (tests/integration/test_monitor.py).

Broker and backend come from CELERY_BROKER_URL / CELERY_RESULT_BACKEND, which the test sets.
"""

import os

from celery import Celery

app = Celery(
    "quiet",
    broker=os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/2"),
    backend=os.environ.get("CELERY_RESULT_BACKEND", "redis://127.0.0.1:6379/3"),
)
app.conf.update(
    worker_send_task_events=False,  # the default, said out loud: only -E or enable_events turns them on
    task_send_sent_event=False,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
)


@app.task(name="quiet.touch")
def touch(value: int = 1) -> int:
    return value
