"""The case worker's queue of applications the robot handed over: calculation, flags, and the decision."""

from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from ifoflow.domain.enums import TaskStatus
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.services import casework, tasks
from ifoflow.services.access import log_reads, require
from ifoflow.services.registration import find_unit
from ifoflow.store.models import Application, Case, Task
from ifoflow.web.auth import CurrentUser
from ifoflow.web.deps import SessionDep, templates

router = APIRouter()
KIND = "ansokan_forsorjningsstod"


@router.get("/enheter/{code}/ansokningar", response_class=HTMLResponse)
def queue(request: Request, session: SessionDep, user: CurrentUser, code: str, meddelande: str = "") -> HTMLResponse:
    unit = find_unit(session, code)
    require(session, user, "case.read", unit.id)
    rows = session.execute(
        select(Task, Application, Case).join(Case, Case.id == Task.case_id)
        .join(Application, (Application.case_id == Case.id) & (Application.status == "under_handlaggning"))
        .where(Task.unit_id == unit.id, Task.kind == KIND, Task.status != TaskStatus.klar)
        .order_by(Task.deadline, Task.id)).all()
    log_reads(session, user, [(c.person_id, c.id, unit.id) for _, _, c in rows if c.person_id],
              action="ansokningskö", reason=f"Ansökningar att pröva, {unit.code}")
    return templates.TemplateResponse(request, "applications.html", {
        "user": user, "unit": unit, "rows": rows, "message": meddelande})


@router.post("/enheter/{code}/ansokningar/{application_id}")
def decide(session: SessionDep, user: CurrentUser, code: str, application_id: int, task_id: int = Form(...),
           utfall: str = Form(...), belopp: str = Form(""), motivering: str = Form("")) -> RedirectResponse:
    application = session.get(Application, application_id)
    unit_id = session.scalar(select(Case.unit_id).where(Case.id == application.case_id)) if application else -1
    require(session, user, "task.write", unit_id)
    try:
        amount = int(belopp) if belopp.strip() else None
        casework.decide(session, application_id=application_id, username=user.username, outcome=utfall,
                        amount=amount, motivering=motivering)
        task = session.get(Task, task_id)
        if task is not None and task.case_id == (application.case_id if application else None):
            if task.assigned_to_id is None:
                tasks.claim(session, task_id, user.username)
            elif task.assigned_to_id != user.id:
                tasks.reassign(session, task_id, user.username, actor=user.username)
            tasks.complete(session, task_id, user.username, f"Beslut: {utfall}")
        message = f"Ansökan {application_id} är beslutad ({utfall})."
    except (InputError, NotFoundError, ValueError) as exc:
        session.rollback()
        message = getattr(exc, "message", "Beloppet ska vara ett heltal.")
    return RedirectResponse(f"/enheter/{code}/ansokningar?meddelande={quote(message)}", status_code=303)
