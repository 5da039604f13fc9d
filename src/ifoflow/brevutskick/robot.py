"""The robots that send letters: `brevutskick` every hour (letters whose hold is over, in chunks) and `utskrift`
every bank day (the print batch). The rules of the way are in ifoflow.brev.delivery; here the calls out."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

from ifoflow.arende.models import Person
from ifoflow.brev import delivery, printing
from ifoflow.brev import service as letters
from ifoflow.brev.delivery import Attempt, Way
from ifoflow.brev.models import Letter
from ifoflow.domain.enums import LetterChannel
from ifoflow.robots.core import Robot, Schedule, StepContext, SystemUnavailable
from ifoflow.robots.core.ranges import id_ranges, in_range
from ifoflow.robots.registers import Mailbox, Registers, mailbox, registers
from ifoflow.settings import get_settings

ACTOR = "robot:brevutskick"
PARALLEL_DELIVERIES = 8  # calls to the mailbox at once: its latency, not our CPU, sets the pace


def _hold(params: dict[str, Any]) -> timedelta:
    """How long a new letter waits (settings.letter_hold_minutes; a run may say otherwise, as the demo's first)."""
    return timedelta(minutes=int(params.get("hold_minutes", get_settings().letter_hold_minutes)))


def chunks(session: Any, params: dict[str, Any]) -> list[str]:
    """Due letters in chunks, "first-last" ids of each (settings.letter_chunk_size)."""
    ids = delivery.due(session, hold=_hold(params))
    size = get_settings().letter_chunk_size
    return id_ranges(ids, size)


def claim(ctx: StepContext, item: str) -> dict[str, Any]:
    ids = in_range(item, delivery.due(ctx.session, hold=_hold(ctx.params)))
    return {"ids": delivery.claim(ctx.session, ids, actor=ACTOR)}


def send(ctx: StepContext, item: str) -> dict[str, Any]:
    claimed = ctx.state["claim"]["ids"]
    found = delivery.routes(ctx.session, claimed)
    ways = {letter_id: Way(letter_id) for letter_id in claimed}  # a letter to an organisation: on paper
    box = mailbox()
    if box is not None and found:
        _to_mailbox(ctx, box, found, ways)
    for letter_id, (_, person) in found.items():
        if not _delivered(ways[letter_id]) and person.eservice_seen_at is not None:
            ways[letter_id].attempts.append(Attempt(LetterChannel.e_tjanst, "levererad", "Finns under Mina ärenden.",
                                                    delivered=True))
    return {"kanaler": delivery.record(ctx.session, list(ways.values()), actor=ACTOR)}


def _to_mailbox(ctx: StepContext, box: Mailbox, found: dict[int, tuple[Letter, Person]],
                ways: dict[int, Way]) -> None:
    numbers = sorted({person.personnummer for _, person in found.values()})
    try:
        reachable = box.system.call(lambda: box.client.reachable(numbers))
    except SystemUnavailable as exc:
        for way in ways.values():
            way.attempts.append(Attempt(LetterChannel.brevlada, "fel", f"Mina meddelanden svarar inte: {exc.reason}"))
        return
    targets = []
    for letter_id, (letter, person) in found.items():
        if reachable.get(person.personnummer):
            targets.append((letter_id, letter, person, letters.pdf(ctx.session, letter_id)))
        else:
            ways[letter_id].attempts.append(Attempt(LetterChannel.brevlada, "ingen_brevlada"))

    def one(target: tuple[int, Letter, Person, bytes]) -> tuple[int, Attempt]:
        letter_id, letter, person, pdf = target
        try:
            receipt = box.system.call(lambda: box.client.deliver(
                person.personnummer, str(letter.idempotency_key or f"brev-{letter_id}"), delivery.subject(letter),
                pdf))
        except SystemUnavailable as exc:
            return letter_id, Attempt(LetterChannel.brevlada, "fel", f"Mina meddelanden svarar inte: {exc.reason}")
        except ValueError as exc:
            return letter_id, Attempt(LetterChannel.brevlada, "fel", str(exc))
        return letter_id, Attempt(LetterChannel.brevlada, "levererad", f"Till {receipt.get('brevlada', 'brevlådan')}.",
                                  delivered=True)

    with ThreadPoolExecutor(PARALLEL_DELIVERIES) as pool:
        for letter_id, attempt in pool.map(one, targets):
            ways[letter_id].attempts.append(attempt)


def _delivered(way: Way) -> bool:
    return any(a.delivered for a in way.attempts)


robot = Robot(
    name="brevutskick",
    title="Brevutskick",
    trigger=Schedule("every_hour"),
    items=chunks,
    steps=[claim, send],
)


def today_item(session: Any, params: dict[str, Any]) -> list[str]:
    return [str(params.get("day") or date.today().isoformat())]


def print_batch(ctx: StepContext, item: str) -> dict[str, Any]:
    day = date.fromisoformat(item)
    waiting = printing.waiting(ctx.session)
    if not waiting:
        ctx.finish("Inga brev att skriva ut i dag.")
        return {"brev": 0}
    regs = registers(10.0, 3, 0.2)
    numbers = sorted({pnr for _, pnr in waiting if pnr})
    found: dict[str, dict[str, Any]] = {}
    for i in range(0, len(numbers), 5000):
        found.update(_addresses(regs, numbers[i:i + 5000]))

    def make() -> tuple[str, int]:
        batch = printing.make_batch(ctx.session, day, [i for i, _ in waiting], found, actor="robot:utskrift")
        return "print_batch", batch.id

    batch_id = ctx.effect("print_batch", f"utskrift:{day.isoformat()}", make)
    return {"utskrift": batch_id}


def _addresses(regs: Registers, numbers: list[str]) -> dict[str, dict[str, Any]]:
    return regs.folk_system.call(lambda: regs.folk.persons(numbers))


print_robot = Robot(
    name="utskrift",
    title="Utskrift av brev",
    trigger=Schedule("every_bank_day"),
    items=today_item,
    steps=[print_batch],
    params_now=lambda day: {"day": day.isoformat()},
)
