"""Letters: what was written to whom, from which template and data, its PDF, and how it went out."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ifoflow.store.base import Base, utcnow


class Letter(Base):
    """A letter to a person (or an organisation): the template and data it was written from, its PDF once made,
    and its delivery."""

    __tablename__ = "letters"
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(128), unique=True, nullable=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), nullable=True)  # none: an organisation
    # A recipient who is not a person in the store (a school that reported a concern): name and postal address,
    # given by the recipient for this letter; such letters go on paper.
    recipient: Mapped[dict[str, str] | None] = mapped_column(JSON, nullable=True)
    kind: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True)  # LetterStatus
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), index=True, nullable=True)
    template: Mapped[str] = mapped_column(String(128))  # "package/file.typ" under ifoflow/<package>/letters/
    template_version: Mapped[str] = mapped_column(String(16))  # hash of the template's text when written
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    channel: Mapped[str | None] = mapped_column(String(16), nullable=True)  # LetterChannel it went out by
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    failure: Mapped[str] = mapped_column(Text, default="", server_default="")  # why it could not be made
    print_batch_id: Mapped[int | None] = mapped_column(ForeignKey("print_batches.id"), nullable=True, index=True)


class LetterEvent(Base):
    """One step of a letter's way: tried a channel, delivered, fell back, stopped, printed."""

    __tablename__ = "letter_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    channel: Mapped[str] = mapped_column(String(16), default="", server_default="")
    outcome: Mapped[str] = mapped_column(String(32))  # levererad, ingen_brevlada, fel, till_utskrift ...
    detail: Mapped[str] = mapped_column(Text, default="", server_default="")  # Swedish, never an address
    actor: Mapped[str] = mapped_column(String(64), default="system", server_default="system")


class PrintBatch(Base):
    """The day's print batch: one PDF and a manifest CSV for the print house, both as stored files."""

    __tablename__ = "print_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)  # one batch per day: the key of the effect
    letters: Mapped[int] = mapped_column(Integer, default=0)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    manifest_sha256: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
