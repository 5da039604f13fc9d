"""`ifoflow serve --workers 2`: two processes with their own sockets on one port; one that dies is started again,
and SIGTERM stops them all."""

import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _servers(parent: int) -> set[int]:
    """The parent's server processes (multiprocessing's resource tracker is a child too, and is left out)."""
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    found = set()
    for pid in map(int, children):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except FileNotFoundError:
            continue
        if b"resource_tracker" not in command:
            found.add(pid)
    return found


def _wait(condition: object, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if condition():  # type: ignore[operator]
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError("did not happen in time")


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_two_processes_serve_restart_and_stop(db_url: str, tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "IFOFLOW_DATABASE_URL": db_url, "IFOFLOW_DATA_DIR": str(tmp_path),
           "IFOFLOW_DEMO_MODE": "true", "IFOFLOW_COOKIE_SECURE": "false"}
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen([sys.executable, "-m", "ifoflow.main", "serve", "--port", str(port), "--workers", "2"],
                              env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}/health"
    try:
        _wait(lambda: httpx.get(url).status_code == 200 and len(_servers(server.pid)) == 2)
        with ThreadPoolExecutor(max_workers=20) as pool:
            answers = list(pool.map(lambda _: httpx.get(url, timeout=30).status_code, range(40)))
        assert answers == [200] * 40
        first = _servers(server.pid)
        os.kill(min(first), signal.SIGKILL)
        _wait(lambda: len(_servers(server.pid) - first) == 1 and httpx.get(url).status_code == 200)
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
        with pytest.raises(httpx.ConnectError):
            httpx.get(url)
    finally:
        if server.poll() is None:
            server.kill()
        log.close()


def test_a_taken_port_is_refused_before_any_process_starts(tmp_path: Path) -> None:
    from ifoflow.web import processes

    with socket.create_server(("127.0.0.1", 0)) as taken:
        with pytest.raises(OSError):
            processes.serve("127.0.0.1", taken.getsockname()[1], 2)
