"""One file intake for every process: read, validate, store what is good, quarantine the rest with a Swedish
reason, let a person fix and resubmit, and move processed files out of the inbox folder.

A process declares its `Intake` (the debt notices in ifoflow.skuld.intake; care invoices and scanned documents
next); nothing is dropped and nothing is stored twice, because every item carries its own key.
"""

import shutil
from collections.abc import Callable, Mapping
from dataclasses import asdict, astuple, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.domain.errors import InputError
from ifoflow.intag.models import Quarantined
from ifoflow.intag.readers import rows_of
from ifoflow.store.base import utcnow
from ifoflow.store.db import unit_of_work

WAITING, FIXED = "karantan", "atgardad"


class Item(Protocol):
    def key(self) -> str: ...


T = TypeVar("T", bound=Item)


@dataclass(frozen=True)
class Intake(Generic[T]):
    """What one kind of incoming file holds and where its items go."""

    name: str  # stored with each quarantine entry, e.g. "skuldaviseringar"
    columns: Mapping[str, str]  # column in the file -> its Swedish name for people ("forfallodatum" -> "Förfallodatum")
    validate: Callable[[dict[str, Any]], T]  # a raw row -> an item; InputError naming the column
    store: Callable[[Session, dict[str, T], str, date], int]  # new items stored (by key); returns how many
    xml_record: str = "post"
    pdf_labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Received:
    mottagna: int
    dubbletter: int
    karantan: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def receive(session: Session, intake: Intake[T], content: bytes, filename: str, *, today: date) -> Received:
    """Store what can be read, quarantine the rest, skip items already received. The caller's unit of work."""
    try:
        rows = rows_of(content, filename, xml_record=intake.xml_record, pdf_labels=intake.pdf_labels)
    except InputError as exc:
        return Received(0, 0, quarantine(session, intake, filename, [({"fil": filename}, exc.message)]))
    good: dict[str, T] = {}
    bad: list[tuple[dict[str, Any], str]] = []
    valid = 0
    for raw in rows:
        try:
            item = intake.validate(raw)
        except InputError as exc:
            bad.append(({k: str(v) for k, v in raw.items()}, exc.message))
            continue
        valid += 1
        good.setdefault(item.key(), item)
    stored = intake.store(session, good, filename, today)
    return Received(stored, valid - stored, quarantine(session, intake, filename, bad))


def quarantine(session: Session, intake: Intake[Any], source: str, bad: list[tuple[dict[str, Any], str]]) -> int:
    if bad:
        session.execute(insert(Quarantined), [
            {"intake": intake.name, "source": source[:300], "raw": raw, "reason": reason, "status": WAITING,
             "created_at": utcnow(), "fixed_by": "", "item_key": ""} for raw, reason in bad])
    return len(bad)


def waiting(session: Session, intake: Intake[Any], limit: int = 1000) -> list[Quarantined]:
    """Entries waiting for a person, oldest first."""
    return list(session.scalars(select(Quarantined).where(Quarantined.intake == intake.name,
                                                          Quarantined.status == WAITING)
                                .order_by(Quarantined.id).limit(limit)))


def resubmit(session: Session, intake: Intake[Any], entry_id: int, fixed: dict[str, str], *, actor: str,
             today: date) -> bool:
    """A person's corrected values for a quarantined entry. True when it was stored now, False when the same item
    had already arrived; either way the entry leaves the quarantine. InputError when it is still wrong."""
    entry = session.get(Quarantined, entry_id)
    if entry is None or entry.intake != intake.name or entry.status != WAITING:
        raise InputError("karantan", f"Det finns ingen väntande post {entry_id} i karantänen.")
    raw = {k: v for k, v in {**entry.raw, **fixed}.items() if k != "fil"}
    item = intake.validate(raw)
    stored = intake.store(session, {item.key(): item}, f"{entry.source} (rättad av {actor})", today)
    entry.status, entry.fixed_by, entry.item_key = FIXED, actor, item.key()
    return stored == 1


def files_in(inbox: Path) -> list[Path]:
    """Files waiting in an inbox folder (hidden files and sub-folders are left alone)."""
    if not inbox.is_dir():
        raise InputError("mapp", f"Mappen {inbox} finns inte.")
    return sorted(p for p in inbox.iterdir() if p.is_file() and not p.name.startswith("."))


def take_files(factory: sessionmaker[Session], intake: Intake[Any], files: list[Path], *, today: date,
               progress: Callable[[int], Any] | None = None) -> Received:
    """Each inbox file in its own transaction, then moved to `behandlade/`. The totals over all files."""
    total = Received(0, 0, 0)
    for path in files:
        with unit_of_work(factory) as session:
            got = receive(session, intake, path.read_bytes(), path.name, today=today)
        _processed(path)
        total = Received(*(a + b for a, b in zip(astuple(total), astuple(got), strict=True)))
        if progress:
            progress(1)
    return total


def _processed(path: Path) -> Path:
    """Move a file whose items are committed to `behandlade/`; a crash before this reads it again, and the keys
    make the second reading store nothing new."""
    target = path.parent / "behandlade" / f"{date.today():%Y%m%d}-{path.name}"
    target.parent.mkdir(exist_ok=True)
    return Path(shutil.move(str(path), target))

