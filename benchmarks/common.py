"""What the end-to-end benchmarks share: a seeded store, free ports, and ifoflow services as subprocesses."""

import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.store.db import make_engine, recreate, session_factory
from ifoflow.synthetic.seed import seed


def seeded_store(tmp: str, database_url: str, households: int) -> tuple[str, Engine, sessionmaker[Session]]:
    """A fresh store (SQLite in tmp unless a URL is given) with the synthetic municipality."""
    url = database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
    engine = make_engine(url)
    recreate(engine)
    seed(engine, households=households, seed=1, today=date(2026, 2, 1))
    return url, engine, session_factory(engine)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(args: list[str], env: dict[str, str], url: str) -> subprocess.Popen[bytes]:
    """`ifoflow ARGS` in the background, logging to the data directory; returns once `url` answers."""
    log = open(Path(env["IFOFLOW_DATA_DIR"]) / f"{args[0]}.log", "wb")  # noqa: SIM115 - lives as long as the process
    proc = subprocess.Popen([sys.executable, "-m", "ifoflow.main", *args], env=env, stdout=log, stderr=log)
    for _ in range(200):
        try:
            httpx.get(url, timeout=0.5)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{args[0]} did not start")
