"""What the operations page shows: every robot with its pause and next runs, the latest runs with their counts
(and which have stalled), and the items that failed with their error."""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ifoflow.drift.operations import stalled_runs
from ifoflow.drift.registry import ROBOTS
from ifoflow.robots.core.runner import is_paused
from ifoflow.robots.core.schedule import next_runs
from ifoflow.robots.models import RobotItem, RobotRun, RobotStepRun
from ifoflow.settings import get_settings


def runs(session: Session) -> dict[str, Any]:
    """The latest runs with their counts, and which of them have stalled."""
    latest = session.scalars(select(RobotRun).order_by(RobotRun.id.desc()).limit(20)).all()
    counts: dict[int, dict[str, int]] = {}
    for run_id, status, n in session.execute(
            select(RobotItem.run_id, RobotItem.status, func.count())
            .where(RobotItem.run_id.in_([r.id for r in latest])).group_by(RobotItem.run_id, RobotItem.status)):
        counts.setdefault(run_id, {})[status] = n
    stalled = {r.id for r in stalled_runs(session, timedelta(minutes=get_settings().stalled_after_minutes))}
    return {"runs": latest, "counts": counts, "stalled": stalled, "titles": {n: r.title for n, r in ROBOTS.items()},
            "busy": any(r.status == "running" and r.id not in stalled for r in latest)}


def page(session: Session, today: date) -> dict[str, Any]:
    robots = [{"robot": r, "paused": is_paused(session, r.name), "next": next_runs(r, today)}
              for r in ROBOTS.values()]
    failures = session.execute(
        select(RobotItem, RobotStepRun, RobotRun.robot).join(RobotRun, RobotRun.id == RobotItem.run_id)
        .join(RobotStepRun, (RobotStepRun.item_id == RobotItem.id) & (RobotStepRun.status == "failed"))
        .where(RobotItem.status == "failed").order_by(RobotStepRun.id.desc()).limit(50)).all()
    return {"robots": robots, "failures": failures, **runs(session)}
