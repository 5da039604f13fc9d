"""Submission-to-decision through the e-service: N concurrent applicants, simulators at 200 ms per call.

Targets: p95 under 2 s with 50 concurrent applicants, on SQLite and PostgreSQL. Prints the share decided
automatically on the generated month. Usage:
  python benchmarks/assistance_bench.py [--applicants 50] [--households 3000] [--database-url URL]
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy import select

from ifoflow.adapters.simulators.app import incomes_of
from ifoflow.services import decision_types
from ifoflow.services.assistance_metrics import metrics
from ifoflow.store.db import make_engine, recreate, session_factory
from ifoflow.store.models import Case, HouseholdMember, Person
from ifoflow.synthetic.seed import seed

TYPE = decision_types.DecisionTypeIn(
    code="forsorjningsstod_norm", title="Försörjningsstöd", namnd="Socialnämnden", delegation_ref="DO 4.1",
    legal_basis="12 kap. 7 § socialtjänstlagen (2025:400)", appealable=True, report_back="Månadsvis",
    allowed_outcomes=["bifall", "avslag"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(args: list[str], env: dict[str, str], url: str) -> subprocess.Popen[bytes]:
    log = open(Path(env["IFOFLOW_DATA_DIR"]) / f"{args[0]}.log", "wb")  # noqa: SIM115 - lives as long as the process
    proc = subprocess.Popen([sys.executable, "-m", "ifoflow.cli.main", *args], env=env, stdout=log, stderr=log)
    for _ in range(200):
        try:
            httpx.get(url, timeout=0.5)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{args[0]} did not start")


def applicants(factory: object, count: int) -> list[tuple[str, dict[str, int]]]:
    """Applicants living alone, each declaring exactly what the registers hold."""
    found = []
    with factory() as s:  # type: ignore[operator]
        for case in s.scalars(select(Case).where(Case.status == "pagaende").order_by(Case.id)):
            size = len(s.scalars(select(HouseholdMember.id).where(
                HouseholdMember.household_id == case.household_id)).all())
            person = s.get(Person, case.person_id)
            if size == 1 and not person.protected_identity:
                found.append((person.personnummer, incomes_of(s, person.personnummer)))
            if len(found) == count:
                return found
    return found


def apply(base: str, pnr: str, incomes: dict[str, int]) -> float:
    with httpx.Client(base_url=base, timeout=60) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/e-tjanst/logga-in").text)
        client.post("/e-tjanst/logga-in", data={"annat_personnummer": pnr, "csrf_token": token.group(1)})
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/e-tjanst/ansokan").text)
        form = {"csrf_token": token.group(1), "manad": "2026-03", "kostnad_hyra": "6500",
                **{f"inkomst_{pnr}_{k}": str(v) for k, v in incomes.items()}}
        started = time.perf_counter()
        response = client.post("/e-tjanst/ansokan", data=form)
        elapsed = time.perf_counter() - started
        if response.status_code != 303:
            raise RuntimeError(f"{pnr}: {response.status_code}")
        return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--applicants", type=int, default=50)
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--latency-ms", type=int, default=200)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        recreate(engine)
        seed(engine, households=args.households, seed=1, today=date(2026, 2, 1))
        factory = session_factory(engine)
        with factory() as s:
            decision_types.register(s, TYPE, actor="bench")
            s.commit()
        people = applicants(factory, args.applicants)
        sim_port, web_port = free_port(), free_port()
        env = {**os.environ, "IFOFLOW_DATABASE_URL": url, "IFOFLOW_DATA_DIR": tmp, "IFOFLOW_COOKIE_SECURE": "false",
               "IFOFLOW_SSBTEK_URL": f"http://127.0.0.1:{sim_port}",
               "IFOFLOW_FOLKBOKFORING_URL": f"http://127.0.0.1:{sim_port}"}
        sim = start(["sim", "ssbtek", "--port", str(sim_port), "--latency-ms", str(args.latency_ms)], env,
                    f"http://127.0.0.1:{sim_port}/folkbokforing/personer/0")
        web = start(["serve", "--port", str(web_port)], env, f"http://127.0.0.1:{web_port}/health")
        try:
            with ThreadPoolExecutor(max_workers=args.applicants) as pool:
                times = sorted(pool.map(lambda p: apply(f"http://127.0.0.1:{web_port}", *p), people))
        except RuntimeError:
            print((Path(tmp) / "serve.log").read_text(errors="replace")[-3000:])
            raise
        finally:
            web.terminate()
            sim.terminate()
        with factory() as s:
            m = metrics(s, since=date(2026, 3, 1))
        engine.dispose()
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"database: {engine.dialect.name}; applicants: {len(times)} concurrent; simulators {args.latency_ms} ms/call")
    print(f"submission to decision: median {statistics.median(times):.2f} s, p95 {p95:.2f} s (target < 2 s)")
    print(f"decided automatically: {m.automated} of {m.applications} ({m.share_automated:.0%}); "
          f"to case workers: {dict(m.routed)}")


if __name__ == "__main__":
    main()
