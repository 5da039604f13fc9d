"""A chunk read as columns says what the case files say, read one object at a time through the ORM."""

from collections import defaultdict
from datetime import date

import numpy as np
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Application, Case, HouseholdCost, HouseholdMember, Income
from ifoflow.domain.enums import CaseStatus, CaseType, PaymentStatus
from ifoflow.kontroll.chunk import COSTS, INCOMES, chunks, load_chunk
from ifoflow.synthetic.seed import seed
from ifoflow.utbetalning.models import Payment

MONTH = date(2026, 3, 1)


def _declare_and_pay(session: Session) -> tuple[int, str, int]:
    """One household declares new incomes and rent for the month, another is paid twice with one payment stopped."""
    first, second = session.scalars(select(Case).where(Case.status == CaseStatus.pagaende,
                                                       Case.type == CaseType.forsorjningsstod).limit(2)).all()
    applicant = next(m for m in session.scalars(select(HouseholdMember).where(
        HouseholdMember.household_id == first.household_id)) if m.role == "sokande")
    pnr = applicant.person.personnummer
    session.add(Application(case_id=first.id, household_id=first.household_id, month=MONTH, status="beslutad",
                            declared={"incomes": {pnr: {"lon": 4321}}, "costs": {"hyra": 7654, "okand": 5}}))
    for key, amount, status in (("a", 1000, PaymentStatus.planerad), ("b", 500, PaymentStatus.planerad),
                                ("c", 9999, PaymentStatus.stoppad)):
        session.add(Payment(idempotency_key=f"test:{key}", case_id=second.id, household_id=second.household_id,
                            month=MONTH, amount=amount, status=status))
    session.commit()
    return first.household_id, pnr, second.household_id


def test_the_columns_match_the_case_files(engine: Engine, session: Session) -> None:
    seed(engine, households=120, seed=3, today=date(2026, 2, 1))
    declared_household, declared_pnr, paid_household = _declare_and_pay(session)
    keys = chunks(session, 50)
    assert len(keys) >= 2
    seen = 0
    for key in keys:
        chunk = load_chunk(session, key, MONTH)
        assert len(chunk.files) == len(chunk) and list(chunk.case_id) == sorted(chunk.case_id)
        for i, f in enumerate(chunk.files):
            seen += 1
            members = session.scalars(select(HouseholdMember).where(
                HouseholdMember.household_id == f.household_id, HouseholdMember.left_on.is_(None))
                .order_by(HouseholdMember.id)).all()
            assert [(m.pnr, m.role, m.share) for m in f.members] == [
                (m.person.personnummer, m.role, float(m.share_of_time)) for m in members]
            for m in members:
                known: dict[str, int] = defaultdict(int)
                for income in session.scalars(select(Income).where(Income.person_id == m.person_id)):
                    known[income.kind] += income.amount
                if m.person.personnummer == declared_pnr:
                    known = defaultdict(int, {"lon": 4321})
                column = f.members.index(next(x for x in f.members if x.pnr == m.person.personnummer))
                person = int(np.flatnonzero(chunk.household == i)[column])
                assert dict(zip(INCOMES, chunk.incomes[:, person].tolist(), strict=True)) == {
                    k: known.get(k, 0) for k in INCOMES}
                if m.role in ("sokande", "medsokande"):
                    assert f.incomes[m.person.personnummer] == {k: v for k, v in known.items() if v}
            costs: dict[str, int] = defaultdict(int)
            for cost in session.scalars(select(HouseholdCost).where(HouseholdCost.household_id == f.household_id)):
                costs[cost.kind] += cost.amount
            if f.household_id == declared_household:
                costs["hyra"] = 7654
            assert dict(zip(COSTS, chunk.costs[:, i].tolist(), strict=True)) == {k: costs.get(k, 0) for k in COSTS}
            assert f.paid == (1500 if f.household_id == paid_household else None)
    assert seen == len(session.scalars(select(Case.id).where(
        Case.status == CaseStatus.pagaende, Case.type == CaseType.forsorjningsstod,
        Case.household_id.is_not(None))).all())
