"""Logguppföljning (the access log, filtered, and reads without an open case) and register extracts."""

from datetime import date

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from ifoflow.atkomst.service import require
from ifoflow.atkomst.web import CurrentUser
from ifoflow.dataskydd import gdpr, logguppfoljning
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.ids import Id

router = APIRouter()


@router.get("/logguppfoljning", response_class=HTMLResponse)
def review_page(request: Request, session: SessionDep, user: CurrentUser, anvandare: str = Query("", max_length=64),
                personnummer: str = Query("", max_length=20), fran: date | None = None, till: date | None = None,
                utan_arende: bool = False) -> HTMLResponse:
    return templates.TemplateResponse(request, "review.html", logguppfoljning.page(
        session, user, username=anvandare, personnummer=personnummer, since=fran, until=till,
        only_without_case=utan_arende))



@router.get("/personer/{person_id}/registerutdrag.{fmt}")
def register_extract(session: SessionDep, user: CurrentUser, person_id: Id, fmt: str) -> Response:
    require(session, user, "gdpr.extract")
    content, media_type = gdpr.extract_file(session, person_id, fmt, reader=user, channel="webb")
    name = f"registerutdrag-{person_id}-{date.today().isoformat()}.{fmt}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})
