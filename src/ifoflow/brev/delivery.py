"""How a letter reaches its reader: the channels in the order they are tried, and each letter's way recorded.

Channels, per recipient: the digital mailbox where the person has one; else the e-service's Mina ärenden where
the person has used it; else paper. Paper for a person with protected identity (any of the three kinds) never
goes into the print batch but onto the list sent by hand, with what to do for that kind; no address of theirs is
ever written into a letter, a page, an export or a log. A channel that fails after its retries falls back to the
next. Every step is a LetterEvent the case worker sees on the case page.

The robot `brevutskick` (ifoflow.brevutskick) drives this in two steps per chunk of letters: `claim` (render the
PDF, lock, mark `skickas`) and, after the calls to the mailbox, `record`. A rerun after a crash sends `skickas`
letters again under the same message id, which the mailbox keeps once.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arende.models import Case, CaseAssignment, Person, Task
from ifoflow.brev import service
from ifoflow.brev.models import Letter, LetterEvent
from ifoflow.brev.pdf import TemplateError, render_pdf
from ifoflow.domain.enums import LetterChannel, LetterStatus, Protection, TaskStatus
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.store import audit, locks
from ifoflow.store.base import utcnow
from ifoflow.store.bulk import insert_new

CHANNEL_SV = {LetterChannel.brevlada: "Digital brevlåda", LetterChannel.e_tjanst: "E-tjänsten (Mina ärenden)",
              LetterChannel.utskrift: "Papperspost (utskrift)", LetterChannel.manuell: "Skickas för hand"}
OUTCOME_SV = {"skapat": "Brevet skrevs", "levererad": "Levererat", "ingen_brevlada": "Har ingen digital brevlåda",
              "fel": "Gick inte att skicka", "till_utskrift": "Lagt i dagens utskrift", "utskrivet": "Utskrivet",
              "manuell": "Ska skickas för hand", "stoppad": "Stoppat", "ersatt": "Ersatt av ett nyare brev",
              "misslyckad": "Kunde inte skapas", "skickas": "Skickas"}
# What the person who sends a protected letter by hand does, per kind of protection. Never an address.
BY_HAND = {
    Protection.sekretessmarkering:
        "Sekretessmarkering: adressen finns i folkbokföringen men får inte visas. Den som skickar slår upp den "
        "där, skriver den bara på kuvertet och använder ett kuvert utan socialtjänstens namn.",
    Protection.skyddad_folkbokforing:
        "Skyddad folkbokföring: vi känner inte till adressen. Skicka brevet genom Skatteverkets särskilda "
        "postförmedling, med namn och personnummer på kuvertet.",
    Protection.fingerade_personuppgifter:
        "Fingerade personuppgifter: använd bara den identitet som står i ärendet. Skicka brevet enligt enhetens "
        "rutin för skyddade personuppgifter.",
}


@dataclass
class Attempt:
    """What happened to one letter on one channel; `delivered` ends its way."""

    channel: str
    outcome: str
    detail: str = ""
    delivered: bool = False


@dataclass
class Way:
    """Everything tried for one letter in one send; the last attempt that delivered decides its status."""

    letter_id: int
    attempts: list[Attempt] = field(default_factory=list)


def due(session: Session, *, hold: timedelta, now: datetime | None = None) -> list[int]:
    """Letters waiting to be sent whose hold is over, and letters a crash left being sent."""
    cutoff = (now or utcnow()) - hold
    return list(session.scalars(select(Letter.id).where(
        ((Letter.status == LetterStatus.vantar) & (Letter.created_at <= cutoff))
        | (Letter.status == LetterStatus.skickas)).order_by(Letter.id)))


def claim(session: Session, ids: Iterable[int], *, actor: str) -> list[int]:
    """Render the waiting letters' PDFs, then lock them and mark them `skickas`. A letter naming a case worker
    who no longer has the case is replaced (ersatt); a letter whose template or data fails is `misslyckad` with
    the reason and a task, never sent. Returns the letters to send now."""
    ids = list(ids)
    waiting = {x.id: x for x in session.scalars(select(Letter).where(Letter.id.in_(ids)))}
    made: dict[int, bytes | TemplateError] = {}
    for letter in waiting.values():  # rendered before the lock: others do not wait while letters render
        if letter.document_id is None and letter.status == LetterStatus.vantar:
            try:
                made[letter.id] = render_pdf(letter.template, letter.data)
            except TemplateError as exc:
                made[letter.id] = exc
    locked = locks.lock_many(session, select(Letter).where(Letter.id.in_(ids)).order_by(Letter.id))
    current = _current_assignments(session, {x.case_id for x in locked})
    out, events = [], []
    for letter in locked:
        if letter.status == LetterStatus.skickas:  # a crash left it being sent: send it again, once
            out.append(letter.id)
            continue
        if letter.status != LetterStatus.vantar:
            continue
        named = letter.data.get("assignment_id")
        if named is not None and current.get(letter.case_id) != named:
            letter.status = LetterStatus.ersatt
            events.append(_event(letter.id, "", "ersatt", "Ärendet har fått en annan handläggare sedan brevet "
                                                            "skrevs; ett nytt brev skrivs.", actor))
            continue
        result = made.get(letter.id)
        if isinstance(result, TemplateError):
            _fail(session, letter, result.reason, actor)
            events.append(_event(letter.id, "", "misslyckad", result.reason, actor))
            continue
        if isinstance(result, bytes):
            service.attach(session, letter, result)
        letter.status = LetterStatus.skickas
        out.append(letter.id)
    session.add_all(events)
    return out


def routes(session: Session, ids: list[int]) -> dict[int, tuple[Letter, Person]]:
    """The letters being sent to persons, and the persons (a letter to an organisation goes on paper)."""
    rows = session.execute(select(Letter, Person).join(Person, Person.id == Letter.person_id)
                           .where(Letter.id.in_(ids), Letter.status == LetterStatus.skickas).order_by(Letter.id))
    return {letter.id: (letter, person) for letter, person in rows}


def subject(letter: Letter) -> str:
    return service.title(letter)


def record(session: Session, ways: list[Way], *, actor: str) -> dict[str, int]:
    """Lock the letters and write how each went; a letter nothing delivered goes on paper (or by hand).
    Returns counts per final channel."""
    by_id = {w.letter_id: w for w in ways}
    locked = locks.lock_many(session, select(Letter).where(Letter.id.in_(list(by_id))).order_by(Letter.id))
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_({x.person_id for x in locked})))}
    counts: dict[str, int] = {}
    events: list[LetterEvent] = []
    now = utcnow()
    for letter in locked:
        if letter.status != LetterStatus.skickas:
            continue
        way = by_id[letter.id]
        events += [_event(letter.id, a.channel, a.outcome, a.detail, actor) for a in way.attempts]
        done = next((a for a in way.attempts if a.delivered), None)
        person = people.get(letter.person_id) if letter.person_id else None
        if done is not None:
            letter.status, letter.channel, letter.sent_at = LetterStatus.skickad, done.channel, now
        elif person is not None and person.protected_identity:
            letter.status, letter.channel = LetterStatus.manuell, LetterChannel.manuell
            how = BY_HAND[Protection(person.protection)]
            events.append(_event(letter.id, LetterChannel.manuell, "manuell", how, actor))
            _by_hand_task(session, letter, how)
        else:
            letter.status, letter.channel = LetterStatus.utskrift, LetterChannel.utskrift
            events.append(_event(letter.id, LetterChannel.utskrift, "till_utskrift", "", actor))
        counts[letter.channel or ""] = counts.get(letter.channel or "", 0) + 1
    session.add_all(events)
    return counts


def to_hand(session: Session, letter: Letter, person: Person | None, reason: str, actor: str) -> None:
    """A paper letter the print batch cannot take (the register gives no address, or a protection is new)."""
    how = BY_HAND.get(Protection(person.protection), "") if person and person.protected_identity else ""
    letter.status, letter.channel = LetterStatus.manuell, LetterChannel.manuell
    session.add(_event(letter.id, LetterChannel.manuell, "manuell", f"{reason} {how}".strip(), actor))
    _by_hand_task(session, letter, f"{reason} {how}".strip())


def stop(session: Session, letter_id: int, *, actor: str, reason: str) -> Letter:
    """A case worker stops a letter that has not gone out yet."""
    if not reason.strip():
        raise InputError("anledning", "Skriv varför brevet stoppas.")
    letter = locks.lock(session, Letter, letter_id)
    if letter is None:
        raise NotFoundError("brev", "Brevet finns inte.")
    if letter.status != LetterStatus.vantar:
        raise InputError("brev", "Brevet kan inte stoppas: det väntar inte längre på utskick.")
    letter.status = LetterStatus.stoppad
    session.add(_event(letter.id, "", "stoppad", reason.strip(), actor))
    audit.append(session, actor=actor, action="letter.stopped", entity="letter", entity_id=letter.id,
                 details={"anledning": reason.strip()})
    return letter


def history(session: Session, letter_ids: list[int]) -> dict[int, list[LetterEvent]]:
    out: dict[int, list[LetterEvent]] = {}
    for event in session.scalars(select(LetterEvent).where(LetterEvent.letter_id.in_(letter_ids))
                                 .order_by(LetterEvent.at, LetterEvent.id)):
        out.setdefault(event.letter_id, []).append(event)
    return out


def failed(session: Session, limit: int = 50) -> list[Letter]:
    """Letters that could not be made, newest first (the operations page)."""
    return list(session.scalars(select(Letter).where(Letter.status == LetterStatus.misslyckad)
                                .order_by(Letter.id.desc()).limit(limit)))


def _current_assignments(session: Session, case_ids: set[int]) -> dict[int, int]:
    return {case_id: assignment_id for case_id, assignment_id in session.execute(
        select(CaseAssignment.case_id, CaseAssignment.id).where(CaseAssignment.case_id.in_(case_ids),
                                                                CaseAssignment.ended_at.is_(None)))}


def _fail(session: Session, letter: Letter, reason: str, actor: str) -> None:
    letter.status, letter.failure = LetterStatus.misslyckad, reason
    case = session.get_one(Case, letter.case_id)
    insert_new(session, Task.idempotency_key, [_task_row(f"letter:{letter.id}:misslyckad", case, "brev_misslyckat",
                                                         f"{service.title(letter)}: {reason}", letter)])


def _by_hand_task(session: Session, letter: Letter, how: str) -> None:
    case = session.get_one(Case, letter.case_id)
    insert_new(session, Task.idempotency_key, [_task_row(f"letter:{letter.id}:manuell", case,
                                                         "skyddad_identitet_brev", how, letter)])


def _task_row(key: str, case: Case, kind: str, reason: str, letter: Letter) -> dict[str, Any]:
    return {"idempotency_key": key, "unit_id": case.unit_id, "case_id": case.id, "kind": kind, "reason": reason,
            "evidence": {"brev": letter.id, "brevtyp": service.title(letter)}, "status": TaskStatus.oppen,
            "deadline": utcnow().date() + timedelta(days=2), "created_at": utcnow()}


def _event(letter_id: int, channel: str, outcome: str, detail: str, actor: str) -> LetterEvent:
    return LetterEvent(letter_id=letter_id, channel=channel, outcome=outcome, detail=detail, actor=actor,
                       at=utcnow())
