"""Runs the rules on many households at once (numpy arrays in, arrays out)."""

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
from openfisca_core import periods
from openfisca_core.periods import Period
from openfisca_core.simulations import Simulation
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from ifoflow.rules.errors import RuleInputError
from ifoflow.rules.kinds import COST_KINDS, INCOME_KINDS
from ifoflow.rules.system import tax_benefit_system

HOUSEHOLD_OUTPUTS = ["forsorjningsstod", "underskott", "behov", "riksnorm", "personliga_kostnader",
                     "gemensamma_hushallskostnader", "skaliga_kostnader", "inkomster", "antal_personer",
                     "antal_i_ansokan"] + [f"godtagen_{k}" for k in COST_KINDS]
PERSON_OUTPUTS = ["alder", "aldersgrupp", "personlig_kostnad", "inkomster_person"]
MAX_CHILD_AGE = 20


@dataclass
class Batch:
    """Persons (arrays of equal length) belong to households 0..n-1 through `household`."""

    household: np.ndarray
    role: np.ndarray
    birth_date: np.ndarray  # datetime64[D]
    share_of_time: np.ndarray
    lunch_at_school: np.ndarray
    cohabiting: np.ndarray
    incomes: dict[str, np.ndarray] = field(default_factory=dict)  # per person
    costs: dict[str, np.ndarray] = field(default_factory=dict)  # per household
    households: int = 0


def check_month(month: date, overlay: str) -> None:
    """Refuse months the parameters do not cover, naming the year."""
    params = tax_benefit_system(overlay).parameters.riksnorm.vuxna.ensamstaende
    first = min(date.fromisoformat(str(v.instant_str)) for v in params.values_list)
    last = date.fromisoformat(params.metadata["last_value_still_valid_on"])
    if month < first:
        raise RuleInputError("month", f"Det finns ingen riksnorm för år {month.year} i regelverket "
                                      f"(parametrar finns från {first.isoformat()}).")
    if month > last:
        raise RuleInputError("month", f"Riksnormen för år {month.year} är inte inlagd ännu "
                                      f"(parametrarna gäller till och med {last.isoformat()}).")


def run(batch: Batch, month: date, overlay: str) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Household and person results for one month."""
    check_month(month, overlay)
    system = tax_benefit_system(overlay)
    sim = Simulation(system, _populations(system, batch))
    period = _period(f"{month:%Y-%m}")  # parsed once: parsing period strings was a third of one household's time
    sim.set_input("fodelsedatum", _period("ETERNITY"), batch.birth_date)
    sim.set_input("andel_boende", period, batch.share_of_time)
    sim.set_input("lunch_i_skola", period, batch.lunch_at_school)
    sim.set_input("sammanboende", period, batch.cohabiting)
    for kind, values in batch.incomes.items():
        sim.set_input(f"inkomst_{kind}", period, values)
    for kind, values in batch.costs.items():
        sim.set_input(f"kostnad_{kind}", period, values)
    person_out = {name: sim.calculate(name, period) for name in PERSON_OUTPUTS}
    too_old = (batch.role == "barn") & (person_out["alder"] > MAX_CHILD_AGE)
    if too_old.any():
        raise RuleInputError("members.birth_date", f"Barn över {MAX_CHILD_AGE} år omfattas inte av "
                                                   "föräldrarnas ansökan; personen får söka själv.")
    household_out = {name: sim.calculate(name, period) for name in HOUSEHOLD_OUTPUTS}
    return household_out, person_out


@lru_cache(maxsize=64)
def _period(text: str) -> Period:
    return periods.period(text)


def _populations(system: TaxBenefitSystem, batch: Batch) -> dict[str, Any]:
    """Persons and households with integer ids, joined by position. SimulationBuilder's way (ids as strings, a
    np.unique over them) took two thirds of a 100 000-household run; households are 0..n-1 here already."""
    populations = system.instantiate_entities()
    person, household = populations["person"], populations["hushall"]
    person.ids, person.count = np.arange(len(batch.household)), len(batch.household)
    household.ids, household.count = np.arange(batch.households), batch.households
    household.members_entity_id = batch.household
    roles = household.entity.flattened_roles
    household.members_role = np.select([batch.role == role.key for role in roles], roles)
    return populations


def empty_kinds(n_persons: int, n_households: int) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    return ({k: np.zeros(n_persons) for k in INCOME_KINDS}, {k: np.zeros(n_households) for k in COST_KINDS})
