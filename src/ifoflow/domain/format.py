"""How amounts and dates are written wherever a person reads them: "21 030 kr", "2026-03-01", "mars 2026"."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from ifoflow.domain.errors import InputError

SWEDEN = ZoneInfo("Europe/Stockholm")

NBSP = "\u00a0"  # keeps "21 030 kr" on one line
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")


def number(value: int | float) -> str:
    """Whole number with a thin space between thousands: 21 030 (negative: −1 200)."""
    n = round(value)
    text = f"{abs(n):,}".replace(",", NBSP)
    return f"−{text}" if n < 0 else text


def decimal(value: float | None, digits: int = 1) -> str:
    """A decimal number with a decimal comma: 9,1."""
    return "–" if value is None else f"{value:.{digits}f}".replace(".", ",")


def kr(value: int | float | None) -> str:
    """An amount in kronor: "21 030 kr"; "–" when there is none."""
    if value is None:
        return "–"
    return f"{number(value)}{NBSP}kr"


def day(value: date | datetime | None) -> str:
    """A date as ISO 8601 (Swedish standard SS-ISO 8601): 2026-03-01; "–" when there is none."""
    if value is None:
        return "–"
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def local(value: datetime) -> datetime:
    """A stored moment in Swedish time. The store keeps moments in UTC without a zone (store.base.utcnow); a
    moment with a zone is converted from its own."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(SWEDEN)


def from_local(value: datetime) -> datetime:
    """A moment a person gave in Swedish time, as the store keeps it (UTC, no zone)."""
    return (value if value.tzinfo else value.replace(tzinfo=SWEDEN)).astimezone(UTC).replace(tzinfo=None)


def moment(value: datetime | None) -> str:
    """A time of day with its date, in Swedish time: 2026-03-01 14:05."""
    return "–" if value is None else local(value).strftime("%Y-%m-%d %H:%M")


def month(value: date | str) -> str:
    """A month in words: "mars 2026" (from a date or "2026-03")."""
    if isinstance(value, str):
        value = date.fromisoformat(f"{value[:7]}-01")
    return f"{MONTHS[value.month - 1]} {value.year}"


def parse_month(value: str, field: str = "month") -> date:
    """The first day of a month written ÅÅÅÅ-MM, or an error naming the field."""
    try:
        return date.fromisoformat(f"{value}-01")
    except ValueError:
        raise InputError(field, f"Ogiltig månad ”{value}”; skriv ÅÅÅÅ-MM, t.ex. 2026-03.") from None


def parse_date(value: str, field: str = "datum") -> date:
    """A date written ÅÅÅÅ-MM-DD, or an error naming the field."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(field, f"Ogiltigt datum ”{value}”; skriv ÅÅÅÅ-MM-DD.") from None
