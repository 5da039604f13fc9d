"""Parameters shipped as YAML defaults, with a municipality's own file on top, checked by a pydantic model."""

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel

from ifoflow.domain.errors import InputError

M = TypeVar("M", bound=BaseModel)


def load(model: type[M], defaults: Path, path: Path | None, *, field: str, what: str) -> M:
    """Defaults, overridden by `path` when given. An unreadable file or a wrong value is refused naming it."""
    data = yaml.safe_load(defaults.read_text(encoding="utf-8"))
    if path:
        try:
            data.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
        except (OSError, yaml.YAMLError) as exc:
            raise InputError(field, f"Kunde inte läsa {what} i {path}: {exc}") from None
    try:
        return model.model_validate(data)
    except ValueError as exc:
        raise InputError(field, f"Felaktiga {what}: {exc}") from None
