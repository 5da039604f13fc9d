"""Parameters shipped as YAML defaults, with a municipality's own file on top, checked by a pydantic model."""

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ifoflow import files
from ifoflow.domain.errors import InputError
from ifoflow.domain.validation import to_input_error

M = TypeVar("M", bound=BaseModel)


def load(model: type[M], defaults: Path, path: Path | None, *, field: str, what: str) -> M:
    """Defaults, overridden by `path` when given. An unreadable file or a wrong value is refused naming it."""
    data = yaml.safe_load(defaults.read_text(encoding="utf-8"))
    if path:
        own = files.load_yaml(path, field) or {}
        if not isinstance(own, dict):
            raise InputError(field, f"{path} ska innehålla namn och värden ({what}), t.ex. chunk_size: 500.")
        data.update(own)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = to_input_error(exc)
        raise InputError(field, f"Felaktiga {what} i {path or defaults}: {error.field}: {error.message}") from None
