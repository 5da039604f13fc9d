"""One household-month: calculate and explain every krona (for applications and decision letters)."""

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np

from ifoflow.rules.engine import Batch, empty_kinds, run
from ifoflow.rules.explain import explain
from ifoflow.rules.inputs import HouseholdInput
from ifoflow.rules.kinds import COST_KINDS, INCOME_KINDS
from ifoflow.rules.sources import rules_version


@dataclass(frozen=True)
class Line:
    kind: str  # norm | kostnad | inkomst
    label: str
    amount: int  # kronor; incomes are negative
    rule: str
    lagrum: str
    parameter: str = ""
    source: str = ""
    inputs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Calculation:
    month: str
    municipality: str
    entitlement: int
    norm: int
    costs: int
    incomes: int
    outcome: str  # bifall | avslag
    rules_version: str
    lines: list[Line]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Calculation":
        return cls(**{**data, "lines": [Line(**line) for line in data["lines"]]})


def to_batch(household: HouseholdInput) -> Batch:
    members = household.members
    incomes, costs = empty_kinds(len(members), 1)
    for i, m in enumerate(members):
        for kind, amount in m.incomes.items():
            incomes[kind][i] = amount
    for kind, amount in household.costs.items():
        costs[kind][0] = amount
    return Batch(
        household=np.zeros(len(members), dtype=int),
        role=np.array([m.role for m in members]),
        birth_date=np.array([m.birth_date.isoformat() for m in members], dtype="datetime64[D]"),
        share_of_time=np.array([m.share_of_time for m in members], dtype=float),
        lunch_at_school=np.array([m.lunch_at_school for m in members]),
        cohabiting=np.array([household.cohabiting(m) for m in members]),
        incomes=incomes, costs=costs, households=1,
    )


def stack(parts: list[Batch]) -> Batch:
    """Many batches as one, households renumbered in order."""
    starts = np.cumsum([0] + [p.households for p in parts[:-1]])
    return Batch(
        household=np.concatenate([p.household + start for p, start in zip(parts, starts, strict=True)]),
        role=np.concatenate([p.role for p in parts]),
        birth_date=np.concatenate([p.birth_date for p in parts]),
        share_of_time=np.concatenate([p.share_of_time for p in parts]),
        lunch_at_school=np.concatenate([p.lunch_at_school for p in parts]),
        cohabiting=np.concatenate([p.cohabiting for p in parts]),
        incomes={k: np.concatenate([p.incomes[k] for p in parts]) for k in INCOME_KINDS},
        costs={k: np.concatenate([p.costs[k] for p in parts]) for k in COST_KINDS},
        households=sum(p.households for p in parts),
    )


def entitlements(households: list[HouseholdInput], month: date, overlay: str) -> np.ndarray:
    """Vectorised: the entitlement of each household (same overlay), without explanations."""
    out, _ = run(stack([to_batch(h) for h in households]), month.replace(day=1), overlay)
    return out["forsorjningsstod"].astype(int)


def calculate(household: HouseholdInput, month: date) -> Calculation:
    """Entitlement for the month with one explained line per amount."""
    month = month.replace(day=1)
    hh, persons = run(to_batch(household), month, household.municipality)
    lines = [Line(**line) for line in explain(household, month, hh, persons)]
    entitlement = int(hh["forsorjningsstod"][0])
    return Calculation(
        month=f"{month:%Y-%m}", municipality=household.municipality, entitlement=entitlement,
        norm=int(hh["riksnorm"][0]), costs=int(hh["skaliga_kostnader"][0]), incomes=int(hh["inkomster"][0]),
        outcome="bifall" if entitlement > 0 else "avslag", rules_version=rules_version(household.municipality),
        lines=lines,
    )
