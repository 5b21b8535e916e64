"""The composition root: builds core -> models -> views once, and the named operations a user runs.

Nothing imports this package back except ``desktop.main``.
"""
