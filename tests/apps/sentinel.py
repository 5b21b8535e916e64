"""The demo tasks on a Redis Sentinel broker and result backend (tests/integration/test_sentinel.py).

``CELERY_BROKER_URL`` / ``CELERY_RESULT_BACKEND`` are ``sentinel://…;sentinel://…`` lists (with the
data password); the master's name and the sentinels' own password come from
``CELERY_DESKTOP_SENTINEL_MASTER`` / ``CELERY_DESKTOP_SENTINEL_PASSWORD``. A failover takes a few
seconds: the worker reconnects at once and keeps retrying (not kombu's 2, 4, 6 … s), and a result
written while no master is up is retried until one is, instead of being lost.
"""

import os

from desktop.tasks import app

sentinel = {"master_name": os.environ["CELERY_DESKTOP_SENTINEL_MASTER"]}
if os.environ.get("CELERY_DESKTOP_SENTINEL_PASSWORD"):
    sentinel["sentinel_kwargs"] = {"password": os.environ["CELERY_DESKTOP_SENTINEL_PASSWORD"]}

app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    **sentinel,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
app.conf.result_backend_transport_options = {
    **app.conf.result_backend_transport_options,
    **sentinel,
    "retry_policy": {"max_retries": 60, "interval_start": 0, "interval_step": 0.25, "interval_max": 0.5},
}
app.conf.result_backend_always_retry = True
app.conf.result_backend_max_retries = 60
app.conf.result_backend_base_sleep_between_retries_ms = 100
app.conf.result_backend_max_sleep_between_retries_ms = 500


@app.task(name="tasks.record_run", bind=True)
def record_run(self, path: str) -> str:
    """Appends its task id to ``path`` each time it runs: a test counts the runs of one call."""
    with open(path, "a", encoding="utf-8") as runs:
        runs.write(self.request.id + "\n")
    return self.request.id
