"""Random but realistic household compositions, incomes and costs (all synthetic)."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from ifoflow.domain.enums import MemberRole

# Shares of household types among försörjningsstöd households (rounded, in the spirit of
# Socialstyrelsen's statistics: most are single adults, then single parents).
COMPOSITIONS = [
    ("single", 0.55),
    ("single_parent", 0.22),
    ("couple_children", 0.12),
    ("couple", 0.07),
    ("shared_adults", 0.04),
]
PROTECTED_SHARE = 0.005
SHARED_CUSTODY_SHARE = 0.15
# Synthetic monthly amounts (kr); not rules: the calculation reads its own parameters.
ADULT_INCOMES = [
    ("none", 0.40, 0, 0),
    ("lon", 0.14, 2000, 14000),
    ("a_kassa", 0.10, 7000, 16000),
    ("sjukpenning", 0.08, 6000, 15000),
    ("aktivitetsstod", 0.18, 4000, 9500),
    ("studiemedel", 0.04, 3000, 12000),
    ("pension", 0.06, 6000, 13000),
]
BARNBIDRAG = 1250


@dataclass
class MemberDraft:
    role: MemberRole
    born: date
    female: bool
    share_of_time: float = 1.0
    incomes: dict[str, int] = field(default_factory=dict)


@dataclass
class HouseholdDraft:
    composition: str
    members: list[MemberDraft]
    costs: dict[str, int]
    protected: bool


def _pick(rng: random.Random, table: list[tuple[str, float]]) -> str:
    return rng.choices([name for name, _ in table], weights=[w for _, w in table])[0]


def _born(rng: random.Random, today: date, min_age: int, max_age: int) -> date:
    days = rng.randint(min_age * 365 + 1, max_age * 365 + 300)
    return today - timedelta(days=days)


def _adult(rng: random.Random, today: date, role: MemberRole, female: bool) -> MemberDraft:
    member = MemberDraft(role=role, born=_born(rng, today, 19, 66), female=female)
    kind = _pick(rng, [(k, w) for k, w, _, _ in ADULT_INCOMES])
    low, high = next((lo, hi) for k, _, lo, hi in ADULT_INCOMES if k == kind)
    if kind != "none":
        member.incomes[kind] = rng.randint(low // 10, high // 10) * 10
    return member


def _children(rng: random.Random, today: date, count: int, shared_custody: bool) -> list[MemberDraft]:
    return [
        MemberDraft(role=MemberRole.barn, born=_born(rng, today, 0, 17), female=rng.random() < 0.5,
                    share_of_time=0.5 if shared_custody else 1.0)
        for _ in range(count)
    ]


def _costs(rng: random.Random, persons: int) -> dict[str, int]:
    rent = 5200 + 1100 * min(persons - 1, 5) + rng.randint(-8, 25) * 100
    costs = {"hyra": rent, "hushallsel": 150 + 60 * persons + rng.randint(0, 20) * 10}
    if rng.random() < 0.7:
        costs["hemforsakring"] = rng.randint(9, 25) * 10
    return costs


def draft_household(rng: random.Random, today: date) -> HouseholdDraft:
    """One household: members with roles, ages and incomes; rent and other costs."""
    composition = _pick(rng, COMPOSITIONS)
    first_female = rng.random() < 0.5
    members = [_adult(rng, today, MemberRole.sokande, first_female)]
    if composition in ("couple", "couple_children"):
        members.append(_adult(rng, today, MemberRole.medsokande, not first_female))
    if composition == "shared_adults":
        members.append(_adult(rng, today, MemberRole.ovrig, rng.random() < 0.5))
    if composition in ("single_parent", "couple_children"):
        count = rng.choices([1, 2, 3, 4, 5, 6], weights=[40, 33, 15, 7, 3, 2])[0]
        shared = composition == "single_parent" and rng.random() < SHARED_CUSTODY_SHARE
        children = _children(rng, today, count, shared)
        members.extend(children)
        members[0].incomes["barnbidrag"] = BARNBIDRAG * count
    costs = _costs(rng, len(members))
    return HouseholdDraft(composition, members, costs, protected=rng.random() < PROTECTED_SHARE)
