"""Orosanmälan benchmark. Target (issue 22): with 100 000 households in the store and 20 reporters pressing Skicka at
the same instant, p95 from the submitted form to a registered case with its deadlines < 2 s (`ifoflow serve`).
Each reporter fetches the form (its token), waits for the others, then submits a report about a different child;
the time is the POST's, which returns once the report, case and tasks are committed. Usage:
  python benchmarks/oro_bench.py [--households 100000] [--reporters 20] [--rounds 3] [--database-url URL]
"""

import argparse
import os
import re
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
from common import Verdict, csrf_token, free_port, seeded_store, start
from sqlalchemy import func, select

from ifoflow.arende.models import HouseholdMember, Person
from ifoflow.atkomst.models import Unit
from ifoflow.domain.enums import UnitKind
from ifoflow.oro.models import ConcernReport

TARGET_S = 2.0
TEXT = "Eleven har blåmärken på armarna och säger att hen är rädd att gå hem. Vi har sett det flera gånger."


def report(base: str, pnr: str, n: int, together: threading.Barrier) -> float:
    with httpx.Client(base_url=base, timeout=60) as client:
        page = client.get("/orosanmalan").text
        key = re.search(r'name="nyckel" value="([^"]+)"', page)
        data = {"csrf_token": csrf_token(client, "/orosanmalan"), "nyckel": key.group(1) if key else f"bench-{n}",
                "barn0_personnummer": pnr, "oro": TEXT, "fara": "nej", "vardnadshavare": "vet_ej",
                "anmalare": "skola", "namn": f"Mentor {n}", "kontakt": f"mentor{n}@skolan.example"}
        together.wait()
        started = time.perf_counter()
        answer = client.post("/orosanmalan", data=data)
        elapsed = time.perf_counter() - started
        if answer.status_code != 200 or "Tack" not in answer.text:
            raise RuntimeError(f"report {n} was refused: {answer.status_code}")
        return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--reporters", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url, engine, factory = seeded_store(tmp, args.database_url, args.households)
        with factory() as s:
            if s.scalar(select(Unit.id).where(Unit.code == "JOUR")) is None:
                s.add(Unit(code="JOUR", name="Socialjouren", kind=UnitKind.barn_och_unga))
                s.commit()
            children = list(s.scalars(select(Person.personnummer).join(
                HouseholdMember, HouseholdMember.person_id == Person.id).where(HouseholdMember.role == "barn")
                .order_by(Person.id).limit(args.reporters * args.rounds)))
        port = free_port()
        env = {**os.environ, "IFOFLOW_DATABASE_URL": url, "IFOFLOW_DATA_DIR": tmp, "IFOFLOW_COOKIE_SECURE": "false",
               "IFOFLOW_DEMO_MODE": "true"}
        web = start(["serve", "--port", str(port), "--workers", str(args.workers)], env,
                    f"http://127.0.0.1:{port}/health")
        times: list[float] = []
        try:
            for r in range(args.rounds):
                barrier = threading.Barrier(args.reporters)
                batch = children[r * args.reporters:(r + 1) * args.reporters]
                numbers = range(r * args.reporters, (r + 1) * args.reporters)
                with ThreadPoolExecutor(max_workers=args.reporters) as pool:
                    times += list(pool.map(report, [f"http://127.0.0.1:{port}"] * len(batch), batch, numbers,
                                           [barrier] * len(batch)))
        finally:
            web.terminate()
        with factory() as s:
            registered = s.scalar(select(func.count()).select_from(ConcernReport).where(
                ConcernReport.case_id.is_not(None), ConcernReport.preassessment_due.is_not(None)))
        engine.dispose()
    print(f"database: {engine.dialect.name}; households: {args.households}; {args.reporters} reporters at the same "
          f"instant, {args.rounds} rounds; {args.workers} server processes; {registered} reports registered with a "
          "case and deadlines")
    verdict = Verdict()
    verdict.timings(f"submitted form to registered case with deadlines, p95 < {TARGET_S:.0f} s", times, TARGET_S)
    verdict.check("every report registered with its case and deadlines", f"{registered} of {len(times)}",
                  registered == len(times))
    verdict.finish()


if __name__ == "__main__":
    main()
