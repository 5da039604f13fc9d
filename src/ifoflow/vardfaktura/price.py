"""What a placement should cost for a period, month by month: days inside the decision times the agreed price
per day, or the monthly price and the agreed extras for the share of each month."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ifoflow.domain.enums import PriceUnit


@dataclass(frozen=True)
class MonthShare:
    month: date  # the first of the month
    days: int
    amount: Decimal  # expected cost for these days, kronor with öre


def month_days(first: date, last: date) -> list[tuple[date, int]]:
    """(first of month, days of the period in that month) for each month the period touches."""
    out, day = [], first
    while day <= last:
        end_of_month = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        until = min(end_of_month, last)
        out.append((day.replace(day=1), (until - day).days + 1))
        day = until + timedelta(days=1)
    return out


def expected(first: date, last: date, price_unit: str, price: int, extras: dict[str, int],
             quantity: Decimal = Decimal(0)) -> list[MonthShare]:
    """The expected cost per month of [first, last]; per item (styck): quantity times price in the first month."""
    monthly_extras = Decimal(sum(int(v) for v in extras.values()))
    if price_unit == PriceUnit.styck:
        return [MonthShare(first.replace(day=1), 0, _round(quantity * price))]
    shares = []
    for month, days in month_days(first, last):
        in_month = calendar.monthrange(month.year, month.month)[1]
        base = Decimal(price) * days if price_unit == PriceUnit.dygn else Decimal(price) * days / in_month
        shares.append(MonthShare(month, days, _round(base + monthly_extras * days / in_month)))
    return shares


def split(amount: Decimal, first: date, last: date) -> list[tuple[date, Decimal]]:
    """An invoiced amount over the months of its period by days (the last month takes the rounding)."""
    parts = month_days(first, last)
    total_days = sum(d for _, d in parts)
    out, left = [], amount
    for i, (month, days) in enumerate(parts):
        share = left if i == len(parts) - 1 else _round(amount * days / total_days)
        out.append((month, share))
        left -= share
    return out


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
