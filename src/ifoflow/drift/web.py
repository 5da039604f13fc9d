"""Robot operations on the web: runs, failures with their error, retry, pause and resume, run now."""

import secrets
from datetime import date, datetime

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ifoflow.atkomst.service import require
from ifoflow.atkomst.web import CurrentUser, current_user, permission
from ifoflow.drift import metrics, operations, overview
from ifoflow.drift.registry import get
from ifoflow.settings import get_settings
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id
from ifoflow.web.refusal import back_to

router = APIRouter()


OPERATE = [permission("robots.operate")]


@router.get("/drift", response_class=HTMLResponse, dependencies=OPERATE)
def operations_page(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    return templates.TemplateResponse(request, "ops.html", {**overview.page(session, date.today()), "user": user})


@router.get("/drift/korningar", response_class=HTMLResponse, dependencies=OPERATE)
def runs_fragment(request: Request, session: SessionDep) -> HTMLResponse:
    """The runs table alone: the operations page fetches it every few seconds while a run is going (htmx)."""
    return templates.TemplateResponse(request, "ops_runs.html", overview.runs(session))


@router.post("/drift/robotar/{name}/paus", dependencies=OPERATE)
def pause(request: Request, user: CurrentUser, name: str, paus: str = Form(...)) -> RedirectResponse:
    robot = get(name)
    operations.set_paused(request.app.state.sessions, name, paus == "ja", actor=user.username)
    return redirect(request, "/drift", f"{robot.title}: {'pausad' if paus == 'ja' else 'återupptagen'}.")


@router.get("/metrics")
def prometheus(request: Request, session: SessionDep) -> Response:
    """Prometheus metrics: a scraper with the bearer token, or a signed-in operator."""
    token = get_settings().metrics_token
    sent = request.headers.get("authorization", "")
    if not (token and secrets.compare_digest(sent.encode(), f"Bearer {token}".encode())):
        user = current_user(request, session)
        require(session, user, "robots.operate")
    return metrics.exposition(request.app.state.sessions)


@router.post("/drift/robotar/{name}/kor", dependencies=OPERATE)
def run_now(request: Request, user: CurrentUser, name: str) -> RedirectResponse:
    robot = get(name)
    with back_to("/drift"):
        operations.start_in_background(request.app.state.sessions, robot, actor=user.username, now=datetime.now())
    return redirect(request, "/drift", f"{robot.title}: körningen har startat och fortsätter i bakgrunden. "
                                       "Följ den i tabellen Senaste körningar.")


@router.post("/drift/arenden/{item_id}/omforsok", dependencies=OPERATE)
def retry(request: Request, user: CurrentUser, item_id: Id) -> RedirectResponse:
    with back_to("/drift"):
        ok = operations.retry(request.app.state.sessions, item_id, actor=user.username)
    return redirect(request, "/drift", "Nytt försök: ärendet gick igenom." if ok else "Nytt försök: ärendet "
                    "misslyckades igen. Se felet nedan.", "notice" if ok else "error")


@router.get("/drift/utskrift/{batch_id}.{kind}", dependencies=OPERATE)
def print_file(session: SessionDep, user: CurrentUser, batch_id: Id, kind: str) -> Response:
    """The print batch's PDF or manifest CSV for the print house; every recipient's read is logged."""
    content, filename, media = overview.print_file(session, user, batch_id, kind)
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
