"""What ``--dump`` writes: the state a window shows, as JSON-ready data (its keys are documented in the README)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop import __version__

if TYPE_CHECKING:
    from desktop.core.live.session import ConsoleSession


def session_dict(session: ConsoleSession) -> dict:
    """Every part of the session a bug report needs, read at once; the caller masks what is secret."""
    endpoints, rows, results = session.endpoints, session.rows, session.poller.status
    return {
        "celery_desktop": __version__,
        "connection": session.profile.to_dict(),
        "broker": endpoints.broker.to_dict(),
        "backend": endpoints.backend.to_dict(),
        "workers": [w.to_dict() for w in sorted(endpoints.workers.values(), key=lambda w: w.hostname)],
        "registered_tasks": [t.to_dict() for t in endpoints.catalog if t.on_workers or not t.builtin],
        "tracked_tasks": [t.to_dict() for t in rows.tasks.values() if t.mine],
        "seen_tasks": len(rows.seen_only),
        "history": history_dict(session),
        "results": {
            "state": results.state.value,
            "message": results.message,
            "backend_kind": results.kind.value,
            "polling": results.polling,
        },
        "monitor": session.monitor.to_dict(endpoints.workers),
        "schedules": {
            "read_at": session.schedules.read_at.isoformat() if session.schedules.read_at else None,
            "sources": [{"source": n.source, "note": n.text, "read": n.ok} for n in session.schedules.notes],
            "entries": [row.to_dict() for row in session.schedules.rows],
        },
        "errors": list(session.error_log.lines),
    }


def history_dict(session: ConsoleSession) -> dict:
    history = session.history
    if history is None:
        return {"state": "off"}
    status = history.status
    return {
        "state": status.state.value,
        "message": status.message,
        "path": str(history.database.path),
        "profile": session.profile.history_key,
        "written": status.written,
        "loaded": session.history_loaded,
    }
