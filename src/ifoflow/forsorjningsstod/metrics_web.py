"""Nyckeltal för ekonomiskt bistånd: andel automatiska beslut, skäl till handläggning, tid till beslut."""

from datetime import date, timedelta

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ifoflow.atkomst.web import CurrentUser, permission
from ifoflow.forsorjningsstod.metrics import metrics
from ifoflow.web.deps import SessionDep, templates

router = APIRouter()


@router.get("/bistand/nyckeltal", response_class=HTMLResponse, dependencies=[permission("metrics.read")])
def metrics_page(request: Request, session: SessionDep, user: CurrentUser,
                 dagar: int = Query(90, ge=1, le=3660)) -> HTMLResponse:
    since = date.today() - timedelta(days=dagar)
    m = metrics(session, since=since)
    reasons = m.routed.most_common()
    return templates.TemplateResponse(request, "metrics.html", {"m": m, "reasons": reasons, "days": dagar,
                                                                "since": since, "user": user})
