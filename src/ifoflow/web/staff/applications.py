"""The case worker's queue of applications the robot handed over: calculation, register differences, decision."""

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from ifoflow.domain.enums import label
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.services import casework
from ifoflow.services.access import log_reads, require
from ifoflow.services.registration import find_unit
from ifoflow.store.models import Application, Case, Unit
from ifoflow.web.auth import CurrentUser
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id

router = APIRouter()


def _page(request: Request, session: SessionDep, user: CurrentUser, unit: Unit,
          entered: dict[str, Any] | None = None, status: int = 200) -> HTMLResponse:
    rows = casework.queue(session, unit.id, reveal_protected=user.clearance_protected)
    log_reads(session, user, [(r.person_id, r.case.id, unit.id) for r in rows], action="ansokningsko",
              reason=f"Ansökningar att pröva, {unit.code}")
    return templates.TemplateResponse(request, "applications.html", {
        "user": user, "unit": unit, "rows": rows, "entered": entered or {}}, status_code=status)


@router.get("/enheter/{code}/ansokningar", response_class=HTMLResponse)
def queue(request: Request, session: SessionDep, user: CurrentUser, code: str) -> HTMLResponse:
    unit = find_unit(session, code)
    require(session, user, "case.read", unit.id)
    return _page(request, session, user, unit)


@router.post("/enheter/{code}/ansokningar/{application_id}")
def decide(request: Request, session: SessionDep, user: CurrentUser, code: str, application_id: Id,
           utfall: str = Form(""), belopp: str = Form(""), motivering: str = Form("")) -> Response:
    unit = find_unit(session, code)
    application = session.get(Application, application_id)
    case_unit = session.scalar(select(Case.unit_id).where(Case.id == application.case_id)) if application else None
    if case_unit != unit.id:
        raise NotFoundError("ansokan", "Ansökan finns inte i enhetens kö.")
    require(session, user, "task.write", unit.id)
    try:
        if not utfall:
            raise InputError("utfall", "Välj beslut: bifall, delvis bifall eller avslag.")
        text = belopp.replace(" ", "").replace("\u00a0", "").removesuffix("kr")
        if text and not text.isdigit():
            raise InputError("belopp", "Skriv beloppet i hela kronor, t.ex. 10580.")
        casework.decide(session, application_id=application_id, username=user.username, outcome=utfall,
                        amount=int(text) if text else None, motivering=motivering)
    except InputError as exc:
        session.rollback()  # nothing half-decided; what was typed is shown again with the error
        entered = {"id": application_id, "utfall": utfall, "belopp": belopp, "motivering": motivering,
                   "field": exc.field, "error": exc.message}
        return _page(request, session, user, unit, entered, status=422)
    return redirect(request, f"/enheter/{code}/ansokningar",
                    f"Ansökan är beslutad: {label(utfall).lower()}. Beslutsbrev och utbetalning är skapade.")
