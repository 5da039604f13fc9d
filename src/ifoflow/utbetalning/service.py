"""Payment orders to the bank as an ISO 20022 pain.001.001.03 file for the next bank day.

Payees are identified by personnummer (payment through the banks' account register), so no account numbers are
held. A payment is exported once: it is marked `exporterad` in the same transaction that makes the file. Persons
with protected identity are named "Skyddad identitet" in the file.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Case, Person
from ifoflow.arende.service import PROTECTED_NAME
from ifoflow.domain.bankdays import next_bank_day
from ifoflow.domain.enums import PaymentStatus
from ifoflow.settings import get_settings
from ifoflow.store import audit
from ifoflow.utbetalning.models import Payment
from ifoflow.utbetalning.stopp import held

NS = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"


@dataclass(frozen=True)
class PaymentFile:
    xml: str
    count: int
    total: int
    execution_date: date


def _transaction(payment: Payment, person: Person) -> str:
    name = PROTECTED_NAME if person.protected_identity else f"{person.first_name} {person.last_name}"
    return (f"<CdtTrfTxInf><PmtId><EndToEndId>{escape(payment.idempotency_key[-35:])}</EndToEndId></PmtId>"
            f'<Amt><InstdAmt Ccy="SEK">{Decimal(payment.amount):.2f}</InstdAmt></Amt>'
            f"<Cdtr><Nm>{escape(name[:70])}</Nm><Id><PrvtId><Othr><Id>{person.personnummer}</Id>"
            "<SchmeNm><Prtry>PERSONNUMMER</Prtry></SchmeNm></Othr></PrvtId></Id></Cdtr>"
            f"<RmtInf><Ustrd>Försörjningsstöd {payment.month:%Y-%m}</Ustrd></RmtInf></CdtTrfTxInf>")


def export(session: Session, *, today: date, actor: str) -> PaymentFile:
    """All planned payments, for execution on the next bank day after today. The caller commits."""
    settings = get_settings()
    execution = next_bank_day(today)
    rows = session.execute(select(Payment, Person).join(Case, Case.id == Payment.case_id)
                           .join(Person, Person.id == Case.person_id)
                           .where(Payment.status == PaymentStatus.planerad, ~held(Payment.household_id))
                           .order_by(Payment.id)).all()
    total = sum(p.amount for p, _ in rows)
    message_id = f"IFO-{execution:%Y%m%d}-{uuid.uuid4().hex[:12]}"
    head = (f'<?xml version="1.0" encoding="UTF-8"?><Document xmlns="{NS}"><CstmrCdtTrfInitn><GrpHdr>'
            f"<MsgId>{message_id}</MsgId><CreDtTm>{datetime.now():%Y-%m-%dT%H:%M:%S}</CreDtTm>"
            f"<NbOfTxs>{len(rows)}</NbOfTxs><CtrlSum>{Decimal(total):.2f}</CtrlSum>"
            f"<InitgPty><Nm>{escape(settings.payment_debtor_name)}</Nm></InitgPty></GrpHdr>"
            f"<PmtInf><PmtInfId>{message_id}-1</PmtInfId><PmtMtd>TRF</PmtMtd><NbOfTxs>{len(rows)}</NbOfTxs>"
            f"<CtrlSum>{Decimal(total):.2f}</CtrlSum><ReqdExctnDt>{execution}</ReqdExctnDt>"
            f"<Dbtr><Nm>{escape(settings.payment_debtor_name)}</Nm></Dbtr>"
            f"<DbtrAcct><Id><IBAN>{settings.payment_debtor_iban}</IBAN></Id></DbtrAcct>"
            f"<DbtrAgt><FinInstnId><BIC>{settings.payment_debtor_bic}</BIC></FinInstnId></DbtrAgt>")
    body = "".join(_transaction(payment, person) for payment, person in rows)
    for payment, _ in rows:
        payment.status, payment.pay_date = PaymentStatus.exporterad, execution
    audit.append(session, actor=actor, action="payments.exported", entity="payment_file", entity_id=message_id,
                 details={"count": len(rows), "total": total, "execution_date": execution.isoformat()})
    return PaymentFile(head + body + "</PmtInf></CstmrCdtTrfInitn></Document>", len(rows), total, execution)
