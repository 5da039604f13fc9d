"""Swedish bank days: weekdays that are neither public holidays nor de facto ones (midsommarafton, julafton,
nyårsafton), from the `holidays` package."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _closed(year: int) -> frozenset[date]:
    return frozenset(holidays.Sweden(years=year, include_sundays=False, categories=("public", "de_facto")))


def is_bank_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _closed(day.year)


def first_bank_day(year: int, month: int) -> date:
    day = date(year, month, 1)
    while not is_bank_day(day):
        day += timedelta(days=1)
    return day


def next_bank_day(day: date) -> date:
    day += timedelta(days=1)
    while not is_bank_day(day):
        day += timedelta(days=1)
    return day
