"""A private Redis server and a Celery worker process for tests: started on a free port, stopped afterwards."""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).parents[1]


class PrivateRedis:
    """redis-server on 127.0.0.1 that a test may kill and start again on the same port."""

    def __init__(self, directory: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.directory = directory
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.directory)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server startade inte")

    def kill(self) -> None:
        """SIGKILL: everything the broker held (queued and unacknowledged messages) is gone."""
        if self.proc:
            self.proc.kill()
            self.proc.wait(timeout=10)


@contextmanager
def private_redis(directory: Path) -> Iterator[PrivateRedis]:
    if not shutil.which("redis-server"):
        if os.environ.get("IFOFLOW_TEST_STRICT") or os.environ.get("CI"):
            pytest.fail("redis-server saknas: testkommandot ska installera Debians paket redis-server")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    server = PrivateRedis(directory)
    server.start()
    try:
        yield server
    finally:
        server.kill()


@contextmanager
def celery_worker(database_url: str, broker_url: str, concurrency: int = 2) -> Iterator[subprocess.Popen[str]]:
    env = {**os.environ, "IFOFLOW_DATABASE_URL": database_url, "IFOFLOW_BROKER_URL": broker_url}
    proc = subprocess.Popen([sys.executable, "-m", "celery", "-A", "ifoflow.drift.celery_app", "worker",
                             "-Q", "ifoflow-robots", "--pool=prefork", f"--concurrency={concurrency}",
                             "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
