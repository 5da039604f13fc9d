"""Start page and the unit's case list."""

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select

from ifoflow.arende.models import Case
from ifoflow.arende.registration import find_unit
from ifoflow.arende.service import CasePage, search_cases
from ifoflow.atkomst.models import Unit
from ifoflow.atkomst.service import allowed, log_reads, require, units_of
from ifoflow.atkomst.web import CurrentUser
from ifoflow.domain.enums import CaseStatus
from ifoflow.domain.errors import InputError
from ifoflow.robots.models import RobotRun
from ifoflow.settings import get_settings
from ifoflow.web.deps import SessionDep, templates

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def start(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    mine = units_of(session, user)
    open_cases = (
        select(Unit, func.count(Case.id))
        .outerjoin(Case, (Case.unit_id == Unit.id) & (Case.status != CaseStatus.avslutad))
        .where(Unit.id.in_(mine)).group_by(Unit.id).order_by(Unit.code)
    )
    latest_control = session.scalars(select(RobotRun.params).where(RobotRun.robot == "kontroll")
                                     .order_by(RobotRun.id.desc()).limit(1)).first()
    return templates.TemplateResponse(request, "start.html", {
        "units": session.execute(open_cases).all(), "municipality": get_settings().municipality_name,
        "control_month": (latest_control or {}).get("month"),
        "user": user, "can": {p: allowed(user, p) for p in ("case.read", "task.read", "robots.operate",
                                                              "decision_types.read", "accesslog.review",
                                                              "inventory.read", "metrics.read", "debts.manage")}})


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
