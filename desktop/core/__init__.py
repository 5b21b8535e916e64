"""Qt-free core: everything that talks to Celery/Redis or holds state.

Nothing in this package may import PySide6 or qasync; a test enforces it.
"""
