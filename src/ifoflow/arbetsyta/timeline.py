"""One timeline of everything on a case, newest first: what every process has written about it.

Each kind is read by one query on the case's id; a process that comes later (care invoices, child-concern
reports) adds its own reader to READERS. A scanned document opens on its own page, with its page images.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende import journal
from ifoflow.arende.models import Application, Case, Document, Task
from ifoflow.beslut.models import Decision
from ifoflow.brev.models import Letter
from ifoflow.domain.enums import label
from ifoflow.domain.format import kr
from ifoflow.domain.format import month as month_words
from ifoflow.kontroll.hits import TASK_KIND as CONTROL_TASK
from ifoflow.skanning.models import ScanDocument
from ifoflow.skanning.rules import label as scan_label
from ifoflow.skuld.models import DebtNotice
from ifoflow.utbetalning.models import Payment, PaymentHold
from ifoflow.web import evidence

KINDS = {"ansokan": "Ansökningar", "beslut": "Beslut", "brev": "Brev", "utbetalning": "Utbetalningar",
         "stopp": "Stopp av utbetalning", "kontroll": "Kontrollträffar", "uppgift": "Uppgifter",
         "skuld": "Skuldavisering", "dokument": "Dokument", "journal": "Journal"}


@dataclass(frozen=True)
class Item:
    kind: str
    at: datetime
    title: str
    summary: str = ""
    href: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)  # (name, text) as a person reads them

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


def timeline(session: Session, case: Case, *, reader_id: int, kinds: set[str] | None = None) -> list[Item]:
    """Everything on the case of the chosen kinds (all when None), newest first."""
    items = [item for read in READERS for item in read(session, case, reader_id)]
    return sorted((i for i in items if kinds is None or i.kind in kinds), key=lambda i: i.at, reverse=True)


def _day(d: date) -> datetime:
    return datetime.combine(d, time())


def _applications(session: Session, case: Case, reader_id: int) -> list[Item]:
    return [Item("ansokan", a.submitted_at, f"Ansökan för {month_words(a.month)}", label(a.status))
            for a in session.scalars(select(Application).where(Application.case_id == case.id))]


def _decisions(session: Session, case: Case, reader_id: int) -> list[Item]:
    found = []
    for d in session.scalars(select(Decision).where(Decision.case_id == case.id)):
        who = "automatiskt" if d.automated else "av handläggare"
        found.append(Item("beslut", d.decided_at, f"Beslut: {label(d.outcome).lower()}, {kr(d.total_amount)}",
                          f"Fattat {who}. {d.lagrum}", f"/arenden/{case.id}/beslut/{d.id}"))
    return found


def _letters(session: Session, case: Case, reader_id: int) -> list[Item]:
    return [Item("brev", x.created_at, f"Brev: {label(x.kind)}", f"Status: {label(x.status).lower()}",
                 f"/arenden/{case.id}/brev/{x.id}.pdf")  # made on first opening when the robot has not yet
            for x in session.scalars(select(Letter).where(Letter.case_id == case.id))]


def _payments(session: Session, case: Case, reader_id: int) -> list[Item]:
    return [Item("utbetalning", p.created_at, f"Utbetalning {kr(p.amount)} för {month_words(p.month)}",
                 f"Status: {label(p.status).lower()}" + (f", betalas {p.pay_date.isoformat()}" if p.pay_date else ""))
            for p in session.scalars(select(Payment).where(Payment.case_id == case.id))]


def _holds(session: Session, case: Case, reader_id: int) -> list[Item]:
    return [Item("stopp", h.created_at, f"Utbetalningen för {month_words(h.month)} stoppad", h.reason,
                 facts=[("Hävt", f"{h.cleared_at:%Y-%m-%d} av {h.cleared_by}: {h.clear_note}")] if h.cleared_at else [])
            for h in session.scalars(select(PaymentHold).where(PaymentHold.case_id == case.id))]


def _tasks(session: Session, case: Case, reader_id: int) -> list[Item]:
    found = []
    for t in session.scalars(select(Task).where(Task.case_id == case.id)):
        kind = "kontroll" if t.kind == CONTROL_TASK else "uppgift"
        found.append(Item(kind, t.created_at, ("Kontroll: " if kind == "kontroll" else "Uppgift: ") + t.reason,
                          f"{label(t.status)}, senast {t.deadline.isoformat()}" if t.deadline else label(t.status),
                          f"/enheter/{case.unit.code}/uppgifter/{t.id}", evidence.rows(t.evidence or {})))
    return found


def _debts(session: Session, case: Case, reader_id: int) -> list[Item]:
    return [Item("skuld", _day(n.received_on), f"Skuldavisering från {n.creditor}: {kr(n.amount)}",
                 f"Förfaller {n.due_date.isoformat()}. {n.note}".strip())
            for n in session.scalars(select(DebtNotice).where(DebtNotice.case_id == case.id))]


def _documents(session: Session, case: Case, reader_id: int) -> list[Item]:
    scanned = {s.document_id: s for s in session.scalars(select(ScanDocument).where(ScanDocument.case_id == case.id))}
    found = []
    for d in session.scalars(select(Document).where(Document.case_id == case.id)):
        scan = scanned.get(d.id)
        if scan is None:
            found.append(Item("dokument", d.created_at, f"Dokument: {d.filename}", label(d.kind), f"/dokument/{d.id}"))
            continue
        pages = f"{scan.page_count} {'sida' if scan.page_count == 1 else 'sidor'}"
        found.append(Item("dokument", scan.routed_at or d.created_at, f"Skannad handling: {scan_label(scan.doc_type)}",
                          f"Kom in {scan.arrived_on.isoformat()}, {pages}", f"/skanning/handlingar/{scan.id}"))
    return found


def _journal(session: Session, case: Case, reader_id: int) -> list[Item]:
    found = []
    for n in journal.notes(session, case.id, reader_id=reader_id):
        state = "signerad" if n.status == journal.SIGNED else "utkast, inte signerat"
        written = n.signed_at or n.created_at  # the day it happened, at the time it was written down
        at = datetime.combine(n.occurred_on, written.time()) if n.occurred_on else written
        found.append(Item("journal", at, f"Journal: {n.heading or n.text[:60]}",
                          f"{n.author_name}, {state}", f"/arenden/{case.id}/journal/{n.id}"))
    return found


READERS: list[Callable[[Session, Case, int], list[Item]]] = [
    _applications, _decisions, _letters, _payments, _holds, _tasks, _debts, _documents, _journal]
