"""Dated lagrum and parameter sources, and the rules version (a hash of every rule file)."""

import hashlib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from ifoflow.rules.system import DEFAULT_OVERLAY, LAGRUM_FILE, PARAMETERS, overlay_files, tax_benefit_system


def lagrum(kind: str, month: date, overlay: str = DEFAULT_OVERLAY) -> str:
    """The provision in force on the first day of the month (with the municipality's corrections)."""
    return str(_node(overlay, f"lagrum.{kind}")(month.isoformat()))


def _node(overlay: str, path: str) -> Any:
    node: Any = tax_benefit_system(overlay).parameters
    for part in path.split("."):
        node = node.children[part]
    return node


def has_parameter(path: str, overlay: str = DEFAULT_OVERLAY) -> bool:
    try:
        _node(overlay, path)
    except KeyError:
        return False
    return True


def parameter(overlay: str, path: str, month: date) -> tuple[float, str]:
    """Value of a parameter (dotted path) in the month, and the title of its source then."""
    node = _node(overlay, path)
    value = node(month.isoformat())
    references: dict[str, dict[str, str]] = node.metadata.get("reference", {})
    dated = [d for d in references if date.fromisoformat(str(d)) <= month]
    title = references[max(dated)]["title"] if dated else ""
    return float(value), title


@lru_cache(maxsize=8)
def rules_version(overlay: str) -> str:
    """Changes whenever a formula, parameter, lagrum or the overlay changes."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    files = sorted(here.rglob("*.py")) + sorted(PARAMETERS.rglob("*.yaml"))
    for file in [*files, LAGRUM_FILE]:
        digest.update(file.relative_to(here).as_posix().encode())
        digest.update(file.read_bytes())
    for file in overlay_files(overlay):  # shipped, or the municipality's own file anywhere
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return f"regler-{digest.hexdigest()[:12]}"
