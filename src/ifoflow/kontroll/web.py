"""Månadskontrollens rapport (webb, CSV, PDF) och enhetens utbetalningsstopp."""

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from ifoflow.atkomst.models import Unit
from ifoflow.atkomst.service import allowed, find_unit, require, units_of
from ifoflow.atkomst.web import CurrentUser, permission
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.domain.format import parse_month
from ifoflow.kontroll import report as control_report
from ifoflow.utbetalning import stopp as payment_holds
from ifoflow.utbetalning.models import PaymentHold
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id

router = APIRouter()
READ = [permission("metrics.read")]


@router.get("/kontroll/{month}", response_class=HTMLResponse, dependencies=READ)
def report_page(request: Request, session: SessionDep, user: CurrentUser, month: str, enhet: str = "") -> Response:
    when = parse_month(month)
    try:
        report = control_report.build(session, when, enhet or None)
    except NotFoundError:
        return templates.TemplateResponse(request, "kontroll_none.html", {
            "month": when, "user": user, "can_run": allowed(user, "robots.operate")}, status_code=404)
    mine = {u.code for u in session.scalars(select(Unit).where(Unit.id.in_(units_of(session, user))))}
    return templates.TemplateResponse(request, "kontroll.html", {
        "r": report, "label": control_report.label, "unit": enhet, "user": user,
        "open_units": mine if allowed(user, "task.read") else set(), "running": report.status == "running"})


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
    hold = session.get(PaymentHold, hold_id)
    if hold is None or hold.case.unit_id != unit.id:
        raise NotFoundError("stopp", f"Enheten {code} har inget utbetalningsstopp {hold_id}.")
    try:
        payment_holds.clear(session, hold_id, actor=user.username, note=anteckning)
    except InputError as exc:
        session.rollback()
        return redirect(request, f"/enheter/{code}/stopp", exc.message, "error")
    session.commit()
    return redirect(request, f"/enheter/{code}/stopp", f"Stoppet för ärende {hold.case.case_number} är hävt; "
                    "stoppade utbetalningar planeras igen.")
