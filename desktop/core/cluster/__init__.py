"""Broker and result-backend I/O: the Celery app the console builds, the client every call goes
through (``client``), inspect and remote control, queues, RabbitMQ, key tracking, backend reads.
Imports connection and domain, never the local store or the live loops."""
