"""Cases (ärenden), assignments, applications, decisions and payments."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ifoflow.store.models.base import Base, utcnow
from ifoflow.store.models.people import Household, Person, StaffUser, Unit


class Case(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_number: Mapped[str] = mapped_column(String(32), unique=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True, nullable=True)
    # The person the case is about (the applicant, or the child in an orosanmälan).
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True, nullable=True)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True, nullable=True)
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    unit: Mapped[Unit] = relationship()
    household: Mapped[Household | None] = relationship()
    person: Mapped[Person | None] = relationship()
    assigned_to: Mapped[StaffUser | None] = relationship()
    assignments: Mapped[list["CaseAssignment"]] = relationship(
        order_by="CaseAssignment.assigned_at", viewonly=True
    )


class CaseAssignment(Base):
    """Full history of who has had the case; the open row has ended_at NULL."""

    __tablename__ = "case_assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    assigned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    assigned_by: Mapped[str] = mapped_column(String(64), default="system")
    user: Mapped[StaffUser] = relationship()


class Application(Base):
    """An ansökan for one household and one month (month = first day of the month)."""

    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("household_id", "month", name="uq_applications_household_month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    month: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(32))
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    declared: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Decision(Base):
    """A beslut, by a user or by an automated rule version, with its explanation.

    One decision per application: the unique constraint is the last guard behind the lock the deciders take.
    """

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("application_id", name="uq_decisions_application_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), nullable=True)
    type: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    total_amount: Mapped[int] = mapped_column(Integer, default=0)
    motivering: Mapped[str] = mapped_column(Text, default="")
    lagrum: Mapped[str] = mapped_column(String(300), default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    rule_version: Mapped[str | None] = mapped_column(String(64), nullable=True)
    automated: Mapped[bool] = mapped_column(Boolean, default=False)
    appealable: Mapped[bool] = mapped_column(Boolean, default=True)
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    lines: Mapped[list["DecisionLine"]] = relationship(order_by="DecisionLine.id")


class DecisionLine(Base):
    """One amount of a decision: a norm item, a cost, or an income (negative)."""

    __tablename__ = "decision_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(200))
    amount: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(200), default="")


class Payment(Base):
    """A payment order. The idempotency key makes a rerun unable to pay twice."""

    __tablename__ = "payments"
    __table_args__ = (Index("ix_payments_household_month", "household_id", "month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"), nullable=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    month: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Integer)
    pay_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PaymentHold(Base):
    """A stop on a household's payments until a case worker clears it (the monthly control's serious hits)."""

    __tablename__ = "payment_holds"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    month: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    cleared_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    cleared_by: Mapped[str] = mapped_column(String(64), default="")
    clear_note: Mapped[str] = mapped_column(Text, default="")
    case: Mapped[Case] = relationship()
