"""``celery desktop``: the console as a Celery subcommand, the way ``celery flower`` works."""

from __future__ import annotations

import sys

import click
from celery.bin.base import CeleryCommand


@click.command(cls=CeleryCommand, context_settings={"ignore_unknown_options": True})
@click.argument("desktop_args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def desktop(ctx: click.Context, desktop_args: tuple[str, ...]) -> None:
    """Open Celery Desktop on this app's broker and result backend."""
    from desktop.main import main

    # `celery -b/--result-backend` already exported CELERY_BROKER_URL/CELERY_RESULT_BACKEND.
    app_module = ctx.parent.params.get("app") if ctx.parent else None
    argv = (["-A", app_module] if isinstance(app_module, str) and app_module else []) + list(desktop_args)
    sys.exit(main(argv))
