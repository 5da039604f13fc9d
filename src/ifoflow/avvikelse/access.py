"""Who sees a deviation report: its reporter, its recipients (the unit's managers and the roles its kind goes
to), the quality team and the data protection officer. Everyone else is told it does not exist (404). Every read
is audited, and written to the access log when a client is linked; the client's name shows only to those who may
open the client's cases."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Case, Person
from ifoflow.arende.service import PROTECTED_NAME
from ifoflow.atkomst.models import StaffUser
from ifoflow.atkomst.service import allowed, log_reads, units_of
from ifoflow.avvikelse import rules
from ifoflow.avvikelse.models import DeviationReport
from ifoflow.avvikelse.service import DRAFT, recipients
from ifoflow.domain.enums import StaffRole
from ifoflow.domain.errors import NotFoundError
from ifoflow.store import audit


def may_see(session: Session, user: StaffUser, report: DeviationReport) -> bool:
    if report.reporter_id == user.id:
        return True
    if report.status == DRAFT:
        return False
    return StaffRole(user.role) in rules.OVERSEERS or user.id in {u.id for u in recipients(session, report)}


def may_handle(session: Session, user: StaffUser, report: DeviationReport) -> bool:
    """Classify, investigate, decide and close: the recipients and the overseers."""
    return report.status != DRAFT and (StaffRole(user.role) in rules.OVERSEERS or
                                       user.id in {u.id for u in recipients(session, report)})


def readable(session: Session, user: StaffUser, report_id: int) -> DeviationReport:
    report = session.get(DeviationReport, report_id)
    if report is None or not may_see(session, user, report):
        raise NotFoundError("avvikelse", "Rapporten finns inte.")
    audit.append(session, actor=user.username, action="deviation.read", entity="deviation_report",
                 entity_id=report.id)
    if report.person_id:
        log_reads(session, user, [(report.person_id, None, report.unit_id)], action="avvikelse",
                  reason=f"Avvikelserapport {report.id}")
    return report


def client_name(session: Session, user: StaffUser, report: DeviationReport) -> str:
    """The linked client as this reader may see it."""
    if report.person_id is None:
        return ""
    person = session.get_one(Person, report.person_id)
    units = set(session.scalars(select(Case.unit_id).where(Case.person_id == person.id)))
    if not (allowed(user, "case.read") and units & units_of(session, user)) and \
            StaffRole(user.role) not in rules.OVERSEERS:
        return "En klient är kopplad (namnet visas för den som har tillgång till klientens ärenden)"
    if person.protected_identity and not user.clearance_protected:
        return PROTECTED_NAME
    return f"{person.first_name} {person.last_name}"
