"""Runs a robot: lists its items once per run key, then each item through the steps, one transaction per step."""

import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende import tasks
from ifoflow.logs import RUN_ID
from ifoflow.robots.core.context import StepContext
from ifoflow.robots.core.declaration import Robot
from ifoflow.robots.core.resilience import SystemUnavailable
from ifoflow.robots.models import RobotItem, RobotRun, RobotState, RobotStepRun
from ifoflow.store import audit
from ifoflow.store.base import utcnow
from ifoflow.store.db import unit_of_work

# Called at each step boundary: ("before_commit" | "after_commit", item_key, step name). Tests use it to crash.
Hook = Callable[[str, str, str], None]


log = logging.getLogger("ifoflow.robots")

@dataclass(frozen=True)
class RunReport:
    run_id: int
    status: str
    counts: dict[str, int]


def is_paused(session: Session, robot: str) -> bool:
    return bool(session.scalar(select(RobotState.paused).where(RobotState.name == robot)))


def latest_params(session: Session, robot: str) -> dict[str, Any]:
    """The parameters of the robot's latest run ({} when it never ran), e.g. the month the control last checked."""
    params = session.scalars(select(RobotRun.params).where(RobotRun.robot == robot)
                             .order_by(RobotRun.id.desc()).limit(1)).first()
    return params or {}


def start_run(factory: sessionmaker[Session], robot: Robot, *, run_key: str, trigger: str = "manuell",
              params: dict[str, Any] | None = None, actor: str = "system") -> int:
    """The run for this key: created with its items on first call, returned as it is after that."""
    with unit_of_work(factory) as session:
        run = session.scalar(select(RobotRun).where(RobotRun.robot == robot.name, RobotRun.run_key == run_key))
        if run is not None:
            return run.id
        keys = list(dict.fromkeys(str(k) for k in robot.items(session, params or {})))
        run = RobotRun(robot=robot.name, run_key=run_key, trigger=trigger, params=params or {}, status="running",
                       items_total=len(keys))
        session.add(run)
        session.flush()
        session.bulk_insert_mappings(RobotItem, [  # type: ignore[arg-type]
            {"run_id": run.id, "item_key": k, "status": "pending", "next_step": 0, "state": {}, "error": "",
             "updated_at": utcnow()} for k in keys])
        audit.append(session, actor=actor, action="robot.run_started", entity="robot_run", entity_id=run.id,
                     details={"robot": robot.name, "run_key": run_key, "items": len(keys)})
        return run.id


def execute(factory: sessionmaker[Session], robot: Robot, run_id: int, *, item_ids: list[int] | None = None,
            hook: Hook | None = None, progress: Callable[[int], Any] | None = None,
            until: str | None = None) -> RunReport:
    """Work every pending item (or the given ones) through its remaining steps. Safe to call again.

    With `until`, each item stops after that step and stays pending; a later call does the rest.
    """
    token = RUN_ID.set(f"{robot.name}:{run_id}")  # every log line of the run carries it
    try:
        return _execute(factory, robot, run_id, item_ids, hook, progress, until)
    finally:
        RUN_ID.reset(token)


def _execute(factory: sessionmaker[Session], robot: Robot, run_id: int, item_ids: list[int] | None,
             hook: Hook | None, progress: Callable[[int], Any] | None, until: str | None) -> RunReport:
    last = robot.step_index(until) + 1 if until else len(robot.steps)
    log.info("Körningen %s (%s) arbetar", run_id, robot.name)
    with factory() as session:
        query = select(RobotItem.id, RobotItem.next_step).where(RobotItem.run_id == run_id,
                                                                 RobotItem.status == "pending")
        if item_ids is not None:
            query = query.where(RobotItem.id.in_(item_ids))
        pending = session.execute(query.order_by(RobotItem.id)).all()
        params = session.get_one(RobotRun, run_id).params
    for n, (item_id, next_step) in enumerate(pending):
        if n % 100 == 0 and _paused(factory, robot.name):
            return finish(factory, run_id, paused=True)
        for index in range(next_step, last):
            if _run_step(factory, robot, run_id, params, item_id, index, hook) != "done":
                break
        if progress:
            progress(1)
    return finish(factory, run_id) if item_ids is None and not until else report(factory, run_id)


def _paused(factory: sessionmaker[Session], robot: str) -> bool:
    with factory() as session:
        return is_paused(session, robot)


def _context(session: Session, robot: Robot, run_id: int, params: dict[str, Any], item: RobotItem) -> StepContext:
    return StepContext(session=session, robot=robot.name, run_id=run_id, item_key=item.item_key, params=params,
                       state=dict(item.state), unit_for_tasks=robot.unit_for_tasks,
                       subject=robot.subject_of(params, item.item_key))


def _run_step(factory: sessionmaker[Session], robot: Robot, run_id: int, params: dict[str, Any], item_id: int,
              index: int, hook: Hook | None) -> str:
    """One step of one item in one transaction. A unique key that another process stored first (the last guard
    behind the locks) rolls the step back and runs it once more, when it finds what the other process made."""
    for attempt in (1, 2):
        try:
            return _attempt_step(factory, robot, run_id, params, item_id, index, hook)
        except IntegrityError as exc:
            if attempt == 2:
                _record_failure(factory, run_id, item_id, robot.steps[index].__name__, exc, utcnow(),
                                time.perf_counter())
    return "failed"


def _attempt_step(factory: sessionmaker[Session], robot: Robot, run_id: int, params: dict[str, Any], item_id: int,
                  index: int, hook: Hook | None) -> str:
    step = robot.steps[index]
    started, t0 = utcnow(), time.perf_counter()
    session = factory()
    try:
        item = session.get_one(RobotItem, item_id)
        ctx = _context(session, robot, run_id, params, item)
        output = step(ctx, item.item_key) or {}
        status = "human" if ctx.handed_to_human else "done"
        last = index == len(robot.steps) - 1 or bool(ctx.finished)
        item.state = {**item.state, step.__name__: output}
        item.next_step = len(robot.steps) if ctx.finished else index + 1
        item.status = "human" if status == "human" else ("done" if last else "pending")
        item.error = ctx.handed_to_human
        item.updated_at = utcnow()
        session.add(RobotStepRun(run_id=run_id, item_id=item_id, step=step.__name__, status=status, output=output,
                                 error=ctx.handed_to_human, started_at=started, duration_ms=_ms(t0)))
        if hook:
            hook("before_commit", item.item_key, step.__name__)
        session.commit()
        if hook:
            hook("after_commit", item.item_key, step.__name__)
        return "finished" if ctx.finished and status == "done" else status
    except IntegrityError:
        session.rollback()
        raise
    except SystemUnavailable as exc:
        session.rollback()
        _to_human(factory, robot, run_id, params, item_id, step.__name__, exc, started, t0)
        return "human"
    except Exception as exc:  # a step's bug fails its item, never the run
        session.rollback()
        _record_failure(factory, run_id, item_id, step.__name__, exc, started, t0)
        return "failed"
    finally:
        session.close()


def _to_human(factory: sessionmaker[Session], robot: Robot, run_id: int, params: dict[str, Any], item_id: int,
              step: str, exc: SystemUnavailable, started: Any, t0: float) -> None:
    reason = f"Systemet {exc.system} svarar inte ({exc.reason}). Roboten kunde inte slutföra steget {step}."
    with unit_of_work(factory) as session:
        item = session.get_one(RobotItem, item_id)
        ctx = _context(session, robot, run_id, params, item)
        if robot.when_unavailable:
            robot.when_unavailable(ctx, item.item_key, reason)
        else:
            case_id = item.state.get("case_id") if isinstance(item.state.get("case_id"), int) else None
            ctx.hand_to_human(reason, evidence={"system": exc.system, "steg": step, "fel": exc.reason},
                              case_id=case_id, kind="system_otillgangligt")
        item.status, item.error, item.updated_at = "human", reason, utcnow()
        session.add(RobotStepRun(run_id=run_id, item_id=item_id, step=step, status="human", output={}, error=reason,
                                 started_at=started, duration_ms=_ms(t0)))


def _record_failure(factory: sessionmaker[Session], run_id: int, item_id: int, step: str, exc: Exception,
                    started: Any, t0: float) -> None:
    with unit_of_work(factory) as session:
        item = session.get_one(RobotItem, item_id)
        item.status, item.error, item.updated_at = "failed", f"{type(exc).__name__}: {exc}", utcnow()
        # The log names the item and the kind of error; the text, which may quote data, stays on Robotdrift.
        log.warning("Ärende %s misslyckades i steget %s: %s", item_id, step, type(exc).__name__)
        session.add(RobotStepRun(run_id=run_id, item_id=item_id, step=step, status="failed", output={},
                                 error=item.error, traceback=traceback.format_exc(), started_at=started,
                                 duration_ms=_ms(t0)))


def _ms(t0: float) -> int:
    return int((time.perf_counter() - t0) * 1000)


def report(factory: sessionmaker[Session], run_id: int) -> RunReport:
    with factory() as session:
        run = session.get_one(RobotRun, run_id)
        rows = session.execute(select(RobotItem.status, func.count()).where(RobotItem.run_id == run_id)
                               .group_by(RobotItem.status))
        counts = {status: n for status, n in rows}
        return RunReport(run_id=run_id, status=run.status, counts=counts)


def finish(factory: sessionmaker[Session], run_id: int, paused: bool = False) -> RunReport:
    """Mark the run paused, or done when no item is pending any more."""
    with unit_of_work(factory) as session:
        run = session.get_one(RobotRun, run_id)
        pending = session.scalar(select(func.count()).where(RobotItem.run_id == run_id,
                                                             RobotItem.status == "pending")) or 0
        new_status = "paused" if paused else ("running" if pending else "done")
        if new_status != run.status:
            log.info("Körningen %s (%s): %s", run_id, run.robot, new_status)
            run.status = new_status
            run.finished_at = utcnow() if new_status == "done" else None
            audit.append(session, actor="robot", action=f"robot.run_{new_status}", entity="robot_run",
                         entity_id=run_id, details={"robot": run.robot})
            if new_status == "done":
                tasks.close_by_key(session, stalled_task_key(run_id), actor="robot", note="Körningen blev klar.")
    return report(factory, run_id)


def stalled_task_key(run_id: int) -> str:
    """The IT strategist's task about a run that stopped making progress (one per run)."""
    return f"task:robotkorning:{run_id}:stannad"


def retry_item(factory: sessionmaker[Session], robot: Robot, item_id: int, actor: str) -> RunReport:
    """Put a failed item back to pending at the step that failed, and run it again."""
    with unit_of_work(factory) as session:
        item = session.get_one(RobotItem, item_id)
        if item.status != "failed":
            raise ValueError(f"Ärendet {item.item_key} har inte misslyckats (status {item.status}).")
        item.status, item.error = "pending", ""
        run = session.get_one(RobotRun, item.run_id)
        run.status = "running"
        audit.append(session, actor=actor, action="robot.item_retried", entity="robot_item", entity_id=item_id,
                     details={"robot": robot.name, "item": item.item_key})
        run_id = item.run_id
    execute(factory, robot, run_id, item_ids=[item_id])
    return finish(factory, run_id)
