"""Staff, units, who read which person's data and why, time-limited access to another unit, sign-in attempts."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ifoflow.store.base import Base, utcnow


class Unit(Base):
    """An enhet of the social services, e.g. 'Försörjningsstöd Nord'."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    # Whether the info-letter robot writes to clients when a case of this unit gets a new case worker.
    info_letters: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class StaffUser(Base):
    __tablename__ = "staff_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(String(200), default="", server_default="")
    oidc_subject: Mapped[str | None] = mapped_column(String(200), unique=True, nullable=True)
    # May see names and addresses of persons with skyddad identitet.
    clearance_protected: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    unit: Mapped[Unit] = relationship()


class AccessLog(Base):
    """One read of one person's data (page, API, export). Holds ids, never names or addresses."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_person_at", "person_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(64))  # arendelista, personsida, registerutdrag ...
    channel: Mapped[str] = mapped_column(String(16))  # webb | cli | api
    reason: Mapped[str] = mapped_column(String(300))


class AccessGrant(Base):
    """An explicit, logged, time-limited exception: a user may work in another unit (e.g. covering a colleague)."""

    __tablename__ = "access_grants"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    reason: Mapped[str] = mapped_column(Text)
    granted_by: Mapped[str] = mapped_column(String(64))
    valid_from: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    valid_until: Mapped[datetime] = mapped_column(DateTime)


class SignInAttempt(Base):
    """A staff sign-in attempt, kept for throttling per account and client address (also for unknown names)."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (Index("ix_sign_in_attempts_address_at", "address", "at"),
                      Index("ix_sign_in_attempts_username_at", "username", "at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    username: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)
