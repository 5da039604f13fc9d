"""Kill the robot at every step boundary, rerun it, and find every effect exactly once."""

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende.models import Task
from ifoflow.brev.models import Letter
from ifoflow.robots.core.runner import execute, start_run
from ifoflow.robots.models import Effect, RobotItem, RobotStepRun
from ifoflow.utbetalning.models import Payment
from tests.robots.crashbot import robot

ROOT = Path(__file__).parents[2]
BOUNDARIES = 3 * 3 * 2  # items x steps x (before commit, after commit)


def _count(session: Session, model: type, column: object, prefix: str) -> int:
    return session.scalar(select(func.count()).select_from(model).where(column.like(f"{prefix}%"))) or 0  # type: ignore[attr-defined]


def test_sigkill_at_every_step_boundary_then_rerun_gives_each_effect_once(db_url: str, session: Session,
                                                                          cases: list[int]) -> None:
    factory = sessionmaker(session.get_bind())
    for kill_at in range(BOUNDARIES):
        tag = f"k{kill_at}"
        crashed = subprocess.run([sys.executable, "-m", "tests.robots.harness", db_url, tag, str(kill_at),
                                  json.dumps(cases)], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert crashed.returncode == -9, crashed.stderr  # killed by SIGKILL, not finished
        run_id = start_run(factory, robot, run_key=tag, params={"tag": tag, "cases": cases})
        report = execute(factory, robot, run_id)
        assert report.counts == {"done": 3}, (kill_at, report)
        with factory() as s:
            assert _count(s, Task, Task.idempotency_key, f"task:{tag}:") == 3, kill_at
            assert _count(s, Letter, Letter.idempotency_key, f"letter:{tag}:") == 3, kill_at
            assert _count(s, Payment, Payment.idempotency_key, f"payment:{tag}:") == 3, kill_at
            assert _count(s, Effect, Effect.key, f"payment:{tag}:") == 3, kill_at


def test_running_a_finished_run_again_does_nothing(session: Session, cases: list[int]) -> None:
    factory = sessionmaker(session.get_bind())
    params = {"tag": "again", "cases": cases}
    first = execute(factory, robot, start_run(factory, robot, run_key="again", params=params))
    steps_before = session.scalar(select(func.count()).select_from(RobotStepRun))
    second = execute(factory, robot, start_run(factory, robot, run_key="again", params=params))
    assert first.run_id == second.run_id and second.counts == {"done": 3}
    assert session.scalar(select(func.count()).select_from(RobotStepRun)) == steps_before
    assert session.scalar(select(func.count()).select_from(RobotItem)) == 3
