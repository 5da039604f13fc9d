"""Errors a user can cause, with a Swedish message naming the field."""


class FieldError(Exception):
    """An error a person can fix: `field` names where, `message` says what in Swedish."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class InputError(FieldError, ValueError):
    """Bad input from a user or a file."""


class NotFoundError(FieldError, LookupError):
    """Something the user referred to does not exist."""


class AccessDenied(Exception):
    """The user may not do or see this (role or unit); answered with 403 and the message."""

    def __init__(self, message: str = "Du har inte behörighet till detta.") -> None:
        super().__init__(message)
        self.message = message
