"""Incomes: each person's incomes by kind, and the household's total for those in the application."""

from openfisca_core.model_api import MONTH, Variable

from ifoflow.rules.entities import Hushall, Person
from ifoflow.rules.kinds import INCOME_KINDS


def income(kind: str) -> type[Variable]:
    return type(f"inkomst_{kind}", (Variable,), {
        "value_type": float, "entity": Person, "definition_period": MONTH, "label": INCOME_KINDS[kind],
    })


class inkomster_person(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Personens inkomster under månaden"

    def formula(person, period):  # type: ignore[no-untyped-def]
        return sum(person(f"inkomst_{kind}", period) for kind in INCOME_KINDS)


class inkomster(Variable):
    value_type = float
    entity = Hushall
    definition_period = MONTH
    label = "Hushållets inkomster (de som ingår i ansökan)"

    def formula(hushall, period):  # type: ignore[no-untyped-def]
        members = hushall.members
        return hushall.sum(members("inkomster_person", period) * members("ingar_i_ansokan", period))


variables = [income(k) for k in INCOME_KINDS] + [inkomster_person, inkomster]
