"""Changes in the simulated registers that the case files do not know yet, so the monthly control finds something.

Deterministic: the same person and month always get the same change. `rate` is the share of persons with a
change; the kinds are spread in the fixed shares below.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

INCOME_KINDS = ["lon", "sjukpenning", "studiemedel", "aktivitetsstod", "a_kassa", "pension"]
OTHER_MUNICIPALITY = "Grannby kommun"


@dataclass(frozen=True)
class Change:
    kind: str  # ny_inkomst | hojd_inkomst | ny_i_bostaden | utflyttad | annan_kommun | utvandrad | avliden | saknas
    income_kind: str = ""
    amount: int = 0


# (upper bound of the draw, kind); the draw is uniform in [0, 1) among persons with a change
SHARES = [(0.40, "ny_inkomst"), (0.60, "hojd_inkomst"), (0.70, "ny_i_bostaden"), (0.80, "utflyttad"),
          (0.87, "annan_kommun"), (0.93, "utvandrad"), (0.97, "avliden"), (1.00, "saknas")]
MONTHLY = {"ny_inkomst", "hojd_inkomst", "annan_kommun"}  # these happen in one month; the rest are states


def _draw(*parts: str) -> float:
    digest = hashlib.sha256(":".join(parts).encode()).hexdigest()
    return int(digest[:13], 16) / 16**13


def change_for(pnr: str, month: date | None, rate: float) -> Change | None:
    """The person's change: monthly kinds for `month`, lasting kinds (moved, deceased ...) when month is None."""
    if rate <= 0:
        return None
    draw = _draw(pnr, f"{month:%Y-%m}" if month else "status")
    if draw >= rate:
        return None
    x = draw / rate
    kind = next(k for bound, k in SHARES if x < bound)
    if (kind in MONTHLY) != (month is not None):
        return None
    income_kind = INCOME_KINDS[int(_draw(pnr, "slag") * len(INCOME_KINDS))]
    amount = 1000 + int(_draw(pnr, "belopp") * 80) * 100
    return Change(kind, income_kind, amount)


def incomes_in(base: dict[str, int], pnr: str, month: date, rate: float) -> dict[str, int]:
    """Register incomes for the month: what the case knows, plus the month's change."""
    found = dict(base)
    change = change_for(pnr, month, rate)
    if change and change.kind == "ny_inkomst":
        found[change.income_kind] = found.get(change.income_kind, 0) + change.amount
    elif change and change.kind == "hojd_inkomst" and found:
        kind = max(sorted(found), key=lambda k: found[k])
        found[kind] = int(found[kind] * 1.3)
    return found
