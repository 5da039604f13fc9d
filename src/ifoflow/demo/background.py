"""What runs beside the demo's web server, in the same process: the register simulators, a mail server that keeps
what it gets in a folder, and the scheduler."""

import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import uvicorn
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.drift import operations
from ifoflow.simulators.app import create_sim_app

log = logging.getLogger("ifoflow.demo")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(app: Any, port: int) -> Iterator[str]:
    """An ASGI app on 127.0.0.1:port in a daemon thread, until the block ends."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name=f"server-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    if not server.started:
        raise RuntimeError(f"Tjänsten kunde inte starta på port {port}.")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def mail_folder(folder: Path) -> Iterator[int]:
    """An SMTP server on 127.0.0.1 that writes each message it gets to `folder` as an .eml file (the demo's
    stand-in for the municipality's mail server). Yields its port."""
    from aiosmtpd.controller import Controller

    folder.mkdir(parents=True, exist_ok=True)

    class Keep:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's
            (folder / f"{time.time_ns()}.eml").write_bytes(envelope.content)
            return "250 OK"

    port = free_port()
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@contextmanager
def simulators(engine: Engine, *, latency_ms: int = 150, changes: float = 0.03) -> Iterator[str]:
    """SSBTEK and the resident register over the demo's synthetic people; a few have register changes, so the
    monthly control finds something. Yields the URL both registers answer on."""
    with serving(create_sim_app(engine, latency_ms=latency_ms, changes=changes), free_port()) as url:
        yield url


@contextmanager
def scheduler(factory: sessionmaker[Session], *, every_s: float = 60, quiet: timedelta) -> Iterator[None]:
    """`robots schedule --run-due` every minute in a daemon thread: scheduled robots, applications waiting for a
    register, follow-ups a stopped server left, and a task for each stalled run."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every_s):
            try:
                operations.tick(factory, date.today(), quiet)
            except Exception:  # the demo keeps serving; the operations page shows what failed
                log.exception("Schemaläggaren misslyckades")

    thread = threading.Thread(target=loop, name="scheduler", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
