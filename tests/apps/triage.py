"""The demo tasks, and one that fails quoting the id it was given and writes down every call it receives
(tests/integration/test_triage.py): what a worker really ran is read back from the worker's side."""

import json

from desktop.tasks import app

CALLS_KEY = "triage:calls"  # a Redis list on the result backend's database, one JSON object per call received


class OrderNotFound(LookupError):
    """A domain error whose message names the order, as real ones do."""


@app.task(name="triage.find_order", bind=True)
def find_order(self, order_id: str, region: str = "eu") -> None:
    """Fail for any order: the message quotes the order id, so each failure's message is different."""
    request = self.request
    call = {"id": request.id, "task": self.name, "args": list(request.args or ()), "kwargs": dict(request.kwargs or {})}
    app.backend.client.rpush(CALLS_KEY, json.dumps(call))
    raise OrderNotFound(f"order {order_id} not found in region {region}")
