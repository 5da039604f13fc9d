"""The pages case workers wait for, with 100 000 households: case list, search, a person's page, the case page
(ärendeöversikt), Mina ärenden and the task queue, with 8 case workers clicking at the same time against
`ifoflow serve --workers 2`.

Target: p95 < 200 ms for every page, SQLite and PostgreSQL. Each case worker signs in, then goes round the six
pages without pause (the worst case: real people read between clicks). Usage:
  python benchmarks/pages_bench.py [--households 100000] [--users 8] [--rounds 25] [--database-url URL]
"""

import argparse
import os
import random
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import httpx
from common import Verdict, csrf_token, free_port, seeded_store, start
from sqlalchemy import select

from ifoflow.arende.models import Case, Person
from ifoflow.atkomst.auth import DEMO_PASSWORD
from ifoflow.atkomst.models import StaffUser, Unit

TARGET_S = 0.2


def case_workers(factory: object, count: int) -> list[tuple[str, str, list[tuple[int, str, int]]]]:
    """(username, unit code, [(person id, last name, case id)] of the unit's applicants), one per unit."""
    found = []
    with factory() as s:  # type: ignore[operator]
        seen: set[str] = set()
        for username, code, unit_id in s.execute(select(StaffUser.username, Unit.code, Unit.id)
                                                 .join(Unit, Unit.id == StaffUser.unit_id)
                                                 .where(StaffUser.username.like("hl%")).order_by(StaffUser.id)):
            if code in seen:
                continue
            seen.add(code)
            people = s.execute(select(Person.id, Person.last_name, Case.id).join(Case, Case.person_id == Person.id)
                               .where(Case.unit_id == unit_id, Person.protected_identity.is_(False))
                               .limit(200)).all()
            found.append((username, code, [(int(p), str(n), int(c)) for p, n, c in people]))
            if len(found) == count:
                break
    return found


def click_round(base: str, worker: tuple[str, str, list[tuple[int, str, int]]], rounds: int, seed: int,
                start_together: threading.Barrier) -> dict[str, list[float]]:
    username, code, people = worker
    rng = random.Random(seed)
    times: dict[str, list[float]] = defaultdict(list)
    with httpx.Client(base_url=base, timeout=60) as client:
        signed_in = client.post("/logga-in", data={"anvandarnamn": username, "losenord": DEMO_PASSWORD, "nasta": "/",
                                                   "csrf_token": csrf_token(client, "/logga-in")})
        if "/logga-in" in signed_in.headers.get("location", ""):
            raise RuntimeError(f"{username} could not sign in")
        start_together.wait()
        for _ in range(rounds):
            person_id, last_name, case_id = rng.choice(people)
            for page, url in (("ärendelista", f"/enheter/{code}/arenden"),
                              ("sökning", f"/enheter/{code}/arenden?sok={last_name}"),
                              ("ärendesida (person)", f"/personer/{person_id}"),
                              ("ärendeöversikt", f"/arenden/{case_id}"),
                              ("mina ärenden", "/mina-arenden"),
                              ("uppgiftskö", f"/enheter/{code}/uppgifter")):
                started = time.perf_counter()
                response = client.get(url)
                times[page].append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise RuntimeError(f"{username} {url}: {response.status_code}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url, engine, factory = seeded_store(tmp, args.database_url, args.households)
        workers = case_workers(factory, args.users)
        port = free_port()
        env = {**os.environ, "IFOFLOW_DATABASE_URL": url, "IFOFLOW_DATA_DIR": tmp, "IFOFLOW_COOKIE_SECURE": "false",
               "IFOFLOW_DEMO_MODE": "true"}  # the seeded staff share the demo password: allowed in demo mode only
        web = start(["serve", "--port", str(port), "--workers", str(args.workers)], env,
                    f"http://127.0.0.1:{port}/health")
        try:
            barrier = threading.Barrier(len(workers))
            with ThreadPoolExecutor(max_workers=len(workers)) as pool:
                results = list(pool.map(lambda w, i: click_round(f"http://127.0.0.1:{port}", w, args.rounds, i,
                                                                 barrier), workers, range(len(workers))))
        finally:
            web.terminate()
        engine.dispose()
    print(f"database: {engine.dialect.name}; households: {args.households}; {len(workers)} case workers in "
          f"{len(workers)} units at the same time, {args.rounds} rounds of 6 pages each, no pause; "
          f"{args.workers} server processes")
    verdict = Verdict()
    for page in results[0]:
        verdict.timings(f"{page}, p95 < 200 ms", [t for r in results for t in r[page]], TARGET_S, unit="ms")
    verdict.finish()


if __name__ == "__main__":
    main()
