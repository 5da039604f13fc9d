"""Staff sign-in with argon2 password hashes, throttled per account and client address."""

from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ifoflow.atkomst.models import SignInAttempt, StaffUser
from ifoflow.domain.errors import InputError
from ifoflow.store import audit
from ifoflow.store.base import utcnow

HASHER = PasswordHasher()
MIN_PASSWORD = 12
DEMO_PASSWORD = "demo-ifoflow-2026"  # the synthetic demo accounts' password; `serve` refuses it outside demo mode
REFUSED = ("Inloggningen misslyckades. Kontrollera användarnamn och lösenord. Efter flera misslyckade försök i rad "
           "behöver du vänta en stund innan du försöker igen.")
_DUMMY_HASH = HASHER.hash("ett lösenord som ingen har")  # checked for unknown names: the same work as a real one


class SignInRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError("losenord", f"Lösenordet ska vara minst {MIN_PASSWORD} tecken.")
    return HASHER.hash(password)


def sign_in(session: Session, username: str, password: str, *, address: str, lockout_after: int,
            lockout_minutes: int, address_limit: int) -> StaffUser:
    """The user, or SignInRefused with the same message and about the same time for every failure.

    Throttled per account and client address (`lockout_after` failures in a row), so nobody can lock a colleague
    out from another machine, and per client address (`address_limit` failures, whatever the names). Unknown
    names are counted like known ones, and a password is always checked against a hash, so neither the message
    nor the time tells whether an account exists.
    """
    name, address = username.strip()[:64], (address or "okänd")[:64]
    since = utcnow() - timedelta(minutes=lockout_minutes)
    user = session.scalar(select(StaffUser).where(StaffUser.username == name))
    usable = user is not None and user.active and bool(user.password_hash)
    throttled = (_failures_in_a_row(session, name, address, since) >= lockout_after
                 or _failures_from(session, address, since) >= address_limit)
    try:
        matches: bool = HASHER.verify(user.password_hash if usable and user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        matches = False
    succeeded = usable and matches and not throttled
    session.add(SignInAttempt(username=name, address=address, succeeded=succeeded))
    if not succeeded or user is None:
        if user is not None and not throttled and _failures_in_a_row(session, name, address, since) >= lockout_after:
            audit.append(session, actor=name, action="auth.throttled", entity="staff_user", entity_id=user.id,
                         details={"address": address})
        session.commit()  # the attempt counts even though the request fails
        raise SignInRefused(REFUSED)
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = HASHER.hash(password)
    audit.append(session, actor=user.username, action="auth.signed_in", entity="staff_user", entity_id=user.id,
                 details={"address": address})
    return user


def _failures_in_a_row(session: Session, name: str, address: str, since: datetime) -> int:
    """Failed attempts for this name from this address since the last success (within the window)."""
    pair = (SignInAttempt.username == name, SignInAttempt.address == address)
    last_ok = session.scalar(select(func.max(SignInAttempt.at)).where(*pair, SignInAttempt.succeeded))
    start = max(since, last_ok) if last_ok else since
    return session.scalar(select(func.count()).where(*pair, SignInAttempt.at > start,
                                                     SignInAttempt.succeeded.is_(False))) or 0


def _failures_from(session: Session, address: str, since: datetime) -> int:
    return session.scalar(select(func.count()).where(SignInAttempt.address == address, SignInAttempt.at > since,
                                                     SignInAttempt.succeeded.is_(False))) or 0


def demo_password_users(session: Session, limit: int = 5) -> list[str]:
    """Active accounts whose password is the demo password (one check per distinct hash: the seed shares one)."""
    found: list[str] = []
    hashes = session.execute(select(StaffUser.password_hash, func.min(StaffUser.username)).where(
        StaffUser.active, StaffUser.password_hash != "").group_by(StaffUser.password_hash)).all()
    for password_hash, example in hashes:
        try:
            if HASHER.verify(password_hash, DEMO_PASSWORD):
                found.append(example)
        except (VerificationError, InvalidHashError):
            continue
        if len(found) >= limit:
            break
    return found
