"""A generated month of applications from the synthetic municipality's ongoing cases.

Most applicants declare what the registers hold; a share forget an income or state another amount, so the
automation share is measured on realistic input. The shares are assumptions, set by the caller.
"""

import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Application, Case
from ifoflow.arende.service import known_incomes
from ifoflow.domain.enums import CaseStatus, CaseType
from ifoflow.forsorjningsstod import service as assistance

RENT_BASE, RENT_PER_PERSON = 4200, 1100  # kr a month; a plausible rent by household size


@dataclass(frozen=True)
class Errors:
    forgot_income: float = 0.08  # leaves out one income the registers hold
    other_amount: float = 0.04  # states an income 10-40 % lower than the registers


def generate_month(session: Session, month: date, *, limit: int | None = None, seed: int = 1,
                   errors: Errors = Errors()) -> list[int]:
    """Submit one application per ongoing case without one for the month. Returns the application ids."""
    rng = random.Random(seed)
    applied = select(Application.household_id).where(Application.month == month.replace(day=1))
    cases = session.scalars(select(Case).where(Case.type == CaseType.forsorjningsstod,
                                               Case.status == CaseStatus.pagaende,
                                               Case.household_id.is_not(None),
                                               Case.household_id.not_in(applied)).order_by(Case.id).limit(limit))
    ids = []
    for case in list(cases):
        members = assistance.members(session, case.household_id or 0)
        incomes = known_incomes(session, [p.personnummer for m, p in members if m.role in ("sokande", "medsokande")])
        _mistakes(rng, incomes, errors)
        rent = RENT_BASE + RENT_PER_PERSON * len(members) + rng.randrange(-800, 800, 50)
        declared = assistance.Declared(costs={"hyra": rent, "hushallsel": 60 * len(members)},
                                       incomes={p: {k: v for k, v in i.items() if v} for p, i in incomes.items()})
        ids.append(assistance.submit(session, case_id=case.id, month=month, declared=declared,
                                     actor="generator").id)
    return ids


def _mistakes(rng: random.Random, incomes: dict[str, dict[str, int]], errors: Errors) -> None:
    declared = [(pnr, kind) for pnr, kinds in incomes.items() for kind, amount in kinds.items() if amount]
    if not declared:
        return
    roll = rng.random()
    pnr, kind = rng.choice(declared)
    if roll < errors.forgot_income:
        del incomes[pnr][kind]
    elif roll < errors.forgot_income + errors.other_amount:
        incomes[pnr][kind] = int(incomes[pnr][kind] * rng.uniform(0.6, 0.9))
