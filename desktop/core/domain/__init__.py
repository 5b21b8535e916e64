"""Pure values and rules: records, calls, canvas, filters, triage, event state, series.

The bottom layer: no I/O, no sockets, nothing from the layers above. Everything here can be
tested with plain values.
"""
