"""Feeds the rules: a household file (personnummer or birth dates) or a stored household, for a month."""

from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow import files
from ifoflow.arende.models import Household, HouseholdCost, HouseholdMember, Income, Person
from ifoflow.domain import identity
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.rules.inputs import HouseholdInput


class MemberFile(BaseModel):
    """A member as written in a household file: personnummer or birth date."""

    model_config = ConfigDict(extra="forbid")
    name: str = ""
    personnummer: str | None = None
    birth_date: date | None = None
    role: str
    cohabiting: bool | None = None
    share_of_time: float = Field(default=1.0, ge=0, le=1)
    lunch_at_school: bool = False
    incomes: dict[str, int] = Field(default_factory=dict)

    @model_validator(mode="after")
    def has_birth(self) -> "MemberFile":
        if not self.personnummer and not self.birth_date:
            raise ValueError("Ange personnummer eller födelsedatum (birth_date).")
        return self


class HouseholdFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    municipality: str | None = None
    members: list[MemberFile] = Field(min_length=1)
    costs: dict[str, int] = Field(default_factory=dict)


def household_from_file(path: Path) -> HouseholdInput:
    """Read and validate a YAML household; personnummer give the birth dates."""
    raw = files.load_yaml(path)
    if not isinstance(raw, dict):
        raise InputError("fil", "Filen ska innehålla ett hushåll (en tabell med members, costs ...).")
    parsed = HouseholdFile.model_validate(raw)
    members: list[dict[str, Any]] = []
    for i, m in enumerate(parsed.members):
        data = m.model_dump(exclude={"personnummer"})
        if m.personnummer:
            data["birth_date"] = identity.birth_date(identity.canonical(m.personnummer, f"members[{i}].personnummer"))
        members.append(data)
    payload: dict[str, Any] = {"members": members, "costs": parsed.costs}
    if parsed.municipality:
        payload["municipality"] = parsed.municipality
    return HouseholdInput.model_validate(payload)


def household_from_store(session: Session, household_id: int, municipality: str | None = None) -> HouseholdInput:
    """The stored household's current members, costs and incomes. Names are left out (explanations use roles)."""
    household = session.get(Household, household_id)
    if household is None:
        raise NotFoundError("household", f"Hushåll {household_id} finns inte.")
    rows = session.execute(
        select(HouseholdMember, Person).join(Person, Person.id == HouseholdMember.person_id)
        .where(HouseholdMember.household_id == household_id, HouseholdMember.left_on.is_(None))
        .order_by(HouseholdMember.id)
    ).all()
    person_ids = [p.id for _, p in rows]
    incomes: dict[int, dict[str, int]] = {pid: {} for pid in person_ids}
    for inc in session.scalars(select(Income).where(Income.person_id.in_(person_ids))):
        incomes[inc.person_id][inc.kind] = incomes[inc.person_id].get(inc.kind, 0) + inc.amount
    costs: dict[str, int] = {}
    for cost in session.scalars(select(HouseholdCost).where(HouseholdCost.household_id == household_id)):
        costs[cost.kind] = costs.get(cost.kind, 0) + cost.amount
    members = [{"role": m.role, "birth_date": identity.birth_date(p.personnummer),
                "share_of_time": float(m.share_of_time), "incomes": incomes[p.id]} for m, p in rows]
    payload: dict[str, Any] = {"members": members, "costs": costs}
    if municipality:
        payload["municipality"] = municipality
    return HouseholdInput.model_validate(payload)
