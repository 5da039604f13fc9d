"""Debt notices as a file intake (ifoflow.intag): their columns, how a row is checked, where a notice is stored.

Formats in docs/skuldhantering.md; every row or page becomes a notice or a quarantine entry with the reason.
"""

import hashlib
import re
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ifoflow.domain import identity
from ifoflow.domain.errors import InputError
from ifoflow.domain.validation import to_input_error
from ifoflow.intag.service import Intake
from ifoflow.skuld.models import DebtNotice

FIELDS = {"personnummer": "personnummer", "borgenar": "creditor", "typ": "kind", "belopp": "amount",
          "forfallodatum": "due_date", "avhysnings_eller_avstangningsdatum": "cutoff_date", "referens": "reference"}
FIELD_NAMES = {"personnummer": "Personnummer", "borgenar": "Borgenär", "typ": "Typ av skuld (hyra eller el)",
               "belopp": "Belopp i kronor", "forfallodatum": "Förfallodatum (ÅÅÅÅ-MM-DD)",
               "avhysnings_eller_avstangningsdatum": "Datum för avhysning eller avstängning (om det finns)",
               "referens": "Borgenärens referens"}
PDF_LABELS = {"personnummer": "personnummer", "borgenär": "borgenar", "typ": "typ", "belopp": "belopp",
              "förfallodatum": "forfallodatum", "avhysningsdatum": "avhysnings_eller_avstangningsdatum",
              "avstängningsdatum": "avhysnings_eller_avstangningsdatum", "referens": "referens"}


class NoticeIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    personnummer: str
    creditor: str
    kind: str
    amount: int
    due_date: date
    cutoff_date: date | None = None
    reference: str = ""

    @field_validator("personnummer")
    @classmethod
    def _pnr(cls, value: str) -> str:
        return identity.canonical(value)

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        kind = value.lower().replace("elektricitet", "el").replace("hyresskuld", "hyra")
        if kind not in ("hyra", "el"):
            raise ValueError(f"Typen ”{value}” finns inte; skriv hyra eller el.")
        return kind

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, value: Any) -> Any:
        text = re.sub(r"\s|kr|:-", "", str(value)).replace(",00", "")
        if not text.isdigit() or int(text) <= 0:
            raise ValueError("Skriv beloppet i hela kronor, större än 0.")
        return int(text)

    @field_validator("cutoff_date", mode="before")
    @classmethod
    def _empty(cls, value: Any) -> Any:
        return value or None

    def key(self) -> str:
        """The same notice twice (from any file or format) has the same key."""
        body = f"{self.personnummer}|{self.creditor.lower()}|{self.kind}|{self.amount}|{self.due_date}|{self.reference}"
        return hashlib.sha256(body.encode()).hexdigest()


def validate(raw: dict[str, Any]) -> NoticeIn:
    """One raw row as a notice; InputError in Swedish naming the field when it is wrong."""
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise InputError(unknown[0], f"Okänd kolumn ”{unknown[0]}”; kolumnerna ska heta {', '.join(FIELDS)}.")
    try:
        return NoticeIn.model_validate({FIELDS[k]: v for k, v in raw.items()})
    except ValidationError as exc:
        error = to_input_error(exc)
        field = next((sv for sv, en in FIELDS.items() if en == error.field), error.field)
        raise InputError(field, f"{FIELD_NAMES.get(field, field)}: {error.message}") from None


def store(session: Session, notices: dict[str, NoticeIn], source: str, today: date) -> int:
    """The notices not received before, as `mottagen` for the skuldhantering robot; returns how many."""
    seen: set[str] = set()
    keys = list(notices)
    for start in range(0, len(keys), 5000):
        seen |= set(session.scalars(select(DebtNotice.key).where(DebtNotice.key.in_(keys[start:start + 5000]))))
    rows = [{"key": k, **n.model_dump(), "source": source[:300], "received_on": today, "status": "mottagen",
             "household_key": "", "note": ""} for k, n in notices.items() if k not in seen]
    if rows:
        session.execute(insert(DebtNotice), rows)
    return len(rows)


NOTICES = Intake(name="skuldaviseringar", columns=FIELD_NAMES, validate=validate, store=store,
                 xml_record="avisering", pdf_labels=PDF_LABELS)
