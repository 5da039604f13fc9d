"""The simulators as one HTTP service: SSBTEK (SOAP) and folkbokföring (JSON), from the synthetic municipality.

Latency and a fault rate are configurable so robots and benchmarks meet slow and failing registers.
"""

import asyncio
import random
from datetime import date
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.adapters.ssbtek import SsbtekFormatError, parse_request
from ifoflow.arende.models import Case, HouseholdMember, Person
from ifoflow.arende.service import known_incomes
from ifoflow.domain.enums import Protection
from ifoflow.simulators.changes import OTHER_MUNICIPALITY, Change, change_for, incomes_in
from ifoflow.simulators.mailbox import MailboxState, mailbox_router
from ifoflow.simulators.population import population
from ifoflow.simulators.ssbtek_answers import answer, months


def resident(session: Session, pnr: str, rate: float = 0.0) -> dict[str, Any] | None:
    """What the resident register says about a person (folkbokföring)."""
    return residents(session, [pnr], rate).get(pnr)


def residents(session: Session, numbers: list[str], rate: float = 0.0) -> dict[str, dict[str, Any]]:
    """Resident records for many people in four queries (the batch endpoint serves 100 000 a minute)."""
    people = {p.personnummer: p for p in session.execute(
        select(Person.id, Person.personnummer, Person.first_name, Person.last_name, Person.street, Person.postal_code,
               Person.city, Person.protection, Person.deceased_on).where(Person.personnummer.in_(numbers)))}
    ids = [p.id for p in people.values()]
    household_of = dict(session.execute(select(HouseholdMember.person_id, HouseholdMember.household_id).where(
        HouseholdMember.person_id.in_(ids), HouseholdMember.left_on.is_(None))).all())
    living: dict[int, set[str]] = {}
    for household_id, pnr in session.execute(
            select(HouseholdMember.household_id, Person.personnummer)
            .join(Person, Person.id == HouseholdMember.person_id)
            .where(HouseholdMember.household_id.in_(set(household_of.values())), HouseholdMember.left_on.is_(None))):
        living.setdefault(household_id, set()).add(pnr)
    known = set(session.scalars(select(Case.person_id).where(Case.person_id.in_(ids)).distinct()))
    found = {}
    for pnr, person in people.items():
        # Sekretessmarkering: the register gives the address (to send to, never to show); skyddad folkbokföring
        # and fingerade personuppgifter: no address of theirs leaves Skatteverket.
        protected = person.protection != Protection.ingen
        hidden = protected and person.protection != Protection.sekretessmarkering
        record = {"personnummer": pnr, "fornamn": person.first_name, "efternamn": person.last_name,
                  "skyddad_identitet": protected, "skydd": person.protection, "adress": None if hidden else {
                      "utdelningsadress": person.street, "postnummer": person.postal_code, "postort": person.city},
                  "folkbokford_i_kommunen": True,
                  "avliden": person.deceased_on.isoformat() if person.deceased_on else None, "utvandrad": False,
                  "samma_bostad": sorted(living.get(household_of.get(person.id, -1), set()) - {pnr}),
                  "kanda_arenden": person.id in known}
        found[pnr] = _with_change(record, change_for(pnr, None, rate))
    strangers = population()
    found.update({pnr: strangers[pnr] for pnr in numbers if pnr not in found and pnr in strangers})
    return found


def _with_change(record: dict[str, Any], change: Change | None) -> dict[str, Any]:
    if change is None:
        return record
    if change.kind == "utflyttad":
        record["folkbokford_i_kommunen"] = False
    elif change.kind == "utvandrad":
        record.update(folkbokford_i_kommunen=False, utvandrad=True)
    elif change.kind == "avliden":
        record["avliden"] = "2026-01-15"
    elif change.kind == "ny_i_bostaden":
        record["samma_bostad"] = sorted([*record["samma_bostad"], NEW_RESIDENT])
    elif change.kind == "saknas":
        record["saknas"] = True
    return record


def ssbtek_batch(session: Session, numbers: list[str], start: date, end: date, rate: float) -> dict[str, Any]:
    """Our batch contract (docs/adapters.md): incomes per person and month, assistance from other municipalities."""
    base = known_incomes(session, numbers)
    answers, missing = [], []
    for pnr in numbers:
        status = change_for(pnr, None, rate)
        if status and status.kind == "saknas":
            missing.append(pnr)
            continue
        per_month = {f"{first:%Y-%m}": incomes_in(base[pnr], pnr, first, rate) for first, _ in months(start, end)}
        other = [{"kommun": OTHER_MUNICIPALITY, "manad": m, "belopp": c.amount}
                 for m in per_month if (c := change_for(pnr, date.fromisoformat(f"{m}-01"), rate))
                 and c.kind == "annan_kommun"]
        answers.append({"personnummer": pnr, "manader": per_month, "bistand_annan_kommun": other})
    return {"personer": answers, "saknas": missing}


NEW_RESIDENT = "199001019810"  # someone the case does not know has moved in (a test number)


def create_sim_app(engine: Engine, *, latency_ms: int = 0, fault_rate: float = 0.0, seed: int | None = None,
                   changes: float = 0.0) -> FastAPI:
    """`changes`: share of persons whose registers differ from the case file (simulators/changes.py)."""
    app = FastAPI(title="ifoflow simulatorer", docs_url=None, redoc_url=None)
    sessions = sessionmaker(engine)
    rng = random.Random(seed)

    async def delay() -> bool:
        """Wait the configured latency; True when this call should fail."""
        if latency_ms:
            await asyncio.sleep(latency_ms / 1000)
        return rng.random() < fault_rate

    @app.post("/ssbtek")
    async def ssbtek(request: Request) -> Response:
        failing = await delay()
        try:
            pnr, start, end = parse_request(await request.body())
        except (SsbtekFormatError, Exception):  # noqa: B014 - any unreadable question is a SOAP client fault
            return Response("<soap:Fault>Felaktig fråga</soap:Fault>", status_code=400, media_type="text/xml")
        with sessions() as session:
            found = incomes_in(known_incomes(session, [pnr])[pnr], pnr, start, changes)
        failed = ("FK",) if failing else ()
        return Response(answer(pnr, start, end, found, failed), media_type="text/xml; charset=utf-8")

    @app.get("/folkbokforing/personer/{pnr}")
    async def person(pnr: str) -> JSONResponse:
        if await delay():
            raise HTTPException(503, "Folkbokföringen svarar inte")
        with sessions() as session:
            found = resident(session, pnr, changes)
        if found is None:
            raise HTTPException(404, "Personen finns inte i folkbokföringen")
        return JSONResponse(found)

    @app.post("/folkbokforing/personer")
    async def batch(request: Request) -> JSONResponse:
        if await delay():
            raise HTTPException(503, "Folkbokföringen svarar inte")
        numbers = [str(n) for n in (await request.json()).get("personnummer", [])[:5000]]
        with sessions() as session:
            found = residents(session, numbers, changes)
        return JSONResponse({"personer": [p for p in found.values() if not p.get("saknas")]})

    @app.post("/ssbtek/batch")
    async def ssbtek_many(request: Request) -> JSONResponse:
        if await delay():
            raise HTTPException(503, "SSBTEK svarar inte")
        try:
            body = await request.json()
            numbers = [str(n) for n in body["personnummer"]][:5000]
            start, end = date.fromisoformat(body["fran"]), date.fromisoformat(body["till"])
        except (ValueError, KeyError, TypeError):
            raise HTTPException(400, "Felaktig fråga: personnummer, fran och till krävs") from None
        with sessions() as session:
            return JSONResponse(ssbtek_batch(session, numbers, start, end, changes))

    app.state.mailbox = MailboxState()
    app.include_router(mailbox_router(app.state.mailbox, latency_ms=latency_ms, fault_rate=fault_rate, seed=seed))
    return app
