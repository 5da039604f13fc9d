"""The case worker's queue of applications the robot handed over: calculation, register differences, decision."""


from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from ifoflow.arende.models import Case
from ifoflow.arende.registration import find_unit
from ifoflow.atkomst.models import Unit
from ifoflow.atkomst.service import log_reads, require
from ifoflow.atkomst.web import CurrentUser
from ifoflow.domain.enums import label
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.forsorjningsstod import casework
from ifoflow.forsorjningsstod.models import Application
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id

router = APIRouter()


def _one(session: SessionDep, user: CurrentUser, unit: Unit, application_id: int) -> casework.ToTry:
    found = casework.queue(session, unit.id, reveal_protected=user.clearance_protected, only=application_id)
    if not found:
        raise NotFoundError("ansokan", "Ansökan finns inte bland enhetens ansökningar att pröva. Den kan redan vara "
                                       "beslutad.")
    log_reads(session, user, [(found[0].person_id, found[0].case.id, unit.id)], action="ansokningsko",
              reason=f"Pröva ansökan, {unit.code}")
    return found[0]


@router.get("/enheter/{code}/ansokningar", response_class=HTMLResponse)
def queue(request: Request, session: SessionDep, user: CurrentUser, code: str) -> HTMLResponse:
    unit = find_unit(session, code)
    require(session, user, "case.read", unit.id)
    rows = casework.queue(session, unit.id, reveal_protected=user.clearance_protected)
    log_reads(session, user, [(r.person_id, r.case.id, unit.id) for r in rows], action="ansokningsko",
              reason=f"Ansökningar att pröva, {unit.code}")
    return templates.TemplateResponse(request, "applications.html", {"user": user, "unit": unit, "rows": rows})


@router.get("/enheter/{code}/ansokningar/{application_id}", response_class=HTMLResponse)
def application_page(request: Request, session: SessionDep, user: CurrentUser, code: str,
                     application_id: Id) -> HTMLResponse:
    unit = find_unit(session, code)
    require(session, user, "case.read", unit.id)
    return templates.TemplateResponse(request, "application.html", {
        "user": user, "unit": unit, "r": _one(session, user, unit, application_id), "entered": {}})


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
        entered = {"utfall": utfall, "belopp": belopp, "motivering": motivering, "field": exc.field,
                   "error": exc.message}
        return templates.TemplateResponse(request, "application.html", {
            "user": user, "unit": unit, "r": _one(session, user, unit, application_id), "entered": entered},
            status_code=422)
    return redirect(request, f"/enheter/{code}/ansokningar",
                    f"Ansökan är beslutad: {label(utfall).lower()}. Beslutsbrev och utbetalning är skapade.")
