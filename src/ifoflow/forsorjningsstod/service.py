"""Försörjningsstöd applications: submit, build the calculation input, decide (automated or by a case worker)."""

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Application, Case, HouseholdMember, Person
from ifoflow.beslut.models import Decision, DecisionLine
from ifoflow.domain import format as fmt
from ifoflow.domain import identity
from ifoflow.domain.enums import ApplicationStatus, CaseType, DecisionOutcome, PaymentStatus
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.domain.format import kr
from ifoflow.rules.calculate import Calculation
from ifoflow.rules.inputs import HouseholdInput
from ifoflow.rules.kinds import COST_KINDS, INCOME_KINDS, MAX_AMOUNT
from ifoflow.store import audit
from ifoflow.utbetalning.models import Payment
from ifoflow.utbetalning.stopp import held

DECISION_TYPE = "forsorjningsstod_norm"


class Declared(BaseModel):
    """What the applicant declares for the month: costs, and incomes per member (by personnummer)."""

    model_config = ConfigDict(extra="forbid")
    costs: dict[str, int] = Field(default_factory=dict)
    incomes: dict[str, dict[str, int]] = Field(default_factory=dict)


def submit(session: Session, *, case_id: int, month: date, declared: Declared, actor: str) -> Application:
    """One application per household and month; a second is refused naming the month."""
    case = session.get(Case, case_id)
    if case is None or case.type != CaseType.forsorjningsstod or case.household_id is None:
        raise NotFoundError("case", "Ärendet finns inte eller gäller inte försörjningsstöd.")
    month = month.replace(day=1)
    if session.scalar(select(Application.id).where(Application.household_id == case.household_id,
                                                   Application.month == month)):
        raise InputError("month", f"Det finns redan en ansökan för {month:%Y-%m}.")
    for kind, amount in [*declared.costs.items(), *(x for v in declared.incomes.values() for x in v.items())]:
        if not 0 <= amount <= MAX_AMOUNT:
            raise InputError(kind, f"{COST_KINDS.get(kind) or INCOME_KINDS.get(kind, kind)}: beloppet ska vara "
                                   "mellan 0 och 1 000 000 kr.")
    application = Application(case_id=case.id, household_id=case.household_id, month=month,
                              status=ApplicationStatus.inskickad, declared=declared.model_dump())
    session.add(application)
    session.flush()
    audit.append(session, actor=actor, action="application.submitted", entity="application",
                 entity_id=application.id, details={"month": f"{month:%Y-%m}"})
    return application


def members(session: Session, household_id: int) -> list[tuple[HouseholdMember, Person]]:
    rows = session.execute(
        select(HouseholdMember, Person).join(Person, Person.id == HouseholdMember.person_id)
        .where(HouseholdMember.household_id == household_id, HouseholdMember.left_on.is_(None))
        .order_by(HouseholdMember.id))
    return [(member, person) for member, person in rows]


def calculation_input(session: Session, application: Application, municipality: str,
                      flags: list[dict[str, Any]] | None = None) -> HouseholdInput:
    """The rules' input from the household in the store and what was declared for the month; with `flags`, each
    income the registers report differently is taken from the registers (what the case worker decides on)."""
    declared = Declared.model_validate(application.declared)
    register = {(f["person"], f["kind"]): int(f["register"]) for f in flags or []
                if f.get("kind") and isinstance(f.get("register"), int)}
    rows = []
    for m, p in members(session, application.household_id):
        incomes = dict(declared.incomes.get(p.personnummer, {}))
        incomes.update({kind: amount for (role, kind), amount in register.items() if role == m.role})
        rows.append({"role": m.role, "birth_date": identity.birth_date(p.personnummer),
                     "name": "" if p.protected_identity else p.first_name,  # never a protected name on a screen
                     "share_of_time": float(m.share_of_time), "incomes": {k: v for k, v in incomes.items() if v}})
    return HouseholdInput.model_validate({"members": rows, "costs": declared.costs, "municipality": municipality})


def check_manual_outcome(calc: Calculation, outcome: str, amount: int, motivering: str) -> None:
    """The outcome must match the amount, and anything but the calculated bifall needs the case worker's reasons."""
    if outcome not in DecisionOutcome.__members__:
        raise InputError("utfall", "Välj beslut: bifall, delvis bifall eller avslag.")
    if amount < 0 or amount > MAX_AMOUNT:
        raise InputError("belopp", "Beloppet ska vara mellan 0 och 1 000 000 kr.")
    if outcome == "bifall" and amount < calc.entitlement:
        raise InputError("utfall", f"Beloppet är lägre än det beräknade ({kr(calc.entitlement)}): välj delvis bifall.")
    if outcome == "bifall" and amount == 0:
        raise InputError("utfall", "Bifall kräver ett belopp. Välj avslag om inget ska betalas ut.")
    if outcome == "delvis_bifall" and not 0 < amount < calc.entitlement:
        raise InputError("belopp", f"Vid delvis bifall ska beloppet vara större än 0 och lägre än det beräknade "
                                   f"({kr(calc.entitlement)}).")
    deviates = amount != calc.entitlement or outcome != calc.outcome
    if (deviates or outcome != "bifall") and len(motivering.strip()) < 10:
        raise InputError("motivering", "Skriv en motivering (minst 10 tecken) när beslutet avviker från "
                                       "beräkningen eller inte är bifall.")


def record_manual_decision(session: Session, *, application: Application, calc: Calculation, outcome: str,
                           amount: int, motivering: str, user_id: int, actor: str) -> Decision:
    """A case worker's decision; the reasons are the calculation's and, for a deviation, the case worker's own."""
    check_manual_outcome(calc, outcome, amount, motivering)
    granted = amount if outcome != "avslag" else 0
    reasons = motivation(calc) + (f" {motivering.strip()}" if motivering.strip() else "")
    decision = Decision(case_id=application.case_id, application_id=application.id, type=DECISION_TYPE,
                        outcome=outcome, total_amount=granted,
                        motivering=reasons, lagrum=lagrum(calc), decided_by_id=user_id,
                        rule_version=calc.rules_version, automated=False, appealable=True,
                        explanation=calc.to_dict())
    session.add(decision)
    session.flush()
    session.add_all(DecisionLine(decision_id=decision.id, kind=line.kind, label=line.label, amount=line.amount,
                                 rule=line.rule) for line in calc.lines)
    application.status = ApplicationStatus.beslutad
    audit.append(session, actor=actor, action="decision.manual", entity="decision", entity_id=decision.id,
                 details={"outcome": outcome, "amount": amount, "calculated": calc.entitlement})
    return decision


def motivation(calc: Calculation) -> str:
    """Förvaltningslagen 32 §: the rules applied and the circumstances that decided the matter."""
    month = fmt.month(calc.month)
    if calc.outcome == "bifall":
        return (f"Hushållets behov för {month} är {kr(calc.norm + calc.costs)} (riksnorm {kr(calc.norm)} och "
                f"godtagna kostnader {kr(calc.costs)}). Hushållets inkomster är {kr(calc.incomes)}. Hushållet har "
                f"rätt till försörjningsstöd med {kr(calc.entitlement)}.")
    return (f"Hushållets inkomster för {month} ({kr(calc.incomes)}) är lika stora som eller större än behovet "
            f"({kr(calc.norm + calc.costs)}). Hushållet kan själv tillgodose sina behov.")


def lagrum(calc: Calculation) -> str:
    return "; ".join(dict.fromkeys(line.lagrum for line in calc.lines))


def payment_key(household_id: int, month: date) -> str:
    """One household-month is paid at most once, whatever is rerun."""
    return f"payment:forsorjningsstod:{household_id}:{month:%Y-%m}"


def order_payment(session: Session, decision: Decision, application: Application) -> Payment | None:
    if decision.total_amount <= 0:
        return None
    key = payment_key(application.household_id, application.month)
    existing = session.scalar(select(Payment).where(Payment.idempotency_key == key))
    if existing:
        return existing
    stopped = session.scalar(select(held(application.household_id)))  # a control hit not yet cleared
    payment = Payment(idempotency_key=key, case_id=decision.case_id, decision_id=decision.id,
                      household_id=application.household_id, month=application.month, amount=decision.total_amount,
                      status=PaymentStatus.stoppad if stopped else PaymentStatus.planerad)
    session.add(payment)
    session.flush()
    return payment


def summary(calc: Calculation) -> dict[str, Any]:
    """The figures a case worker sees first."""
    return {"entitlement": calc.entitlement, "outcome": calc.outcome, "norm": calc.norm, "costs": calc.costs,
            "incomes": calc.incomes}
