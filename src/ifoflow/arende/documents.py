"""Document contents: stored once by their SHA-256 in the data directory's `documents/` folder. A `Document` row
says whose they are; a file is found by that row's hash, never by a name from a request."""

import hashlib
from pathlib import Path

from ifoflow.settings import get_settings


def path(sha256: str) -> Path:
    return get_settings().data_dir / "documents" / sha256


def save(content: bytes) -> str:
    """Store the content (unchanged if it is there already) and return its hash."""
    digest = hashlib.sha256(content).hexdigest()
    target = path(digest)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return digest
