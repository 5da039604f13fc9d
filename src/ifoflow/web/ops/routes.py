"""Robot operations: runs, failures with their error, retry, pause and resume; decision types on and off."""

from datetime import date

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import func, select

from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.robots import operations
from ifoflow.robots.core.runner import is_paused, retry_item
from ifoflow.robots.core.schedule import next_runs
from ifoflow.robots.registry import ROBOTS, get
from ifoflow.services import decision_types
from ifoflow.store.models import DecisionType, RobotItem, RobotRun, RobotStepRun
from ifoflow.web.auth import CurrentUser, permission
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.ids import Id

router = APIRouter()


OPERATE = [permission("robots.operate")]


@router.get("/drift", response_class=HTMLResponse, dependencies=OPERATE)
def operations_page(request: Request, session: SessionDep, user: CurrentUser, meddelande: str = "") -> HTMLResponse:
    robots = [{"robot": r, "paused": is_paused(session, r.name), "next": next_runs(r, date.today())}
              for r in ROBOTS.values()]
    runs = session.scalars(select(RobotRun).order_by(RobotRun.id.desc()).limit(20)).all()
    counts: dict[int, dict[str, int]] = {}
    for run_id, status, n in session.execute(
            select(RobotItem.run_id, RobotItem.status, func.count()).where(RobotItem.run_id.in_([r.id for r in runs]))
            .group_by(RobotItem.run_id, RobotItem.status)):
        counts.setdefault(run_id, {})[status] = n
    failures = session.execute(
        select(RobotItem, RobotStepRun, RobotRun.robot).join(RobotRun, RobotRun.id == RobotItem.run_id)
        .join(RobotStepRun, (RobotStepRun.item_id == RobotItem.id) & (RobotStepRun.status == "failed"))
        .where(RobotItem.status == "failed").order_by(RobotStepRun.id.desc()).limit(50)).all()
    return templates.TemplateResponse(request, "ops.html", {"robots": robots, "runs": runs, "counts": counts,
                                                            "failures": failures, "message": meddelande,
                                                            "user": user})


def _back(message: str) -> RedirectResponse:
    from urllib.parse import quote

    return RedirectResponse(f"/drift?meddelande={quote(message)}", status_code=303)


@router.post("/drift/robotar/{name}/paus", dependencies=OPERATE)
def pause(request: Request, user: CurrentUser, name: str, paus: str = Form(...)) -> RedirectResponse:
    try:
        get(name)
    except NotFoundError as exc:
        return _back(exc.message)
    operations.set_paused(request.app.state.sessions, name, paus == "ja", actor=user.username)
    return _back(f"{name} är {'pausad' if paus == 'ja' else 'återupptagen'}.")


@router.post("/drift/robotar/{name}/kor", dependencies=OPERATE)
def run_now(request: Request, user: CurrentUser, name: str) -> RedirectResponse:
    try:
        robot = get(name)
    except NotFoundError as exc:
        return _back(exc.message)
    with request.app.state.sessions() as session:
        if is_paused(session, name):
            return _back(f"{name} är pausad; återuppta den först.")
    report = operations.run_robot(request.app.state.sessions, robot, run_key=f"webb-{date.today().isoformat()}",
                                  actor=user.username)
    return _back(f"{name}: körning {report.run_id} {report.status}, {report.counts}.")


@router.post("/drift/arenden/{item_id}/omforsok", dependencies=OPERATE)
def retry(request: Request, session: SessionDep, user: CurrentUser, item_id: Id) -> RedirectResponse:
    item = session.get(RobotItem, item_id)
    if item is None:
        return _back(f"Robotärende {item_id} finns inte.")
    robot = get(session.get_one(RobotRun, item.run_id).robot)
    try:
        report = retry_item(request.app.state.sessions, robot, item_id, actor=user.username)
    except ValueError as exc:
        return _back(str(exc))
    return _back(f"Nytt försök: {report.counts}.")


@router.get("/beslutstyper", response_class=HTMLResponse, dependencies=[permission("decision_types.read")])
def decision_types_page(request: Request, session: SessionDep, user: CurrentUser,
                        meddelande: str = "") -> HTMLResponse:
    rows = session.scalars(select(DecisionType).order_by(DecisionType.code)).all()
    return templates.TemplateResponse(request, "decision_types.html", {
        "types": rows, "message": meddelande, "user": user, "can_manage": user.role == "namndsekreterare"})


@router.post("/beslutstyper/{code}/status", dependencies=[permission("decision_types.manage")])
def switch_type(request: Request, session: SessionDep, user: CurrentUser, code: str, pa: str = Form(...),
                skal: str = Form("")) -> RedirectResponse:
    from urllib.parse import quote

    try:
        decision_types.set_enabled(session, code, pa == "ja", actor=user.username, reason=skal)
        message = f"{code} är {'påslagen' if pa == 'ja' else 'avstängd; ärendena går till handläggare'}."
    except (InputError, NotFoundError) as exc:
        session.rollback()
        message = exc.message
    return RedirectResponse(f"/beslutstyper?meddelande={quote(message)}", status_code=303)
