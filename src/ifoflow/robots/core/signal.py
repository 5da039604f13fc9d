"""A person's answer to a robot that handed an item over: the waiting item continues from there.

The robot parks an item with a person (status `human`) when the law or the data wants a human decision. When the
person has decided, `signal` records the decision as the output of the robot's own step and puts the item back to
pending after it, in the person's own transaction; the run then does the remaining steps (letter, payment) with
the same effect keys it always uses. No second copy of those steps exists outside the robot.
"""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.robots.core.declaration import Robot
from ifoflow.robots.models import RobotItem, RobotRun, RobotStepRun
from ifoflow.store.base import utcnow

SUPERSEDED = "Avslutad: en person har fattat beslutet i en senare körning."


def signal(session: Session, robot: Robot, item_key: str, *, step: str, output: dict[str, Any],
           actor: str) -> int | None:
    """The item waiting with a person continues after `step`, whose output is the person's decision. Returns the
    run to continue, or None when no item waits (the caller starts one; the robot then finds the decision)."""
    waiting = list(session.scalars(
        select(RobotItem).join(RobotRun, RobotRun.id == RobotItem.run_id)
        .where(RobotRun.robot == robot.name, RobotItem.item_key == item_key, RobotItem.status == "human")
        .order_by(RobotItem.id.desc()).with_for_update()))
    if not waiting:
        return None
    latest, earlier = waiting[0], waiting[1:]
    now = utcnow()
    latest.state = {**latest.state, step: output}
    latest.next_step, latest.status, latest.error, latest.updated_at = robot.step_index(step) + 1, "pending", "", now
    session.get_one(RobotRun, latest.run_id).status = "running"  # so a stopped server's run is resumed
    session.add(RobotStepRun(run_id=latest.run_id, item_id=latest.id, step=step, status="done",
                             output={**output, "beslutat_av": actor}, started_at=now, duration_ms=0))
    for item in earlier:  # older runs that also handed this item over (e.g. each hour a register was down)
        item.status, item.next_step, item.error, item.updated_at = "done", len(robot.steps), SUPERSEDED, now
    return latest.run_id
