"""The tax-benefit system: entities, dated parameters, variables and one municipality's guideline overlay."""

from functools import lru_cache
from pathlib import Path

from openfisca_core.parameters import load_parameter_file
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from ifoflow.rules import entities
from ifoflow.rules.errors import RuleInputError
from ifoflow.rules.variables import costs, entitlement, household, incomes, persons

HERE = Path(__file__).parent
PARAMETERS = HERE / "parameters"
OVERLAYS = HERE / "overlays"
DEFAULT_OVERLAY = "exempelstad"


def overlay_names() -> list[str]:
    return sorted(p.stem for p in OVERLAYS.glob("*.yaml"))


def _module_variables(module: object) -> list[type]:
    from openfisca_core.variables import Variable

    return [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, Variable) and v is not Variable]


@lru_cache(maxsize=8)
def tax_benefit_system(overlay: str = DEFAULT_OVERLAY) -> TaxBenefitSystem:
    """Built once per overlay; building parses every YAML file."""
    if overlay not in overlay_names():
        raise RuleInputError("municipality", f"Okända riktlinjer {overlay!r}. Finns: {', '.join(overlay_names())}.")
    system = TaxBenefitSystem(entities.entities)
    system.load_parameters(str(PARAMETERS))
    system.parameters.add_child("riktlinjer", load_parameter_file(str(OVERLAYS / f"{overlay}.yaml"), "riktlinjer"))
    for module in (persons, household, entitlement):
        system.add_variables(*_module_variables(module))
    system.add_variables(*costs.variables, *incomes.variables)
    return system
