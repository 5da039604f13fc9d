"""Register extract (GDPR art. 15) for one person: everything held about them, addresses of protected persons
masked."""

import json
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Case, HouseholdMember, Income, JournalNote, Person, Task
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.atkomst.service import log_reads
from ifoflow.beslut.models import Decision
from ifoflow.brev.models import Letter
from ifoflow.brev.pdf import render_pdf
from ifoflow.domain import identity
from ifoflow.domain.enums import StaffRole, label
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.settings import get_settings
from ifoflow.utbetalning.models import Payment

PROTECTED_ADDRESS = "Skyddad adress – lämnas inte ut i utdraget (kontakta Skatteverket)"
ABOUT = [
    "Ändamål: handläggning av ärenden enligt socialtjänstlagen och dokumentation enligt lag (2001:454) om behandling "
    "av personuppgifter inom socialtjänsten.",
    "Rättslig grund: artikel 6.1 c och e samt 9.2 g och h dataskyddsförordningen.",
    "Lagring: uppgifterna gallras enligt socialtjänstlagen och nämndens dokumenthanteringsplan.",
    "Du har rätt att begära rättelse, och att klaga hos Integritetsskyddsmyndigheten (IMY).",
]
SECTIONS = [
    ("Hushåll", "hushall", ["hushall", "roll", "fran", "till"]),
    ("Ärenden", "arenden", ["arende", "typ", "status", "enhet", "oppnat", "avslutat"]),
    ("Beslut", "beslut", ["datum", "arende", "utfall", "belopp", "automatiserat"]),
    ("Utbetalningar", "utbetalningar", ["manad", "belopp", "status"]),
    ("Brev", "brev", ["datum", "arende", "typ", "status"]),
    ("Journalanteckningar", "journal", ["datum", "arende", "text"]),
    ("Uppgifter hos handläggare", "uppgifter", ["sista_dag", "arende", "orsak"]),
    ("Inkomster", "inkomster", ["typ", "belopp"]),
]


def extract(session: Session, person_id: int) -> dict[str, Any]:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError("person", f"Person {person_id} finns inte.")
    cases = session.scalars(select(Case).where(Case.person_id == person_id).order_by(Case.id)).all()
    numbers = {c.id: c.case_number for c in cases}
    units = {u.id: u.name for u in session.scalars(select(Unit))}
    address = PROTECTED_ADDRESS if person.protected_identity else f"{person.street}, {person.postal_code} {person.city}"
    case_ids = list(numbers)
    return {
        "person": {"namn": f"{person.first_name} {person.last_name}",
                   "personnummer": identity.display(person.personnummer), "adress": address,
                   "skyddad_identitet": person.protected_identity},
        "hushall": [{"hushall": m.household_id, "roll": label(m.role), "fran": str(m.joined_on),
                     "till": str(m.left_on or "")}
                    for m in session.scalars(select(HouseholdMember).where(HouseholdMember.person_id == person_id))],
        "arenden": [{"arende": c.case_number, "typ": label(c.type), "status": label(c.status),
                     "enhet": units.get(c.unit_id, ""), "oppnat": str(c.opened_on), "avslutat": str(c.closed_on or "")}
                    for c in cases],
        "beslut": [{"datum": str(d.decided_at.date()), "arende": numbers[d.case_id], "utfall": label(d.outcome),
                    "belopp": d.total_amount, "automatiserat": "ja" if d.automated else "nej"}
                   for d in session.scalars(select(Decision).where(Decision.case_id.in_(case_ids)))],
        "utbetalningar": [{"manad": f"{p.month:%Y-%m}", "belopp": p.amount, "status": p.status}
                          for p in session.scalars(select(Payment).where(Payment.case_id.in_(case_ids)))],
        "brev": [{"datum": str(x.created_at.date()), "arende": numbers.get(x.case_id, ""), "typ": x.kind,
                  "status": x.status}
                 for x in session.scalars(select(Letter).where(Letter.person_id == person_id))],
        "journal": [{"datum": str(n.created_at.date()), "arende": numbers[n.case_id], "text": n.text}
                    for n in session.scalars(select(JournalNote).where(JournalNote.case_id.in_(case_ids)))],
        "uppgifter": [{"sista_dag": str(t.deadline), "arende": numbers.get(t.case_id or 0, ""), "orsak": t.reason}
                      for t in session.scalars(select(Task).where(Task.case_id.in_(case_ids)))],
        "inkomster": [{"typ": i.kind, "belopp": i.amount}
                      for i in session.scalars(select(Income).where(Income.person_id == person_id))],
        "om_behandlingen": ABOUT,
        "skapat": date.today().isoformat(),
    }


def extract_file(session: Session, person_id: int, fmt: str, *, reader: StaffUser, channel: str) -> tuple[bytes, str]:
    """The extract as a file ("json" or "pdf") and its media type; the read is logged in this transaction."""
    if fmt not in ("json", "pdf"):
        raise InputError("format", "Utdraget finns som json eller pdf.")
    data = extract(session, person_id)
    log_reads(session, reader, [(person_id, None, None)], action="registerutdrag", reason="Registerutdrag art. 15",
              channel=channel)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2).encode(), "application/json"
    return render_pdf("dataskydd/registerutdrag.html", {"x": data, "sections": SECTIONS, "created": data["skapat"],
                                                        "municipality": get_settings().municipality_name}), \
        "application/pdf"


def extract_by_number(session: Session, personnummer: str, username: str, fmt: str, channel: str) -> bytes:
    """The extract of the person with this personnummer, taken out by the named administrator (logged)."""
    pnr = identity.canonical(personnummer)
    person = session.scalar(select(Person).where(Person.personnummer == pnr))
    admin = session.scalar(select(StaffUser).where(StaffUser.username == username))
    if person is None:
        raise NotFoundError("personnummer", "Personen finns inte i registret.")
    if admin is None or admin.role != StaffRole.administrator:
        raise NotFoundError("user", "Ange en administratör (registrator) som tar ut utdraget.")
    return extract_file(session, person.id, fmt, reader=admin, channel=channel)[0]
