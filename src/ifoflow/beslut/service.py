"""The registry of automated decision types a nämnd has delegated (kommunallagen (2017:725) 6 kap. 37-40 §§)."""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.beslut.models import DecisionType
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.store import audit
from ifoflow.store.base import utcnow


class MatterClass(StrEnum):
    vanligt = "vanligt"
    laglighetsprovning = "laglighetsprovning"
    ej_overklagbart = "ej_overklagbart"
    upphandling = "upphandling"
    auktorisation_valfrihet = "auktorisation_valfrihet"


LAW = "6 kap. 38 § andra stycket kommunallagen (2017:725)"
EXCLUDED = {
    MatterClass.laglighetsprovning: "ärenden som överklagas genom laglighetsprövning enligt 13 kap.",
    MatterClass.ej_overklagbart: "ärenden där beslutet enligt lag inte får överklagas",
    MatterClass.upphandling: "ärenden om upphandling",
    MatterClass.auktorisation_valfrihet: "ärenden om auktorisations- eller valfrihetssystem",
}


class DecisionNotAllowed(Exception):
    """A robot may not make this decision automatically; the reason goes with the item to a case worker."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DecisionTypeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{2,63}$")
    title: str = Field(min_length=3)
    namnd: str = Field(min_length=3)
    delegation_ref: str = Field(min_length=3)
    legal_basis: str = Field(min_length=3)
    appealable: bool
    report_back: str = Field(min_length=3)
    matter_class: MatterClass = MatterClass.vanligt
    allowed_outcomes: list[str] = Field(min_length=1)


def register(session: Session, data: DecisionTypeIn, *, actor: str) -> DecisionType:
    """Register a type, or refuse it with the reason when the law excludes it."""
    if data.matter_class in EXCLUDED:
        raise InputError("matter_class", f"Får inte automatiseras: {EXCLUDED[data.matter_class]} ({LAW}).")
    if not data.appealable:
        raise InputError("appealable", f"Får inte automatiseras: {EXCLUDED[MatterClass.ej_overklagbart]} ({LAW}).")
    if session.scalar(select(DecisionType.id).where(DecisionType.code == data.code)):
        raise InputError("code", f"Beslutstypen ”{data.code}” är redan registrerad.")
    row = DecisionType(**data.model_dump(), enabled=True, changed_by=actor)
    session.add(row)
    audit.append(session, actor=actor, action="decision_type.registered", entity="decision_type",
                 entity_id=data.code, details=data.model_dump(mode="json"))
    return row


def all_types(session: Session) -> list[DecisionType]:
    """Every registered decision type, by title."""
    return list(session.scalars(select(DecisionType).order_by(DecisionType.title)))


def find(session: Session, code: str) -> DecisionType:
    row = session.scalar(select(DecisionType).where(DecisionType.code == code))
    if row is None:
        raise NotFoundError("code", f"Beslutstypen ”{code}” är inte registrerad.")
    return row


def set_enabled(session: Session, code: str, enabled: bool, *, actor: str, reason: str) -> DecisionType:
    """The nämnd switches a type off (at once) or on again; the reason is logged."""
    if not reason.strip():
        raise InputError("reason", "Ange skälet till ändringen.")
    row = find(session, code)
    row.enabled, row.changed_at, row.changed_by, row.change_reason = enabled, utcnow(), actor, reason
    audit.append(session, actor=actor, action="decision_type.enabled" if enabled else "decision_type.disabled",
                 entity="decision_type", entity_id=code, details={"reason": reason})
    return row


def authorize(session: Session, code: str, outcome: str) -> DecisionType:
    """The registered, enabled type, when it allows this outcome; else DecisionNotAllowed with the reason."""
    row = session.scalar(select(DecisionType).where(DecisionType.code == code))
    if row is None:
        raise DecisionNotAllowed(f"Beslutstypen ”{code}” är inte registrerad för automatiserat beslutsfattande.")
    if not row.enabled:
        raise DecisionNotAllowed(f"Nämnden har stängt av automatiserade beslut av typen ”{code}” "
                                 f"({row.change_reason or 'inget skäl angivet'}).")
    if outcome not in row.allowed_outcomes:
        raise DecisionNotAllowed(f"Beslutstypen ”{code}” tillåter inte utfallet ”{outcome}” automatiskt.")
    return row
