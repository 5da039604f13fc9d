"""Dated lagrum and parameter sources, and the rules version (a hash of every rule file)."""

import hashlib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ifoflow.rules.system import DEFAULT_OVERLAY, OVERLAYS, PARAMETERS, tax_benefit_system

LAGRUM_FILE = Path(__file__).parent / "lagrum.yaml"


@lru_cache
def _lagrum() -> dict[str, list[dict[str, Any]]]:
    return yaml.safe_load(LAGRUM_FILE.read_text(encoding="utf-8"))


def lagrum(kind: str, month: date) -> str:
    """The provision in force on the first day of the month."""
    entries = [e for e in _lagrum()[kind] if e["from"] <= month]
    return str(max(entries, key=lambda e: e["from"])["text"])


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
    files += [LAGRUM_FILE, OVERLAYS / f"{overlay}.yaml"]
    for file in files:
        digest.update(file.relative_to(here).as_posix().encode())
        digest.update(file.read_bytes())
    return f"regler-{digest.hexdigest()[:12]}"
