"""The process inventory on the web: list, register, assess, calculate, export and import, summary PDF."""

from typing import Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ifoflow.atkomst.service import allowed
from ifoflow.atkomst.web import CurrentUser, permission
from ifoflow.inventering import excel as inventory_excel
from ifoflow.inventering import service as inventory
from ifoflow.inventering.pdf import summary_pdf
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id
from ifoflow.web.refusal import back_to, form_again

router = APIRouter()
READ = [permission("inventory.read")]
MANAGE = [permission("inventory.manage")]
MAX_UPLOAD = 5 * 1024 * 1024
FIELDS = ["name", "unit", "owner", "description", "volume_per_year", "minutes_per_case", "rule_clarity",
          "data_form", "automated_share", "monthly_salary", "overhead_percent", "investment_amount",
          "investment_rate", "investment_years", "robot_name"]


@router.get("/processer", response_class=HTMLResponse, dependencies=READ)
def list_page(request: Request, session: SessionDep, user: CurrentUser, prioritet: str = "") -> HTMLResponse:
    return templates.TemplateResponse(request, "inventory_list.html", {
        "user": user, "processes": inventory.listing(session, prioritet), "prioritet": prioritet,
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
    data = _form_to_input(await request.form())
    with form_again(session, "inventory_form.html", lambda _: {"user": user, "questions": inventory.QUESTIONS,
                                                      "legal": inventory.LEGAL, "values": data}):
        row = inventory.save_form(session, data, actor=user.username)
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
    with back_to("/processer"):
        count = inventory_excel.import_workbook(session, content, actor=user.username, max_bytes=MAX_UPLOAD)
    return redirect(request, "/processer", f"{count} processer importerade.")


@router.get("/processer/{process_id}", response_class=HTMLResponse, dependencies=READ)
def detail(request: Request, session: SessionDep, user: CurrentUser, process_id: Id) -> HTMLResponse:
    shown = inventory.overview(session, process_id)
    robot = shown["p"].robot_name
    return templates.TemplateResponse(request, "inventory_detail.html", {
        **shown, "user": user, "robot_title": request.app.state.robot_titles.get(robot, robot)})


@router.get("/processer/{process_id}/sammanfattning.pdf", dependencies=READ)
def pdf(session: SessionDep, process_id: Id) -> Response:
    return Response(summary_pdf(session, inventory.get(session, process_id)), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="process-{process_id}.pdf"'})
