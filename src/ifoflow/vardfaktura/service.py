"""Care invoices in and registered: files from the invoice-handling system's export folder (or the web, or the
inbox of the tests) become invoices, each once by its key; a PDF goes to a person ("be leverantören skicka
e-faktura"); unreadable or wrongly summed XML waits in the shared quarantine with the reason. The robot
`vardfakturor` then registers a chunk of invoices at a time (`register`), writing the cost per placement and month,
a task for each deviation, and the attest recommendation back to the invoice-handling system (ifoflow.vardfaktura
.attest)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende import documents, tasks
from ifoflow.arende.models import Case, Document, Task
from ifoflow.atkomst.models import Unit
from ifoflow.domain.enums import TaskStatus
from ifoflow.domain.errors import InputError
from ifoflow.intag.models import Quarantined
from ifoflow.intag.service import FIXED, WAITING, Intake, quarantine, waiting
from ifoflow.settings import get_settings
from ifoflow.store import audit, locks
from ifoflow.store.base import utcnow
from ifoflow.store.bulk import insert_new
from ifoflow.vardfaktura import attest, einvoice, matching, price, tolerance
from ifoflow.vardfaktura.models import CareInvoice, Placement, PlacementCost

RECEIVED = "mottagen"
# The shared quarantine's name for entries of this intake (a person fixes the file and sends it again).
INTAKE: Intake[Any] = Intake(name="vardfakturor", columns={"fil": "Fil"}, validate=lambda raw: raw,
                             store=lambda *_: 0)


@dataclass(frozen=True)
class Received:
    mottagna: int
    dubbletter: int
    karantan: int
    manuella: int

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def receive(session: Session, files: list[tuple[str, bytes]], *, today: date) -> Received:
    """Read the files (XML e-invoices, PDFs for a person); store the new invoices in one statement."""
    rows, bad, pdfs, seen = [], [], 0, set()
    for name, content in files:
        if content[:5] == b"%PDF-":
            pdfs += _pdf_to_person(session, name, content, today)
            continue
        try:
            doc = einvoice.read(content)
        except InputError as exc:  # the file itself is kept: nothing is lost on bad input
            bad.append(({"fil": name, "sha256": documents.save(content)}, exc.message))
            continue
        if doc.key() in seen:
            continue
        seen.add(doc.key())
        rows.append(_row(doc, name, today))
    stored = insert_new(session, CareInvoice.key, rows)
    return Received(stored, len(files) - pdfs - len(bad) - stored, quarantine(session, INTAKE, "vårdfakturor", bad)
                    if bad else 0, pdfs)


def receive_folder(session: Session, folder: Path, *, today: date) -> Received:
    """Every .xml and .pdf in the folder; what was read moves to behandlade/ (the export folder stays clean)."""
    paths = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in (".xml", ".pdf"))
    found = receive(session, [(p.name, p.read_bytes()) for p in paths], today=today)
    done = folder / "behandlade"
    done.mkdir(exist_ok=True)
    for p in paths:
        p.replace(done / p.name)
    return found


def quarantined(session: Session) -> list[Quarantined]:
    """Files that could not be read as e-invoices, waiting for a person."""
    return waiting(session, INTAKE, limit=100)


def quarantined_file(session: Session, entry_id: int) -> tuple[bytes, str]:
    entry = session.get(Quarantined, entry_id)
    digest = str((entry.raw or {}).get("sha256", "")) if entry and entry.intake == INTAKE.name else ""
    if not digest or not documents.path(digest).is_file():
        raise InputError("fil", "Filen finns inte.")
    return documents.path(digest).read_bytes(), str(entry.raw.get("fil") or "faktura.xml") if entry else ""


def dismiss(session: Session, entry_id: int, *, actor: str, note: str) -> str:
    """A person has dealt with an unreadable file (asked the provider for a correct e-invoice)."""
    entry = session.get(Quarantined, entry_id)
    if entry is None or entry.intake != INTAKE.name or entry.status != WAITING:
        raise InputError("fil", "Filen väntar inte längre på någon.")
    if not note.strip():
        raise InputError("anteckning", "Skriv vad som gjordes med filen.")
    entry.status, entry.fixed_by, entry.item_key = FIXED, actor, note.strip()[:64]
    audit.append(session, actor=actor, action="care_invoice.file_dismissed", entity="intake_quarantine",
                 entity_id=entry.id, details={"anteckning": note.strip()})
    return f"Filen {entry.raw.get('fil', '')} är hanterad."


def inbox() -> Path:
    """The invoice-handling system's export folder (IFOFLOW_VARDFAKTURA_INBOX, else in the data directory)."""
    settings = get_settings()
    return Path(settings.vardfaktura_inbox) if settings.vardfaktura_inbox else \
        settings.data_dir / "inkorg" / "vardfakturor"


def pending(session: Session) -> list[int]:
    return list(session.scalars(select(CareInvoice.id).where(CareInvoice.status == RECEIVED)
                                .order_by(CareInvoice.id)))


def register(session: Session, ids: list[int], *, today: date, actor: str) -> dict[str, int]:
    """Match and register the received invoices among `ids` (locked first); returns counts per outcome."""
    invoices = locks.lock_many(session, select(CareInvoice).where(CareInvoice.id.in_(ids),
                                                                  CareInvoice.status == RECEIVED)
                               .order_by(CareInvoice.id))
    if not invoices:
        return {}
    params = tolerance.load(today)
    book = matching.Book.load(session, invoices)
    finance_unit = session.scalar(select(Unit.id).where(Unit.code == params.finance_unit))
    if finance_unit is None:
        raise InputError("finance_unit", f"Enheten {params.finance_unit} för vårdfakturor finns inte.")
    case_numbers: dict[int, str] = {}
    costs, tasks, counts = [], [], {"registrerad": 0, "avvikelse": 0}
    for inv in invoices:
        out = matching.decide(inv, book, params)
        inv.status, inv.deviation, inv.reason = out.status, out.deviation, out.reason
        inv.provider_id = out.provider.id if out.provider else None
        inv.placement_id = out.placement.id if out.placement else None
        inv.expected = out.expected
        inv.attest = "attestera" if out.status == matching.REGISTERED else "avvakta"
        counts[out.status] += 1
        if out.placement is not None and out.placement.case_id not in case_numbers:
            case_numbers[out.placement.case_id] = session.get_one(Case, out.placement.case_id).case_number
        case_number = case_numbers.get(out.placement.case_id, "") if out.placement else ""
        costs += [{"key": f"faktura:{inv.id}:{month:%Y-%m}", "placement_id": out.placement.id, "month": month,
                   "amount": amount, "source": "faktura", "invoice_id": inv.id, "created_at": utcnow()}
                  for month, amount in out.costs if out.placement is not None]
        if out.status != matching.REGISTERED:
            tasks.append({"idempotency_key": f"vardfaktura:{inv.id}", "kind": "vardfaktura_avvikelse",
                          "unit_id": finance_unit,  # finance assistants handle every deviation
                          "case_id": out.placement.case_id if out.placement else None, "reason": out.reason,
                          "evidence": {**out.evidence, "Avvikelse": out.deviation, "faktura": inv.id},
                          "status": TaskStatus.oppen, "deadline": today + timedelta(days=params.task_days),
                          "created_at": utcnow()})
        attest.write(inv, out, case_number)
    insert_new(session, PlacementCost.key, costs)
    insert_new(session, Task.idempotency_key, tasks)
    audit.append(session, actor=actor, action="care_invoices.registered", entity="care_invoices",
                 entity_id=f"{invoices[0].id}-{invoices[-1].id}", details=counts)
    return counts


def _row(doc: einvoice.EInvoice, source: str, today: date) -> dict[str, Any]:
    credit = doc.kind == "kredit" or doc.payable < 0
    return {"key": doc.key(), "kind": "kredit" if credit else "faktura", "number": doc.number,
            "issue_date": doc.issue_date, "supplier_id": doc.supplier, "supplier_name": doc.supplier_name[:200],
            "reference": doc.reference[:64], "original_number": doc.original_number[:64],
            "period_start": doc.period_start, "period_end": doc.period_end, "quantity": doc.quantity,
            "net": doc.tax_exclusive, "vat": doc.tax, "payable": doc.payable, "bankgiro": doc.bankgiro[:9],
            "hint": " · ".join(ln.name for ln in doc.lines if ln.name)[:200], "document": doc.as_json(),
            "source": source[:300], "received_on": today, "status": RECEIVED, "deviation": "", "reason": "",
            "attest": "", "handled_by": ""}


def _pdf_to_person(session: Session, name: str, content: bytes, today: date) -> int:
    """A PDF invoice cannot be read reliably: a task, with the file, asks for an e-invoice instead."""
    params = tolerance.load(today)
    unit_id = session.scalar(select(Unit.id).where(Unit.code == params.finance_unit))
    digest = documents.save(content)
    document = Document(case_id=None, person_id=None, kind="vardfaktura_pdf", filename=name[:255],
                        content_type="application/pdf", sha256=digest, size_bytes=len(content))
    session.add(document)
    session.flush()
    return insert_new(session, Task.idempotency_key, [{
        "idempotency_key": f"vardfaktura:pdf:{digest}", "kind": "vardfaktura_pdf", "unit_id": unit_id,
        "case_id": None, "reason": "Fakturan kom som PDF: be leverantören skicka e-faktura (PEPPOL BIS 3.0) och "
        "ange beställarreferensen för placeringen.", "evidence": {"fil": name, "dokument": document.id},
        "status": TaskStatus.oppen, "deadline": today + timedelta(days=params.task_days), "created_at": utcnow()}])


def retry(session: Session, invoice_id: int, *, actor: str) -> str:
    """Match a deviating invoice again after a person fixed the cause (a provider added, a placement registered,
    the decision prolonged). Registered now: its task is closed."""
    inv = _deviating(session, invoice_id)
    inv.status, inv.deviation, inv.reason = RECEIVED, "", ""
    session.flush()
    counts = register(session, [inv.id], today=date.today(), actor=actor)
    if counts.get("registrerad"):
        _close_task(session, inv.id, actor, "Registrerad vid ny prövning.")
        return f"Fakturan {inv.number} är registrerad."
    return f"Fakturan {inv.number} avviker fortfarande: {inv.reason}"


def approve(session: Session, invoice_id: int, *, actor: str, note: str) -> str:
    """A finance assistant registers a deviating invoice on its placement anyway (a price agreed afterwards, days
    the provider rightly invoices twice), with the reason written down. Only with a placement to register on."""
    if not note.strip():
        raise InputError("anteckning", "Skriv varför fakturan godkänns trots avvikelsen.")
    inv = _deviating(session, invoice_id)
    if inv.placement_id is None or inv.period_start is None or inv.period_end is None:
        raise InputError("faktura", "Fakturan hör inte till någon placering; rätta orsaken och pröva igen.")
    inv.status, inv.attest, inv.handled_by = matching.REGISTERED, "attestera", actor
    inv.reason = f"Godkänd av {actor} trots avvikelsen ({inv.reason}): {note.strip()}"
    insert_new(session, PlacementCost.key, [
        {"key": f"faktura:{inv.id}:{month:%Y-%m}", "placement_id": inv.placement_id, "month": month,
         "amount": amount, "source": "faktura", "invoice_id": inv.id, "created_at": utcnow()}
        for month, amount in price.split(Decimal(inv.net), inv.period_start, inv.period_end)])
    placement = session.get(Placement, inv.placement_id)
    case_number = session.scalar(select(Case.case_number).where(Case.id == placement.case_id)) if placement else ""
    attest.write(inv, matching.Outcome(matching.REGISTERED, reason=inv.reason, placement=placement,
                                       expected=Decimal(inv.expected) if inv.expected is not None else None),
                 case_number or "")
    _close_task(session, inv.id, actor, note.strip())
    audit.append(session, actor=actor, action="care_invoice.approved", entity="care_invoice", entity_id=inv.id,
                 details={"anteckning": note.strip()})
    return f"Fakturan {inv.number} är registrerad och rekommenderas för attest."


def _deviating(session: Session, invoice_id: int) -> CareInvoice:
    inv = locks.lock(session, CareInvoice, invoice_id)
    if inv is None:
        raise InputError("faktura", "Fakturan finns inte.")
    if inv.status != "avvikelse":
        raise InputError("faktura", "Fakturan är inte en avvikelse längre.")
    return inv


def _close_task(session: Session, invoice_id: int, actor: str, note: str) -> None:
    task = session.scalar(select(Task).where(Task.idempotency_key == f"vardfaktura:{invoice_id}"))
    if task is not None and task.status != TaskStatus.klar:
        tasks.close(task, actor, note)
