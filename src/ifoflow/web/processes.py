"""Several server processes on one port, each with its own listening socket (SO_REUSEPORT).

uvicorn's own `--workers` shares one socket between the processes, and asyncio accepts every waiting connection
at once: when 50 applicants pressed Skicka together, one process took 48 of them while the other core idled
(docs/decisions/0005-server-processes.md). With one socket per process the kernel spreads new connections over
the processes. A process that dies is started again.
"""

import multiprocessing
import signal
import socket
import time
from types import FrameType

APP = "ifoflow.app:app_from_settings"


def serve(host: str, port: int, workers: int) -> None:
    """Run `workers` server processes until SIGINT or SIGTERM; restart any that exits meanwhile."""
    socket.create_server((host, port), family=_family(host)).close()  # a taken port fails here, before any start
    spawn = multiprocessing.get_context("spawn")  # a fresh interpreter: no engine or threads inherited
    _metrics_folder()
    children = [spawn.Process(target=_one, args=(host, port), daemon=True) for _ in range(workers)]
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        for child in children:
            child.start()
        while not stopping:
            time.sleep(0.5)
            for i, child in enumerate(children):
                if not child.is_alive() and not stopping:
                    children[i] = spawn.Process(target=_one, args=(host, port), daemon=True)
                    children[i].start()
    finally:
        for child in children:
            child.terminate()  # uvicorn finishes the requests in flight on SIGTERM
        for child in children:
            child.join(timeout=30)
        for s, handler in previous.items():
            signal.signal(s, handler)


def _metrics_folder() -> None:
    """prometheus_client's multiprocess mode: each process writes its metrics to files in one folder, and any of
    them answers /metrics with the sum (set before the processes start, emptied at each start)."""
    import os
    import shutil
    import tempfile
    from pathlib import Path

    folder = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or Path(tempfile.gettempdir()) / "ifoflow-metrik")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _bind(host: str, port: int) -> socket.socket:
    return socket.create_server((host, port), family=_family(host), backlog=2048, reuse_port=True)


def _one(host: str, port: int) -> None:
    import uvicorn

    from ifoflow import logs

    logs.setup()  # a spawned process starts without the parent's logging
    config = uvicorn.Config(APP, factory=True, log_level="warning")
    uvicorn.Server(config).run(sockets=[_bind(host, port)])
