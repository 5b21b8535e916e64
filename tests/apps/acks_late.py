"""The demo tasks acknowledged late, with a 5-second visibility timeout (tests/integration/test_fault_worker_kill.py).

With ``task_acks_late`` a task's message is acknowledged only once the task finished; a
worker killed mid-task leaves it unacknowledged in Redis, and it is delivered again (to
any worker) once the broker's visibility timeout passes. A worker looks for such messages when
it starts and then every ``unacked_restore_interval`` × ``unacked_restore_throttle`` seconds
(100 s by default); both are 1 here so the redelivery does not hang on that one look at start-up.
"""

from desktop.tasks import app

app.conf.task_acks_late = True
app.conf.task_reject_on_worker_lost = True
app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    "visibility_timeout": 5,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
