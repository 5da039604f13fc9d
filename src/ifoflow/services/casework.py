"""The case worker's side of försörjningsstöd: decide an application the robot handed over."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.rules.calculate import calculate
from ifoflow.services import assistance
from ifoflow.services.decision_letter import write_decision_letter
from ifoflow.store.models import Application, Decision, StaffUser


def decide(session: Session, *, application_id: int, username: str, outcome: str, amount: int | None,
           motivering: str, municipality: str = "exempelstad") -> Decision:
    """Approve, adjust or refuse (motivering required for any deviation); letter and payment follow."""
    application = session.get(Application, application_id)
    worker = session.scalar(select(StaffUser).where(StaffUser.username == username))
    if application is None or worker is None:
        raise NotFoundError("ansokan", "Ansökan eller användaren finns inte.")
    if application.status == "beslutad":
        raise InputError("ansokan", "Ansökan är redan beslutad.")
    calc = calculate(assistance.calculation_input(session, application, municipality), application.month)
    decision = assistance.record_manual_decision(
        session, application=application, calc=calc, outcome=outcome,
        amount=calc.entitlement if amount is None else amount, motivering=motivering, user_id=worker.id,
        actor=username)
    write_decision_letter(session, decision)
    assistance.order_payment(session, decision, application)
    return decision
