"""The robot shown in docs/robots.md works and stays under 40 lines."""

import importlib.util
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende.models import Case, Task
from ifoflow.drift.operations import run_robot

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "paminnelse.py"


def test_documented_example_robot_runs_once_per_overdue_task(session: Session, cases: list[int]) -> None:
    assert len(EXAMPLE.read_text().splitlines()) < 40
    spec = importlib.util.spec_from_file_location("paminnelse", EXAMPLE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    unit_id = session.get_one(Case, cases[0]).unit_id
    session.add(Task(unit_id=unit_id, case_id=cases[0], kind="kontroll", reason="x", evidence={},
                     deadline=date(2026, 1, 5), status="oppen"))
    session.commit()
    factory = sessionmaker(session.get_bind())
    for key in ("2026-02", "2026-02"):
        report = run_robot(factory, module.robot, run_key=key, params={"today": "2026-02-02"})
        assert report.counts == {"done": 1}
    assert session.scalar(select(func.count()).where(Task.kind == "paminnelse")) == 1
