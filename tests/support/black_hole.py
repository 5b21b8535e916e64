"""A TCP server on 127.0.0.1 that accepts every connection and never sends a byte.

What a hung broker or backend looks like from the console's side: connecting works, then
nothing ever answers. ``with BlackHole() as hole:`` closes the server and what it accepted.
"""

from __future__ import annotations

import socket
import threading


class BlackHole:
    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.held: list[socket.socket] = []
        self.accepted = 0
        self._thread = threading.Thread(target=self._accept, name="black-hole", daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.accepted += 1
            self.held.append(conn)

    def close(self) -> None:
        self.server.close()
        for conn in self.held:
            conn.close()

    def __enter__(self) -> BlackHole:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
