"""What the IT strategist does with robots: run one, run what is due, pause, resume."""

import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende.models import Task
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.domain.enums import StaffRole, TaskStatus
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.drift.registry import ROBOTS
from ifoflow.robots.core.declaration import Event, Robot
from ifoflow.robots.core.runner import RunReport, execute, is_paused, retry_item, stalled_task_key, start_run
from ifoflow.robots.core.schedule import run_key_if_due
from ifoflow.robots.models import RobotItem, RobotRun, RobotState
from ifoflow.store import audit
from ifoflow.store.audit import AuditEvent
from ifoflow.store.base import utcnow
from ifoflow.store.db import unit_of_work


def start_in_background(factory: sessionmaker[Session], robot: Robot, *, actor: str, now: datetime) -> int:
    """A run a person starts from the web: created at once (so it shows with its progress), worked in a thread of
    this process, or on Celery workers when the installation uses them. Returns the run's id."""
    _refuse_if_paused(factory, robot, f"{robot.title} är pausad. Återuppta den först.")
    params = robot.params_now(now.date()) if robot.params_now else {}
    run_id = start_run(factory, robot, run_key=f"webb-{now:%Y%m%d-%H%M%S}", params=params, actor=actor)
    threading.Thread(target=follow_up, args=(factory, robot.name, run_id), name=f"{robot.name}-{run_id}",
                     daemon=True).start()
    return run_id


def _refuse_if_paused(factory: sessionmaker[Session], robot: Robot, message: str) -> None:
    """A paused robot starts no run; `message` says how this caller resumes it (the web's button, the CLI)."""
    with factory() as session:
        if is_paused(session, robot.name):
            raise InputError("robot", message)


def follow_up(factory: sessionmaker[Session], robot_name: str, run_id: int) -> None:
    """Work the rest of a started run: queued for Celery workers when the installation uses them
    (IFOFLOW_FOLLOW_UP=celery), else here. A server stopping first leaves it to `robots schedule --run-due`."""
    from ifoflow.settings import get_settings

    if get_settings().follow_up == "celery":
        from ifoflow.drift.celery_app import queue_pending

        queue_pending(robot_name, run_id, factory)
    else:
        execute(factory, ROBOTS[robot_name], run_id)


def run_robot(factory: sessionmaker[Session], robot: Robot, *, run_key: str, trigger: str = "manuell",
              params: dict[str, Any] | None = None, actor: str = "system", progress: Any = None,
              until: str | None = None) -> RunReport:
    """Start (or resume) the run with this key and work it through in this process (up to step `until`)."""
    run_id = start_run(factory, robot, run_key=run_key, trigger=trigger, params=params, actor=actor)
    return execute(factory, robot, run_id, progress=progress, until=until)


def begin(factory: sessionmaker[Session], robot: Robot, *, run_key: str, params: dict[str, Any] | None = None,
          actor: str) -> tuple[int, int]:
    """Start (or find) the run with this key, unless the robot is paused: (run id, items still pending)."""
    _refuse_if_paused(factory, robot, f"Roboten {robot.name} är pausad. Återuppta med: ifoflow robots resume "
                                      f"{robot.name}")
    run_id = start_run(factory, robot, run_key=run_key, params=params, actor=actor)
    with factory() as session:
        pending = session.scalar(select(func.count()).where(RobotItem.run_id == run_id,
                                                            RobotItem.status == "pending"))
    return run_id, int(pending or 0)


def work(factory: sessionmaker[Session], robot: Robot, run_id: int, *, celery: bool, actor: str,
         progress: Callable[[int], Any] | None = None) -> RunReport:
    """Work a started run through: in this process, or spread over Celery workers (waiting for them)."""
    if not celery:
        return execute(factory, robot, run_id, progress=progress)
    from ifoflow.drift.celery_app import dispatch

    with factory() as session:
        run = session.get_one(RobotRun, run_id)
        run_key, params = run.run_key, run.params
    return dispatch(robot.name, run_key=run_key, params=params, actor=actor, progress=progress)


def retry(factory: sessionmaker[Session], item_id: int, actor: str) -> bool:
    """A failed item once more from the step that failed; True when it went through this time."""
    with factory() as session:
        item = session.get(RobotItem, item_id)
        if item is None:
            raise NotFoundError("arende", "Robotärendet finns inte.")
        robot = ROBOTS[session.get_one(RobotRun, item.run_id).robot]
    try:
        report = retry_item(factory, robot, item_id, actor=actor)
    except ValueError:
        raise InputError("arende", "Ärendet har inte misslyckats; det finns inget att försöka igen.") from None
    return report.counts.get("failed", 0) == 0


def _event_key(session: Session, robot: Robot) -> str | None:
    """For an event robot: a run key when matching audit events arrived after its last run."""
    assert isinstance(robot.trigger, Event)
    newest = session.scalar(select(func.max(AuditEvent.id)).where(AuditEvent.action == robot.trigger.name))
    if newest is None:
        return None
    key = f"event-{newest}"
    seen = session.scalar(select(RobotRun.id).where(RobotRun.robot == robot.name, RobotRun.run_key == key))
    return None if seen else key


def stalled_runs(session: Session, quiet: timedelta) -> list[RobotRun]:
    """Runs left with pending items and no progress for `quiet` (a stopped server, a lost broker, a crash)."""
    idle = utcnow() - quiet
    ids = session.scalars(select(RobotRun.id).join(RobotItem, RobotItem.run_id == RobotRun.id)
                          .where(RobotRun.status == "running", RobotItem.status == "pending")
                          .group_by(RobotRun.id).having(func.max(RobotItem.updated_at) < idle))
    return list(session.scalars(select(RobotRun).where(RobotRun.id.in_(list(ids))).order_by(RobotRun.id)))


def _stalled(session: Session, quiet: timedelta) -> list[tuple[Robot, str, str]]:
    return [(ROBOTS[r.robot], r.run_key, "aterupptagen") for r in stalled_runs(session, quiet) if r.robot in ROBOTS]


def flag_stalled(factory: sessionmaker[Session], quiet: timedelta) -> int:
    """One task per stalled run for the IT strategist's unit (once per run). Returns how many are new."""
    new = 0
    with unit_of_work(factory) as session:
        unit_id = session.scalar(select(StaffUser.unit_id).where(StaffUser.role == StaffRole.it_strateg,
                                                                 StaffUser.active).order_by(StaffUser.id).limit(1))
        unit_id = unit_id or session.scalar(select(Unit.id).where(Unit.code == "ADM"))
        if unit_id is None:
            return 0
        for run in stalled_runs(session, quiet):
            key = stalled_task_key(run.id)
            if session.scalar(select(Task.id).where(Task.idempotency_key == key)):
                continue
            title = ROBOTS[run.robot].title if run.robot in ROBOTS else run.robot
            reason = (f"Körningen {run.run_key} ({title}) har inte kommit framåt på "
                      f"{int(quiet.total_seconds() // 60)} minuter. Schemaläggaren försöker återuppta den; se "
                      "Robotdrift.")
            session.add(Task(idempotency_key=key, unit_id=unit_id, kind="robotkorning_stannad", reason=reason,
                             status=TaskStatus.oppen, evidence={"robot": title, "körning": run.id},
                             deadline=date.today()))
            new += 1
    return new


def due_runs(factory: sessionmaker[Session], today: date, quiet: timedelta = timedelta(minutes=10),
             hour: int | None = None) -> list[tuple[Robot, str, str]]:
    """(robot, run key, trigger) for every robot due today (this hour) and every stalled run, unless paused."""
    hour = datetime.now().hour if hour is None else hour
    with factory() as session:
        due = [d for d in _stalled(session, quiet) if not is_paused(session, d[0].name)]
        for robot in ROBOTS.values():
            if is_paused(session, robot.name):
                continue
            if isinstance(robot.trigger, Event):
                key = _event_key(session, robot)
                kind = "handelse"
            else:
                key = run_key_if_due(robot, today, hour)
                kind = "schema"
            if key:
                due.append((robot, key, kind))
    return due


def set_paused(factory: sessionmaker[Session], name: str, paused: bool, actor: str) -> None:
    with unit_of_work(factory) as session:
        state = session.get(RobotState, name) or RobotState(name=name)
        state.paused, state.changed_at, state.changed_by = paused, utcnow(), actor
        session.add(state)
        audit.append(session, actor=actor, action="robot.paused" if paused else "robot.resumed", entity="robot",
                     entity_id=name)


def tick(factory: sessionmaker[Session], today: date, quiet: timedelta) -> list[tuple[str, RunReport]]:
    """One scheduler pass: a task for each stalled run and an alert for any trouble, then every due and stalled
    run worked through."""
    from ifoflow.drift import ops_alerts  # it reads stalled runs from here

    flag_stalled(factory, quiet)
    ops_alerts.raise_for_trouble(factory, quiet)
    return [(robot.name, run_robot(factory, robot, run_key=key, trigger=trigger, actor="schema"))
            for robot, key, trigger in due_runs(factory, today, quiet)]
