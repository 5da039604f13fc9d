"""Robot operations: runs, failures with their error, retry, pause and resume; decision types on and off."""

from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import func, select

from ifoflow.atkomst.service import allowed
from ifoflow.atkomst.web import CurrentUser, permission
from ifoflow.beslut import service as decision_types
from ifoflow.beslut.models import DecisionType
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.drift import operations
from ifoflow.drift.registry import ROBOTS, get
from ifoflow.robots.core.runner import is_paused, retry_item
from ifoflow.robots.core.schedule import next_runs
from ifoflow.robots.models import RobotItem, RobotRun, RobotStepRun
from ifoflow.settings import get_settings
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id

router = APIRouter()


OPERATE = [permission("robots.operate")]


def _runs(session: SessionDep) -> dict[str, Any]:
    """The latest runs with their counts, and which of them have stalled."""
    runs = session.scalars(select(RobotRun).order_by(RobotRun.id.desc()).limit(20)).all()
    counts: dict[int, dict[str, int]] = {}
    for run_id, status, n in session.execute(
            select(RobotItem.run_id, RobotItem.status, func.count()).where(RobotItem.run_id.in_([r.id for r in runs]))
            .group_by(RobotItem.run_id, RobotItem.status)):
        counts.setdefault(run_id, {})[status] = n
    quiet = timedelta(minutes=get_settings().stalled_after_minutes)
    stalled = {r.id for r in operations.stalled_runs(session, quiet)}
    return {"runs": runs, "counts": counts, "stalled": stalled, "titles": {n: r.title for n, r in ROBOTS.items()},
            "busy": any(r.status == "running" and r.id not in stalled for r in runs)}


@router.get("/drift", response_class=HTMLResponse, dependencies=OPERATE)
def operations_page(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    robots = [{"robot": r, "paused": is_paused(session, r.name), "next": next_runs(r, date.today())}
              for r in ROBOTS.values()]
    failures = session.execute(
        select(RobotItem, RobotStepRun, RobotRun.robot).join(RobotRun, RobotRun.id == RobotItem.run_id)
        .join(RobotStepRun, (RobotStepRun.item_id == RobotItem.id) & (RobotStepRun.status == "failed"))
        .where(RobotItem.status == "failed").order_by(RobotStepRun.id.desc()).limit(50)).all()
    return templates.TemplateResponse(request, "ops.html", {"robots": robots, "failures": failures, "user": user,
                                                            **_runs(session)})


@router.get("/drift/korningar", response_class=HTMLResponse, dependencies=OPERATE)
def runs_fragment(request: Request, session: SessionDep) -> HTMLResponse:
    """The runs table alone: the operations page fetches it every few seconds while a run is going (htmx)."""
    return templates.TemplateResponse(request, "ops_runs.html", _runs(session))


@router.post("/drift/robotar/{name}/paus", dependencies=OPERATE)
def pause(request: Request, user: CurrentUser, name: str, paus: str = Form(...)) -> RedirectResponse:
    robot = get(name)
    operations.set_paused(request.app.state.sessions, name, paus == "ja", actor=user.username)
    return redirect(request, "/drift", f"{robot.title}: {'pausad' if paus == 'ja' else 'återupptagen'}.")


@router.post("/drift/robotar/{name}/kor", dependencies=OPERATE)
def run_now(request: Request, user: CurrentUser, name: str) -> RedirectResponse:
    robot = get(name)
    with request.app.state.sessions() as session:
        if is_paused(session, name):
            return redirect(request, "/drift", f"{robot.title} är pausad. Återuppta den först.", "error")
    operations.start_in_background(request.app.state.sessions, robot, actor=user.username, now=datetime.now())
    return redirect(request, "/drift", f"{robot.title}: körningen har startat och fortsätter i bakgrunden. "
                                       "Följ den i tabellen Senaste körningar.")


@router.post("/drift/arenden/{item_id}/omforsok", dependencies=OPERATE)
def retry(request: Request, session: SessionDep, user: CurrentUser, item_id: Id) -> RedirectResponse:
    item = session.get(RobotItem, item_id)
    if item is None:
        raise NotFoundError("arende", "Robotärendet finns inte.")
    robot = get(session.get_one(RobotRun, item.run_id).robot)
    try:
        report = retry_item(request.app.state.sessions, robot, item_id, actor=user.username)
    except ValueError:
        return redirect(request, "/drift", "Ärendet har inte misslyckats; det finns inget att försöka igen.", "error")
    ok = report.counts.get("failed", 0) == 0
    return redirect(request, "/drift", "Nytt försök: ärendet gick igenom." if ok else "Nytt försök: ärendet "
                    "misslyckades igen. Se felet nedan.", "notice" if ok else "error")


@router.get("/beslutstyper", response_class=HTMLResponse, dependencies=[permission("decision_types.read")])
def decision_types_page(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    rows = session.scalars(select(DecisionType).order_by(DecisionType.title)).all()
    return templates.TemplateResponse(request, "decision_types.html", {
        "types": rows, "user": user, "can_manage": allowed(user, "decision_types.manage")})


@router.post("/beslutstyper/{code}/status", dependencies=[permission("decision_types.manage")])
def switch_type(request: Request, session: SessionDep, user: CurrentUser, code: str, pa: str = Form(""),
                skal: str = Form("")) -> RedirectResponse:
    try:
        found = decision_types.set_enabled(session, code, pa == "ja", actor=user.username, reason=skal)
    except InputError as exc:
        session.rollback()
        return redirect(request, "/beslutstyper", exc.message, "error")
    return redirect(request, "/beslutstyper", f"{found.title} är "
                    f"{'påslagen' if pa == 'ja' else 'avstängd; ansökningarna går till handläggare'}.")
