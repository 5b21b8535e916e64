"""The live loops on top of everything else: the result poller, the event stream, the monitor and
the session that composes them for the GUI."""
