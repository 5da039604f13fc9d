"""Overlapping runs and SIGKILLs for the exactly-once tests: processes started at once, some killed at a random
moment, one at a random step boundary, then resumed under their own keys and under new ones."""

import json
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.drift.registry import get
from ifoflow.robots.core.runner import execute, start_run
from ifoflow.robots.models import RobotItem, RobotRun

ROOT = Path(__file__).parents[2]


def spawn(db_url: str, robot: str, key: str, params: dict[str, Any], kill_at: int = -1) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.robots.chaos", db_url, robot, key, json.dumps(params),
                             str(kill_at)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def havoc(db_url: str, factory: sessionmaker[Session], robot: str, params: dict[str, Any], seed: int,
          boundaries: int, during: Any = None) -> None:
    """Two runs at once to the end, one killed after a random time, one killed at a random step boundary; then
    the killed runs resumed under their own keys and a new run under a new key. `during` runs meanwhile."""
    rng = random.Random(seed)
    kill_at = rng.randrange(max(boundaries, 1))
    procs = {"a": spawn(db_url, robot, "a", params), "b": spawn(db_url, robot, "b", params),
             "c": spawn(db_url, robot, "c", params), "d": spawn(db_url, robot, "d", params, kill_at)}
    if during:
        during()
    _wait_for_progress(factory, robot, "c", procs["c"])
    time.sleep(rng.uniform(0.0, 0.3))  # the kill lands mid-run, somewhere inside a step or between two
    procs["c"].kill()
    for key, proc in procs.items():
        _, err = proc.communicate(timeout=300)
        assert key in "cd" or proc.returncode == 0, (key, err[-3000:])
    for key in ("c", "d", "e"):  # the killed runs resume where they stopped; "e" lists what is left anew
        declared = get(robot)
        execute(factory, declared, start_run(factory, declared, run_key=key, params=params))


def _wait_for_progress(factory: sessionmaker[Session], robot: str, key: str, proc: subprocess.Popen[str]) -> None:
    """Until the run has finished its first item (or the process has ended)."""
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        with factory() as s:
            if s.scalar(select(func.count()).select_from(RobotItem).join(RobotRun, RobotRun.id == RobotItem.run_id)
                        .where(RobotRun.robot == robot, RobotRun.run_key == key, RobotItem.status != "pending")):
                return
        time.sleep(0.02)


def item_counts(factory: sessionmaker[Session], robot: str) -> dict[str, int]:
    with factory() as s:
        rows = s.execute(select(RobotItem.status, func.count()).join(RobotRun, RobotRun.id == RobotItem.run_id)
                         .where(RobotRun.robot == robot).group_by(RobotItem.status))
        return {status: n for status, n in rows}
