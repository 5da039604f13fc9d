"""Scanning on the web: the overview with the upload, the manual queue, one document with its page images and a
person's answer, and the cover sheet printed from a case."""

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ifoflow.atkomst.web import CurrentUser
from ifoflow.domain.errors import InputError
from ifoflow.skanning import pages
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id

router = APIRouter()


@router.get("/skanning", response_class=HTMLResponse)
def overview(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    return templates.TemplateResponse(request, "scan_overview.html", pages.overview(session, user))


@router.post("/skanning")
async def upload(request: Request, user: CurrentUser, filer: list[UploadFile] = File(...),
                 inkom: str = Form("", max_length=10)) -> RedirectResponse:
    files = [(f.filename or "fil", await f.read()) for f in filer[:pages.MAX_FILES] if f.filename]
    if not files:
        return redirect(request, "/skanning", "Välj en eller flera skannade filer (PDF, TIFF, JPEG eller PNG).",
                        "error")
    try:
        done = await run_in_threadpool(pages.upload, request.app.state.sessions, user, files, inkom)
    except InputError as exc:
        return redirect(request, "/skanning", exc.message, "error")
    return redirect(request, "/skanning", done)


@router.get("/skanning/manuell", response_class=HTMLResponse)
def manual_queue(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    return templates.TemplateResponse(request, "scan_queue.html", pages.manual_queue(session, user))


@router.get("/skanning/handlingar/{doc_id}", response_class=HTMLResponse)
def document(request: Request, session: SessionDep, user: CurrentUser, doc_id: Id) -> HTMLResponse:
    return templates.TemplateResponse(request, "scan_document.html", pages.document(session, user, doc_id))


@router.post("/skanning/handlingar/{doc_id}")
async def answer(request: Request, session: SessionDep, user: CurrentUser, doc_id: Id) -> RedirectResponse:
    form = {k: str(v)[:100] for k, v in (await request.form()).items()}
    try:
        done = await run_in_threadpool(pages.answer, session, user, doc_id, form)
    except InputError as exc:
        return redirect(request, f"/skanning/handlingar/{doc_id}", exc.message, "error")
    return redirect(request, "/skanning/manuell", done)


@router.get("/skanning/handlingar/{doc_id}/sidor/{page}.png")
def page_image(session: SessionDep, user: CurrentUser, doc_id: Id, page: int) -> Response:
    return Response(pages.page_image(session, user, doc_id, page), media_type="image/png",
                    headers={"Cache-Control": "private, no-store"})


@router.get("/arenden/{case_id}/forsattsblad.pdf")
def cover_sheet(session: SessionDep, user: CurrentUser, case_id: Id, typ: str = Query("", max_length=32),
                inkom: str = Query("", max_length=10)) -> Response:
    content = pages.cover_sheet(session, user, case_id, typ, inkom)
    return Response(content, media_type="application/pdf",
                    headers={"Content-Disposition": 'attachment; filename="forsattsblad.pdf"'})
