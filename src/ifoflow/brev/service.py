"""One letter path for every process: a letter is a template file plus its data, stored under the key of what it
is about (the decision, the notice, the new assignment), rendered to PDF by this service and sent by
ifoflow.brev.delivery (the robot `brevutskick`).

Writing stores the template's name, its version (a hash of its text and the letterhead's, so a later change of
wording shows) and the data; nothing is written twice for one key. Every letter starts `vantar`: a case worker can
stop it until the delivery robot sends it. The PDF is made at once when the reader must see the letter now (a
decision letter in the e-service), otherwise by the delivery robot.
"""

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from lxml import html as lxml_html
from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende import documents
from ifoflow.arende.models import Case, Document, Person
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.brev.models import Letter
from ifoflow.brev.pdf import is_typst, render_html, render_pdf, version
from ifoflow.domain import format as fmt
from ifoflow.domain.enums import LetterStatus, label
from ifoflow.domain.errors import NotFoundError
from ifoflow.settings import get_settings
from ifoflow.store import locks
from ifoflow.store.base import utcnow
from ifoflow.store.bulk import insert_new


@dataclass(frozen=True)
class LetterIn:
    key: str  # what the letter is about, e.g. "letter:beslut:17"; one letter per key, ever
    template: str  # "package/file.typ" under ifoflow/<package>/letters/
    data: dict[str, Any]  # JSON: everything the template shows, fixed when the letter is written; no address
    kind: str  # e.g. "beslut_forsorjningsstod"
    case_id: int
    person_id: int | None  # None: `recipient` is an organisation, reached on paper
    filename: str  # of the PDF, e.g. "beslut-IFO-2026-000017.pdf"
    decision_id: int | None = None
    recipient: dict[str, str] | None = None  # namn, utdelningsadress, postnummer, postort


def template_version(template: str) -> str:
    return version(template)


def letterhead(session: Session, case: Case, person: Person, *, worker: StaffUser | None = None,
               today: date | None = None) -> dict[str, Any]:
    """What every letter shows beside its own words: who writes (municipality, unit, case worker and how to reach
    them), the case number, the date, and the recipient's name. Never an address: that is added on paper only."""
    worker = worker or (session.get(StaffUser, case.assigned_to_id) if case.assigned_to_id else None)
    name = worker.name if worker else "Socialtjänstens mottagning"
    return {"municipality": get_settings().municipality_name, "unit": session.get_one(Unit, case.unit_id).name,
            "today": fmt.day(today or date.today()), "case_number": case.case_number, "handlaggare": name,
            "kontakt": contact(name), "name": f"{person.first_name} {person.last_name}"}


def contact(worker_name: str) -> str:
    """How a letter tells its reader to reach the case worker: the switchboard (IFOFLOW_LETTER_PHONE) or words."""
    phone = get_settings().letter_phone
    return f"{f'Telefon {phone}' if phone else 'Ring kommunens växel'} och fråga efter {worker_name}."


def write(session: Session, letters: list[LetterIn]) -> int:
    """Store the letters whose key is new (in bulk, in the caller's transaction). Returns how many were new."""
    versions = {t: template_version(t) for t in {x.template for x in letters}}
    return insert_new(session, Letter.idempotency_key, [
        {"idempotency_key": x.key, "case_id": x.case_id, "person_id": x.person_id, "kind": x.kind,
         "status": LetterStatus.vantar, "decision_id": x.decision_id, "template": x.template,
         "template_version": versions[x.template], "data": _data(x),
         "document_id": None, "recipient": x.recipient, "created_at": utcnow()} for x in letters])


def write_one(session: Session, letter: LetterIn, *, render: bool = False) -> int:
    """One letter (or the one already stored under its key); with `render`, its PDF is made now. Returns its id.

    The PDF is rendered before anything is written: on SQLite the first write takes the database's one write
    lock, and other writers (the e-service's decisions) must not wait while a letter renders."""
    existing = _id_of(session, letter.key)
    if existing is not None:
        return existing
    content = render_pdf(letter.template, _data(letter)) if render else None
    write(session, [letter])
    letter_id = _id_of(session, letter.key)
    assert letter_id is not None
    if content is not None:
        _attach(session, letter_id, content)
    return letter_id


def _id_of(session: Session, key: str) -> int | None:
    return session.scalar(select(Letter.id).where(Letter.idempotency_key == key))


def by_key(session: Session, key: str) -> Letter | None:
    return session.scalar(select(Letter).where(Letter.idempotency_key == key))


def text(letter: Letter) -> str:
    """The letter's words without layout (what a screen reader or a search needs)."""
    if is_typst(letter.template):
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(render_pdf(letter.template, letter.data)))
        return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    body = lxml_html.fromstring(render_html(letter.template, letter.data)).find("body")
    return " ".join((body.text_content() if body is not None else "").split())


def pdf(session: Session, letter_id: int) -> bytes:
    """The letter's PDF: made and stored (as a document on the case) on first use, read from the store after."""
    letter = session.get(Letter, letter_id)
    if letter is None:
        raise NotFoundError("brev", "Brevet finns inte.")
    if letter.document_id is None:
        content = render_pdf(letter.template, letter.data)  # before the lock: others do not wait while it renders
        if _attach(session, letter_id, content):
            return content
    document = session.get_one(Document, letter.document_id)  # `letter` was refreshed by the lock in _attach
    return documents.path(document.sha256).read_bytes()


def _data(letter: LetterIn) -> dict[str, Any]:
    return {**letter.data, "filnamn": letter.filename}


def title(letter: Letter) -> str:
    """The letter's kind in Swedish: "Information om ny handläggare"."""
    return label(letter.kind)


def _attach(session: Session, letter_id: int, content: bytes) -> bool:
    """Store the rendered PDF as the letter's document, unless another process did meanwhile (then False)."""
    letter = locks.lock(session, Letter, letter_id)
    assert letter is not None
    return attach(session, letter, content)


def attach(session: Session, letter: Letter, content: bytes) -> bool:
    """Store the PDF as the (locked) letter's document, unless it has one."""
    if letter.document_id is not None:
        return False
    digest = documents.save(content)
    document = Document(case_id=letter.case_id, person_id=letter.person_id, kind="brev",
                        filename=str(letter.data.get("filnamn") or f"brev-{letter.id}.pdf"),
                        content_type="application/pdf", sha256=digest, size_bytes=len(content))
    session.add(document)
    session.flush()
    letter.document_id = document.id
    return True
