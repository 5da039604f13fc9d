"""The scanning robot's work: take a file in (stored by its hash before the scanner's copy is deleted), read it
into documents, and file each where it belongs - exactly once, because each document is keyed by the file's hash
and its place in the file, and a file is locked and re-checked before anything is filed."""

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende import documents
from ifoflow.arende.models import Case, Document, Task
from ifoflow.atkomst.models import Unit
from ifoflow.domain import format as fmt
from ifoflow.domain import identity
from ifoflow.domain.enums import TaskStatus
from ifoflow.domain.errors import InputError
from ifoflow.intag.service import files_in
from ifoflow.intag.service import receive as receive_rows
from ifoflow.oro import rules as oro_rules
from ifoflow.oro import service as concerns
from ifoflow.skanning import extract, imaging, matching, rules
from ifoflow.skanning.analysis import Analysis, Part
from ifoflow.skanning.models import ScanDocument, ScanFile
from ifoflow.skuld.intake import NOTICES
from ifoflow.store import audit, locks
from ifoflow.store.base import utcnow
from ifoflow.store.bulk import insert_new
from ifoflow.store.db import unit_of_work

MAX_BYTES = 200 * 1024 * 1024
RECEIVED, DONE, QUARANTINE = "mottagen", "klar", "karantan"
MANUAL = "manuell"


def receive(session: Session, content: bytes, filename: str, *, source: str, arrived_on: date,
            actor: str) -> tuple[ScanFile, bool]:
    """Store the file (once, by its hash) for the robot; (the file, whether it is new). The caller's transaction."""
    if not content:
        raise InputError("fil", f"{filename} är tom.")
    if len(content) > MAX_BYTES:
        raise InputError("fil", f"{filename} är större än {MAX_BYTES // (1024 * 1024)} MB.")
    digest = documents.save(content)  # the content first: a row never points at a missing file
    found = session.scalar(select(ScanFile).where(ScanFile.sha256 == digest))
    if found is not None:
        return found, False
    row = ScanFile(sha256=digest, filename=Path(filename).name[:255], source=source, arrived_on=arrived_on,
                   received_by=actor, status=RECEIVED)
    session.add(row)
    session.flush()
    audit.append(session, actor=actor, action="scan.received", entity="scan_file", entity_id=row.id,
                 details={"kalla": source, "inkom": arrived_on.isoformat()})
    return row, True


def take_folder(factory: sessionmaker[Session], folder: Path, *, arrived_on: date, actor: str) -> tuple[int, int]:
    """Every file in the scanner folder, each in its own transaction; a file is deleted from the folder only after
    its stored copy is committed (a crash in between reads it again and finds it stored). (new, already there)."""
    new = again = 0
    for path in files_in(folder):
        try:
            fresh = receive_committed(factory, path.read_bytes(), path.name, source="skannermapp",
                                      arrived_on=arrived_on, actor=actor)
        except InputError:
            fresh = False  # an empty file: nothing to keep
        path.unlink()
        new, again = new + fresh, again + (not fresh)
    return new, again


def receive_committed(factory: sessionmaker[Session], content: bytes, filename: str, *, source: str,
                      arrived_on: date, actor: str) -> bool:
    """`receive` in a transaction of its own, committed on return; whether the file is new. InputError (empty,
    too large) stores nothing."""
    try:
        with unit_of_work(factory) as session:
            return receive(session, content, filename, source=source, arrived_on=arrived_on, actor=actor)[1]
    except IntegrityError:  # another process stored the same file at the same moment
        return False


def waiting_files(session: Session) -> list[int]:
    return list(session.scalars(select(ScanFile.id).where(ScanFile.status == RECEIVED).order_by(ScanFile.id)))


def file_content(session: Session, file_id: int) -> tuple[bytes, str]:
    row = session.get_one(ScanFile, file_id)
    return documents.path(row.sha256).read_bytes(), row.filename


def store(session: Session, file_id: int, found: Analysis, *, actor: str) -> dict[str, int]:
    """File what the analysis found, under the file's lock; nothing when another run has done it already."""
    row = locks.lock(session, ScanFile, file_id)
    if row is None or row.status != RECEIVED:
        return {"redan_klar": 1}
    row.pages, row.done_at = found.pages, utcnow()
    if found.error:
        row.status, row.reason = QUARANTINE, found.error
        audit.append(session, actor=actor, action="scan.quarantined", entity="scan_file", entity_id=row.id,
                     details={"orsak": found.error})
        return {"karantan": 1}
    params = rules.load(row.arrived_on)
    counts: dict[str, int] = {}
    for n, part in enumerate(found.parts):
        doc = _document(session, row, n, part, found)
        if doc is None:
            continue  # already stored: the last guard behind the file's lock
        route(session, doc, part, params, actor=actor)
        counts[doc.route] = counts.get(doc.route, 0) + 1
    row.status = DONE
    return counts


def _document(session: Session, row: ScanFile, n: int, part: Part, found: Analysis) -> ScanDocument | None:
    key = f"{row.sha256}:{n}"
    if session.scalar(select(ScanDocument.id).where(ScanDocument.key == key)):
        return None
    content = imaging.cut(found.pdfa, part.pages)
    digest = documents.save(content)
    stored = Document(case_id=None, person_id=None, kind="skannad_handling", sha256=digest,
                      filename=f"{rules.label(part.doc_type)} {row.arrived_on.isoformat()}.pdf"[:255],
                      content_type="application/pdf", size_bytes=len(content))
    session.add(stored)
    session.flush()
    doc = ScanDocument(key=key, file_id=row.id, first_page=part.pages[0] + 1, page_count=len(part.pages),
                       page_images=[documents.save(found.images[p]) for p in part.pages], text=part.text[:100_000],
                       arrived_on=part.cover.arrived_on if part.cover else row.arrived_on, doc_type=part.doc_type,
                       type_confidence=round(part.confidence, 4), cover_sheet=part.cover is not None,
                       extracted=extract.facts(part.text), unit_id=0, route=MANUAL, document_id=stored.id)
    return doc


def route(session: Session, doc: ScanDocument, part: Part | None, params: rules.ScanParams, *, actor: str,
          match: matching.Match | None = None) -> None:
    """Where the document goes, and what that sets going; `match` is a person's choice from the manual queue."""
    doc_type = rules.types()[doc.doc_type]
    by_person = match is not None
    sure = by_person or doc.cover_sheet or doc.type_confidence >= params.auto_threshold
    if match is None:
        match = matching.by_cover(session, part.cover) if part and part.cover else matching.by_text(
            session, doc.text, doc.extracted.get("personnummer", []), doc.extracted.get("arenden", []))
    doc.person_id = match.person.id if match.person else None
    doc.retention = doc_type.retention
    target, why = doc_type.route, match.why
    if target == MANUAL and by_person:  # "övrigt" as a person decided it: the archive, with its own retention
        target = "arkiv"
    if target == "arkiv" and not by_person:
        why = f"{doc_type.label} går till nämndens arkiv."
    if not sure:
        target, why = MANUAL, f"Osäker dokumenttyp ({round(doc.type_confidence * 100)} %)."
    elif target == "personakt" and match.case is None:
        target = MANUAL
    doc.route, doc.why = target, why
    unit_code = {"arkiv": params.archive_unit, "oro": oro_rules.load(doc.arrived_on).child_unit}.get(
        target, params.reception_unit)
    doc.unit_id = match.case.unit_id if target == "personakt" and match.case else _unit(session, unit_code)
    if doc.id is None:
        session.add(doc)
        session.flush()
    stored = session.get_one(Document, doc.document_id)
    if target == "personakt" and match.case is not None:
        doc.case_id = match.case.id
        stored.case_id, stored.person_id = match.case.id, doc.person_id
        _notice(session, doc, match.case, params)
    elif target == "skuld":
        _to_debts(session, doc)
    elif target == "oro":
        _to_concerns(session, doc)
    if target != MANUAL:
        doc.routed_at = utcnow()
        audit.append(session, actor=actor, action="scan.filed", entity="scan_document", entity_id=doc.id,
                     details={"typ": doc.doc_type, "till": target, "arende": doc.case_id})


def _unit(session: Session, code: str) -> int:
    found = session.scalar(select(Unit.id).where(Unit.code == code))
    if found is None:
        raise InputError("enhet", f"Enheten {code} finns inte; ändra skanningsrobotens regler.")
    return found


def _notice(session: Session, doc: ScanDocument, case: Case, params: rules.ScanParams) -> None:
    """The case worker's notice "Ny handling inkommen", once per document, due from the day the paper arrived."""
    insert_new(session, Task.idempotency_key, [{
        "idempotency_key": f"skanning:{doc.key}", "unit_id": case.unit_id, "case_id": case.id,
        "kind": "ny_handling", "status": TaskStatus.oppen, "assigned_to_id": case.assigned_to_id,
        "deadline": doc.arrived_on + timedelta(days=params.notice_days),
        "reason": f"Ny handling inkommen: {rules.label(doc.doc_type).lower()}, "
                  f"{doc.page_count} {'sida' if doc.page_count == 1 else 'sidor'}.",
        "evidence": {"handling": doc.id, "inkom": doc.arrived_on.isoformat()}, "created_at": utcnow()}])


def _to_debts(session: Session, doc: ScanDocument) -> None:
    """The debt notice into the debt intake (its own keys keep it once); what it cannot read waits in its
    quarantine with the reason."""
    content = documents.path(session.get_one(Document, doc.document_id).sha256).read_bytes()
    got = receive_rows(session, NOTICES, content, f"skannad-{doc.id}.pdf", today=doc.arrived_on)
    if got.karantan:
        doc.why = "Skuldaviseringen kunde inte läsas helt; den väntar i skuldhanteringens karantän."
    else:
        doc.why = "Skuldaviseringen är lämnad till skuldhanteringen."


def _to_concerns(session: Session, doc: ScanDocument) -> None:
    """A child-concern report on paper through the orosanmälan intake (ifoflow.oro.service.register), from the day
    the paper arrived, when the text names a child by personnummer; the reception checks the reporter and the child
    against the paper. Without a readable child's number the reception registers it by hand. Either way the
    protection assessment is due the day it arrived; the robot never assesses anything about a child."""
    children = [p for p in doc.extracted.get("personnummer", []) if identity.age_on(p, doc.arrived_on) < 18]
    report_ids: list[int] = []
    if children and len(doc.text.strip()) >= 10:
        # Paper came with the day's post: scanned today it arrived now, else when the office opened that day.
        opens = datetime.combine(doc.arrived_on, time(oro_rules.load(doc.arrived_on).office_opens), tzinfo=fmt.SWEDEN)
        arrived = utcnow() if doc.arrived_on == utcnow().date() else opens.astimezone(UTC).replace(tzinfo=None)
        got = concerns.register(session, {
            "key": f"skanning:{doc.key}", "channel": "papper", "reporter_category": "okand",
            "reporter_name": doc.extracted.get("avsandare", ""), "text": doc.text.strip()[:20_000],
            "children": [{"personnummer": p} for p in children[:10]]}, received_at=arrived,
            actor="robot:skanning", document_id=doc.document_id)
        report_ids = [r.id for r in got.reports]
        first = next((r for r in got.reports if r.case_id), None)
        if first is not None:
            doc.case_id, doc.person_id = first.case_id, first.person_id
            stored = session.get_one(Document, doc.document_id)
            stored.case_id, stored.person_id = first.case_id, first.person_id
    insert_new(session, Task.idempotency_key, [{
        "idempotency_key": f"skanning:{doc.key}", "unit_id": doc.unit_id, "case_id": doc.case_id,
        "kind": "orosanmalan_papper", "status": TaskStatus.oppen, "deadline": doc.arrived_on,
        "reason": "Orosanmälan på papper är registrerad: kontrollera anmälaren och barnet mot handlingen och "
                  "skyddsbedöm genast." if report_ids else "Orosanmälan på papper har kommit in: registrera den "
                  "och skyddsbedöm genast.",
        "evidence": {"handling": doc.id, "inkom": doc.arrived_on.isoformat(), "anmalningar": report_ids},
        "created_at": utcnow()}])
    doc.why = "Registrerad som orosanmälan hos mottagningen." if report_ids else \
        "Lämnad till mottagningen för orosanmälningar."
