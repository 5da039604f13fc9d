"""Skuldhantering: a chunk of received notices through the resident register into debt cases, letters and,
under the local three-debt rule, orosanmälan cases for the child unit. All in bulk, all keyed."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ifoflow import params as dated_params
from ifoflow.arende.models import Case, CaseAssignment, HouseholdMember, Person, Task
from ifoflow.arende.registration import case_number
from ifoflow.atkomst.models import StaffUser
from ifoflow.atkomst.service import find_unit
from ifoflow.brev import service as letters
from ifoflow.brev.templates import KINDS
from ifoflow.domain import format as fmt
from ifoflow.domain import identity
from ifoflow.domain.enums import CaseStatus, CaseType, Protection, StaffRole, TaskStatus
from ifoflow.domain.id_ranges import bounds, range_keys
from ifoflow.oro import service as concerns
from ifoflow.skuld.models import DebtConcern, DebtNotice
from ifoflow.store import audit, locks
from ifoflow.store.base import utcnow
from ifoflow.store.bulk import insert_new

PARAMETERS = dated_params.ParameterSet("skuld", Path(__file__).parent / "params" / "skuld.yaml",
                                       "parametrar för skuldhantering")
KIND_SV = {"hyra": "hyresskuld", "el": "elskuld"}
OFFER = KINDS["skuld_erbjudande"]


class DebtParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    debts_for_concern: int = Field(ge=1, le=20)
    window_days: int = Field(ge=1, le=3650)
    child_age: int = Field(ge=1, le=21)
    debt_unit: str
    task_days: int = Field(ge=1, le=90)


def load_params(on: date, overlay: str | None = None) -> DebtParams:
    """The three-debt rule and units in force on the day (the municipality's overlay on top of the defaults)."""
    return dated_params.load(DebtParams, PARAMETERS, on, overlay)


def chunks(session: Session, size: int) -> list[str]:
    ids = list(session.scalars(select(DebtNotice.id).where(DebtNotice.status == "mottagen").order_by(DebtNotice.id)))
    return range_keys(ids, size)


def pending_numbers(session: Session, key: str) -> list[str]:
    first, last = bounds(key)
    return sorted(set(session.scalars(select(DebtNotice.personnummer).where(
        DebtNotice.id.between(first, last), DebtNotice.status == "mottagen"))))


@dataclass
class Outcome:
    registered: int = 0
    letters: int = 0
    manual: int = 0
    concerns: int = 0
    new_cases: int = 0


def process(session: Session, key: str, folk: dict[str, dict[str, Any]], params: DebtParams,
            today: date) -> dict[str, int]:
    """Register the chunk's received notices. Safe to repeat and to run in two processes at once: the notices are
    locked first, and only those still `mottagen` are touched."""
    first, last = bounds(key)
    notices = locks.lock_many(session, select(DebtNotice).where(DebtNotice.id.between(first, last),
                                                                DebtNotice.status == "mottagen")
                              .order_by(DebtNotice.id))
    out = Outcome()
    people = _people(session, {n.personnummer for n in notices if n.personnummer in folk}, folk)
    cases = _debt_cases(session, people, params, today, out)
    admin = find_unit(session, "ADM")
    deadline = today + timedelta(days=params.task_days)
    offers: list[letters.LetterIn] = []
    tasks: list[dict[str, Any]] = []
    for n in notices:
        record = folk.get(n.personnummer)
        if record is None:
            n.status, n.note = "manuell", "Personen finns inte i folkbokföringen."
            tasks.append(_task(f"skuld:{n.id}:okand", admin.id, None, "skuld_okand_person", n.note, n, deadline))
            out.manual += 1
            continue
        person_id, household_key = people[n.personnummer]
        case = cases[household_key]
        n.status, n.case_id, n.household_key = "registrerad", case.id, household_key
        out.registered += 1
        offers.append(_offer(session, n, case, person_id, today))
        out.letters += 1
    session.flush()
    letters.write(session, offers)
    insert_new(session, Task.idempotency_key, tasks)
    _concerns(session, {n.household_key for n in notices if n.household_key}, folk, params, today, out)
    audit.append(session, actor="robot:skuldhantering", action="debts.registered", entity="debt_notices",
                 entity_id=key, details=out.__dict__)
    return dict(out.__dict__)


def _people(session: Session, numbers: set[str], folk: dict[str, dict[str, Any]]) -> dict[str, tuple[int, str]]:
    """person id and household key for each number; people unknown to the case system are created."""
    known = dict(session.execute(select(Person.personnummer, Person.id).where(Person.personnummer.in_(numbers))).all())
    new = [{"personnummer": p, "first_name": folk[p].get("fornamn", ""), "last_name": folk[p].get("efternamn", ""),
            "street": (folk[p].get("adress") or {}).get("utdelningsadress", ""),
            "postal_code": (folk[p].get("adress") or {}).get("postnummer", ""),
            "city": (folk[p].get("adress") or {}).get("postort", ""),
            "protection": _protection(folk[p]), "created_at": utcnow()}
           for p in sorted(numbers - set(known))]
    if new:
        session.execute(insert(Person), new)
        known.update(session.execute(select(Person.personnummer, Person.id).where(
            Person.personnummer.in_([r["personnummer"] for r in new]))).all())
    households = dict(session.execute(select(HouseholdMember.person_id, HouseholdMember.household_id).where(
        HouseholdMember.person_id.in_(list(known.values())), HouseholdMember.left_on.is_(None))).all())
    result = {}
    for pnr, pid in known.items():
        address = min([pnr, *folk[pnr].get("samma_bostad", [])])
        result[pnr] = (pid, f"hushall:{households[pid]}" if pid in households else f"adress:{address}")
    return result


def _debt_cases(session: Session, people: dict[str, tuple[int, str]], params: DebtParams, today: date,
                out: Outcome) -> dict[str, Case]:
    """The household's open debt case (by any member's case or notice), or a new one (aktualisering) in the unit
    of the person's other case, else the default unit. Keyed by household key."""
    by_person = {pid: hk for pid, hk in people.values()}
    open_debt = (Case.type == CaseType.skuld, Case.status != CaseStatus.avslutad)
    cases: dict[str, Case] = {}
    for case in session.scalars(select(Case).where(Case.person_id.in_(list(by_person)), *open_debt)):
        cases.setdefault(by_person[case.person_id or 0], case)
    wanted = set(by_person.values()) - set(cases)
    for hk, case in session.execute(select(DebtNotice.household_key, Case).join(Case, Case.id == DebtNotice.case_id)
                                    .where(DebtNotice.household_key.in_(wanted), *open_debt)):
        cases.setdefault(hk, case)
    first: dict[str, int] = {}
    for pid, hk in by_person.items():
        if hk not in cases:
            first.setdefault(hk, pid)
    if not first:
        return cases
    other = dict(session.execute(select(Case.person_id, Case.unit_id).where(Case.person_id.in_(list(first.values()))))
                 .all())
    default = find_unit(session, params.debt_unit).id
    workers: dict[int, list[int | None]] = {}
    for uid, wid in session.execute(select(StaffUser.unit_id, StaffUser.id).where(
            StaffUser.role == StaffRole.handlaggare, StaffUser.active).order_by(StaffUser.id)):
        workers.setdefault(uid, []).append(wid)
    rows = []
    for n, (hk, pid) in enumerate(sorted(first.items())):
        unit = other.get(pid, default)
        staff = workers.get(unit) or [None]
        household = int(hk.removeprefix("hushall:")) if hk.startswith("hushall:") else None
        rows.append({"case_number": f"tmp-{pid}-{utcnow().timestamp()}", "type": CaseType.skuld,
                     "status": CaseStatus.aktualiserad, "unit_id": unit, "person_id": pid, "household_id": household,
                     "assigned_to_id": staff[n % len(staff)], "opened_on": today})
    created = session.execute(insert(Case).returning(Case.id, Case.person_id, Case.assigned_to_id), rows).all()
    session.execute(update(Case), [{"id": cid, "case_number": case_number(CaseType.skuld, today.year, cid)}
                                   for cid, _, _ in created])
    assigned = [{"case_id": cid, "user_id": wid, "assigned_by": "robot:skuldhantering"}
                for cid, _, wid in created if wid]
    if assigned:
        session.execute(insert(CaseAssignment), assigned)
    out.new_cases += len(created)
    for case in session.scalars(select(Case).where(Case.id.in_([c for c, _, _ in created]))):
        cases[by_person[case.person_id or 0]] = case
    return cases


def _task(key: str, unit_id: int, case_id: int | None, kind: str, reason: str, n: DebtNotice,
          deadline: date) -> dict[str, Any]:
    return {"idempotency_key": key, "unit_id": unit_id, "case_id": case_id, "kind": kind, "reason": reason,
            "evidence": {"avisering": n.id, "borgenar": n.creditor, "typ": n.kind, "belopp": n.amount},
            "deadline": deadline, "status": TaskStatus.oppen, "created_at": utcnow()}


def _protection(record: dict[str, Any]) -> str:
    """The register's kind of protection (a bare yes counts as the mildest kind)."""
    if record.get("skydd"):
        return str(record["skydd"])
    return Protection.sekretessmarkering if record.get("skyddad_identitet") else Protection.ingen


def _offer(session: Session, n: DebtNotice, case: Case, person_id: int, today: date) -> letters.LetterIn:
    """The letter offering help, one per notice. No address in it: the way out is chosen when it is sent
    (ifoflow.brev.delivery), and protected identity never goes on paper by the print batch."""
    person = session.get_one(Person, person_id)
    return letters.LetterIn(
        key=f"letter:skuld:{n.id}", template=OFFER, kind="skuld_erbjudande", case_id=case.id, person_id=person_id,
        filename=f"erbjudande-{case.case_number}-{n.id}.pdf",
        data={**letters.letterhead(session, case, person, today=today), "kind": KIND_SV[n.kind],
              "creditor": n.creditor, "amount": n.amount, "due_date": fmt.day(n.due_date),
              "cutoff_date": fmt.day(n.cutoff_date) if n.cutoff_date else ""})


def _concerns(session: Session, households: set[str], folk: dict[str, dict[str, Any]], params: DebtParams,
              today: date, out: Outcome) -> None:
    """Three debts within the window in a household with children: an orosanmälan for the child unit, once per
    set of debts."""
    since = today - timedelta(days=params.window_days)
    debts: dict[str, list[DebtNotice]] = {}
    for n in session.scalars(select(DebtNotice).where(DebtNotice.household_key.in_(households),
                                                      DebtNotice.status == "registrerad",
                                                      DebtNotice.received_on >= since).order_by(DebtNotice.id)):
        debts.setdefault(n.household_key, []).append(n)
    reported: dict[str, set[int]] = {}
    for hk, ids in session.execute(select(DebtConcern.household_key, DebtConcern.notice_ids).where(
            DebtConcern.household_key.in_(list(debts)))):
        reported.setdefault(hk, set()).update(ids)
    for household, found in debts.items():
        fresh = [n for n in found if n.id not in reported.get(household, set())]
        if len(fresh) < params.debts_for_concern:
            continue
        adults = {n.personnummer for n in found}
        living = {p for a in adults for p in [a, *folk.get(a, {}).get("samma_bostad", [])]}
        children = sorted(p for p in living if identity.age_on(p, today) < params.child_age)
        if not children:
            continue
        _report(session, household, children, fresh, params, today)
        out.concerns += 1


def _report(session: Session, household: str, children: list[str], debts: list[DebtNotice], params: DebtParams,
            today: date) -> None:
    """Through the orosanmälan intake like any other report (ifoflow.oro.service.register): one report per child,
    the deadlines from now, the debts shown to the reception as a robot's facts and never counted as risk."""
    ids = [n.id for n in debts]
    facts = [{"kalla": "Skuldhanteringen", "text": f"{KIND_SV[n.kind].capitalize()} till {n.creditor}, "
              f"{fmt.kr(n.amount)}, förfaller {fmt.day(n.due_date)} (kom in {fmt.day(n.received_on)})."}
             for n in debts]
    key = f"oro:{household}:{','.join(map(str, ids))}"
    now = utcnow()  # a run for another day (a rerun, a test) registers at that day's midday
    got = concerns.register(session, {
        "key": f"skuld:{key}", "channel": "intern", "reporter_category": "socialtjanst",
        "reporter_name": "Skuldhanteringen (robot)", "reporter_contact": "Socialtjänstens skuldhantering",
        "text": f"{len(debts)} hyres- eller elskulder har kommit in inom {params.window_days} dagar för ett hushåll "
                f"med {len(children)} barn (kommunens rutin: orosanmälan vid {params.debts_for_concern} skulder).",
        "children": [{"personnummer": c} for c in children]},
        received_at=now if now.date() == today else datetime.combine(today, time(11)), actor="robot:skuldhantering",
        robot_facts=facts)
    session.add(DebtConcern(key=key, household_key=household, case_id=next(
        (r.case_id for r in got.reports if r.case_id), None), children=children, notice_ids=ids))
    audit.append(session, actor="robot:skuldhantering", action="orosanmalan.registered", entity="concern_report",
                 entity_id=",".join(str(r.id) for r in got.reports), details={"skulder": ids})
