"""Scanned files and the documents found in them.

A file is stored once by its hash (`ScanFile.sha256` is unique); each document in it is keyed by the file's hash
and its place in the file (`ScanDocument.key`), so a rerun, an overlapping run or a crash never files one twice.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ifoflow.store.base import Base, utcnow


class ScanFile(Base):
    """One file from the scanner folder or the upload page, kept as it came (the image is never thrown away)."""

    __tablename__ = "scan_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    source: Mapped[str] = mapped_column(String(16))  # skannermapp | uppladdning
    arrived_on: Mapped[date] = mapped_column(Date)  # the day the paper arrived; deadlines run from it
    received_by: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), index=True)  # mottagen | klar | karantan
    reason: Mapped[str] = mapped_column(Text, default="")  # why it is in quarantine, in Swedish
    pages: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class ScanDocument(Base):
    """A document found in a scanned file: its pages, OCR text, suggested type and person, and where it went."""

    __tablename__ = "scan_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)  # "<file sha256>:<n>"
    file_id: Mapped[int] = mapped_column(ForeignKey("scan_files.id"), index=True)
    first_page: Mapped[int] = mapped_column(Integer)  # 1-based, in the file
    page_count: Mapped[int] = mapped_column(Integer)
    page_images: Mapped[list[str]] = mapped_column(JSON, default=list)  # hashes of the page images (PNG)
    text: Mapped[str] = mapped_column(Text, default="")
    arrived_on: Mapped[date] = mapped_column(Date)
    doc_type: Mapped[str] = mapped_column(String(32))  # the suggestion (or the cover sheet's type)
    type_confidence: Mapped[float] = mapped_column(Float)
    cover_sheet: Mapped[bool] = mapped_column(default=False)
    extracted: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # numbers, case numbers, dates, sender
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True, nullable=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True, nullable=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)  # who holds it now
    route: Mapped[str] = mapped_column(String(16), index=True)  # personakt | arkiv | skuld | oro | manuell
    why: Mapped[str] = mapped_column(Text, default="")  # why it went there, in Swedish
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), nullable=True)  # the PDF/A copy
    retention: Mapped[str] = mapped_column(String(200), default="")
    confirmed_type: Mapped[str | None] = mapped_column(String(32), nullable=True)  # a person's answer: training data
    confirmed_by: Mapped[str] = mapped_column(String(64), default="")
    routed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
