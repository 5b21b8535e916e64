"""The demo tasks (desktop/tasks.py) with a RabbitMQ priority queue, for tests/integration/test_rabbitmq.py's worker.

Only the worker imports this (``-A tests.apps.rabbit_tasks``): it changes the demo app's queues.
Broker and backend come from CELERY_BROKER_URL / CELERY_RESULT_BACKEND, which the test sets.
"""

from kombu import Queue

from desktop.tasks import app

PRIORITY_QUEUE = "rabbit-prio"

app.conf.task_queues = (
    Queue("celery", routing_key="celery"),
    Queue(PRIORITY_QUEUE, routing_key=PRIORITY_QUEUE, queue_arguments={"x-max-priority": 10}),
)
