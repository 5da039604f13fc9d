"""Brevmallar: every letter template with its version and its words, for an administrator to read; and each
unit's choice whether clients get an info letter when their case gets a new case worker."""

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ifoflow.atkomst.web import CurrentUser, permission
from ifoflow.brev import templates as letter_templates
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id

router = APIRouter()
READ = [permission("letters.templates")]


@router.get("/brevmallar", response_class=HTMLResponse, dependencies=READ)
def template_page(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    return templates.TemplateResponse(request, "letter_templates.html", {
        "user": user, "templates": letter_templates.all_templates(), "units": letter_templates.units(session)})


@router.post("/brevmallar/enheter/{unit_id}", dependencies=READ)
def unit_choice(request: Request, session: SessionDep, user: CurrentUser, unit_id: Id,
                infobrev: str = Form("nej")) -> RedirectResponse:
    done = letter_templates.set_info_letters(session, unit_id, infobrev == "ja", actor=user.username)
    return redirect(request, "/brevmallar#enheter", done)
