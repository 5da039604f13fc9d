"""The case worker's pages: the unit's cases, a person, a document, the unit's tasks."""

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from ifoflow.arende import pages
from ifoflow.atkomst.web import CurrentUser
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id
from ifoflow.web.refusal import back_to

router = APIRouter()


@router.get("/enheter/{code}/arenden", response_class=HTMLResponse)
def case_list(request: Request, session: SessionDep, user: CurrentUser, code: str,
              sok: str = Query("", max_length=100), sida: int = Query(1, ge=1, le=100000)) -> HTMLResponse:
    shown = pages.case_list(session, user, code, sok, sida)
    return templates.TemplateResponse(request, "cases.html", shown, status_code=422 if shown["error"] else 200)


@router.get("/personer/{person_id}", response_class=HTMLResponse)
def person_page(request: Request, session: SessionDep, user: CurrentUser, person_id: Id) -> HTMLResponse:
    return templates.TemplateResponse(request, "person.html", pages.person(session, user, person_id))


@router.get("/dokument/{document_id}")
def download(session: SessionDep, user: CurrentUser, document_id: Id) -> FileResponse:
    path, media_type, filename = pages.document(session, user, document_id)
    return FileResponse(path, media_type=media_type, filename=filename)


@router.get("/enheter/{code}/uppgifter", response_class=HTMLResponse)
def task_list(request: Request, session: SessionDep, user: CurrentUser, code: str, visa: str = "alla",
              sida: int = Query(1, ge=1, le=100_000)) -> HTMLResponse:
    return templates.TemplateResponse(request, "tasks.html", pages.task_list(session, user, code, visa, sida))


@router.get("/enheter/{code}/uppgifter/{task_id}", response_class=HTMLResponse)
def task_page(request: Request, session: SessionDep, user: CurrentUser, code: str, task_id: Id) -> HTMLResponse:
    return templates.TemplateResponse(request, "task.html", pages.task(session, user, code, task_id))


@router.post("/enheter/{code}/uppgifter/{task_id}")
def task_action(request: Request, session: SessionDep, user: CurrentUser, code: str, task_id: Id,
                atgard: str = Form(""), anvandare: str = Form(""), anteckning: str = Form("")) -> RedirectResponse:
    back = f"/enheter/{code}/uppgifter/{task_id}"
    with back_to(back):
        done = pages.act_on_task(session, user, task_id, atgard, anvandare, anteckning)
    return redirect(request, back if atgard == "ta" else f"/enheter/{code}/uppgifter", done)
