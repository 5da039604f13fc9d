"""The tax-benefit system: entities, dated parameters, variables, the lagrum and one municipality's overlay.

A municipality's overlay is one file with all its local rules (see ifoflow.rules.dated): a shipped example named
by its name ("exempelstad"), or the municipality's own file named by its path. The own file may start from a
shipped one (`bas: exempelstad`) and state only what differs.
"""

from functools import lru_cache
from pathlib import Path
from typing import Any

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from ifoflow.rules import dated, entities
from ifoflow.rules.errors import RuleInputError
from ifoflow.rules.variables import costs, entitlement, household, incomes, persons

HERE = Path(__file__).parent
PARAMETERS = HERE / "parameters"
OVERLAYS = HERE / "overlays"
LAGRUM_FILE = HERE / "lagrum.yaml"
DEFAULT_OVERLAY = "exempelstad"


def overlay_names() -> list[str]:
    return sorted(p.stem for p in OVERLAYS.glob("*.yaml"))


def overlay_files(overlay: str) -> list[Path]:
    """The overlay's file, after the file it starts from (`bas`), if any."""
    if overlay in overlay_names():
        path = OVERLAYS / f"{overlay}.yaml"
    elif Path(overlay).suffix in (".yaml", ".yml") and Path(overlay).is_file():
        path = Path(overlay)
    else:
        raise RuleInputError("municipality", f"Okända riktlinjer ”{overlay}”. Ange {', '.join(overlay_names())} "
                                             "eller sökvägen till kommunens egen fil (.yaml).")
    base = dated.read(path).get("bas")
    if base is None:
        return [path]
    if base not in overlay_names():
        raise RuleInputError("bas", f"{path}: bas ska vara en av {', '.join(overlay_names())}.")
    return [*overlay_files(str(base)), path]


@lru_cache(maxsize=16)
def local_rules(name: str) -> dict[str, Any]:
    """The municipality's local rules by section (riktlinjer, kontroll, skuld, gallring, lagrum), its base's
    values under its own."""
    merged: dict[str, Any] = {}
    for path in overlay_files(name):
        for section, values in dated.read(path).items():
            if isinstance(values, dict) and section in merged:
                merged[section] = dated.merge(merged[section], values, f"{section}.")
            elif section != "bas":
                merged[section] = values
    if not isinstance(merged.get("riktlinjer"), dict):
        raise RuleInputError("riktlinjer", f"Riktlinjerna ”{name}” saknar avsnittet riktlinjer (se exempelstad).")
    return merged


def lagrum_parameters(name: str) -> dict[str, Any]:
    """The national lagrum with the municipality's corrections (its lawyer's verified references) on top."""
    return dated.merge(dated.read(LAGRUM_FILE), local_rules(name).get("lagrum", {}), "lagrum.")


def _module_variables(module: object) -> list[type]:
    from openfisca_core.variables import Variable

    return [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, Variable) and v is not Variable]


@lru_cache(maxsize=8)
def tax_benefit_system(overlay: str = DEFAULT_OVERLAY) -> TaxBenefitSystem:
    """Built once per overlay; building parses every YAML file."""
    system = TaxBenefitSystem(entities.entities)
    system.load_parameters(str(PARAMETERS))
    system.parameters.add_child("riktlinjer", dated.node("riktlinjer", local_rules(overlay)["riktlinjer"]))
    system.parameters.add_child("lagrum", dated.node("lagrum", lagrum_parameters(overlay)))
    for module in (persons, household, entitlement):
        system.add_variables(*_module_variables(module))
    system.add_variables(*costs.variables, *incomes.variables)
    return system
