"""The human task queue: list by deadline, claim, complete, reassign. Every change is audited."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.domain.enums import TaskStatus
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.store import audit
from ifoflow.store.models import StaffUser, Task


def open_tasks(session: Session, unit_id: int, limit: int = 200) -> list[Task]:
    """The unit's open and in-progress tasks, earliest deadline first."""
    return list(session.scalars(
        select(Task).where(Task.unit_id == unit_id, Task.status != TaskStatus.klar)
        .order_by(Task.deadline, Task.id).limit(limit)))


def _get(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFoundError("uppgift", f"Uppgift {task_id} finns inte.")
    return task


def _user(session: Session, username: str) -> StaffUser:
    user = session.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None:
        raise NotFoundError("anvandare", f"Användaren {username!r} finns inte.")
    return user


def claim(session: Session, task_id: int, username: str) -> Task:
    task, user = _get(session, task_id), _user(session, username)
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
    task, user = _get(session, task_id), _user(session, username)
    if task.assigned_to_id != user.id:
        raise InputError("anvandare", "Ta uppgiften först; bara den som har uppgiften kan slutföra den.")
    if not note.strip():
        raise InputError("anteckning", "Skriv vad som gjordes.")
    task.status = TaskStatus.klar
    audit.append(session, actor=username, action="task.completed", entity="task", entity_id=task_id,
                 details={"note": note})
    return task


def reassign(session: Session, task_id: int, to_username: str, actor: str) -> Task:
    """Give the task to another person in its unit (or to a person in another unit, moving it there)."""
    task, user = _get(session, task_id), _user(session, to_username)
    if task.status == TaskStatus.klar:
        raise InputError("uppgift", "Uppgiften är redan klar.")
    task.assigned_to_id, task.unit_id, task.status = user.id, user.unit_id, TaskStatus.pagaende
    audit.append(session, actor=actor, action="task.reassigned", entity="task", entity_id=task_id,
                 details={"to": to_username})
    return task
