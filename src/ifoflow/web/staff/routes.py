"""Start page and the unit's case list."""

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select

from ifoflow.domain.enums import CaseStatus
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.services.cases import CasePage, search_cases
from ifoflow.services.registration import find_unit
from ifoflow.settings import get_settings
from ifoflow.store.models import Case, Unit
from ifoflow.web.deps import SessionDep, templates

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def start(request: Request, session: SessionDep) -> HTMLResponse:
    open_cases = (
        select(Unit, func.count(Case.id))
        .outerjoin(Case, (Case.unit_id == Unit.id) & (Case.status != CaseStatus.avslutad))
        .group_by(Unit.id)
        .order_by(Unit.code)
    )
    units = session.execute(open_cases).all()
    return templates.TemplateResponse(request, "start.html", {
        "units": units, "municipality": get_settings().municipality_name,
    })


@router.get("/enheter/{code}/arenden", response_class=HTMLResponse)
def case_list(request: Request, session: SessionDep, code: str, sok: str = Query("", max_length=100),
              sida: int = Query(1, ge=1, le=100000)) -> HTMLResponse:
    try:
        unit = find_unit(session, code)
    except NotFoundError as exc:
        return templates.TemplateResponse(request, "error.html", {"message": exc.message}, status_code=404)
    error = ""
    try:
        page = search_cases(session, unit_id=unit.id, query=sok, page=sida, page_size=get_settings().page_size)
    except InputError as exc:
        error = exc.message
        page = CasePage(rows=[], total=0, page=1, pages=1)
    status = 422 if error else 200
    return templates.TemplateResponse(request, "cases.html", {
        "unit": unit, "page": page, "sok": sok, "error": error,
    }, status_code=status)
