"""The process inventory on the web: list, register, assess, calculate, export and import, summary PDF."""

from typing import Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from ifoflow.atkomst.service import allowed
from ifoflow.atkomst.web import CurrentUser, permission
from ifoflow.domain.errors import InputError
from ifoflow.domain.validation import to_input_error
from ifoflow.drift.registry import ROBOTS
from ifoflow.inventering import excel as inventory_excel
from ifoflow.inventering import service as inventory
from ifoflow.inventering.models import Process
from ifoflow.inventering.pdf import summary_pdf
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id

router = APIRouter()
READ = [permission("inventory.read")]
MANAGE = [permission("inventory.manage")]
MAX_UPLOAD = 5 * 1024 * 1024
FIELDS = ["name", "unit", "owner", "description", "volume_per_year", "minutes_per_case", "rule_clarity",
          "data_form", "automated_share", "monthly_salary", "overhead_percent", "investment_amount",
          "investment_rate", "investment_years", "robot_name"]


@router.get("/processer", response_class=HTMLResponse, dependencies=READ)
def list_page(request: Request, session: SessionDep, user: CurrentUser, prioritet: str = "") -> HTMLResponse:
    query = select(Process).order_by(Process.priority, Process.score.desc())
    if prioritet in ("P1", "P2", "ej_nu"):
        query = query.where(Process.priority == prioritet)
    return templates.TemplateResponse(request, "inventory_list.html", {
        "user": user, "processes": session.scalars(query).all(), "prioritet": prioritet,
        "can_manage": allowed(user, "inventory.manage")})


@router.get("/processer/ny", response_class=HTMLResponse, dependencies=MANAGE)
def new_page(request: Request, user: CurrentUser) -> HTMLResponse:
    return templates.TemplateResponse(request, "inventory_form.html", {
        "user": user, "questions": inventory.QUESTIONS, "legal": inventory.LEGAL, "values": {}, "error": ""})


def _form_to_input(form: Any) -> dict[str, Any]:
    data: dict[str, Any] = {k: form.get(k) for k in FIELDS if form.get(k) not in (None, "")}
    data["ends_in_decision"] = form.get("ends_in_decision") == "ja"
    data["systems"] = [s.strip() for s in str(form.get("systems", "")).split(",") if s.strip()]
    data["answers"] = {k: form.get(f"q_{k}") == "ja" for k in inventory.QUESTIONS}
    data["legal"] = {k: form.get(f"l_{k}") == "ja" for k in inventory.LEGAL}
    data["legal"].update({k: str(form.get(f"l_{k}", "")).strip() for k in ("namnd", "delegation", "lagrum")})
    return data


@router.post("/processer", response_class=HTMLResponse, dependencies=MANAGE)
async def save(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    form = await request.form()
    data = _form_to_input(form)
    try:
        row = inventory.save(session, inventory.ProcessIn.model_validate(data), actor=user.username)
    except ValidationError as exc:
        error = to_input_error(exc)
        return templates.TemplateResponse(request, "inventory_form.html", {
            "user": user, "questions": inventory.QUESTIONS, "legal": inventory.LEGAL, "values": data,
            "error": f"{error.field}: {error.message}"}, status_code=422)
    return RedirectResponse(f"/processer/{row.id}", status_code=303)


@router.get("/processer/export.xlsx", dependencies=READ)
def export(session: SessionDep) -> Response:
    return Response(inventory_excel.export(session), headers={
        "Content-Disposition": 'attachment; filename="processinventering.xlsx"'},
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@router.post("/processer/import", dependencies=MANAGE)
async def import_file(request: Request, session: SessionDep, user: CurrentUser,
                      fil: UploadFile = File(...)) -> Response:
    content = await fil.read(MAX_UPLOAD + 1)
    try:
        if len(content) > MAX_UPLOAD:
            raise InputError("fil", "Filen är större än 5 MB.")
        count = inventory_excel.import_workbook(session, content, actor=user.username)
    except InputError as exc:
        session.rollback()
        return redirect(request, "/processer", exc.message, "error")
    return redirect(request, "/processer", f"{count} processer importerade.")


@router.get("/processer/{process_id}", response_class=HTMLResponse, dependencies=READ)
def detail(request: Request, session: SessionDep, user: CurrentUser, process_id: Id) -> HTMLResponse:
    row = inventory.get(session, process_id)
    gain, years = inventory.economics(row)
    legal_ok, legal_reasons = inventory.legal_check(row.legal)
    return templates.TemplateResponse(request, "inventory_detail.html", {
        "user": user, "p": row, "gain": gain, "years": years, "legal_ok": legal_ok, "legal_reasons": legal_reasons,
        "follow_up": inventory.follow_up(session, row),
        "robot_title": ROBOTS[row.robot_name].title if row.robot_name in ROBOTS else row.robot_name})


@router.get("/processer/{process_id}/sammanfattning.pdf", dependencies=READ)
def pdf(session: SessionDep, process_id: Id) -> Response:
    row = inventory.get(session, process_id)
    return Response(summary_pdf(session, row), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="process-{process_id}.pdf"'})
