"""The Search tab's bulk actions: every task the query matches re-sent, revoked, terminated, forgotten,
exported or watched, once the user saw the exact count and confirmed.

collect -> (an error in the query: shown under the field) -> nothing matched: said beside the button ->
(export: where to) -> plan -> the confirmation -> (production: the connection's name or the count
typed) -> the plan done a chunk at a time, its progress in the tab, Cancel between chunks -> the
summary, and the query run again so the table shows the new state.

Every dialog here is opened and awaited (never ``exec()``): the loop keeps running the other tasks
and the window keeps painting while one is open.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QWidget

from desktop.app.operations.search import search
from desktop.core.live.bulk_actions import BulkKind, BulkPlan, BulkSummary, Cancel, collect, execute, plan
from desktop.core.live.session import ConsoleSession
from desktop.views.bulk_actions_view import BulkConfirmDialog, chosen_path, export_dialog, verb_text
from desktop.views.danger import TypeToConfirm

AskPath = Callable[[int], Awaitable[str]]  # the count -> the file chosen ("" for none)
Confirm = Callable[[BulkPlan], Awaitable[bool]]
Dangerous = Callable[[str, int], Awaitable[bool]]  # (what, the count) -> go on


async def act_on_matches(
    session: ConsoleSession,
    view,
    kind: BulkKind,
    query: str,
    *,
    ask_path: AskPath,
    confirm: Confirm,
    dangerous: Dangerous,
    show_summary: Callable[[BulkSummary], object],
) -> BulkSummary | None:
    """``kind`` on every task ``query`` matches, confirmed first; the summary, or None when nothing was done."""
    bar = view.bulk
    bar.set_busy(True)
    verb = verb_text(kind)
    bar.show_message(QCoreApplication.translate("operations.bulk", "{verb}: counting the tasks that match…").format(verb=verb))
    try:
        targets = await collect(session, query)
        if targets.error is not None:
            bar.show_message("")
            if view.query_text == query:
                view.show_error(targets.error)
            return None
        if not targets.records:
            why = f" ({targets.note})" if targets.note else ""
            bar.show_message(
                QCoreApplication.translate("operations.bulk", "No task matches the query: nothing to {verb}{why}.").format(
                    verb=verb.lower(), why=why
                )
            )
            return None
        path: Path | None = None
        if kind is BulkKind.EXPORT:
            chosen = await ask_path(len(targets))
            if not chosen:
                bar.show_message("")
                return None
            path = Path(chosen)
        planned = await plan(session, kind, targets, path=path)
        if not await confirm(planned):
            bar.show_message(QCoreApplication.translate("operations.bulk", "{verb}: not done.").format(verb=verb))
            return None
        if (
            kind.changes_cluster
            and session.profile.production
            and not await dangerous(
                QCoreApplication.translate("operations.bulk", "{verb} {count} task(s)").format(
                    verb=verb.lower(), count=f"{len(planned.act_on):,}"
                ),
                len(planned.act_on),
            )
        ):
            bar.show_message(QCoreApplication.translate("operations.bulk", "{verb}: not done.").format(verb=verb))
            return None
        cancel = Cancel()
        on_cancel = lambda: cancel()  # noqa: E731 - connected for this run only
        bar.cancelRequested.connect(on_cancel)
        try:
            summary = await execute(session, planned, bar.show_progress, cancel)
        finally:
            bar.cancelRequested.disconnect(on_cancel)
    finally:
        bar.set_busy(False)
    show_summary(summary)
    if view.query_text == query:  # the table shows the new state (unless another query was run meanwhile)
        await search(session, view, query, 0)
    return summary


# -- the dialogs, awaited ---------------------------------------------------------------------------


def answered(dialog: QDialog) -> asyncio.Future[bool]:
    """Open ``dialog`` (window-modal, not ``exec``) and resolve once it is closed: whether it was accepted."""
    future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    def finished(code: int) -> None:
        if not future.done():
            future.set_result(code == QDialog.DialogCode.Accepted.value)
        dialog.deleteLater()

    dialog.finished.connect(finished)
    dialog.destroyed.connect(lambda *_: future.done() or future.set_result(False))  # closed with its window: not accepted
    dialog.open()
    return future


async def confirm_plan(parent: QWidget | None, planned: BulkPlan) -> bool:
    """The plan's question, the verb as OK, Cancel the default."""
    return await answered(BulkConfirmDialog(planned, parent))


async def ask_export_path(parent: QWidget | None, count: int) -> str:
    """Where to write the export (CSV or JSON); "" when the user did not choose."""
    dialog = export_dialog(parent, count)
    picked: list[str] = []
    dialog.finished.connect(lambda code: picked.append(chosen_path(dialog) if code == QDialog.DialogCode.Accepted.value else ""))
    await answered(dialog)  # read above, before the dialog is let go
    return picked[0] if picked else ""


async def type_to_confirm(parent: QWidget | None, name: str, what: str, count: int) -> bool:
    """A production connection: the name, or the count, typed before ``what``."""
    return await answered(TypeToConfirm(name, what, parent, count))
