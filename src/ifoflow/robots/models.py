"""Robot runs, their items and steps, exactly-once effects, and the robots' paused state."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ifoflow.store.base import Base, utcnow


class RobotState(Base):
    """Per robot: paused or not (the IT strategist's switch)."""

    __tablename__ = "robot_states"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(64), default="system")


class RobotRun(Base):
    """One run of a robot. run_key makes a rerun of the same run (e.g. the same month) resume, not duplicate."""

    __tablename__ = "robot_runs"
    __table_args__ = (UniqueConstraint("robot", "run_key", name="uq_robot_runs_robot_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    robot: Mapped[str] = mapped_column(String(64), index=True)
    run_key: Mapped[str] = mapped_column(String(128))
    trigger: Mapped[str] = mapped_column(String(32))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), index=True)  # running | done | failed | paused
    items_total: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class RobotItem(Base):
    """One thing a run works on (a case, a notice ...), moving through the robot's steps."""

    __tablename__ = "robot_items"
    __table_args__ = (UniqueConstraint("run_id", "item_key", name="uq_robot_items_run_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("robot_runs.id"), index=True)
    item_key: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), index=True)  # pending | done | failed | human
    next_step: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # outputs of earlier steps, by step name
    error: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class RobotStepRun(Base):
    """A step executed for an item: status, timing, output (or a reference to it) and the error."""

    __tablename__ = "robot_step_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("robot_runs.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("robot_items.id"), index=True)
    step: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # done | failed | human
    output: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(Text, default="")
    traceback: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(DateTime)
    duration_ms: Mapped[int] = mapped_column(Integer)


class Effect(Base):
    """A side effect done once: the key is deterministic, so doing it again finds this row instead."""

    __tablename__ = "effects"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)  # payment | letter | task | case | registration ...
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("robot_runs.id"), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
