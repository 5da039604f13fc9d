"""Reasonable costs outside the norm: what was claimed, and what the guideline overlay accepts."""

import numpy as np
from openfisca_core.model_api import MONTH, Variable

from ifoflow.rules.entities import Hushall
from ifoflow.rules.kinds import COST_KINDS

RENT_TABLE_SIZE = 6  # overlays give caps for one to six (or more) persons


def claimed(kind: str) -> type[Variable]:
    """Input: the household's claimed monthly cost of one kind."""
    return type(f"kostnad_{kind}", (Variable,), {
        "value_type": float, "entity": Hushall, "definition_period": MONTH,
        "label": f"{COST_KINDS[kind]}, yrkat belopp",
    })


def accepted(kind: str) -> type[Variable]:
    """The claimed cost up to the overlay's cap (rent: by household size)."""

    def formula(hushall, period, parameters):  # type: ignore[no-untyped-def]
        amount = hushall(f"kostnad_{kind}", period)
        rules = parameters(period).riktlinjer
        if kind == "hyra":
            caps = np.array([rules.hyrestak[f"personer_{n}"] for n in range(1, RENT_TABLE_SIZE + 1)], dtype=float)
            cap = caps[np.clip(hushall("antal_personer", period), 1, RENT_TABLE_SIZE) - 1]
        else:
            cap = rules.kostnadstak[kind]
        return np.minimum(amount, cap)

    return type(f"godtagen_{kind}", (Variable,), {
        "value_type": float, "entity": Hushall, "definition_period": MONTH,
        "label": f"{COST_KINDS[kind]}, godtaget belopp", "formula": formula,
    })


class skaliga_kostnader(Variable):
    value_type = float
    entity = Hushall
    definition_period = MONTH
    label = "Skäliga kostnader utanför riksnormen"

    def formula(hushall, period):  # type: ignore[no-untyped-def]
        return sum(hushall(f"godtagen_{kind}", period) for kind in COST_KINDS)


variables = [claimed(k) for k in COST_KINDS] + [accepted(k) for k in COST_KINDS] + [skaliga_kostnader]
