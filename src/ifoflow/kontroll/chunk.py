"""A chunk of ongoing cases as columns: what the monthly control compares and recomputes.

The rules run on arrays, so the case files are read as arrays too: six queries return plain numbers and short
strings, and numpy scatters them into per-person and per-household columns. Reading them into one Python object per
case and member first cost four fifths of a batch from stored rows; per-case views (`files`) are built only for
the comparison, which needs them.
"""

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np
from sqlalchemy import Float, cast, func, select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Application, Case, HouseholdCost, HouseholdMember, Income, Person
from ifoflow.atkomst.models import Unit
from ifoflow.domain import identity
from ifoflow.domain.enums import CaseStatus, CaseType, PaymentStatus
from ifoflow.domain.id_ranges import bounds, range_keys
from ifoflow.rules.engine import Batch
from ifoflow.rules.kinds import COST_KINDS, INCOME_KINDS
from ifoflow.utbetalning.models import Payment

APPLICANTS = ("sokande", "medsokande")
INCOMES, COSTS = list(INCOME_KINDS), list(COST_KINDS)
_INCOME_ROW, _COST_ROW = {k: i for i, k in enumerate(INCOMES)}, {k: i for i, k in enumerate(COSTS)}


@dataclass
class Member:
    pnr: str
    role: str
    share: float


@dataclass
class CaseFile:
    """One case of a chunk, as the comparison and the tasks need it."""

    case_id: int
    household_id: int
    unit_code: str
    unit_id: int
    assigned_to_id: int | None
    members: list[Member] = field(default_factory=list)
    incomes: dict[str, dict[str, int]] = field(default_factory=dict)  # known, by personnummer (applicants)
    paid: int | None = None  # paid or planned for the control month

    def applicants(self) -> list[Member]:
        return [m for m in self.members if m.role in APPLICANTS]


@dataclass
class Chunk:
    """Households 0..n-1 (one per case, in case-id order) and their current members 0..p-1."""

    case_id: np.ndarray
    household_id: np.ndarray
    unit_id: np.ndarray
    unit_code: list[str]
    assigned_to_id: list[int | None]
    household: np.ndarray  # per member: its household's position
    pnr: list[str]
    role: np.ndarray
    share: np.ndarray
    incomes: np.ndarray  # kinds x members, known (the month's declaration replaces a person's)
    costs: np.ndarray  # kinds x households
    paid: np.ndarray  # per household, -1 where nothing is paid or planned for the month

    def __len__(self) -> int:
        return len(self.case_id)

    @cached_property
    def files(self) -> list[CaseFile]:
        ends = np.searchsorted(self.household, np.arange(1, len(self) + 1))  # members are grouped by household
        starts = np.concatenate(([0], ends[:-1]))
        roles, shares, known = self.role.tolist(), self.share.tolist(), self.incomes.T.tolist()
        files = []
        for i, (case_id, household_id, unit_id, paid) in enumerate(zip(
                self.case_id.tolist(), self.household_id.tolist(), self.unit_id.tolist(), self.paid.tolist(),
                strict=True)):
            f = CaseFile(case_id, household_id, self.unit_code[i], unit_id, self.assigned_to_id[i],
                         paid=None if paid < 0 else paid)
            for p in range(starts[i], ends[i]):
                f.members.append(Member(self.pnr[p], roles[p], shares[p]))
                if roles[p] in APPLICANTS:
                    f.incomes[self.pnr[p]] = {INCOMES[k]: int(a) for k, a in enumerate(known[p]) if a}
            files.append(f)
        return files

    def batch(self, households: np.ndarray, register: dict[str, dict[str, int]]) -> Batch:
        """The rules' input for the chosen households (positions; the results come in ascending position order);
        `register` replaces applicants' incomes."""
        keep = np.zeros(len(self), dtype=bool)
        keep[households] = True
        households = np.flatnonzero(keep)  # ascending, as renumbered below, so that costs line up with persons
        members = np.flatnonzero(keep[self.household])
        renumber = np.cumsum(keep) - 1
        household, roles = renumber[self.household[members]], self.role[members]
        incomes = self.incomes[:, members].copy()
        for column, p in enumerate(members.tolist()):
            found = register.get(self.pnr[p])
            if found is not None and roles[column] in APPLICANTS:
                incomes[:, column] = [found.get(kind, 0) for kind in INCOMES]
        couple = np.isin(household, household[roles == "medsokande"]) & np.isin(roles, APPLICANTS)
        return Batch(household=household, role=roles, birth_date=identity.birth_dates([self.pnr[p] for p in members]),
                     share_of_time=self.share[members], lunch_at_school=np.zeros(len(members), dtype=bool),
                     cohabiting=couple, incomes=dict(zip(INCOMES, incomes, strict=True)),
                     costs=dict(zip(COSTS, self.costs[:, households], strict=True)), households=len(households))


@contextmanager
def _without_collection() -> Iterator[None]:
    """Tens of thousands of row tuples, which cannot form cycles, set off the cyclic collector again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def chunks(session: Session, size: int) -> list[str]:
    """Item keys "first-last" over the ongoing cases' ids, `size` cases each."""
    ids = list(session.scalars(select(Case.id).where(Case.type == CaseType.forsorjningsstod,
                                                     Case.status == CaseStatus.pagaende,
                                                     Case.household_id.is_not(None)).order_by(Case.id)))
    return range_keys(ids, size)


def load_chunk(session: Session, key: str, month: date) -> Chunk:
    """The chunk's ongoing cases with their households, known incomes, costs, the month's declaration and payment.
    Each query selects by the chunk's case-id range (a subquery), never by a list of thousands of ids."""
    with _without_collection():
        return _load(session, key, month)


def _load(session: Session, key: str, month: date) -> Chunk:
    first, last = bounds(key)
    in_chunk = (Case.id.between(first, last), Case.type == CaseType.forsorjningsstod,
                Case.status == CaseStatus.pagaende, Case.household_id.is_not(None))
    in_households = select(Case.household_id).where(*in_chunk).scalar_subquery()
    current = (HouseholdMember.household_id.in_(in_households), HouseholdMember.left_on.is_(None))
    db = _Plain(session)
    cases = db.execute(select(Case.id, Case.household_id, Case.unit_id, Unit.code, Case.assigned_to_id)
                       .join(Unit, Unit.id == Case.unit_id).where(*in_chunk).order_by(Case.id))
    case_id, household_id, unit_id, unit_code, assigned = _columns(cases, 5)
    position = _Positions(household_id)
    members = db.execute(select(HouseholdMember.household_id, HouseholdMember.person_id, Person.personnummer,
                                HouseholdMember.role, cast(HouseholdMember.share_of_time, Float))
                         .join(Person, Person.id == HouseholdMember.person_id).where(*current)
                         .order_by(HouseholdMember.id))
    m_household, person_id, pnr, role, share = _columns(members, 5)
    household = position.of(m_household)
    order = np.argsort(household, kind="stable")  # grouped by household, members in the order they were added
    pnr = [pnr[i] for i in order]
    person = _Positions(np.asarray(person_id, dtype=np.int64)[order].tolist())
    incomes = np.zeros((len(INCOMES), len(pnr)))
    rows = db.execute(select(Income.person_id, Income.kind, Income.amount)
                      .join(HouseholdMember, HouseholdMember.person_id == Income.person_id).where(*current))
    _scatter(incomes, _INCOME_ROW, rows, person)
    costs = np.zeros((len(COSTS), len(case_id)))
    rows = db.execute(select(HouseholdCost.household_id, HouseholdCost.kind, HouseholdCost.amount)
                      .where(HouseholdCost.household_id.in_(in_households)))
    _scatter(costs, _COST_ROW, rows, position)
    paid = np.full(len(case_id), -1, dtype=np.int64)
    rows = db.execute(select(Payment.household_id, func.sum(Payment.amount)).where(
        Payment.household_id.in_(in_households), Payment.month == month,
        Payment.status != PaymentStatus.stoppad).group_by(Payment.household_id))
    if rows:
        where, totals = zip(*rows, strict=True)
        paid[position.of(list(where))] = [int(t) for t in totals]
    declared = session.execute(select(Application.household_id, Application.declared).where(  # JSON: parsed rows
        Application.household_id.in_(in_households), Application.month == month)).all()
    if declared:
        _declare(incomes, costs, declared, position, household[order], {n: i for i, n in enumerate(pnr)})
    return Chunk(np.asarray(case_id, dtype=np.int64), np.asarray(household_id, dtype=np.int64),
                 np.asarray(unit_id, dtype=np.int64), unit_code, assigned, household[order],
                 pnr, np.asarray(role, dtype=object)[order].astype(str), np.asarray(share, dtype=float)[order],
                 incomes, costs, paid)


class _Plain:
    """Statements whose rows are read as the driver's plain tuples: SQLAlchemy's Row objects were half the time."""

    def __init__(self, session: Session) -> None:
        self.connection = session.connection()

    def execute(self, statement: Any) -> list[tuple[Any, ...]]:
        result = self.connection.execute(statement)
        try:
            return list(result.cursor.fetchall())
        finally:
            result.close()


def _columns(rows: list[tuple[Any, ...]], width: int) -> list[list[Any]]:
    return [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]


class _Positions:
    """Positions of ids in a list (ids -> 0..n-1), for many ids at once."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = np.asarray(ids, dtype=np.int64)
        self.order = np.argsort(self.ids)

    def of(self, ids: list[int]) -> np.ndarray:
        return self.order[np.searchsorted(self.ids, np.asarray(ids, dtype=np.int64), sorter=self.order)]


def _scatter(matrix: np.ndarray, kind_row: dict[str, int], rows: list[Any], positions: _Positions) -> None:
    """Add (id, kind, amount) rows into matrix[kind, position]; kinds the rules do not know are left out."""
    if not rows:
        return
    owners, kinds, amounts = zip(*rows, strict=True)
    row = np.asarray([kind_row.get(kind, -1) for kind in kinds])
    known = row >= 0
    np.add.at(matrix, (row[known], positions.of(list(owners))[known]), np.asarray(amounts, dtype=float)[known])


def _declare(incomes: np.ndarray, costs: np.ndarray, declared: Sequence[Any], position: _Positions,
             household: np.ndarray, person: dict[str, int]) -> None:
    """What was declared for the month counts: a person's declared incomes replace theirs, declared costs theirs."""
    households = position.of([hh for hh, _ in declared])
    for h, (_, what) in zip(households.tolist(), declared, strict=True):
        for pnr, amounts in what.get("incomes", {}).items():
            if pnr in person and household[person[pnr]] == h:  # a member of this household
                incomes[:, person[pnr]] = [amounts.get(kind, 0) for kind in INCOMES]
        for kind, amount in what.get("costs", {}).items():
            if kind in _COST_ROW:
                costs[_COST_ROW[kind], h] = amount
