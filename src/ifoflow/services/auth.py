"""Staff sign-in with argon2 password hashes and lockout after repeated failures."""

from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.domain.errors import InputError
from ifoflow.store import audit
from ifoflow.store.models import StaffUser
from ifoflow.store.models.base import utcnow

HASHER = PasswordHasher()
MIN_PASSWORD = 12


class SignInRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError("losenord", f"Lösenordet ska vara minst {MIN_PASSWORD} tecken.")
    return HASHER.hash(password)


def sign_in(session: Session, username: str, password: str, *, lockout_after: int, lockout_minutes: int) -> StaffUser:
    """The user, or SignInRefused with one message for every failure (no hint whether the user exists)."""
    wrong = "Fel användarnamn eller lösenord."
    user = session.scalar(select(StaffUser).where(StaffUser.username == username.strip()))
    if user is None or not user.active or not user.password_hash:
        raise SignInRefused(wrong)
    now = utcnow()
    if user.locked_until and user.locked_until > now:
        raise SignInRefused(f"Kontot är låst efter upprepade misslyckade inloggningar. Försök igen om "
                            f"{int((user.locked_until - now).total_seconds() // 60) + 1} minuter.")
    try:
        HASHER.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= lockout_after:
            user.locked_until, user.failed_logins = now + timedelta(minutes=lockout_minutes), 0
            audit.append(session, actor=user.username, action="auth.locked", entity="staff_user", entity_id=user.id)
        session.commit()
        raise SignInRefused(wrong) from None
    user.failed_logins, user.locked_until = 0, None
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = HASHER.hash(password)
    audit.append(session, actor=user.username, action="auth.signed_in", entity="staff_user", entity_id=user.id)
    return user
