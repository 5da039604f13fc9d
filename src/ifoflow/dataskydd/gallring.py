"""Gallring: remove or anonymise data past its retention period. Dry run first; applying is audited."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.orm import Session

from ifoflow import params as dated_params
from ifoflow.arende.models import Application, Case, Document, HouseholdMember, JournalNote, Person, Task
from ifoflow.atkomst.models import AccessLog
from ifoflow.beslut.models import Decision, DecisionLine
from ifoflow.brev.models import Letter
from ifoflow.store import audit

PARAMETERS = dated_params.ParameterSet("gallring", Path(__file__).parent / "params" / "gallring.yaml",
                                       "gallringsfrister")
CASE_DATA: list[Any] = [JournalNote, Letter, Document, Task, Application]  # removed with the case
GALLRAD = "gallrad"


@dataclass
class RetentionReport:
    today: date
    cases: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    persons_anonymised: int = 0
    access_log_rows: int = 0
    applied: bool = False


class RetentionPolicy(BaseModel):
    cases: dict[str, int | None]  # years after the case was closed, per case type; None: kept
    access_log: int = Field(ge=1, le=50)


def policy(today: date, overlay: str | None = None) -> RetentionPolicy:
    """The retention periods in force today (the municipality's overlay on top of the defaults)."""
    return dated_params.load(RetentionPolicy, PARAMETERS, today, overlay)


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _expired_cases(session: Session, today: date) -> list[Case]:
    found: list[Case] = []
    for case_type, years in policy(today).cases.items():
        if years is None:
            continue
        found += session.scalars(select(Case).where(Case.type == case_type, Case.closed_on.is_not(None),
                                                    Case.closed_on < _years_ago(today, years),
                                                    Case.status != GALLRAD)).all()
    return found


def _count(session: Session, stmt: Select[Any]) -> int:
    return int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def run(session: Session, *, today: date, apply: bool, actor: str) -> RetentionReport:
    """What is past its period (dry run), or remove it (apply). The caller commits."""
    report = RetentionReport(today=today, applied=apply)
    cases = _expired_cases(session, today)
    ids = [c.id for c in cases]
    report.cases = [c.case_number for c in cases]
    for model in CASE_DATA:
        report.rows[model.__tablename__] = _count(session, select(model.id).where(model.case_id.in_(ids)))
    decisions = select(Decision.id).where(Decision.case_id.in_(ids))
    report.rows["decisions"] = _count(session, decisions)
    persons = {c.person_id for c in cases if c.person_id}
    still_used = set(session.scalars(select(Case.person_id).where(Case.person_id.in_(persons), Case.id.not_in(ids),
                                                                  Case.status != GALLRAD)))
    orphans = sorted(persons - still_used)
    report.persons_anonymised = len(orphans)
    log_cutoff = _years_ago(today, policy(today).access_log)
    old_log = select(AccessLog.id).where(func.date(AccessLog.at) < log_cutoff)
    report.access_log_rows = _count(session, old_log)
    if not apply:
        return report
    for model in CASE_DATA:
        session.execute(delete(model).where(model.case_id.in_(ids)))
    session.execute(delete(DecisionLine).where(DecisionLine.decision_id.in_(decisions)))
    # Decisions stay as bookkeeping for the payments, without reasons or explanations.
    session.execute(update(Decision).where(Decision.case_id.in_(ids)).values(motivering="", explanation={}))
    session.execute(update(Case).where(Case.id.in_(ids)).values(status=GALLRAD, person_id=None))
    for person_id in orphans:
        session.execute(update(Person).where(Person.id == person_id).values(
            personnummer=f"G{person_id:011d}", first_name="Gallrad", last_name="Gallrad", street="", postal_code="",
            city=""))
        session.execute(delete(AccessLog).where(AccessLog.person_id == person_id))
        session.execute(update(HouseholdMember).where(HouseholdMember.person_id == person_id,
                                                      HouseholdMember.left_on.is_(None)).values(left_on=today))
    session.execute(delete(AccessLog).where(AccessLog.id.in_(old_log)))
    audit.append(session, actor=actor, action="retention.applied", entity="retention", entity_id=today.isoformat(),
                 details={"cases": len(ids), "rows": report.rows, "persons": len(orphans),
                          "access_log": report.access_log_rows})
    return report
