"""Start page and the unit's case list."""

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ifoflow.arende.service import CasePage, search_cases
from ifoflow.atkomst.service import find_unit, log_reads, require
from ifoflow.atkomst.web import CurrentUser
from ifoflow.domain.errors import InputError
from ifoflow.settings import get_settings
from ifoflow.web.deps import SessionDep, templates

router = APIRouter()


@router.get("/enheter/{code}/arenden", response_class=HTMLResponse)
def case_list(request: Request, session: SessionDep, user: CurrentUser, code: str,
              sok: str = Query("", max_length=100), sida: int = Query(1, ge=1, le=100000)) -> HTMLResponse:
    unit = find_unit(session, code)
    require(session, user, "case.read", unit.id)
    error = ""
    try:
        page = search_cases(session, unit_id=unit.id, query=sok, page=sida, page_size=get_settings().page_size,
                            reveal_protected=user.clearance_protected)
    except InputError as exc:
        error = exc.message
        page = CasePage(rows=[], total=0, page=1, pages=1)
    log_reads(session, user, [(r.person_id, r.case_id, unit.id) for r in page.rows], action="arendelista",
              reason=f"Ärendelista {unit.code}" + (" (sökning)" if sok else ""))
    return templates.TemplateResponse(request, "cases.html", {
        "unit": unit, "page": page, "sok": sok, "error": error, "user": user,
    }, status_code=422 if error else 200)
