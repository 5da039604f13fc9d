"""Reading a file a person points at (YAML, Excel, notices): every failure in Swedish, naming the file and what
to do, never the operating system's or the parser's English."""

from pathlib import Path
from typing import Any

import yaml

from ifoflow.domain.errors import InputError


def read_bytes(path: Path, field: str = "fil") -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(field, f"Filen {path} finns inte. Kontrollera namnet och mappen.") from None
    except IsADirectoryError:
        raise InputError(field, f"{path} är en mapp, inte en fil.") from None
    except PermissionError:
        raise InputError(field, f"Du har inte behörighet att läsa {path}.") from None
    except OSError:
        raise InputError(field, f"Filen {path} kunde inte läsas.") from None


def read_text(path: Path, field: str = "fil") -> str:
    try:
        return read_bytes(path, field).decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(field, f"{path} är inte en textfil i UTF-8. Spara den som UTF-8 och försök igen.") from None


def load_yaml(path: Path, field: str = "fil") -> Any:
    """The file's YAML content; a syntax error names the line and column."""
    text = read_text(path, field)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" på rad {mark.line + 1}, kolumn {mark.column + 1}" if mark is not None else ""
        raise InputError(field, f"{path} är inte giltig YAML: fel{where}. Kontrollera indrag och kolon.") from None
