"""The letter templates an administrator reads (kind, file, version, words) and each unit's info-letter choice."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.atkomst.models import Unit
from ifoflow.brev.pdf import LETTERHEAD, PACKAGES, version
from ifoflow.domain.errors import NotFoundError
from ifoflow.store import audit

# Each kind of letter and its template: one home, read by the processes that write them and by this page.
KINDS = {"beslut_forsorjningsstod": "forsorjningsstod/beslut.typ",
         "infobrev_ny_handlaggare": "infobrev/ny_handlaggare.typ",
         "skuld_erbjudande": "skuld/erbjudande.typ",
         "oro_aterkoppling": "oro/aterkoppling.typ"}


@dataclass(frozen=True)
class Template:
    kind: str
    name: str
    version: str
    text: str


def all_templates() -> list[Template]:
    """Every letter's template, then the letterhead they share (its version is part of each letter's)."""
    found = [Template(kind, name, version(name), (PACKAGES / name.replace("/", "/letters/", 1)).read_text("utf-8"))
             for kind, name in KINDS.items()]
    return [*found, Template("", "brev/brevhuvud.typ", "", LETTERHEAD.read_text("utf-8"))]


def units(session: Session) -> list[Unit]:
    return list(session.scalars(select(Unit).order_by(Unit.code)))


def set_info_letters(session: Session, unit_id: int, send: bool, *, actor: str) -> str:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFoundError("enhet", "Enheten finns inte.")
    unit.info_letters = send
    audit.append(session, actor=actor, action="unit.info_letters", entity="unit", entity_id=unit.id,
                 details={"skickar": send})
    return f"{unit.name}: {'skickar' if send else 'skickar inte'} infobrev vid byte av handläggare."
