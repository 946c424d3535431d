"""Runs the application with uvicorn and says when it is listening."""

from __future__ import annotations

import socket
from collections.abc import Callable

import uvicorn
from starlette.applications import Starlette


class AnnouncingServer(uvicorn.Server):
    """A uvicorn server that calls `on_ready(port)` once its socket is listening."""

    def __init__(self, config: uvicorn.Config, on_ready: Callable[[int], None]) -> None:
        super().__init__(config)
        self._on_ready = on_ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and self.servers and self.servers[0].sockets:
            self._on_ready(self.servers[0].sockets[0].getsockname()[1])


def serve(app: Starlette, host: str, port: int, on_ready: Callable[[int], None]) -> None:
    """Serves until Ctrl+C or SIGTERM."""
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        lifespan="on",
        log_config=None,  # the receiver's own logging; see cli.configure_logging()
        access_log=False,  # the API logs reference and status itself, nothing more
        server_header=False,
        # Behind a reverse proxy on this machine, client addresses (for the rate limit) and
        # https (for the Secure cookie) come from its X-Forwarded-* headers.
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1,::1",
        timeout_graceful_shutdown=5,
    )
    AnnouncingServer(config, on_ready).run()
