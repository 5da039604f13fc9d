"""Deviation reports on the web: the staff's e-form (draft, submit), one report with its clocks and workflow, the
prefilled notification to IVO or IMY, and the committee's quarterly report (chart, CSV, PDF)."""

from datetime import date

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ifoflow.atkomst.web import CurrentUser
from ifoflow.avvikelse import pages, report
from ifoflow.brev.pdf import render_pdf
from ifoflow.domain.errors import InputError
from ifoflow.settings import get_settings
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id

router = APIRouter()


async def _form(request: Request) -> dict[str, str]:
    return {k: str(v)[:20_000] for k, v in (await request.form()).items() if k != "csrf_token"}


@router.get("/avvikelser", response_class=HTMLResponse)
def overview(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    return templates.TemplateResponse(request, "deviations.html", pages.overview(session, user))


@router.get("/avvikelser/ny", response_class=HTMLResponse)
def new(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    return templates.TemplateResponse(request, "deviation_form.html", pages.form(session, user))


@router.post("/avvikelser/ny", response_model=None)
async def create(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    return await _save(request, session, user, None)


async def _save(request: Request, session: SessionDep, user: CurrentUser, report_id: int | None) -> Response:
    """A new report or the reporter's draft, saved or sent; the form again with the error naming the field."""
    data = await _form(request)
    try:
        saved_id, done = await run_in_threadpool(pages.save, session, user, data, report_id)
    except InputError as exc:
        shown = await run_in_threadpool(pages.form, session, user, report_id, data)
        return templates.TemplateResponse(request, "deviation_form.html", {
            **shown, "error": exc.message, "error_field": exc.field}, 422)
    return redirect(request, f"/avvikelser/{saved_id}", done)


@router.get("/avvikelser/rapport", response_class=HTMLResponse)
def committee(request: Request, session: SessionDep, user: CurrentUser, kvartal: str = Query("", max_length=8),
              format: str = Query("", max_length=4)) -> Response:
    shown = pages.committee(session, user, kvartal)
    if format == "csv":
        return Response(report.to_csv(shown["rows"], shown["small"]), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="avvikelser-{shown["quarter"]}.csv"'})
    if format == "pdf":
        table = templates.env.get_template("deviation_report_table.html").render(**shown)
        pdf = render_pdf("avvikelse/avvikelser_rapport.html", {
            **shown, "table": table, "today": date.today().isoformat(),
            "municipality": get_settings().municipality_name})
        return Response(pdf, media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="avvikelser-{shown["quarter"]}.pdf"'})
    return templates.TemplateResponse(request, "deviation_report.html", shown)


@router.get("/avvikelser/{report_id}", response_class=HTMLResponse)
def show(request: Request, session: SessionDep, user: CurrentUser, report_id: Id) -> HTMLResponse:
    shown = pages.show(session, user, report_id)
    if shown["r"].status == "utkast":
        return templates.TemplateResponse(request, "deviation_form.html",
                                          pages.form(session, user, report_id))
    return templates.TemplateResponse(request, "deviation.html", shown)


@router.post("/avvikelser/{report_id}", response_model=None)
async def save_draft(request: Request, session: SessionDep, user: CurrentUser, report_id: Id) -> Response:
    return await _save(request, session, user, report_id)


@router.post("/avvikelser/{report_id}/{step}")
async def act(request: Request, session: SessionDep, user: CurrentUser, report_id: Id,
              step: str) -> RedirectResponse:
    data = await _form(request)
    try:
        done = await run_in_threadpool(pages.act, session, user, report_id, step[:20], data)
    except InputError as exc:
        return redirect(request, f"/avvikelser/{report_id}#{step[:20]}", exc.message, "error")
    return redirect(request, f"/avvikelser/{report_id}", done)


@router.get("/avvikelser/{report_id}/anmalan.txt")
def notification(session: SessionDep, user: CurrentUser, report_id: Id) -> Response:
    return Response(pages.notification(session, user, report_id), media_type="text/plain; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="anmalan-{report_id}.txt"'})
