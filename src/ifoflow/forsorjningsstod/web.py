"""The case worker's queue of applications the robot handed over (calculation, register differences, decision)
and the key figures of ekonomiskt bistånd."""

from datetime import date, timedelta

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.background import BackgroundTask

from ifoflow.atkomst.web import CurrentUser, permission
from ifoflow.domain.enums import label
from ifoflow.forsorjningsstod import casework
from ifoflow.forsorjningsstod.metrics import metrics
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id
from ifoflow.web.refusal import form_again

router = APIRouter()


@router.get("/enheter/{code}/ansokningar", response_class=HTMLResponse)
def queue(request: Request, session: SessionDep, user: CurrentUser, code: str) -> HTMLResponse:
    return templates.TemplateResponse(request, "applications.html", casework.queue_page(session, user, code))


@router.get("/enheter/{code}/ansokningar/{application_id}", response_class=HTMLResponse)
def application_page(request: Request, session: SessionDep, user: CurrentUser, code: str,
                     application_id: Id) -> HTMLResponse:
    return templates.TemplateResponse(request, "application.html",
                                      casework.application_page(session, user, code, application_id))


@router.post("/enheter/{code}/ansokningar/{application_id}")
def decide(request: Request, session: SessionDep, user: CurrentUser, code: str, application_id: Id,
           utfall: str = Form(""), belopp: str = Form(""), motivering: str = Form("")) -> Response:
    entered = {"utfall": utfall, "belopp": belopp, "motivering": motivering}
    with form_again(session, "application.html", lambda s: {
            **casework.application_page(s, user, code, application_id), "entered": entered}):
        decided = casework.decide_in_unit(session, code=code, user=user, application_id=application_id,
                                          outcome=utfall, amount=belopp, motivering=motivering)
    return redirect(request, f"/enheter/{code}/ansokningar",
                    f"Ansökan är beslutad: {label(utfall).lower()}. Beslutsbrevet och utbetalningen skapas nu.",
                    background=BackgroundTask(casework.letter_and_payment, request.app.state.sessions, decided,
                                              request.app.state.follow_up))


@router.get("/bistand/nyckeltal", response_class=HTMLResponse, dependencies=[permission("metrics.read")])
def metrics_page(request: Request, session: SessionDep, user: CurrentUser,
                 dagar: int = Query(90, ge=1, le=3660)) -> HTMLResponse:
    since = date.today() - timedelta(days=dagar)
    m = metrics(session, since=since)
    reasons = m.routed.most_common()
    return templates.TemplateResponse(request, "metrics.html", {"m": m, "reasons": reasons, "days": dagar,
                                                                "since": since, "user": user})
