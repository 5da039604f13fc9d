"""The inbox folder: every file is read once, then moved to `behandlade/` (its notices registered or quarantined)."""

import shutil
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from ifoflow.skuld import intake as debt_intake

SUFFIXES = {".csv", ".txt", ".xlsx", ".xml", ".pdf"}


def files_in(inbox: Path) -> list[Path]:
    return sorted(p for p in inbox.iterdir() if p.is_file() and not p.name.startswith("."))


def take(session: Session, path: Path, *, today: date) -> dict[str, int]:
    """Read one file into the store (caller commits), then `done()` moves it out of the inbox."""
    return debt_intake.receive(session, path.read_bytes(), path.name, today=today)


def done(path: Path) -> Path:
    target = path.parent / "behandlade" / f"{date.today():%Y%m%d}-{path.name}"
    target.parent.mkdir(exist_ok=True)
    return Path(shutil.move(str(path), target))
