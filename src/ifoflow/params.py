"""The one loader for a process's dated parameters: the defaults shipped in the package (`<package>/params/
<name>.yaml`, in the format of ifoflow.rules.dated) with the section of the same name from the municipality's
overlay (IFOFLOW_RIKTLINJER: a shipped example or the municipality's own file) on top, read for a date and
checked by the process's pydantic model. The riksnorm calculation reads the same overlay (ifoflow.rules.system).
"""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from openfisca_core.parameters import ParameterNode
from pydantic import BaseModel, ValidationError

from ifoflow.domain.errors import InputError
from ifoflow.domain.validation import to_input_error
from ifoflow.rules import dated
from ifoflow.rules.errors import RuleInputError
from ifoflow.rules.system import lagrum_parameters, local_rules
from ifoflow.settings import get_settings

M = TypeVar("M", bound=BaseModel)
PACKAGES = Path(__file__).parent


@dataclass(frozen=True)
class ParameterSet:
    """A process's parameter file: `section` is its name in the municipality's overlay."""

    section: str
    defaults: Path
    what: str  # in Swedish, for messages: "kontrollens parametrar"


def municipality() -> str:
    """The overlay in use (IFOFLOW_RIKTLINJER)."""
    return get_settings().riktlinjer


@lru_cache(maxsize=64)
def _merged(parameters: ParameterSet, overlay: str) -> tuple[dict[str, Any], ParameterNode]:
    """The defaults with the overlay's section on top, and the same as OpenFisca parameters (built once: building
    refuses a value without a source, and a malformed file)."""
    try:
        own = local_rules(overlay).get(parameters.section, {})
        data = dated.merge(dated.read(parameters.defaults), own, f"{parameters.section}.")
        return data, dated.node(parameters.section, data)
    except RuleInputError as exc:
        raise InputError(exc.field, f"{parameters.what}: {exc.message}") from None


def load(model: type[M], parameters: ParameterSet, on: date, overlay: str | None = None) -> M:
    """The values in force on the date, checked by `model`; a wrong value is refused naming the parameter."""
    _, node = _merged(parameters, overlay or municipality())
    try:
        return model.model_validate(dated.values_on(node, on))
    except ValidationError as exc:
        error = to_input_error(exc)
        raise InputError(error.field, f"Felaktiga {parameters.what} per {on}: {error.field}: {error.message}") \
            from None


def sources(parameters: ParameterSet, on: date,
            overlay: str | None = None) -> list[tuple[str, str, Any, str, str]]:
    """(name, description, value, source, status) of every parameter on the date, for people who check where a
    number comes from."""
    data, node = _merged(parameters, overlay or municipality())
    values = dated.values_on(node, on)
    found = []
    for name, leaf in dated.leaves(data):
        value: Any = values
        for part in name.split("."):
            value = value[part]
        ref = dated.source(leaf, on.isoformat())
        found.append((name, str(leaf.get("description", "")), value, str(ref.get("title", "")),
                      str(ref.get("status", dated.VERIFIED))))
    return found


def to_verify(sets: list[ParameterSet], overlay: str | None = None) -> list[tuple[str, str, str]]:
    """Every reference still `att verifiera`: the lagrum and each process's parameters, with the overlay's
    corrections applied (what the municipality's lawyer has left to check)."""
    name = overlay or municipality()
    found = dated.to_verify(lagrum_parameters(name), "lagrum.")
    for parameters in sets:
        found += dated.to_verify(_merged(parameters, name)[0], f"{parameters.section}.")
    return found
