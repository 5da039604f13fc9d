"""The municipality's process inventory: what could be automated, and why."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ifoflow.store.base import Base, utcnow


class Process(Base):
    __tablename__ = "processes"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    unit: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    volume_per_year: Mapped[int] = mapped_column(Integer)
    minutes_per_case: Mapped[float] = mapped_column(Float)
    systems: Mapped[list[str]] = mapped_column(JSON, default=list)
    ends_in_decision: Mapped[bool] = mapped_column(Boolean)
    rule_clarity: Mapped[int] = mapped_column(Integer)  # 1 (judgement) .. 5 (fully rule-based)
    data_form: Mapped[str] = mapped_column(String(16))  # digital | blandat | papper
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # self-assessment questions
    legal: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # legal checklist answers
    automated_share: Mapped[float] = mapped_column(Float, default=0.7)
    monthly_salary: Mapped[int] = mapped_column(Integer, default=38000)
    overhead_percent: Mapped[float] = mapped_column(Float, default=40.0)
    investment_amount: Mapped[int] = mapped_column(Integer, default=0)
    investment_rate: Mapped[float] = mapped_column(Float, default=2.0)
    investment_years: Mapped[int] = mapped_column(Integer, default=5)
    robot_name: Mapped[str] = mapped_column(String(64), default="")  # for follow-up (effekthemtagning)
    score: Mapped[int] = mapped_column(Integer, default=0)
    priority: Mapped[str] = mapped_column(String(8), default="")  # P1 | P2 | ej_nu
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
