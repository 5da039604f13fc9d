"""The registry of decision types on the web: the nämnd's secretary switches automated decisions on and off."""

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ifoflow.atkomst.service import allowed
from ifoflow.atkomst.web import CurrentUser, permission
from ifoflow.beslut import service as decision_types
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.refusal import back_to

router = APIRouter()


@router.get("/beslutstyper", response_class=HTMLResponse, dependencies=[permission("decision_types.read")])
def decision_types_page(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    return templates.TemplateResponse(request, "decision_types.html", {
        "types": decision_types.all_types(session), "user": user, "can_manage": allowed(user, "decision_types.manage")})


@router.post("/beslutstyper/{code}/status", dependencies=[permission("decision_types.manage")])
def switch_type(request: Request, session: SessionDep, user: CurrentUser, code: str, pa: str = Form(""),
                skal: str = Form("")) -> RedirectResponse:
    with back_to("/beslutstyper"):
        found = decision_types.set_enabled(session, code, pa == "ja", actor=user.username, reason=skal)
    return redirect(request, "/beslutstyper", f"{found.title} är "
                    f"{'påslagen' if pa == 'ja' else 'avstängd; ansökningarna går till handläggare'}.")
