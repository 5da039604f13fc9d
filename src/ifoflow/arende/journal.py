"""The case's journal (SOSFS 2014:5): a note says when something happened, who wrote it, what happened and what
was decided. Drafts are the author's to change; a signed note is read-only, and a correction is a new note that
refers to the one it corrects. Robots write short signed notes of their own, once per business object."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Case, JournalNote
from ifoflow.atkomst.models import StaffUser
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.store import audit
from ifoflow.store.base import utcnow
from ifoflow.store.bulk import insert_new

DRAFT, SIGNED = "utkast", "signerad"
MAX_TEXT = 20_000


@dataclass(frozen=True)
class NoteIn:
    occurred_on: date | None
    heading: str
    text: str
    decided: str = ""

    def checked(self, today: date) -> "NoteIn":
        """Trimmed, or InputError naming the field."""
        heading, text, decided = self.heading.strip(), self.text.strip(), self.decided.strip()
        if self.occurred_on is None:
            raise InputError("datum", "Ange datum för det som hände.")
        if self.occurred_on > today:
            raise InputError("datum", "Datumet kan inte ligga i framtiden.")
        if not heading:
            raise InputError("rubrik", "Skriv en rubrik.")
        if len(heading) > 200:
            raise InputError("rubrik", "Rubriken får vara högst 200 tecken.")
        if not text:
            raise InputError("text", "Skriv vad som hände.")
        if len(text) > MAX_TEXT or len(decided) > MAX_TEXT:
            raise InputError("text", f"Anteckningen får vara högst {MAX_TEXT:,} tecken.".replace(",", " "))
        return NoteIn(self.occurred_on, heading, text, decided)


def notes(session: Session, case_id: int, *, reader_id: int) -> list[JournalNote]:
    """The case's signed notes and the reader's own drafts, newest first (others' drafts are not yet journal)."""
    return list(session.scalars(select(JournalNote).where(
        JournalNote.case_id == case_id,
        (JournalNote.status == SIGNED) | (JournalNote.author_id == reader_id))
        .order_by(JournalNote.occurred_on.desc(), JournalNote.id.desc())))


def write(session: Session, case: Case, author: StaffUser, note: NoteIn, *, corrects: int | None = None,
          today: date | None = None) -> JournalNote:
    """A new draft on the case (a correction of a signed note when `corrects` is given)."""
    checked = note.checked(today or date.today())
    if corrects is not None:
        earlier = session.get(JournalNote, corrects)
        if earlier is None or earlier.case_id != case.id or earlier.status != SIGNED:
            raise InputError("rattar", "Bara en signerad anteckning i samma ärende kan rättas.")
    found = JournalNote(case_id=case.id, author_id=author.id, author_name=author.name,
                        occurred_on=checked.occurred_on, heading=checked.heading, text=checked.text,
                        decided=checked.decided, status=DRAFT, corrects_id=corrects)
    session.add(found)
    session.flush()
    return found


def change(session: Session, note_id: int, author: StaffUser, note: NoteIn, today: date | None = None) -> JournalNote:
    """Save new text in the author's own draft."""
    found = _draft_of(session, note_id, author)
    checked = note.checked(today or date.today())
    found.occurred_on, found.heading, found.text, found.decided = (checked.occurred_on, checked.heading,
                                                                   checked.text, checked.decided)
    found.updated_at = utcnow()
    return found


def sign(session: Session, note_id: int, author: StaffUser) -> JournalNote:
    """Sign the author's draft: from now on it is read-only. The audit event holds what was signed."""
    found = _draft_of(session, note_id, author)
    found.status, found.signed_at, found.updated_at = SIGNED, utcnow(), utcnow()
    audit.append(session, actor=author.username, action="journal.signed", entity="journal_note", entity_id=found.id,
                 details={"case_id": found.case_id, "occurred_on": found.occurred_on, "heading": found.heading,
                          "text": found.text, "decided": found.decided, "corrects": found.corrects_id})
    return found


@dataclass(frozen=True)
class RobotNote:
    case_id: int
    key: str  # what the note is about ("journal:beslut:17"): one note per key, however often a step runs
    robot: str
    heading: str
    text: str
    decided: str = ""


def robot_notes(session: Session, notes: list[RobotNote]) -> int:
    """Robots' notes, signed at once; those whose key is stored already are skipped. Returns how many were new."""
    now = utcnow()
    return insert_new(session, JournalNote.key, [
        {"case_id": n.case_id, "author_id": None, "author_name": n.robot, "occurred_on": now.date(),
         "heading": n.heading[:200], "text": n.text, "decided": n.decided, "status": SIGNED, "signed_at": now,
         "corrects_id": None, "key": n.key, "created_at": now, "updated_at": now} for n in notes])


def _draft_of(session: Session, note_id: int, author: StaffUser) -> JournalNote:
    found = session.get(JournalNote, note_id, with_for_update=True)
    if found is None or found.author_id != author.id:
        raise NotFoundError("anteckning", "Anteckningen finns inte bland dina utkast.")
    if found.status != DRAFT:
        raise InputError("anteckning", "Anteckningen är signerad och kan inte ändras. Skriv en rättelse i stället.")
    return found


def one(session: Session, case_id: int, note_id: int, reader_id: int) -> JournalNote:
    found = session.get(JournalNote, note_id)
    if found is None or found.case_id != case_id or (found.status != SIGNED and found.author_id != reader_id):
        raise NotFoundError("anteckning", "Anteckningen finns inte.")
    return found
