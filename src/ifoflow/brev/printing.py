"""The daily print batch: every paper letter of the day in one PDF, addressed from the resident register, and a
manifest CSV for the print house (one row per letter: its pages and its address, in postal-code order).

A person with protected identity is never in a batch (ifoflow.brev.delivery sends theirs by hand); a letter whose
person the register gives no address for, or now protects, goes by hand too. One batch per day, keyed by the day:
the robot `utskrift` makes it once, and a rerun finds it.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende import documents
from ifoflow.arende.models import Case, Person
from ifoflow.brev import delivery
from ifoflow.brev.models import Letter, LetterEvent, PrintBatch
from ifoflow.brev.pdf import TemplateError, render_pdf
from ifoflow.domain.enums import LetterChannel, LetterStatus
from ifoflow.store import locks
from ifoflow.store.base import utcnow

MANIFEST_COLUMNS = ["lopnummer", "brev", "arende", "namn", "utdelningsadress", "postnummer", "postort",
                    "forsta_sida", "sidor"]


@dataclass
class Printed:
    letter: Letter
    person: Person | None  # None: an organisation, addressed by the letter's own recipient
    case_number: str
    address: dict[str, str]
    pdf: bytes


def waiting(session: Session) -> list[tuple[int, str]]:
    """(letter id, personnummer or "" for an organisation) of paper letters not yet in a batch."""
    return [(letter_id, pnr or "") for letter_id, pnr in session.execute(
        select(Letter.id, Person.personnummer).outerjoin(Person, Person.id == Letter.person_id)
        .where(Letter.status == LetterStatus.utskrift, Letter.print_batch_id.is_(None)).order_by(Letter.id))]


def make_batch(session: Session, day: date, ids: list[int], register: dict[str, dict[str, Any]], *,
               actor: str) -> PrintBatch:
    """The day's batch of these letters (those still waiting), addressed from the register's records."""
    existing = session.scalar(select(PrintBatch).where(PrintBatch.day == day))
    if existing is not None:
        return existing
    rows = session.execute(select(Letter, Person, Case.case_number).outerjoin(Person, Person.id == Letter.person_id)
                           .join(Case, Case.id == Letter.case_id).where(Letter.id.in_(ids)).order_by(Letter.id))
    printed = []
    for letter, person, case_number in rows:  # rendered before the lock: others do not wait while letters render
        record = (register.get(person.personnummer) or {}) if person else {"adress": letter.recipient or {}}
        address = record.get("adress") or {}
        if (person and person.protected_identity) or record.get("skyddad_identitet") \
                or not address.get("utdelningsadress"):
            continue  # sent by hand below, under the lock
        try:
            pdf = render_pdf(letter.template, {**letter.data, "address": [
                address["utdelningsadress"], f"{address.get('postnummer', '')} {address.get('postort', '')}"]})
        except TemplateError:
            continue  # the letter was made once already; a template changed since then is fixed by a person
        printed.append(Printed(letter, person, case_number, address, pdf))
    locked = {x.id for x in locks.lock_many(session, select(Letter).where(
        Letter.id.in_(ids), Letter.status == LetterStatus.utskrift, Letter.print_batch_id.is_(None))
        .order_by(Letter.id))}
    printed = sorted((p for p in printed if p.letter.id in locked),
                     key=lambda p: (p.address.get("postnummer", ""), p.letter.id))
    for letter, person, _ in session.execute(select(Letter, Person, Case.case_number)
                                             .outerjoin(Person, Person.id == Letter.person_id)
                                             .join(Case, Case.id == Letter.case_id)
                                             .where(Letter.id.in_(locked - {p.letter.id for p in printed}))):
        delivery.to_hand(session, letter, person, "Folkbokföringen ger ingen adress att skriva ut brevet till."
                         if person else "Brevet saknar mottagarens postadress.", actor)
    return _store(session, day, printed, actor)


def _store(session: Session, day: date, printed: list[Printed], actor: str) -> PrintBatch:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    manifest = io.StringIO()
    out = csv.writer(manifest, delimiter=";")
    out.writerow(MANIFEST_COLUMNS)
    page = 1
    for n, p in enumerate(printed, start=1):
        pages = len(PdfReader(io.BytesIO(p.pdf)).pages)
        writer.append(io.BytesIO(p.pdf))
        out.writerow([n, p.letter.id, p.case_number, f"{p.person.first_name} {p.person.last_name}" if p.person
                      else (p.letter.recipient or {}).get("namn", ""),
                      p.address.get("utdelningsadress", ""), p.address.get("postnummer", ""),
                      p.address.get("postort", ""), page, pages])
        page += pages
    content = io.BytesIO()
    writer.write(content)
    batch = PrintBatch(day=day, letters=len(printed), pages=page - 1, pdf_sha256=documents.save(content.getvalue()),
                       manifest_sha256=documents.save(manifest.getvalue().encode("utf-8-sig")))
    session.add(batch)
    session.flush()
    now = utcnow()
    for p in printed:
        p.letter.status, p.letter.channel, p.letter.sent_at = LetterStatus.utskriven, LetterChannel.utskrift, now
        p.letter.print_batch_id = batch.id
    session.add_all([LetterEvent(letter_id=p.letter.id, channel=LetterChannel.utskrift, outcome="utskrivet",
                                 detail=f"Utskrift {day.isoformat()}", actor=actor, at=now) for p in printed])
    return batch


def batches(session: Session, limit: int = 30) -> list[PrintBatch]:
    return list(session.scalars(select(PrintBatch).order_by(PrintBatch.day.desc()).limit(limit)))


def files(batch: PrintBatch) -> tuple[bytes, bytes]:
    """The batch's PDF and its manifest CSV."""
    return documents.path(batch.pdf_sha256).read_bytes(), documents.path(batch.manifest_sha256).read_bytes()
