"""Who may do what, in which units; and the access log of every read of a person's data."""

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ifoflow.atkomst.auth import hash_password
from ifoflow.atkomst.models import AccessGrant, AccessLog, StaffUser, Unit
from ifoflow.domain.enums import StaffRole, UnitKind
from ifoflow.domain.errors import AccessDenied, InputError, NotFoundError
from ifoflow.store import audit
from ifoflow.store.base import utcnow

R = StaffRole
# What each role may do. Unit-scoped permissions also need the target in one of the user's units.
PERMISSIONS: dict[str, set[StaffRole]] = {
    "case.read": {R.handlaggare, R.ekonomiassistent},
    "person.read": {R.handlaggare, R.ekonomiassistent},
    "task.read": {R.handlaggare, R.ekonomiassistent, R.administrator},
    "task.write": {R.handlaggare, R.ekonomiassistent, R.administrator},
    "robots.operate": {R.it_strateg},
    "decision_types.read": {R.namndsekreterare, R.it_strateg, R.administrator},
    "decision_types.manage": {R.namndsekreterare},
    "accesslog.review": {R.administrator},
    "gdpr.extract": {R.administrator},  # the registrator answers art. 15 requests for the whole organisation
    "inventory.read": {R.processagare, R.it_strateg, R.administrator, R.namndsekreterare},
    "inventory.manage": {R.processagare, R.it_strateg},
    "metrics.read": set(R),  # counts only, no personal data
    "debts.manage": {R.ekonomiassistent, R.handlaggare, R.administrator},  # the notice quarantine
    "journal.write": {R.handlaggare},  # case workers write and sign; others read what their role may
    "case.reassign": {R.handlaggare, R.administrator},  # give a case to another case worker of its unit
    "letter.stop": {R.handlaggare},  # stop a letter that has not gone out yet
    "letters.templates": {R.administrator},  # read the letter templates; each unit's info-letter choice
    "care_invoices.manage": {R.ekonomiassistent, R.administrator},  # care invoices, providers, budgets
    "placements.manage": {R.handlaggare, R.ekonomiassistent, R.administrator},  # register placements
    "care_costs.read": {R.ekonomiassistent, R.administrator, R.namndsekreterare},  # cost follow-up, no names
    # Scanned paper: upload, the manual queue; each document only in the unit that holds it (skanning.pages).
    "scan.handle": {R.handlaggare, R.ekonomiassistent, R.administrator},
    # Deviation reports: everyone reports; who sees one is decided per report (avvikelse.access).
    "deviation.report": set(R),
    "deviation.committee": {R.kvalitetsutvecklare, R.namndsekreterare, R.dataskyddsombud, R.enhetschef},
}
UNIT_SCOPED = {"case.read", "person.read", "task.read", "task.write", "journal.write", "case.reassign",
               "letter.stop"}
MAX_GRANT_DAYS = 90


def allowed(user: StaffUser, permission: str) -> bool:
    return StaffRole(user.role) in PERMISSIONS[permission]


def units_of(session: Session, user: StaffUser, now: datetime | None = None) -> set[int]:
    """The user's own unit and units granted to them right now."""
    now = now or utcnow()
    granted = session.scalars(select(AccessGrant.unit_id).where(
        AccessGrant.user_id == user.id, AccessGrant.valid_from <= now, AccessGrant.valid_until > now))
    return {user.unit_id, *granted}


def unit_codes(session: Session, user: StaffUser) -> set[str]:
    """The codes of the user's units (own and granted)."""
    return set(session.scalars(select(Unit.code).where(Unit.id.in_(units_of(session, user)))))


def require(session: Session, user: StaffUser, permission: str, unit_id: int | None = None) -> None:
    """Raise AccessDenied unless the role allows it and, for unit-scoped permissions, the unit is the user's."""
    if not allowed(user, permission):
        raise AccessDenied()
    if permission in UNIT_SCOPED and unit_id is not None and unit_id not in units_of(session, user):
        raise AccessDenied("Ärendet tillhör en annan enhet än din.")


def find_unit(session: Session, code: str) -> Unit:
    unit = session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise NotFoundError("unit", f"Enheten ”{code}” finns inte.")
    return unit


def find_user(session: Session, username: str) -> StaffUser:
    user = session.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None:
        raise NotFoundError("anvandare", f"Användaren ”{username}” finns inte.")
    return user


def by_sso_subject(session: Session, subject: str) -> StaffUser | None:
    """The active account the municipality's identity provider names (its `sub` claim), if any."""
    user = session.scalar(select(StaffUser).where(StaffUser.oidc_subject == subject)) if subject else None
    return user if user is not None and user.active else None


def add_unit(session: Session, code: str, name: str, kind: str, actor: str) -> Unit:
    """A new unit (enhet) of the social services."""
    code, name = code.strip().upper(), name.strip()
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9-]{1,15}", code):
        raise InputError("kod", "Enhetens kod: 2-16 versaler, siffror och bindestreck, t.ex. EB-03.")
    if not name:
        raise InputError("namn", "Skriv enhetens namn.")
    if kind not in UnitKind.__members__:
        raise InputError("slag", f"Okänt slag av enhet. Välj bland: {', '.join(UnitKind.__members__)}.")
    if session.scalar(select(Unit.id).where(Unit.code == code)) is not None:
        raise InputError("kod", f"Enheten {code} finns redan.")
    unit = Unit(code=code, name=name, kind=kind)
    session.add(unit)
    session.flush()
    audit.append(session, actor=actor, action="unit.added", entity="unit", entity_id=unit.id, details={"kod": code})
    return unit


def add_user(session: Session, *, username: str, name: str, role: str, unit_code: str, sso_subject: str = "",
             actor: str) -> StaffUser:
    """A staff account in a unit; it signs in through the municipality's SSO (`sso_subject`) or, once a password
    is set, locally."""
    username, name = username.strip().lower(), name.strip()
    if not re.fullmatch(r"[a-z0-9._-]{2,64}", username):
        raise InputError("anvandarnamn", "Användarnamnet: 2-64 gemener, siffror, punkt, bindestreck, understreck.")
    if not name:
        raise InputError("namn", "Skriv personens namn.")
    if role not in StaffRole.__members__:
        raise InputError("roll", f"Okänd roll. Välj bland: {', '.join(StaffRole.__members__)}.")
    unit = find_unit(session, unit_code)
    if session.scalar(select(StaffUser.id).where(StaffUser.username == username)) is not None:
        raise InputError("anvandarnamn", f"Användaren {username} finns redan.")
    user = StaffUser(username=username, name=name, role=role, unit_id=unit.id, oidc_subject=sso_subject or None)
    session.add(user)
    session.flush()
    audit.append(session, actor=actor, action="user.added", entity="staff_user", entity_id=user.id,
                 details={"roll": role, "enhet": unit.code})
    return user


def set_password(session: Session, username: str, password: str, actor: str) -> None:
    """A local account's new password, stored as an argon2 hash."""
    user = find_user(session, username)
    user.password_hash = hash_password(password)
    audit.append(session, actor=actor, action="auth.password_set", entity="staff_user", entity_id=user.id)


def set_clearance(session: Session, username: str, granted: bool, actor: str) -> None:
    """Whether the user may see names and addresses of persons with skyddad identitet."""
    user = find_user(session, username)
    user.clearance_protected = granted
    audit.append(session, actor=actor, action="auth.clearance", entity="staff_user", entity_id=user.id,
                 details={"granted": granted})


def grant(session: Session, *, user: StaffUser, unit_id: int, days: int, reason: str, granted_by: str) -> AccessGrant:
    """A time-limited exception, logged in the audit chain."""
    if not reason.strip():
        raise InputError("skal", "Ange skälet till undantaget (t.ex. vem som vikarieras).")
    if not 1 <= days <= MAX_GRANT_DAYS:
        raise InputError("dagar", f"Ett undantag gäller 1–{MAX_GRANT_DAYS} dagar.")
    row = AccessGrant(user_id=user.id, unit_id=unit_id, reason=reason, granted_by=granted_by,
                      valid_from=utcnow(), valid_until=utcnow() + timedelta(days=days))
    session.add(row)
    session.flush()
    audit.append(session, actor=granted_by, action="access.granted", entity="staff_user", entity_id=user.id,
                 details={"unit_id": unit_id, "days": days, "reason": reason})
    return row


def log_reads(session: Session, user: StaffUser, reads: Iterable[tuple[int, int | None, int | None]], *,
              action: str, reason: str, channel: str = "webb") -> None:
    """Log (person_id, case_id, unit_id) reads in one insert."""
    rows = [{"at": utcnow(), "user_id": user.id, "person_id": p, "case_id": c, "unit_id": u, "action": action,
             "channel": channel, "reason": reason[:300]} for p, c, u in reads]
    if rows:
        session.execute(insert(AccessLog), rows)
