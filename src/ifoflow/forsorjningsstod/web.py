"""The case worker's queue of applications the robot handed over: calculation, register differences, decision."""


from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from starlette.background import BackgroundTask

from ifoflow.atkomst.models import Unit
from ifoflow.atkomst.service import find_unit, log_reads, require
from ifoflow.atkomst.web import CurrentUser
from ifoflow.domain.enums import label
from ifoflow.domain.errors import NotFoundError
from ifoflow.forsorjningsstod import casework
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id
from ifoflow.web.refusal import form_again

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
    entered = {"utfall": utfall, "belopp": belopp, "motivering": motivering}
    with form_again(session, "application.html", lambda s: {"user": user, "unit": unit, "entered": entered,
                                                    "r": _one(s, user, unit, application_id)}):
        decided = casework.decide_in_unit(session, unit_id=unit.id, user=user, application_id=application_id,
                                          outcome=utfall, amount=belopp, motivering=motivering)
    return redirect(request, f"/enheter/{code}/ansokningar",
                    f"Ansökan är beslutad: {label(utfall).lower()}. Beslutsbrevet och utbetalningen skapas nu.",
                    background=BackgroundTask(casework.letter_and_payment, request.app.state.sessions, decided,
                                              request.app.state.follow_up))
