"""The inventory as Excel (openpyxl), since municipalities keep it in Excel today. Import is all or nothing."""

from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.domain.errors import InputError
from ifoflow.domain.validation import to_input_error
from ifoflow.inventering.models import Process
from ifoflow.inventering.service import QUESTIONS, ProcessIn, save, to_input

COLUMNS = [("Namn", "name"), ("Enhet", "unit"), ("Processägare", "owner"), ("Volym per år", "volume_per_year"),
           ("Minuter per ärende", "minutes_per_case"), ("System", "systems"), ("Slutar i beslut", "ends_in_decision"),
           ("Regeltydlighet 1-5", "rule_clarity"), ("Data", "data_form")] + [
           (text, f"answers.{key}") for key, text in QUESTIONS.items()]
OUTPUT = [("Poäng", "score"), ("Prioritet", "priority"), ("Skäl", "reasons")]
YES = {"ja", "j", "yes", "x", "1", "true", "sant"}


def export(session: Session) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Processer"
    sheet.append([h for h, _ in COLUMNS + OUTPUT])
    for p in session.scalars(select(Process).order_by(Process.priority, Process.score.desc())):
        row: list[Any] = []
        for _, key in COLUMNS + OUTPUT:
            value = p.answers.get(key.split(".")[1]) if key.startswith("answers.") else getattr(p, key)
            if isinstance(value, bool):
                value = "ja" if value else "nej"
            elif isinstance(value, list):
                value = "; ".join(map(str, value))
            row.append(value)
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _parse(row: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"answers": {}}
    for header, key in COLUMNS:
        value = row.get(header)
        if key.startswith("answers."):
            data["answers"][key.split(".")[1]] = str(value or "").strip().lower() in YES
        elif key == "ends_in_decision":
            data[key] = str(value or "").strip().lower() in YES
        elif key == "systems":
            data[key] = [s.strip() for s in str(value or "").replace(",", ";").split(";") if s.strip()]
        elif value is not None:
            data[key] = str(value).strip().lower() if key == "data_form" else value
    return data


def import_workbook(session: Session, content: bytes, *, actor: str, max_bytes: int | None = None) -> int:
    """Validate every row first; on any error nothing is saved and every bad row is named."""
    if max_bytes is not None and len(content) > max_bytes:
        raise InputError("fil", f"Filen är större än {max_bytes // (1024 * 1024)} MB.")
    try:
        sheet = load_workbook(BytesIO(content), read_only=True).worksheets[0]
    except Exception:  # not an xlsx at all
        raise InputError("fil", "Filen kunde inte läsas som Excel (.xlsx).") from None
    rows = sheet.iter_rows(values_only=True)
    headers = [str(h or "").strip() for h in next(rows, [])]
    missing = [h for h, _ in COLUMNS[:9] if h not in headers]
    if missing:
        raise InputError("kolumner", f"Kolumner saknas: {', '.join(missing)}.")
    parsed, errors = [], []
    for number, values in enumerate(rows, start=2):
        if not any(values):
            continue
        fields = _parse(dict(zip(headers, values, strict=False)))
        existing = session.scalar(select(Process).where(Process.name == fields.get("name")))
        # Columns the sheet lacks (legal checklist, calculations, robot) are kept, never wiped.
        base = to_input(existing).model_dump() if existing else {}
        try:
            parsed.append(ProcessIn.model_validate({**base, **fields}))
        except ValidationError as exc:
            error = to_input_error(exc)
            errors.append(f"rad {number}, {error.field}: {error.message}")
    if errors:
        raise InputError("fil", "Inget importerades. " + " ".join(errors[:20]))
    for item in parsed:
        save(session, item, actor=actor)
    return len(parsed)
