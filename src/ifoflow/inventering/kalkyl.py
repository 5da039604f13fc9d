"""Benefit (nyttokalkyl) and investment calculations as in the seeds (Norrtälje 2020, 2023; Nacka 2024).

Rounding: every yearly amount is rounded to whole kronor, half up; depreciation is the amount divided by the years,
rounded down, with what rounding leaves over added to the last year, so the years always add up to the amount.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ifoflow.domain.errors import InputError

ANNUAL_HOURS = 2003  # annual working time of a full-time post, as the seeds use


def kronor(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class InvestmentYear:
    year: int
    interest: int
    depreciation: int
    cost: int


def investment(amount: int, rate_percent: float, years: int) -> list[InvestmentYear]:
    """Straight-line depreciation over `years`, interest on the balance remaining at the start of each year."""
    if amount <= 0:
        raise InputError("belopp", "Investeringsbeloppet måste vara större än noll.")
    if not 0 <= rate_percent <= 50:
        raise InputError("ranta", "Räntan anges i procent, 0–50.")
    if not 1 <= years <= 50:
        raise InputError("ar", "Avskrivningstiden är 1–50 år.")
    rate = Decimal(str(rate_percent)) / 100
    base, rest = divmod(amount, years)
    balance, rows = amount, []
    for year in range(1, years + 1):
        depreciation = base + (rest if year == years else 0)
        interest = kronor(Decimal(balance) * rate)
        rows.append(InvestmentYear(year, interest, depreciation, interest + depreciation))
        balance -= depreciation
    return rows


@dataclass(frozen=True)
class Benefit:
    hours_per_year: float
    full_time_share: float  # of one post (2 003 hours)
    hourly_cost: int
    value_per_year: int


def benefit(*, volume_per_year: int, minutes_per_case: float, automated_share: float, monthly_salary: int,
            overhead_percent: float) -> Benefit:
    """Hours saved, share of a full-time post, and their value (salary with overhead, per working hour)."""
    if volume_per_year < 0 or minutes_per_case < 0:
        raise InputError("volym", "Volym och tid per ärende kan inte vara negativa.")
    if not 0 <= automated_share <= 1:
        raise InputError("andel", "Andelen som automatiseras anges mellan 0 och 1.")
    if monthly_salary < 0 or not 0 <= overhead_percent <= 200:
        raise InputError("manadslon", "Månadslön och påslag (PO, 0–200 %) kan inte vara negativa.")
    hours = volume_per_year * minutes_per_case * automated_share / 60
    hourly = Decimal(monthly_salary * 12) * (1 + Decimal(str(overhead_percent)) / 100) / ANNUAL_HOURS
    return Benefit(round(hours, 1), round(hours / ANNUAL_HOURS, 2), kronor(hourly), kronor(hourly * Decimal(hours)))
