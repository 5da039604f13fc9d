"""The simulators as one HTTP service: SSBTEK (SOAP) and folkbokföring (JSON), from the synthetic municipality.

Latency and a fault rate are configurable so robots and benchmarks meet slow and failing registers.
"""

import asyncio
import random
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.adapters.simulators.ssbtek_answers import answer
from ifoflow.adapters.ssbtek import SsbtekFormatError, parse_request
from ifoflow.store.models import Case, HouseholdMember, Income, Person


def incomes_of(session: Session, pnr: str) -> dict[str, int]:
    rows = session.execute(select(Income.kind, Income.amount).join(Person, Person.id == Income.person_id)
                           .where(Person.personnummer == pnr))
    found: dict[str, int] = {}
    for kind, amount in rows:
        found[kind] = found.get(kind, 0) + amount
    return found


def resident(session: Session, pnr: str) -> dict[str, Any] | None:
    """What the resident register says about a person (folkbokföring)."""
    person = session.scalar(select(Person).where(Person.personnummer == pnr))
    if person is None:
        return None
    household = session.scalar(select(HouseholdMember.household_id).where(
        HouseholdMember.person_id == person.id, HouseholdMember.left_on.is_(None)))
    members: list[str] = list(session.scalars(
        select(Person.personnummer).join(HouseholdMember, HouseholdMember.person_id == Person.id)
        .where(HouseholdMember.household_id == household, HouseholdMember.left_on.is_(None)))) if household else []
    protected = person.protected_identity
    return {"personnummer": pnr, "fornamn": person.first_name, "efternamn": person.last_name,
            "skyddad_identitet": protected, "adress": None if protected else {
                "utdelningsadress": person.street, "postnummer": person.postal_code, "postort": person.city},
            "folkbokford_i_kommunen": True, "avliden": person.deceased_on.isoformat() if person.deceased_on else None,
            "utvandrad": False, "samma_bostad": sorted(set(members) - {pnr}),
            "kanda_arenden": bool(session.scalar(select(Case.id).where(Case.person_id == person.id).limit(1)))}


def create_sim_app(engine: Engine, *, latency_ms: int = 0, fault_rate: float = 0.0, seed: int | None = None) -> FastAPI:
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
            found = incomes_of(session, pnr)
        failed = ("FK",) if failing else ()
        return Response(answer(pnr, start, end, found, failed), media_type="text/xml; charset=utf-8")

    @app.get("/folkbokforing/personer/{pnr}")
    async def person(pnr: str) -> JSONResponse:
        if await delay():
            raise HTTPException(503, "Folkbokföringen svarar inte")
        with sessions() as session:
            found = resident(session, pnr)
        if found is None:
            raise HTTPException(404, "Personen finns inte i folkbokföringen")
        return JSONResponse(found)

    @app.post("/folkbokforing/personer")
    async def batch(request: Request) -> JSONResponse:
        if await delay():
            raise HTTPException(503, "Folkbokföringen svarar inte")
        numbers = (await request.json()).get("personnummer", [])[:5000]
        with sessions() as session:
            return JSONResponse({"personer": [p for n in numbers if (p := resident(session, n))]})

    return app
