"""Run the reference platform with uvicorn: in a background thread (embedded, tests) or in the foreground."""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import threading
import time
from typing import Any

import uvicorn

from kiosk.errors import KioskError
from kiosk.platform.app import create_app
from kiosk.platform.config import ServerConfig
from kiosk.platform.faults import Faults

log = logging.getLogger(__name__)


class PlatformServerError(KioskError):
    """The reference platform cannot start (port busy, address not allowed …)."""


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0 = any free one); clear error when busy."""
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted sockets only when it sees it, and
    # without TCP_NODELAY every answer with a body waits ~40 ms for the client's delayed ACK.
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise PlatformServerError(
                f"端口 {port} 已被占用 / port {port} on {host} is already in use; "
                "stop the other program or choose another port"
            ) from None
        raise PlatformServerError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(128)
    sock.setblocking(False)
    return sock


TlsFiles = tuple[str, str]
"""(certificate chain PEM, private key PEM) to serve HTTPS."""


def _uvicorn(app: Any, tls: TlsFiles | None = None) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_keep_alive=30,
        log_config=None,
        ssl_certfile=tls[0] if tls else None,
        ssl_keyfile=tls[1] if tls else None,
    )
    return uvicorn.Server(config)


class RunningPlatform:
    """A reference platform serving in a background thread; ``stop()`` ends it."""

    def __init__(
        self, config: ServerConfig, host: str = "127.0.0.1", port: int = 0, tls: TlsFiles | None = None
    ) -> None:
        self.config = config
        self.app = create_app(config)
        self._sock = bind(host, port)
        self.host, self.port = self._sock.getsockname()[:2]
        self.scheme = "https" if tls else "http"
        self._server = _uvicorn(self.app, tls)
        self._thread = threading.Thread(target=self._run, name="reference-platform", daemon=True)
        self._error: BaseException | None = None
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise PlatformServerError(f"reference platform did not start: {self._error or 'timeout'}")
            time.sleep(0.02)

    def _run(self) -> None:
        try:
            asyncio.run(self._server.serve(sockets=[self._sock]))
        except BaseException as exc:  # noqa: BLE001 - reported by the starting thread
            self._error = exc

    @property
    def base_url(self) -> str:
        """``http://host:port`` of the running server."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"

    @property
    def store(self) -> Any:
        """The server's :class:`PlatformStore` (tests and technicians)."""
        return self.app.store

    def set_faults(self, faults: Faults) -> None:
        """Change fault injection while serving."""
        self.app.set_faults(faults)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving and release the port."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout)
        self._sock.close()
        self.app.store.close()


def serve_forever(config: ServerConfig, host: str, port: int, tls: TlsFiles | None = None) -> None:
    """Serve in the foreground until interrupted (``kiosk platform serve``)."""
    sock = bind(host, port)
    server = _uvicorn(create_app(config), tls)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
