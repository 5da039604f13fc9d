"""Decisions (beslut), their lines, and the automated decision types a nämnd has delegated."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ifoflow.store.base import Base, utcnow


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


class DecisionType(Base):
    """An automated decision type delegated by a nämnd (kommunallagen 6 kap. 37-40 §§)."""

    __tablename__ = "decision_types"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    namnd: Mapped[str] = mapped_column(String(200))
    delegation_ref: Mapped[str] = mapped_column(String(200))
    legal_basis: Mapped[str] = mapped_column(String(300))
    appealable: Mapped[bool] = mapped_column(Boolean)
    report_back: Mapped[str] = mapped_column(Text)
    matter_class: Mapped[str] = mapped_column(String(32))
    allowed_outcomes: Mapped[list[str]] = mapped_column(JSON, default=list)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    registered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(64), default="system")
    change_reason: Mapped[str] = mapped_column(Text, default="")
