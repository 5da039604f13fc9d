"""Orosanmälan on the web: the public form (anyone; a professional signed in with e-legitimation is known), the
reception's list and phone intake, one report with its decision support, and the assessments."""

from datetime import date

from fastapi import APIRouter, BackgroundTasks, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from ifoflow.atkomst.web import CurrentUser, permission
from ifoflow.brev.chart import bars
from ifoflow.brev.pdf import render_pdf
from ifoflow.domain.errors import InputError
from ifoflow.larm import service as larm
from ifoflow.oro import pages, service, stats
from ifoflow.settings import get_settings
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id

router = APIRouter()


@router.get("/orosanmalan", response_class=HTMLResponse)
def public_form(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "concern_form.html", pages.form())


@router.post("/orosanmalan", response_class=HTMLResponse)
async def submit(request: Request, session: SessionDep, background: BackgroundTasks) -> Response:
    data = {k: str(v) for k, v in (await request.form()).items()}
    pnr = request.session.get("citizen_pnr") if isinstance(request.session.get("citizen_pnr"), str) else ""
    try:  # in a worker thread: the event loop must not wait on the database (SQLite's write lock)
        got = await run_in_threadpool(service.register, session, pages.submitted(
            data, channel="webb", reporter_pnr=str(pnr or "")), actor="orosanmalan")
    except InputError as exc:
        return templates.TemplateResponse(request, "concern_form.html", {
            **pages.form(data), "error": exc.message, "error_field": exc.field}, 422)
    if got.acute:  # after the commit (the session closes when the route returns): the on-call hears at once
        background.add_task(larm.deliver, request.app.state.sessions, actor="robot:larm")
    return templates.TemplateResponse(request, "concern_thanks.html", {
        "received": got.reports[0].received_at, "acute": got.acute})


@router.get("/enheter/{code}/orosanmalningar", response_class=HTMLResponse)
def reception(request: Request, session: SessionDep, user: CurrentUser, code: str) -> HTMLResponse:
    return templates.TemplateResponse(request, "concern_reception.html", pages.reception(session, user, code))


@router.post("/enheter/{code}/orosanmalningar")
async def phone_intake(request: Request, session: SessionDep, user: CurrentUser, code: str,
                       background: BackgroundTasks) -> Response:
    """A report taken by phone by the reception (the same fields as the public form)."""
    await run_in_threadpool(pages.reception, session, user, code)  # the reader's access, checked as for the list
    data = {k: str(v) for k, v in (await request.form()).items()}
    try:
        got = await run_in_threadpool(service.register, session, pages.submitted(data, channel="telefon"),
                                      actor=user.username)
    except InputError as exc:
        return redirect(request, f"/enheter/{code}/orosanmalningar#telefon", exc.message, "error")
    if got.acute:
        background.add_task(larm.deliver, request.app.state.sessions, actor="robot:larm")
    return redirect(request, f"/orosanmalningar/{got.reports[0].id}", "Anmälan är registrerad.")


@router.get("/orosanmalningar/statistik", response_class=HTMLResponse, dependencies=[permission("metrics.read")])
def statistics(request: Request, session: SessionDep, user: CurrentUser, ar: int = Query(0, ge=0, le=2100),
               format: str = Query("", max_length=4)) -> Response:
    year = ar or date.today().year
    rows = stats.months(session, year)
    if format == "csv":
        return Response(stats.to_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="orosanmalningar-{year}.csv"'})
    shown = {"rows": rows, "categories": service.CATEGORIES, "year": year, "user": user,
             "chart": Markup(bars([m.month[5:] for m in rows], [
                 ("Anmälningar", "#0b5394", [m.reports for m in rows]),
                 ("Skyddsbedömda samma dag", "#38761d", [m.protection_same_day for m in rows])],
                 title=f"Orosanmälningar per månad {year}", unit="st"))}
    if format == "pdf":
        table = templates.env.get_template("concern_stats_table.html").render(**shown)
        pdf = render_pdf("oro/oro_statistik.html", {**shown, "table": table, "today": date.today().isoformat(),
                                                     "municipality": get_settings().municipality_name})
        return Response(pdf, media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="orosanmalningar-{year}.pdf"'})
    return templates.TemplateResponse(request, "concern_stats.html", shown)


@router.get("/orosanmalningar/{report_id}", response_class=HTMLResponse)
def report(request: Request, session: SessionDep, user: CurrentUser, report_id: Id) -> HTMLResponse:
    return templates.TemplateResponse(request, "concern_report.html", pages.report_page(session, user, report_id))


@router.post("/orosanmalningar/{report_id}/aterkoppling")
def feedback(request: Request, session: SessionDep, user: CurrentUser, report_id: Id,
             namn: str = Form("", max_length=200), utdelningsadress: str = Form("", max_length=200),
             postnummer: str = Form("", max_length=10), postort: str = Form("", max_length=100)) -> Response:
    pages.report_page(session, user, report_id)  # access as for reading the report
    try:
        service.feedback(session, report_id, user, {"namn": namn, "utdelningsadress": utdelningsadress,
                                                     "postnummer": postnummer, "postort": postort})
    except InputError as exc:
        return redirect(request, f"/orosanmalningar/{report_id}#aterkoppling", exc.message, "error")
    return redirect(request, f"/orosanmalningar/{report_id}#aterkoppling",
                    "Återkopplingsbrevet är skrivet; det går med post efter väntetiden.")


@router.post("/orosanmalningar/{report_id}")
def assess(request: Request, session: SessionDep, user: CurrentUser, report_id: Id, slag: str = Form(""),
           utfall: str = Form(""), skal: str = Form("", max_length=5000)) -> RedirectResponse:
    pages.report_page(session, user, report_id)  # access as for reading the report
    try:
        done = service.assess(session, report_id, user, kind=slag, outcome=utfall, reasons=skal)
    except InputError as exc:
        return redirect(request, f"/orosanmalningar/{report_id}#{slag}", exc.message, "error")
    return redirect(request, f"/orosanmalningar/{report_id}", done)
