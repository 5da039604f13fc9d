"""Dated parameter files, in OpenFisca's format: each parameter has a value per date it takes effect and, per
date, its source (`metadata.reference`: a title and a status). The riksnorm, a municipality's guidelines, the
lagrum, the control's thresholds, the three-debt rule and the retention periods are all written this way.

A municipality's overlay is a file of the same shape: its values are added to the defaults by date (a value on
the same date replaces the default's), so it states only what it decides, from when, and on what authority.
"""

import copy
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from openfisca_core.parameters import ParameterNode

from ifoflow.rules.errors import RuleInputError

# A source's status: checked against the law text, not yet checked (a lawyer fills it in through the overlay, see
# shared/reference/lagrum.md), or a choice the municipality makes itself.
VERIFIED, TO_VERIFY, LOCAL_CHOICE = "verifierad", "att verifiera", "kommunens val"
STATUSES = (VERIFIED, TO_VERIFY, LOCAL_CHOICE)
NOT_PARAMETERS = {"description", "documentation", "metadata", "bas"}


def read(path: Path) -> dict[str, Any]:
    """A parameter file, with every date key as text ('2025-01-01') whichever way YAML wrote it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleInputError("parametrar", f"Filen {path} kunde inte läsas: {exc}") from None
    if not isinstance(data, dict):
        raise RuleInputError("parametrar", f"Filen {path} ska innehålla parametrar (namn och värden).")
    return _text_dates(data)


def _text_dates(node: Any) -> Any:
    if isinstance(node, dict):
        return {(k.isoformat() if isinstance(k, date) else k): _text_dates(v) for k, v in node.items()}
    return node


def is_leaf(node: Any) -> bool:
    return isinstance(node, dict) and "values" in node


def merge(base: dict[str, Any], own: dict[str, Any], where: str = "") -> dict[str, Any]:
    """`own` on top of `base`, date by date. A name `base` lacks is refused: a misspelt name must not pass."""
    out = copy.deepcopy(base)
    for key, value in own.items():
        if key in NOT_PARAMETERS:
            out[key] = copy.deepcopy(value)
            continue
        if key not in out:
            raise RuleInputError(f"{where}{key}", f"Okänd parameter {where}{key}: den finns inte i standardvärdena.")
        if is_leaf(out[key]):
            if not is_leaf(value):
                raise RuleInputError(f"{where}{key}", f"{where}{key} ska ha värden per datum (values).")
            out[key]["values"] = {**out[key]["values"], **value["values"]}
            references = value.get("metadata", {}).get("reference", {})
            out[key].setdefault("metadata", {}).setdefault("reference", {}).update(references)
        elif isinstance(value, dict):
            out[key] = merge(out[key], value, f"{where}{key}.")
        else:
            raise RuleInputError(f"{where}{key}", f"{where}{key} ska vara en grupp av parametrar.")
    return out


def leaves(data: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(dotted name, leaf) for every parameter in a file or section."""
    for key, value in data.items():
        if key in NOT_PARAMETERS:
            continue
        if is_leaf(value):
            yield f"{prefix}{key}", value
        elif isinstance(value, dict):
            yield from leaves(value, f"{prefix}{key}.")


def source(leaf: dict[str, Any], on: str) -> dict[str, str]:
    """The source in force on the date (`title`, `status`); empty when none is given."""
    references = leaf.get("metadata", {}).get("reference", {})
    dated = [d for d in references if str(d) <= on]
    return _as_source(references[max(dated)] if dated else {})


def _as_source(reference: Any) -> dict[str, str]:
    """A reference written as a title only counts as a source with that title."""
    return reference if isinstance(reference, dict) else {"title": str(reference)}


def problems(data: dict[str, Any], prefix: str = "") -> list[str]:
    """Every value without a source of its own date (a municipality's new value never borrows the default's
    source), and every source with an unknown status."""
    found = []
    for name, leaf in leaves(data, prefix):
        references = leaf.get("metadata", {}).get("reference", {})
        for on in leaf["values"]:
            ref = _as_source(references.get(on, {}))
            if not str(ref.get("title", "")).strip():
                found.append(f"{name} från {on}: källa saknas")
            elif ref.get("status", VERIFIED) not in STATUSES:
                found.append(f"{name} från {on}: okänd status {ref.get('status')!s}")
    return found


def to_verify(data: dict[str, Any], prefix: str = "") -> list[tuple[str, str, str]]:
    """(name, from date, title) of every source still `att verifiera`."""
    return [(name, str(on), str(ref.get("title", "")))
            for name, leaf in leaves(data, prefix)
            for on in leaf.get("metadata", {}).get("reference", {})
            if (ref := source(leaf, str(on))).get("status") == TO_VERIFY]


def node(name: str, data: dict[str, Any]) -> ParameterNode:
    """The data as OpenFisca parameters (which check the format) after checking every value has a source."""
    missing = problems(data, f"{name}.")
    if missing:
        raise RuleInputError(name, "Parametrar utan giltig källa: " + "; ".join(missing[:5]))
    return ParameterNode(name, data={k: v for k, v in data.items() if k != "bas"})


def values_on(parameters: ParameterNode, on: date) -> dict[str, Any]:
    """Every value in force on the date, as plain nested dicts (None where a value had not yet taken effect)."""
    instant = on.isoformat()
    return {name: values_on(child, on) if isinstance(child, ParameterNode) else child(instant)
            for name, child in parameters.children.items()}
