"""The unit's task queue: open tasks by deadline; claim, complete, reassign."""

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from ifoflow.arende import tasks
from ifoflow.arende.models import Case, Task
from ifoflow.atkomst.models import StaffUser
from ifoflow.atkomst.service import allowed, find_unit, require
from ifoflow.atkomst.web import CurrentUser
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.settings import get_settings
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id

router = APIRouter()


@router.get("/enheter/{code}/uppgifter", response_class=HTMLResponse)
def task_list(request: Request, session: SessionDep, user: CurrentUser, code: str, visa: str = "alla",
              sida: int = Query(1, ge=1, le=100_000)) -> HTMLResponse:
    unit = find_unit(session, code)
    require(session, user, "task.read", unit.id)
    size = get_settings().page_size
    shown, total, page = tasks.page_of(session, unit.id, show=visa, user_id=user.id, page=sida, size=size)
    names = dict(session.execute(select(StaffUser.id, StaffUser.name).where(StaffUser.unit_id == unit.id)).all())
    cases = dict(session.execute(select(Case.id, Case.case_number).where(
        Case.id.in_({t.case_id for t in shown if t.case_id}))).all())
    return templates.TemplateResponse(request, "tasks.html", {
        "unit": unit, "tasks": shown, "total": total, "page": page, "pages": max(1, -(-total // size)), "visa": visa,
        "names": names, "cases": cases, "user": user})


@router.get("/enheter/{code}/uppgifter/{task_id}", response_class=HTMLResponse)
def task_page(request: Request, session: SessionDep, user: CurrentUser, code: str, task_id: Id) -> HTMLResponse:
    unit = find_unit(session, code)
    require(session, user, "task.read", unit.id)
    task = session.get(Task, task_id)
    if task is None or task.unit_id != unit.id:
        raise NotFoundError("uppgift", "Uppgiften finns inte i enhetens kö.")
    staff = session.scalars(select(StaffUser).where(StaffUser.unit_id == unit.id, StaffUser.active)
                            .order_by(StaffUser.name)).all()
    case = session.get(Case, task.case_id) if task.case_id else None
    return templates.TemplateResponse(request, "task.html", {
        "unit": unit, "t": task, "case": case, "staff": staff, "names": {u.id: u.name for u in staff},
        "can_try": allowed(user, "case.read"), "user": user})


DONE = {"ta": "Du har tagit uppgiften.", "klar": "Uppgiften är klar.", "omfordela": "Uppgiften är omfördelad."}


@router.post("/enheter/{code}/uppgifter/{task_id}")
def task_action(request: Request, session: SessionDep, user: CurrentUser, code: str, task_id: Id,
                atgard: str = Form(""), anvandare: str = Form(""), anteckning: str = Form("")) -> RedirectResponse:
    task = session.get(Task, task_id)
    require(session, user, "task.write", task.unit_id if task else -1)
    back = f"/enheter/{code}/uppgifter/{task_id}"
    try:
        if atgard == "ta":
            tasks.claim(session, task_id, user.username)
        elif atgard == "klar":
            tasks.complete(session, task_id, user.username, anteckning)
        elif atgard == "omfordela":
            tasks.reassign(session, task_id, anvandare, actor=user.username)
        else:
            raise InputError("atgard", "Välj Ta uppgiften, Klar eller Omfördela.")
    except (InputError, NotFoundError) as exc:
        session.rollback()
        return redirect(request, back, exc.message, "error")
    return redirect(request, f"/enheter/{code}/uppgifter" if atgard != "ta" else back, DONE[atgard])
