"""Deviation reports (avvikelser, Lex Sarah, personal-data incidents), their entries and their actions.

A submitted report never changes its own text: additions, the classification, the investigation and decisions are
entries; a report's deadlines run from `aware_at`, the moment the organisation became aware (the submission).
"""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ifoflow.store.base import Base, utcnow


class DeviationReport(Base):
    __tablename__ = "deviation_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)  # avvikelse | lex_sarah | personuppgiftsincident
    status: Mapped[str] = mapped_column(String(16), index=True)  # utkast | mottagen | klassad | utredd | avslutad
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    occurred_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    what: Mapped[str] = mapped_column(Text, default="")
    immediate_actions: Mapped[str] = mapped_column(Text, default="")
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), nullable=True)  # the client affected
    category: Mapped[str] = mapped_column(String(32), default="")  # set when classified
    serious: Mapped[bool | None] = mapped_column(nullable=True)  # Lex Sarah: allvarligt missförhållande
    high_risk: Mapped[bool | None] = mapped_column(nullable=True)  # incident: high risk to the people affected
    cause: Mapped[str] = mapped_column(Text, default="")
    analysis: Mapped[str] = mapped_column(Text, default="")
    authority_report: Mapped[bool | None] = mapped_column(nullable=True)  # reported to IVO / IMY
    authority_reason: Mapped[str] = mapped_column(Text, default="")
    authority_decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    aware_at: Mapped[datetime | None] = mapped_column(DateTime, index=True, nullable=True)  # submitted
    classified_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    investigated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class DeviationEntry(Base):
    """An addition or a step of the workflow, by whom and when; never changed."""

    __tablename__ = "deviation_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("deviation_reports.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    kind: Mapped[str] = mapped_column(String(32))  # tillagg | klassad | utredd | beslut | atgard | avslutad
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class DeviationAction(Base):
    __tablename__ = "deviation_actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("deviation_reports.id"), index=True)
    what: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    due: Mapped[date] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
