"""The human task queue: list by deadline, claim, complete, reassign. Every change is audited.

Tasks about an application are one per application and reason, and close with a note when it is decided.
"""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Application, Case, Task
from ifoflow.atkomst.service import find_user
from ifoflow.domain.enums import TaskStatus
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.store import audit
from ifoflow.store.base import utcnow


def open_tasks(session: Session, unit_id: int, limit: int = 200) -> list[Task]:
    """The unit's open and in-progress tasks, earliest deadline first."""
    return list(session.scalars(
        select(Task).where(Task.unit_id == unit_id, Task.status != TaskStatus.klar)
        .order_by(Task.deadline, Task.id).limit(limit)))


def page_of(session: Session, unit_id: int, *, show: str, user_id: int, page: int,
            size: int) -> tuple[list[Task], int, int]:
    """One page of the unit's open tasks (`show`: alla, mina, lediga), earliest deadline first: (tasks, total,
    the page actually shown)."""
    query = select(Task).where(Task.unit_id == unit_id, Task.status != TaskStatus.klar)
    if show == "mina":
        query = query.where(Task.assigned_to_id == user_id)
    elif show == "lediga":
        query = query.where(Task.assigned_to_id.is_(None))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = min(max(page, 1), max(1, -(-total // size)))
    rows = session.scalars(query.order_by(Task.deadline, Task.id).offset((page - 1) * size).limit(size))
    return list(rows), total, page


def _get(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFoundError("uppgift", f"Uppgift {task_id} finns inte.")
    return task


def claim(session: Session, task_id: int, username: str) -> Task:
    task, user = _get(session, task_id), find_user(session, username)
    if user.unit_id != task.unit_id:
        raise InputError("anvandare", "Uppgiften tillhör en annan enhet.")
    if task.status == TaskStatus.klar:
        raise InputError("uppgift", "Uppgiften är redan klar.")
    if task.assigned_to_id not in (None, user.id):
        raise InputError("uppgift", "Uppgiften är redan tagen av någon annan. Be om omfördelning.")
    task.assigned_to_id, task.status = user.id, TaskStatus.pagaende
    audit.append(session, actor=username, action="task.claimed", entity="task", entity_id=task_id)
    return task


def complete(session: Session, task_id: int, username: str, note: str) -> Task:
    task, user = _get(session, task_id), find_user(session, username)
    if task.assigned_to_id != user.id:
        raise InputError("anvandare", "Ta uppgiften först; bara den som har uppgiften kan slutföra den.")
    if not note.strip():
        raise InputError("anteckning", "Skriv vad som gjordes.")
    close(task, username, note)
    audit.append(session, actor=username, action="task.completed", entity="task", entity_id=task_id,
                 details={"note": note})
    return task


def close(task: Task, by: str, note: str) -> None:
    """Mark the task done by someone, with what was done (callers audit in their own words)."""
    task.status, task.closed_at, task.closed_by, task.closed_note = TaskStatus.klar, utcnow(), by, note


def application_task_key(application_id: int, kind: str) -> str:
    return f"task:ansokan:{application_id}:{kind}"


def about_application(session: Session, application: Application, *, kind: str, reason: str,
                      evidence: dict[str, Any], actor: str, days: int = 5) -> Task:
    """The application's one task of this kind, in its case's unit: made once, reopened if it was closed.

    The caller holds the application's lock; the task's unique key is the last guard.
    """
    key = application_task_key(application.id, kind)
    task = session.scalar(select(Task).where(Task.idempotency_key == key))
    case = session.get_one(Case, application.case_id)
    if task is None:
        task = Task(idempotency_key=key, unit_id=case.unit_id, case_id=case.id, application_id=application.id,
                    kind=kind, reason=reason, evidence=evidence, status=TaskStatus.oppen,
                    assigned_to_id=case.assigned_to_id, deadline=date.today() + timedelta(days=days))
        session.add(task)
        session.flush()
        audit.append(session, actor=actor, action="task.created", entity="task", entity_id=task.id,
                     details={"kind": kind, "application_id": application.id})
    elif task.status == TaskStatus.klar:
        task.status, task.reason, task.evidence = TaskStatus.oppen, reason, evidence
        task.closed_at, task.closed_by, task.closed_note = None, "", ""
        audit.append(session, actor=actor, action="task.reopened", entity="task", entity_id=task.id,
                     details={"kind": kind, "application_id": application.id})
    return task


def close_by_key(session: Session, key: str, *, note: str, actor: str) -> bool:
    """Close the open task with this key, if there is one."""
    task = session.scalar(select(Task).where(Task.idempotency_key == key, Task.status != TaskStatus.klar))
    if task is None:
        return False
    close(task, actor, note)
    audit.append(session, actor=actor, action="task.closed", entity="task", entity_id=task.id, details={"note": note})
    return True


def close_for_application(session: Session, application_id: int, *, note: str, actor: str,
                          kinds: tuple[str, ...] | None = None) -> int:
    """Close the application's open tasks (of the given kinds) with a note. Returns how many were closed."""
    query = select(Task).where(Task.application_id == application_id, Task.status != TaskStatus.klar)
    if kinds is not None:
        query = query.where(Task.kind.in_(kinds))
    found = list(session.scalars(query))
    for task in found:
        close(task, actor, note)
        audit.append(session, actor=actor, action="task.closed", entity="task", entity_id=task.id,
                     details={"note": note, "application_id": application_id})
    return len(found)


def reassign(session: Session, task_id: int, to_username: str, actor: str) -> Task:
    """Give the task to another person in its unit (or to a person in another unit, moving it there)."""
    task, user = _get(session, task_id), find_user(session, to_username)
    if task.status == TaskStatus.klar:
        raise InputError("uppgift", "Uppgiften är redan klar.")
    task.assigned_to_id, task.unit_id, task.status = user.id, user.unit_id, TaskStatus.pagaende
    audit.append(session, actor=actor, action="task.reassigned", entity="task", entity_id=task_id,
                 details={"to": to_username})
    return task
