"""The workspace's routes: the case page, a decision, a letter, the journal, my cases."""

from datetime import date

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from ifoflow.arbetsyta import dashboard, household, mine, pages
from ifoflow.atkomst.web import CurrentUser
from ifoflow.domain.errors import InputError
from ifoflow.web.deps import SessionDep, templates
from ifoflow.web.flash import redirect
from ifoflow.web.ids import Id
from ifoflow.web.refusal import form_again

router = APIRouter()


@router.get("/arenden/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, session: SessionDep, user: CurrentUser, case_id: Id,
              visa: list[str] = Query([], max_length=20)) -> HTMLResponse:
    return templates.TemplateResponse(request, "case.html", pages.case_page(session, user, case_id, visa))


@router.get("/arenden/{case_id}/hushall", response_class=HTMLResponse)
def household_page(request: Request, session: SessionDep, user: CurrentUser, case_id: Id) -> HTMLResponse:
    return templates.TemplateResponse(request, "household.html", household.household_page(session, user, case_id))


@router.get("/arenden/{case_id}/beslut/{decision_id}", response_class=HTMLResponse)
def decision_page(request: Request, session: SessionDep, user: CurrentUser, case_id: Id,
                  decision_id: Id) -> HTMLResponse:
    return templates.TemplateResponse(request, "decision.html",
                                      pages.decision_page(session, user, case_id, decision_id))


@router.get("/arenden/{case_id}/brev/{letter_id}.pdf")
def letter_pdf(session: SessionDep, user: CurrentUser, case_id: Id, letter_id: Id) -> Response:
    return _pdf(pages.letter_pdf(session, user, case_id, letter_id), f"brev-{letter_id}.pdf")


@router.post("/arenden/{case_id}/handlaggare")
def reassign(request: Request, session: SessionDep, user: CurrentUser, case_id: Id,
             handlaggare: str = Form("", max_length=64)) -> Response:
    try:
        done = pages.reassign(session, user, case_id, handlaggare)
    except InputError as exc:
        return redirect(request, f"/arenden/{case_id}#handlaggare", exc.message, "error")
    return redirect(request, f"/arenden/{case_id}#brev", done)


@router.post("/arenden/{case_id}/brev/{letter_id}/stoppa")
def stop_letter(request: Request, session: SessionDep, user: CurrentUser, case_id: Id, letter_id: Id,
                anledning: str = Form("", max_length=500)) -> Response:
    try:
        done = pages.stop_letter(session, user, case_id, letter_id, anledning)
    except InputError as exc:
        return redirect(request, f"/arenden/{case_id}#brev", exc.message, "error")
    return redirect(request, f"/arenden/{case_id}#brev", done)


@router.get("/arenden/{case_id}/journal.pdf")
def journal_pdf(session: SessionDep, user: CurrentUser, case_id: Id) -> Response:
    return _pdf(pages.journal_pdf(session, user, case_id), f"journal-{case_id}.pdf")


@router.get("/arenden/{case_id}/journal/ny", response_class=HTMLResponse)
def new_note(request: Request, session: SessionDep, user: CurrentUser, case_id: Id,
             rattar: str = Query("", max_length=12)) -> HTMLResponse:
    return templates.TemplateResponse(request, "note_form.html", pages.note_form(
        session, user, case_id, None, {"datum": date.today().isoformat()}, rattar))


@router.post("/arenden/{case_id}/journal/ny")
def create_note(request: Request, session: SessionDep, user: CurrentUser, case_id: Id, datum: str = Form(""),
                rubrik: str = Form(""), text: str = Form(""), beslut: str = Form(""), rattar: str = Form(""),
                atgard: str = Form("spara")) -> Response:
    entered = {"datum": datum, "rubrik": rubrik, "text": text, "beslut": beslut}
    with form_again(session, "note_form.html", lambda s: pages.note_form(s, user, case_id, None, entered, rattar)):
        note_id, done = pages.save_note(session, user, case_id, None, entered, corrects=rattar,
                                        sign=atgard == "signera")
    return redirect(request, f"/arenden/{case_id}/journal/{note_id}", done)


@router.get("/arenden/{case_id}/journal/{note_id}", response_class=HTMLResponse)
def note_page(request: Request, session: SessionDep, user: CurrentUser, case_id: Id, note_id: Id) -> HTMLResponse:
    shown = pages.note_page(session, user, case_id, note_id)
    if not shown["editable"]:
        return templates.TemplateResponse(request, "note.html", shown)
    note = shown["note"]
    entered = {"datum": note.occurred_on.isoformat() if note.occurred_on else "", "rubrik": note.heading,
               "text": note.text, "beslut": note.decided}
    return templates.TemplateResponse(request, "note_form.html", pages.note_form(session, user, case_id, note_id,
                                                                                  entered))


@router.post("/arenden/{case_id}/journal/{note_id}")
def change_note(request: Request, session: SessionDep, user: CurrentUser, case_id: Id, note_id: Id,
                datum: str = Form(""), rubrik: str = Form(""), text: str = Form(""), beslut: str = Form(""),
                atgard: str = Form("spara")) -> Response:
    entered = {"datum": datum, "rubrik": rubrik, "text": text, "beslut": beslut}
    with form_again(session, "note_form.html", lambda s: pages.note_form(s, user, case_id, note_id, entered)):
        _, done = pages.save_note(session, user, case_id, note_id, entered, sign=atgard == "signera")
    return redirect(request, f"/arenden/{case_id}/journal/{note_id}", done)


@router.get("/mina-arenden", response_class=HTMLResponse)
def my_cases(request: Request, session: SessionDep, user: CurrentUser, sok: str = Query("", max_length=100),
             status: str = Query("", max_length=32), typ: str = Query("", max_length=32),
             forsenade: bool = False, sida: int = Query(1, ge=1, le=100_000)) -> HTMLResponse:
    shown = mine.my_cases(session, user, query=sok, status=status, kind=typ, overdue=forsenade, page=sida)
    return templates.TemplateResponse(request, "my_cases.html", shown, status_code=422 if shown["error"] else 200)


@router.get("/oversikt", response_class=HTMLResponse)
def overview(request: Request, session: SessionDep, user: CurrentUser,
             enhet: str = Query("", max_length=32)) -> HTMLResponse:
    return templates.TemplateResponse(request, "overview.html", dashboard.overview(session, user, enhet))


def _pdf(content: bytes, filename: str) -> Response:
    return Response(content, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})
