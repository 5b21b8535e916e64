"""A Celery app that is not the demo: a user's own project, for -A and --dump tests."""

import os

from celery import Celery

app = Celery(
    "inventory",
    broker=os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/12"),
    backend=os.environ.get("CELERY_RESULT_BACKEND", "redis://127.0.0.1:6379/13"),
)
app.conf.update(result_extended=True, worker_hijack_root_logger=False)


@app.task(name="inventory.reserve", rate_limit="10/m", acks_late=True)
def reserve(sku: str, quantity: int) -> dict:
    """Reserve stock."""
    return {"sku": sku, "reserved": quantity}


@app.task(name="inventory.restock", max_retries=5, default_retry_delay=30, time_limit=60)
def restock(sku: str) -> str:
    return sku
