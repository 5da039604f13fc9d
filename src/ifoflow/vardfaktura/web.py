"""Vårdfakturor on the web: invoices (upload, list, one invoice with its lines and outcome), providers, placements
(one at a time or a CSV file) and the cost follow-up with budget, chart, CSV and the committee's PDF."""

from datetime import date

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from ifoflow.atkomst.web import CurrentUser, permission
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.vardfaktura import costs, pages, placements, report, service
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id

router = APIRouter()
MANAGE = [permission("care_invoices.manage")]
PLACE = [permission("placements.manage")]
COSTS = [permission("care_costs.read")]
MAX_FILES = 200


@router.get("/vardfakturor", response_class=HTMLResponse, dependencies=MANAGE)
def invoices(request: Request, session: SessionDep, user: CurrentUser,
             status: str = Query("", max_length=16)) -> HTMLResponse:
    return templates.TemplateResponse(request, "care_invoices.html", {"user": user, **pages.overview(session, status)})


@router.post("/vardfakturor", dependencies=MANAGE)
async def upload(request: Request, user: CurrentUser, filer: list[UploadFile] = File(...)) -> RedirectResponse:
    files = [(f.filename or "fil", await f.read()) for f in filer[:MAX_FILES] if f.filename]
    if not files:
        return redirect(request, "/vardfakturor", "Välj en eller flera fakturafiler (XML eller PDF).", "error")
    done = await run_in_threadpool(pages.receive_upload, request.app.state.sessions, files, user.username)
    return redirect(request, "/vardfakturor", done)


@router.get("/vardfakturor/olasbara/{entry_id}", dependencies=MANAGE)
def unreadable_file(session: SessionDep, entry_id: Id) -> Response:
    try:
        content, name = service.quarantined_file(session, entry_id)
    except InputError as exc:
        raise NotFoundError("fil", exc.message) from None
    return Response(content, media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{_safe(name)}"'})


@router.post("/vardfakturor/olasbara/{entry_id}", dependencies=MANAGE)
def dismiss_file(request: Request, session: SessionDep, user: CurrentUser, entry_id: Id,
                 anteckning: str = Form("", max_length=500)) -> Response:
    try:
        done = service.dismiss(session, entry_id, actor=user.username, note=anteckning)
    except InputError as exc:
        return redirect(request, "/vardfakturor#olasbara", exc.message, "error")
    return redirect(request, "/vardfakturor", done)


def _safe(name: str) -> str:
    return "".join(c for c in name if c.isalnum() or c in "._-")[:100] or "faktura.xml"


@router.get("/vardfakturor/pdf/{document_id}", dependencies=MANAGE)
def pdf(session: SessionDep, document_id: Id) -> FileResponse:
    path, name = pages.pdf_invoice(session, document_id)
    return FileResponse(path, media_type="application/pdf", filename=name)


@router.get("/vardfakturor/{invoice_id}", response_class=HTMLResponse, dependencies=MANAGE)
def one_invoice(request: Request, session: SessionDep, user: CurrentUser, invoice_id: Id) -> HTMLResponse:
    return templates.TemplateResponse(request, "care_invoice.html", pages.invoice(session, user, invoice_id))


@router.post("/vardfakturor/{invoice_id}", dependencies=MANAGE)
def handle_deviation(request: Request, session: SessionDep, user: CurrentUser, invoice_id: Id,
                     atgard: str = Form(""), anteckning: str = Form("", max_length=2000)) -> Response:
    back = f"/vardfakturor/{invoice_id}"
    try:
        if atgard == "godkann":
            done = service.approve(session, invoice_id, actor=user.username, note=anteckning)
        else:
            done = service.retry(session, invoice_id, actor=user.username)
    except InputError as exc:
        return redirect(request, back, exc.message, "error")
    return redirect(request, back, done)


@router.get("/leverantorer", response_class=HTMLResponse, dependencies=MANAGE)
def providers(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    return templates.TemplateResponse(request, "providers.html", {"user": user, **pages.provider_list(session)})


@router.post("/leverantorer", dependencies=MANAGE)
def add_provider(request: Request, session: SessionDep, user: CurrentUser, namn: str = Form(""),
                 organisationsnummer: str = Form(""), peppol: str = Form(""), bankgiro: str = Form("")) -> Response:
    try:
        made = placements.add_provider(session, {"name": namn, "org_number": organisationsnummer,
                                                 "peppol_id": peppol, "bankgiro": bankgiro}, actor=user.username)
    except InputError as exc:
        return redirect(request, "/leverantorer", placements.said(exc), "error")
    return redirect(request, "/leverantorer", f"{made.name} finns nu i leverantörsregistret.")


@router.post("/leverantorer/andra", dependencies=MANAGE)
def change_provider(request: Request, session: SessionDep, user: CurrentUser, leverantor: int = Form(0),
                    bankgiro: str = Form(""), peppol: str = Form("")) -> Response:
    try:
        made = placements.change_provider(session, leverantor, bankgiro_number=bankgiro, peppol_id=peppol,
                                          actor=user.username)
    except InputError as exc:
        return redirect(request, "/leverantorer#andra", placements.said(exc), "error")
    return redirect(request, "/leverantorer", f"{made.name} har nu bankgiro {made.bankgiro or '(inget)'}. "
                    "Pröva fakturorna med avvikande bankgiro igen.")


@router.get("/placeringar", response_class=HTMLResponse, dependencies=PLACE)
def placement_page(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    return templates.TemplateResponse(request, "placements.html", {"user": user, **pages.placement_list(session)})


@router.post("/placeringar", dependencies=PLACE)
async def add_placement(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}
    try:  # in a worker thread: the event loop must not wait on the database
        done = await run_in_threadpool(pages.add_placement, session, form, user.username)
    except InputError as exc:
        return redirect(request, "/placeringar#ny", placements.said(exc), "error")
    return redirect(request, "/placeringar", done)


@router.post("/placeringar/import", dependencies=PLACE)
async def import_placements(request: Request, session: SessionDep, user: CurrentUser,
                            fil: UploadFile = File(...)) -> Response:
    content = await fil.read()
    try:
        count = await run_in_threadpool(placements.import_csv, session, content, actor=user.username)
    except InputError as exc:
        session.rollback()
        return redirect(request, "/placeringar#import", f"Inget importerades. {exc.message}", "error")
    return redirect(request, "/placeringar", f"{count} placeringar importerades.")


@router.get("/vardkostnader", response_class=HTMLResponse, dependencies=COSTS)
def follow_up(request: Request, session: SessionDep, user: CurrentUser,
              ar: int = Query(0, ge=0, le=2100), format: str = Query("", max_length=4)) -> Response:
    year = ar or date.today().year
    shown = pages.follow_up(session, year)
    if format == "csv":
        return Response(costs.to_csv(shown["r"]), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="vardkostnader-{year}.csv"'})
    if format == "pdf":
        return Response(report.pdf(shown["r"]), media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="vardkostnader-{year}.pdf"'})
    return templates.TemplateResponse(request, "care_costs.html", {
        "user": user, **shown, "chart": Markup(report.chart(shown["r"])), "can_budget": user.role in (
            "ekonomiassistent", "administrator")})


@router.post("/vardkostnader/budget", dependencies=MANAGE)
def budget(request: Request, session: SessionDep, user: CurrentUser, enhet: str = Form(""), ar: int = Form(0),
           belopp: str = Form("")) -> Response:
    try:
        done = costs.set_budget(session, enhet, ar, belopp, actor=user.username)
    except InputError as exc:
        return redirect(request, f"/vardkostnader?ar={ar or date.today().year}#budget", exc.message, "error")
    return redirect(request, f"/vardkostnader?ar={ar}", done)
