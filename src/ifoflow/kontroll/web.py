"""Månadskontrollens rapport (webb, CSV, PDF) och enhetens utbetalningsstopp."""

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ifoflow.atkomst.service import allowed, find_unit, require, unit_codes
from ifoflow.atkomst.web import CurrentUser, permission
from ifoflow.domain.format import parse_month
from ifoflow.kontroll import report as control_report
from ifoflow.utbetalning import stopp as payment_holds
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id
from ifoflow.web.refusal import back_to

router = APIRouter()
READ = [permission("metrics.read")]


@router.get("/kontroll/{month}", response_class=HTMLResponse, dependencies=READ)
def report_page(request: Request, session: SessionDep, user: CurrentUser, month: str, enhet: str = "") -> Response:
    mine = unit_codes(session, user) if allowed(user, "task.read") else set()
    shown = control_report.page(session, parse_month(month), enhet, mine)
    if shown["none"]:
        return templates.TemplateResponse(request, "kontroll_none.html", {
            **shown, "user": user, "can_run": allowed(user, "robots.operate")}, status_code=404)
    return templates.TemplateResponse(request, "kontroll.html", {**shown, "user": user})


@router.get("/kontroll/{month}/rapport.csv", dependencies=READ)
def report_csv(session: SessionDep, month: str, enhet: str = "") -> Response:
    report = control_report.build(session, parse_month(month), enhet or None)
    return Response(control_report.to_csv(report), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="kontroll-{month}.csv"'})


@router.get("/kontroll/{month}/rapport.pdf", dependencies=READ)
def report_pdf(session: SessionDep, month: str, enhet: str = "") -> Response:
    report = control_report.build(session, parse_month(month), enhet or None)
    return Response(control_report.to_pdf(report), media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="kontroll-{month}.pdf"'})


@router.get("/enheter/{code}/stopp", response_class=HTMLResponse)
def holds_page(request: Request, session: SessionDep, user: CurrentUser, code: str) -> HTMLResponse:
    unit = find_unit(session, code)
    require(session, user, "task.read", unit.id)
    return templates.TemplateResponse(request, "holds.html", {
        "unit": unit, "holds": payment_holds.active(session, {unit.id}), "user": user})


@router.post("/enheter/{code}/stopp/{hold_id}")
def clear_hold(request: Request, session: SessionDep, user: CurrentUser, code: str, hold_id: Id,
               anteckning: str = Form("")) -> RedirectResponse:
    unit = find_unit(session, code)
    require(session, user, "task.write", unit.id)
    with back_to(f"/enheter/{code}/stopp"):
        case_number = payment_holds.clear_in_unit(session, unit.id, hold_id, actor=user.username, note=anteckning)
    return redirect(request, f"/enheter/{code}/stopp", f"Stoppet för ärende {case_number} är hävt; "
                    "stoppade utbetalningar planeras igen.")
