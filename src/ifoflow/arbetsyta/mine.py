"""Mina ärenden: the case worker's own cases and tasks with their deadlines; a search reaches every case in the
worker's units (a protected identity only by number, and only with clearance)."""

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Case, Person, Task
from ifoflow.arende.service import matching, shown
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.atkomst.service import log_reads, require, units_of
from ifoflow.domain.enums import CaseStatus, CaseType, TaskStatus
from ifoflow.domain.errors import InputError
from ifoflow.settings import get_settings

TASKS_SHOWN = 50  # my open tasks, earliest deadline first


def my_cases(session: Session, user: StaffUser, *, query: str, status: str, kind: str, overdue: bool,
             page: int = 1, today: date | None = None) -> dict[str, Any]:
    today = today or date.today()
    size = get_settings().page_size
    units = units_of(session, user)
    require(session, user, "case.read", user.unit_id)
    error = ""
    if status and status not in set(CaseStatus):
        error = "Välj en status i listan."
    if kind and kind not in set(CaseType):
        error = "Välj en ärendetyp i listan."
    cases = select(Case, Person, Unit.code).join(Person, Person.id == Case.person_id).join(
        Unit, Unit.id == Case.unit_id).where(Case.unit_id.in_(units))
    query = query.strip()
    if query:
        try:
            cases = matching(cases, query)
        except InputError as exc:
            error = exc.message
        if not user.clearance_protected:
            cases = cases.where(Person.protected_identity.is_(False))
    else:
        cases = cases.where(Case.assigned_to_id == user.id)
    if status and not error:
        cases = cases.where(Case.status == status)
    if kind and not error:
        cases = cases.where(Case.type == kind)
    open_tasks = select(Task.case_id).where(Task.status != TaskStatus.klar, Task.unit_id.in_(units))
    if overdue and not error:
        cases = cases.where(Case.id.in_(open_tasks.where(Task.deadline < today)))
    total = 0 if error else session.scalar(select(func.count()).select_from(cases.subquery())) or 0
    pages = max(1, -(-total // size))
    page = min(page, pages)
    rows = [] if error else session.execute(cases.order_by(Case.opened_on.desc(), Case.id.desc())
                                            .offset((page - 1) * size).limit(size)).all()
    deadlines = dict(session.execute(select(Task.case_id, func.min(Task.deadline)).where(
        Task.status != TaskStatus.klar, Task.case_id.in_([c.id for c, _, _ in rows])).group_by(
        Task.case_id)).all()) if rows else {}
    shown_cases = []
    for c, p, code in rows:
        name, number = shown(p, user.clearance_protected)
        shown_cases.append({"case": c, "name": name, "pnr": number, "unit": code, "deadline": deadlines.get(c.id)})
    tasks = select(Task, Case.case_number).outerjoin(Case, Case.id == Task.case_id).where(
        Task.assigned_to_id == user.id, Task.status != TaskStatus.klar, Task.unit_id.in_(units))
    if overdue:
        tasks = tasks.where(Task.deadline < today)
    my_tasks = session.execute(tasks.order_by(Task.deadline).limit(TASKS_SHOWN)).all()
    log_reads(session, user, [(c.person_id, c.id, c.unit_id) for c, _, _ in rows if c.person_id],
              action="mina_arenden", reason="Mina ärenden" + (" (sökning)" if query else ""))
    return {"user": user, "cases": shown_cases, "tasks": my_tasks, "today": today, "sok": query, "status": status,
            "typ": kind, "forsenade": overdue, "error": error, "statuses": list(CaseStatus),
            "types": list(CaseType), "tasks_shown": TASKS_SHOWN, "total": total, "page": page, "pages": pages}
