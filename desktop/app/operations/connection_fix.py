"""Connect without the user name: the connection bar's fix for ``redis://auth:PASSWORD@host`` on a requirepass-only Redis.

The current profile with those URLs' user names dropped, opened in place of the current console.
It lives in memory only: the saved profile changes when the user saves the connection.
"""

from __future__ import annotations

import asyncio

from desktop.core.connection.url_hints import without_user_names


def offer_without_user_name(host, console) -> None:
    """Wire the bar's button of this console to ``host`` (the ConsoleHost, which can open another profile)."""
    console.window.connection_bar.withoutUserNameRequested.connect(lambda roles: connect_without_user_name(host, roles))


def connect_without_user_name(host, roles: tuple[str, ...]) -> None:
    profile = without_user_names(host.console.session.profile, tuple(roles))
    host.switching = asyncio.ensure_future(host.switch(profile.name, profile=profile))
