"""Reading debt notices: CSV, Excel, XML and text PDF (formats in docs/skuldhantering.md).

Every row or page becomes a notice or a quarantine entry with the reason; nothing is dropped.
"""

import csv
import hashlib
import io
import re
from datetime import date
from pathlib import Path
from typing import Any

from defusedxml import ElementTree
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ifoflow.domain import identity
from ifoflow.domain.errors import InputError
from ifoflow.domain.validation import to_input_error
from ifoflow.intag.models import QuarantinedNotice
from ifoflow.skuld.models import DebtNotice
from ifoflow.store.base import utcnow

FIELDS = {"personnummer": "personnummer", "borgenar": "creditor", "typ": "kind", "belopp": "amount",
          "forfallodatum": "due_date", "avhysnings_eller_avstangningsdatum": "cutoff_date", "referens": "reference"}
FIELD_NAMES = {"personnummer": "Personnummer", "borgenar": "Borgenär", "typ": "Typ av skuld (hyra eller el)",
               "belopp": "Belopp i kronor", "forfallodatum": "Förfallodatum (ÅÅÅÅ-MM-DD)",
               "avhysnings_eller_avstangningsdatum": "Datum för avhysning eller avstängning (om det finns)",
               "referens": "Borgenärens referens", "fil": "Filen"}
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
            raise ValueError(f"Typen {value!r} finns inte; skriv hyra eller el.")
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


def rows_of(content: bytes, filename: str) -> list[dict[str, Any]]:
    """Raw rows (Swedish field names) from a file, by its type. Raises InputError when the file cannot be read."""
    suffix = Path(filename).suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            return _csv(content)
        if suffix == ".xlsx":
            return _xlsx(content)
        if suffix == ".xml":
            return _xml(content)
        if suffix == ".pdf":
            return _pdf(content)
    except InputError:
        raise
    except Exception as exc:  # a broken file is a quarantine entry, not a crash
        kind = {".csv": "CSV", ".txt": "text", ".xlsx": "Excel", ".xml": "XML", ".pdf": "PDF"}.get(suffix, suffix)
        raise InputError("fil", f"Filen {filename} kunde inte läsas som {kind}; den kan vara skadad eller ha fel "
                                f"format ({type(exc).__name__}).") from None
    raise InputError("fil", f"Okänd filtyp {suffix or '(ingen)'}: använd CSV, Excel (.xlsx), XML eller PDF.")


def _normal(name: Any) -> str:
    text = str(name or "").strip().lower()
    return text.replace("ä", "a").replace("å", "a").replace("ö", "o").replace(" ", "_")


def _csv(content: bytes) -> list[dict[str, Any]]:
    text = content.decode("utf-8-sig", errors="replace")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ";", delimiters=";,\t")
    return [{_normal(k): v for k, v in row.items() if k} for row in csv.DictReader(io.StringIO(text), dialect=dialect)]


def _xlsx(content: bytes) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = [_normal(h) for h in rows[0]] if rows else []
    return [{h: ("" if v is None else v.isoformat()[:10] if isinstance(v, date) else v)
             for h, v in zip(header, r, strict=False) if h} for r in rows[1:] if any(v not in (None, "") for v in r)]


def _xml(content: bytes) -> list[dict[str, Any]]:
    root = ElementTree.fromstring(content)
    return [{_normal(child.tag): (child.text or "").strip() for child in notice} for notice in root.iter("avisering")]


def _pdf(content: bytes) -> list[dict[str, Any]]:
    from pypdf import PdfReader

    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        row: dict[str, Any] = {}
        for line in (page.extract_text() or "").splitlines():
            label, _, value = line.partition(":")
            field = PDF_LABELS.get(label.strip().lower())
            if field and value.strip():
                row[field] = value.strip()
        if row:
            found.append(row)
    return found


def validate(raw: dict[str, Any]) -> NoticeIn:
    """One raw row as a notice; InputError in Swedish naming the field when it is wrong."""
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise InputError(unknown[0], f"Okänd kolumn {unknown[0]!r}; kolumnerna ska heta {', '.join(FIELDS)}.")
    try:
        return NoticeIn.model_validate({FIELDS[k]: v for k, v in raw.items()})
    except ValidationError as exc:
        error = to_input_error(exc)
        field = next((sv for sv, en in FIELDS.items() if en == error.field), error.field)
        raise InputError(field, f"{FIELD_NAMES.get(field, field)}: {error.message}") from None


def receive(session: Session, content: bytes, filename: str, *, today: date) -> dict[str, int]:
    """Register what can be read, quarantine the rest, skip notices already received. Caller commits."""
    try:
        rows = rows_of(content, filename)
    except InputError as exc:
        _quarantine(session, filename, [({"fil": filename}, exc.message)])
        return {"mottagna": 0, "dubbletter": 0, "karantan": 1}
    good: dict[str, NoticeIn] = {}
    bad: list[tuple[dict[str, Any], str]] = []
    valid = 0
    for raw in rows:
        try:
            notice = validate(raw)
        except InputError as exc:
            bad.append(({k: str(v) for k, v in raw.items()}, exc.message))
            continue
        valid += 1
        good.setdefault(notice.key(), notice)
    stored = store(session, good, filename, today=today)
    return {"mottagna": stored["mottagna"], "dubbletter": valid - stored["mottagna"],
            "karantan": _quarantine(session, filename, bad)}


def store(session: Session, notices: dict[str, NoticeIn], source: str, *, today: date) -> dict[str, int]:
    seen: set[str] = set()
    keys = list(notices)
    for start in range(0, len(keys), 5000):
        seen |= set(session.scalars(select(DebtNotice.key).where(DebtNotice.key.in_(keys[start:start + 5000]))))
    rows = [{"key": k, **n.model_dump(), "source": source[:300], "received_on": today, "status": "mottagen",
             "household_key": "", "note": ""} for k, n in notices.items() if k not in seen]
    if rows:
        session.execute(insert(DebtNotice), rows)
    return {"mottagna": len(rows), "dubbletter": len(notices) - len(rows)}


def _quarantine(session: Session, source: str, bad: list[tuple[dict[str, Any], str]]) -> int:
    if bad:
        session.execute(insert(QuarantinedNotice), [
            {"source": source[:300], "raw": raw, "reason": reason, "status": "karantan", "created_at": utcnow(),
             "fixed_by": ""} for raw, reason in bad])
    return len(bad)


def resubmit(session: Session, quarantine_id: int, fixed: dict[str, str], *, actor: str, today: date) -> int | None:
    """A person fixes a quarantined notice; registered (or found as a duplicate) it leaves the quarantine."""
    entry = session.get(QuarantinedNotice, quarantine_id)
    if entry is None or entry.status != "karantan":
        raise InputError("karantan", f"Det finns ingen väntande post {quarantine_id} i karantänen.")
    raw = {k: v for k, v in {**entry.raw, **fixed}.items() if k != "fil"}
    notice = validate(raw)
    store(session, {notice.key(): notice}, f"{entry.source} (rättad av {actor})", today=today)
    entry.status, entry.fixed_by = "atgardad", actor
    entry.notice_id = session.scalar(select(DebtNotice.id).where(DebtNotice.key == notice.key()))
    return entry.notice_id
