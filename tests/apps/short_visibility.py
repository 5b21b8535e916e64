"""The demo tasks with a 5-second broker visibility timeout (tests/gui/test_fault_redis_restart.py).

A message a worker had taken when Redis went away stays in Redis's ``unacked`` hash and is
delivered again once the visibility timeout passes (one hour by default). Five seconds lets
a test see every task finish.
"""

from desktop.tasks import app

app.conf.broker_transport_options = {**app.conf.broker_transport_options, "visibility_timeout": 5}
