"""The one file intake works for any process: a toy intake of meter readings, not debt notices."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.domain.errors import InputError
from ifoflow.intag import service as intag
from ifoflow.intag.models import Quarantined

STORED: dict[str, "Reading"] = {}


@dataclass(frozen=True)
class Reading:
    meter: str
    value: int

    def key(self) -> str:
        return f"{self.meter}:{self.value}"


def _validate(raw: dict[str, Any]) -> Reading:
    if not str(raw.get("varde", "")).isdigit():
        raise InputError("varde", "Värde: skriv ett heltal.")
    return Reading(str(raw.get("matare", "")), int(raw["varde"]))


def _store(session: Session, items: dict[str, Reading], source: str, today: date) -> int:
    new = {k: v for k, v in items.items() if k not in STORED}
    STORED.update(new)
    return len(new)


READINGS = intag.Intake(name="matarstallning", columns={"matare": "Mätare", "varde": "Värde"},
                        validate=_validate, store=_store, xml_record="avlasning")


def test_good_rows_are_stored_bad_ones_quarantined_and_a_fix_is_taken(session: Session) -> None:
    STORED.clear()
    got = intag.receive(session, READINGS, b"matare;varde\nA;10\nB;tio\nA;10\n", "juni.csv", today=date(2026, 6, 1))
    assert (got.mottagna, got.dubbletter, got.karantan) == (1, 1, 1)
    entry = intag.waiting(session, READINGS)[0]
    assert (entry.intake, entry.reason, entry.raw) == ("matarstallning", "Värde: skriv ett heltal.",
                                                       {"matare": "B", "varde": "tio"})
    assert intag.resubmit(session, READINGS, entry.id, {"varde": "12"}, actor="ekonom", today=date(2026, 6, 2))
    assert STORED["B:12"] == Reading("B", 12) and intag.waiting(session, READINGS) == []
    assert session.get_one(Quarantined, entry.id).item_key == "B:12"


def test_an_unreadable_file_is_one_quarantine_entry_naming_the_file(session: Session) -> None:
    got = intag.receive(session, READINGS, b"<avlasning><matare>A", "trasig.xml", today=date(2026, 6, 1))
    assert got.karantan == 1
    reason = session.scalars(select(Quarantined.reason).where(Quarantined.source == "trasig.xml")).one()
    assert "trasig.xml kunde inte läsas som XML" in reason


def test_inbox_files_are_moved_once_their_items_are_committed(session: Session, tmp_path: Path) -> None:
    STORED.clear()
    inbox = tmp_path / "inkorg"
    inbox.mkdir()
    (inbox / "a.xml").write_bytes(b"<filer><avlasning><matare>C</matare><varde>5</varde></avlasning></filer>")
    (inbox / ".dold").write_text("inte min")
    files = intag.files_in(inbox)
    got = intag.take_files(sessionmaker(session.get_bind()), READINGS, files, today=date(2026, 6, 1))
    assert got.mottagna == 1 and STORED == {"C:5": Reading("C", 5)}
    assert [p.name for p in inbox.iterdir() if p.is_file()] == [".dold"]
    assert len(list((inbox / "behandlade").iterdir())) == 1
