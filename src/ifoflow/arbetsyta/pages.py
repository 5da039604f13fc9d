"""What the workspace's pages show: each function checks access (a case outside the reader's units is not found,
the same answer as a case that does not exist) and logs the read of persons' data in the reader's transaction."""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.arbetsyta.timeline import KINDS, timeline
from ifoflow.arende import journal
from ifoflow.arende.models import Case, HouseholdMember, JournalNote, Person, Task
from ifoflow.arende.service import move_cases, shown
from ifoflow.atkomst.models import StaffUser
from ifoflow.atkomst.service import allowed, log_reads, units_of
from ifoflow.beslut.models import Decision
from ifoflow.brev import delivery
from ifoflow.brev import service as letters
from ifoflow.brev.models import Letter
from ifoflow.brev.pdf import render_pdf
from ifoflow.domain.enums import LetterChannel, StaffRole, TaskStatus, label
from ifoflow.domain.errors import AccessDenied, InputError, NotFoundError
from ifoflow.domain.format import parse_date
from ifoflow.settings import get_settings
from ifoflow.skanning import rules as scan_rules

NOT_FOUND = "Ärendet finns inte i dina enheter."


def readable_case(session: Session, user: StaffUser, case_id: int) -> Case:
    """The case, if the reader may read cases and it is in one of their units; else NotFoundError."""
    if not allowed(user, "case.read"):
        raise AccessDenied()
    found = session.get(Case, case_id)
    if found is None or found.unit_id not in units_of(session, user):
        raise NotFoundError("arende", NOT_FOUND)
    return found


def members(session: Session, case: Case, user: StaffUser, *, moved_out_too: bool = False) -> list[dict[str, Any]]:
    """The household now (or everyone who has lived in it, by when they moved in): each member's name and number
    as the reader may see them, role, share of time and the dates they moved in and out."""
    people: list[tuple[HouseholdMember | None, Person]] = []
    if case.household_id is None:
        people = [(None, case.person)] if case.person else []
    else:
        query = select(HouseholdMember, Person).join(Person).where(HouseholdMember.household_id == case.household_id)
        query = query.order_by(HouseholdMember.joined_on, HouseholdMember.id) if moved_out_too else query.where(
            HouseholdMember.left_on.is_(None)).order_by(HouseholdMember.id)
        people = list(session.execute(query).all())
    found = []
    for member, person in people:
        if person is None:
            continue
        name, number = shown(person, user.clearance_protected)
        found.append({"id": person.id, "name": name, "pnr": number, "role": member.role if member else "sokande",
                      "share": float(member.share_of_time) if member else 1.0,
                      "protected": person.protected_identity, "joined": member.joined_on if member else None,
                      "left": member.left_on if member else None})
    return found


def log_household(session: Session, user: StaffUser, case: Case, people: list[dict[str, Any]], action: str,
                  reason: str) -> None:
    """The read of each of the persons shown, in the page's own transaction."""
    log_reads(session, user, [(p["id"], case.id, case.unit_id) for p in people], action=action, reason=reason)


def case_page(session: Session, user: StaffUser, case_id: int, kinds: list[str]) -> dict[str, Any]:
    case = readable_case(session, user, case_id)
    people = members(session, case, user)
    chosen = {k for k in kinds if k in KINDS} or None
    items = timeline(session, case, reader_id=user.id, kinds=chosen)
    open_tasks = session.scalars(select(Task).where(Task.case_id == case.id, Task.status != TaskStatus.klar)
                                 .order_by(Task.deadline)).all()
    log_household(session, user, case, people, "arendeoversikt", f"Ärendeöversikt {case.case_number}")
    return {"user": user, "case": case, "members": people, "items": items, "kinds": KINDS,
            "chosen": chosen or set(), "open_tasks": open_tasks, "today": date.today(),
            "can_write": allowed(user, "journal.write"), "letters": case_letters(session, case, user),
            "can_stop": allowed(user, "letter.stop"), "today_iso": date.today().isoformat(),
            "cover_sheet_types": scan_rules.cover_sheet_types(),
            "workers": workers(session, case) if allowed(user, "case.reassign") else []}


def case_letters(session: Session, case: Case, user: StaffUser) -> list[dict[str, Any]]:
    """The case's letters, newest first: kind, recipient as the reader may see them, status, channel and way."""
    rows = list(session.execute(select(Letter, Person).outerjoin(Person, Person.id == Letter.person_id)
                                .where(Letter.case_id == case.id).order_by(Letter.id.desc())))
    ways = delivery.history(session, [letter.id for letter, _ in rows])
    hold = timedelta(minutes=get_settings().letter_hold_minutes)
    return [{"letter": letter, "to": shown(person, user.clearance_protected)[0] if person
             else (letter.recipient or {}).get("namn", ""), "after": letter.created_at + hold,
             "channel": delivery.CHANNEL_SV.get(LetterChannel(letter.channel)) if letter.channel else "",
             "events": [(e.at, delivery.CHANNEL_SV.get(LetterChannel(e.channel), "") if e.channel else "",
                         delivery.OUTCOME_SV.get(e.outcome, e.outcome), e.detail) for e in ways.get(letter.id, [])]}
            for letter, person in rows]


def workers(session: Session, case: Case) -> list[StaffUser]:
    """The active case workers of the case's unit: whom it can be given to."""
    return list(session.scalars(select(StaffUser).where(StaffUser.unit_id == case.unit_id, StaffUser.active,
                                                        StaffUser.role == StaffRole.handlaggare)
                                .order_by(StaffUser.name)))


def reassign(session: Session, user: StaffUser, case_id: int, username: str) -> str:
    """Give the case to another case worker of its unit; the info-letter robot writes to the client."""
    if not allowed(user, "case.reassign"):
        raise AccessDenied()
    case = readable_case(session, user, case_id)
    if not username:
        raise InputError("handlaggare", "Välj en handläggare.")
    move_cases(session, case_numbers=[case.case_number], to_username=username, actor=user.username)
    return (f"Ärendet har fått en ny handläggare. Ett brev om det skickas till klienten om "
            f"{get_settings().letter_hold_minutes} minuter, om enheten skickar infobrev; du kan stoppa det här.")


def stop_letter(session: Session, user: StaffUser, case_id: int, letter_id: int, reason: str) -> str:
    if not allowed(user, "letter.stop"):
        raise AccessDenied()
    case = readable_case(session, user, case_id)
    found = session.get(Letter, letter_id)
    if found is None or found.case_id != case.id:
        raise NotFoundError("brev", "Brevet finns inte i ärendet.")
    delivery.stop(session, letter_id, actor=user.username, reason=reason)
    return "Brevet är stoppat och skickas inte."


def decision_page(session: Session, user: StaffUser, case_id: int, decision_id: int) -> dict[str, Any]:
    case = readable_case(session, user, case_id)
    found = session.get(Decision, decision_id)
    if found is None or found.case_id != case.id:
        raise NotFoundError("beslut", "Beslutet finns inte i ärendet.")
    letter = session.scalar(select(Letter).where(Letter.decision_id == found.id))
    decided_by = session.get(StaffUser, found.decided_by_id) if found.decided_by_id else None
    log_household(session, user, case, members(session, case, user), "beslut",
                  f"Beslut {found.id} i {case.case_number}")
    return {"user": user, "case": case, "d": found, "letter": letter, "decided_by": decided_by,
            "explanation": found.explanation or {}}


def letter_pdf(session: Session, user: StaffUser, case_id: int, letter_id: int) -> bytes:
    case = readable_case(session, user, case_id)
    found = session.get(Letter, letter_id)
    if found is None or found.case_id != case.id:
        raise NotFoundError("brev", "Brevet finns inte i ärendet.")
    recipient = session.get(Person, found.person_id) if found.person_id else None
    if recipient is not None and recipient.protected_identity and not user.clearance_protected:
        raise AccessDenied("Brevet går till en person med skyddad identitet. Det kan bara öppnas med behörighet "
                           "för skyddade personuppgifter.")
    about = found.person_id or case.person_id  # a letter to an organisation is about the case's person
    log_reads(session, user, [(about, case.id, case.unit_id)] if about else [], action="brev",
              reason=f"Brev {found.id} i {case.case_number}")
    return letters.pdf(session, found.id)


def note_page(session: Session, user: StaffUser, case_id: int, note_id: int) -> dict[str, Any]:
    case = readable_case(session, user, case_id)
    note = journal.one(session, case.id, note_id, user.id)
    corrected_by = session.scalars(select(JournalNote).where(JournalNote.corrects_id == note.id,
                                                             JournalNote.status == journal.SIGNED)).all()
    log_household(session, user, case, members(session, case, user), "journal",
                  f"Journalanteckning {note.id} i {case.case_number}")
    return {"user": user, "case": case, "note": note, "corrected_by": corrected_by,
            "corrects": session.get(JournalNote, note.corrects_id) if note.corrects_id else None,
            "editable": note.status == journal.DRAFT and note.author_id == user.id, "today": date.today()}


def writable_case(session: Session, user: StaffUser, case_id: int) -> Case:
    case = readable_case(session, user, case_id)
    if not allowed(user, "journal.write"):
        raise AccessDenied("Din roll kan läsa journalen men inte skriva i den.")
    return case


def journal_pdf(session: Session, user: StaffUser, case_id: int) -> bytes:
    """The case's signed journal as a printed document (the reader's drafts are not journal yet)."""
    case = readable_case(session, user, case_id)
    people = members(session, case, user)
    notes = [n for n in journal.notes(session, case.id, reader_id=user.id) if n.status == journal.SIGNED]
    log_household(session, user, case, people, "journalutskrift", f"Journal för {case.case_number}")
    return render_pdf("arbetsyta/journal.html", {"case": case, "type": label(case.type), "members": people,
                                                 "notes": notes, "printed": date.today(), "by": user.name})


def note_form(session: Session, user: StaffUser, case_id: int, note_id: int | None,
              entered: dict[str, str], corrects: str = "") -> dict[str, Any]:
    """The journal form: a new note (a correction when `corrects` names a signed note) or the author's draft."""
    case = writable_case(session, user, case_id)
    note = journal.one(session, case.id, note_id, user.id) if note_id else None
    return {"user": user, "case": case, "note": note, "corrects": corrects or (note.corrects_id if note else ""),
            "today": date.today(), "error": "", "entered": entered}


def save_note(session: Session, user: StaffUser, case_id: int, note_id: int | None, entered: dict[str, str],
              *, corrects: str = "", sign: bool = False) -> tuple[int, str]:
    """Save the note (new, or the author's draft) and sign it if asked: (note id, what to tell the author)."""
    case = writable_case(session, user, case_id)
    day = entered.get("datum", "")
    typed = journal.NoteIn(parse_date(day) if day else None, entered.get("rubrik", ""), entered.get("text", ""),
                           entered.get("beslut", ""))
    if note_id is None:
        note = journal.write(session, case, user, typed, corrects=int(corrects) if corrects.isdigit() else None)
    else:
        note = journal.change(session, journal.one(session, case.id, note_id, user.id).id, user, typed)
    if sign:
        journal.sign(session, note.id, user)
        return note.id, "Anteckningen är signerad och kan inte längre ändras."
    return note.id, "Utkastet är sparat. Det syns bara för dig tills du signerar det."

