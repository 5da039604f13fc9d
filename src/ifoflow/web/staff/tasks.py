"""The unit's task queue: open tasks by deadline; claim, complete, reassign."""

from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.services import tasks
from ifoflow.services.access import require
from ifoflow.services.registration import find_unit
from ifoflow.store.models import StaffUser, Task
from ifoflow.web.auth import CurrentUser
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.ids import Id

router = APIRouter()


@router.get("/enheter/{code}/uppgifter", response_class=HTMLResponse)
def task_list(request: Request, session: SessionDep, user: CurrentUser, code: str,
              meddelande: str = "") -> HTMLResponse:
    unit = find_unit(session, code)
    require(session, user, "task.read", unit.id)
    staff = session.scalars(select(StaffUser).where(StaffUser.unit_id == unit.id).order_by(StaffUser.name)).all()
    names = {u.id: u.name for u in staff}
    return templates.TemplateResponse(request, "tasks.html", {
        "unit": unit, "tasks": tasks.open_tasks(session, unit.id), "staff": staff, "names": names,
        "message": meddelande, "user": user})


@router.post("/enheter/{code}/uppgifter/{task_id}")
def task_action(session: SessionDep, user: CurrentUser, code: str, task_id: Id, atgard: str = Form(...),
                anvandare: str = Form(""), anteckning: str = Form("")) -> RedirectResponse:
    task = session.get(Task, task_id)
    require(session, user, "task.write", task.unit_id if task else -1)
    try:
        if atgard == "ta":
            tasks.claim(session, task_id, user.username)
            message = f"Uppgift {task_id} är tagen."
        elif atgard == "klar":
            tasks.complete(session, task_id, user.username, anteckning)
            message = f"Uppgift {task_id} är klar."
        elif atgard == "omfordela":
            tasks.reassign(session, task_id, anvandare, actor=user.username)
            message = f"Uppgift {task_id} är omfördelad."
        else:
            raise InputError("atgard", "Okänd åtgärd.")
    except (InputError, NotFoundError) as exc:
        session.rollback()
        message = f"Fel: {exc.message}"
    return RedirectResponse(f"/enheter/{code}/uppgifter?meddelande={quote(message)}", status_code=303)
