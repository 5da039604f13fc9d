"""What a calculation needs, validated: members with birth dates and roles, costs, incomes."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ifoflow.rules.kinds import COST_KINDS, INCOME_KINDS, MAX_AMOUNT
from ifoflow.rules.system import DEFAULT_OVERLAY

Amount = Field(ge=0, le=MAX_AMOUNT)


def _known(kinds: dict[str, str], what: str, values: dict[str, int]) -> dict[str, int]:
    for key, amount in values.items():
        if key not in kinds:
            raise ValueError(f"Okänd {what} ”{key}”. Tillåtna: {', '.join(kinds)}.")
        if not 0 <= amount <= MAX_AMOUNT:
            raise ValueError(f"Beloppet för ”{key}” måste vara mellan 0 och {MAX_AMOUNT:,} kr.".replace(",", " "))
    return values


class MemberInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = ""
    role: Literal["sokande", "medsokande", "barn", "ovrig"]
    birth_date: date
    cohabiting: bool | None = None  # None: true for sökande and medsökande when there is a medsökande
    share_of_time: float = Field(default=1.0, ge=0, le=1)
    lunch_at_school: bool = False
    incomes: dict[str, int] = Field(default_factory=dict)

    @field_validator("incomes")
    @classmethod
    def known_incomes(cls, v: dict[str, int]) -> dict[str, int]:
        return _known(INCOME_KINDS, "inkomsttyp", v)


class HouseholdInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    municipality: str = DEFAULT_OVERLAY
    members: list[MemberInput] = Field(min_length=1)
    costs: dict[str, int] = Field(default_factory=dict)

    @field_validator("costs")
    @classmethod
    def known_costs(cls, v: dict[str, int]) -> dict[str, int]:
        return _known(COST_KINDS, "kostnadstyp", v)

    @model_validator(mode="after")
    def one_applicant(self) -> "HouseholdInput":
        roles = [m.role for m in self.members]
        if roles.count("sokande") != 1:
            raise ValueError("Hushållet ska ha exakt en sökande.")
        if roles.count("medsokande") > 1:
            raise ValueError("Hushållet kan ha högst en medsökande.")
        return self

    def cohabiting(self, member: MemberInput) -> bool:
        if member.cohabiting is not None:
            return member.cohabiting
        couple = any(m.role == "medsokande" for m in self.members)
        return couple and member.role in ("sokande", "medsokande")
