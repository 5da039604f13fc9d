"""What the end-to-end benchmarks share: a seeded store, free ports, and ifoflow services as subprocesses."""

import os
import re
import resource
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
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


def csrf_token(client: httpx.Client, page: str) -> str:
    """The form token a page hands out (every form post needs it)."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(page).text)
    if found is None:
        raise RuntimeError(f"{page} has no csrf_token")
    return found.group(1)


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


@dataclass
class Verdict:
    """What every benchmark ends with: each target with its figure, the load beside it, the peak memory, and a
    non-zero exit when any target is missed (CI and people read the same line)."""

    rows: list[tuple[str, str, bool]] = field(default_factory=list)

    def check(self, target: str, measured: str, ok: bool) -> None:
        self.rows.append((target, measured, ok))

    def timings(self, target: str, seconds: list[float], limit_s: float, unit: str = "s") -> None:
        """p50/p95/max of `seconds` against a p95 limit."""
        scale = 1000 if unit == "ms" else 1
        p50, p95, worst = percentile(seconds, 50), percentile(seconds, 95), max(seconds)
        self.check(target, f"p50 {p50 * scale:.2f} {unit}, p95 {p95 * scale:.2f} {unit}, max {worst * scale:.2f} "
                           f"{unit} (n={len(seconds)})", p95 <= limit_s)

    def finish(self) -> None:
        children = peak_mib(resource.RUSAGE_CHILDREN)  # only children already ended and waited for count
        print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
              f"peak memory: this process {peak_mib(resource.RUSAGE_SELF):,.0f} MiB"
              + (f", the largest ended child process {children:,.0f} MiB" if children else ""))
        for target, measured, ok in self.rows:
            print(f"{'OK  ' if ok else 'MISS'} {target}: {measured}")
        if not all(ok for _, _, ok in self.rows):
            sys.exit(1)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))  # nearest rank
    return ordered[index]


def peak_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def reset_peak() -> None:
    """Start this process's peak-memory count again (Linux: VmHWM), so a figure covers the measured work only and
    not the seeding before it."""
    Path("/proc/self/clear_refs").write_text("5")


def peak_since_reset_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmHWM missing from /proc/self/status")
