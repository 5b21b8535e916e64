"""What a user does, one small named operation each: send, re-send, revoke, forget, export,
purge, inspect, command a worker, change settings.

An operation takes the narrow parts it needs (the session, a view to report into) and is
started from a view's signal by ``desktop.app.console``; one that waits on the network is a
coroutine run through ``BackgroundTasks`` (kept until it ends, its failure reported once).
"""
