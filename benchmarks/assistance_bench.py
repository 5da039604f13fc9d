"""Submission-to-decision through the e-service: N applicants press Skicka at the same instant, simulators at
200 ms per call.

Targets: p95 under 2 s with 50 applicants at once, on SQLite and PostgreSQL. Prints the share decided
automatically on the generated month. Usage:
  python benchmarks/assistance_bench.py [--applicants 50] [--households 3000] [--database-url URL] [--spread-s 0]
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import httpx
from common import Verdict, csrf_token, free_port, seeded_store, start
from sqlalchemy import func, select

from ifoflow.arende.models import Case, HouseholdMember, Person
from ifoflow.arende.service import known_incomes
from ifoflow.beslut import service as decision_types
from ifoflow.beslut.models import Decision
from ifoflow.brev.models import Letter
from ifoflow.drift.operations import run_robot
from ifoflow.forsorjningsstod import robot as forsorjningsstod
from ifoflow.forsorjningsstod.metrics import metrics
from ifoflow.robots.registers import registers as register_clients
from ifoflow.settings import get_settings
from ifoflow.store import audit
from ifoflow.synthetic.applications import generate_month

TYPE = decision_types.DecisionTypeIn(
    code="forsorjningsstod_norm", title="Försörjningsstöd", namnd="Socialnämnden", delegation_ref="DO 4.1",
    legal_basis="12 kap. 7 § socialtjänstlagen (2025:400)", appealable=True, report_back="Månadsvis",
    allowed_outcomes=["bifall", "avslag"])


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A Celery worker at lower CPU priority: letters wait, decisions do not."""
    log = open(Path(env["IFOFLOW_DATA_DIR"]) / "worker.log", "wb")  # noqa: SIM115 - lives as long as the process
    return subprocess.Popen(["nice", "-n", "10", sys.executable, "-m", "ifoflow.main", "worker",
                             "--concurrency", "1"], env=env, stdout=log, stderr=log)


def applicants(factory: object, count: int) -> list[tuple[str, dict[str, int]]]:
    """Applicants living alone, each declaring exactly what the registers hold."""
    found = []
    with factory() as s:  # type: ignore[operator]
        for case in s.scalars(select(Case).where(Case.status == "pagaende").order_by(Case.id)):
            size = len(s.scalars(select(HouseholdMember.id).where(
                HouseholdMember.household_id == case.household_id)).all())
            person = s.get(Person, case.person_id)
            if size == 1 and not person.protected_identity:
                found.append((person.personnummer, known_incomes(s, [person.personnummer])[person.personnummer]))
            if len(found) == count:
                return found
    return found


def apply(base: str, start_together: threading.Barrier | None, think_s: float, pnr: str,
          incomes: dict[str, int]) -> float:
    with httpx.Client(base_url=base, timeout=60) as client:
        client.post("/e-tjanst/logga-in", data={"annat_personnummer": pnr,
                                                "csrf_token": csrf_token(client, "/e-tjanst/logga-in")})
        form = {"csrf_token": csrf_token(client, "/e-tjanst/ansokan"), "manad": "2026-03", "kostnad_hyra": "6500",
                **{f"inkomst_{pnr}_{k}": str(v) for k, v in incomes.items()}}
        if start_together:
            start_together.wait()
        time.sleep(think_s)  # filling in the form
        started = time.perf_counter()
        response = client.post("/e-tjanst/ansokan", data=form)
        elapsed = time.perf_counter() - started
        if response.status_code != 303:
            raise RuntimeError(f"{pnr}: {response.status_code}")
        return elapsed


def wait_for_letters(factory: object, wait_s: float = 120) -> tuple[int, int]:
    """Letters are written after the answer; wait until every automated decision has one."""
    deadline = time.monotonic() + wait_s
    while True:
        with factory() as s:  # type: ignore[operator]
            automated = s.scalar(select(func.count()).select_from(Decision).where(Decision.automated)) or 0
            letters = s.scalar(select(func.count()).select_from(Letter)
                               .where(Letter.kind == "beslut_forsorjningsstod")) or 0
        if letters >= automated or time.monotonic() > deadline:
            return int(letters), int(automated)
        time.sleep(0.1)


def generated_month(factory: object, env: dict[str, str], limit: int) -> str:
    """The rest of the month's applications, decided by the robot against simulators without latency."""
    port = free_port()
    sim = start(["sim", "ssbtek", "--port", str(port)], env, f"http://127.0.0.1:{port}/folkbokforing/personer/0")
    try:
        os.environ.update({**env, "IFOFLOW_SSBTEK_URL": f"http://127.0.0.1:{port}",
                           "IFOFLOW_FOLKBOKFORING_URL": f"http://127.0.0.1:{port}"})
        get_settings.cache_clear()
        register_clients.cache_clear()
        with factory() as s:  # type: ignore[operator]
            ids = generate_month(s, date(2026, 3, 1), limit=limit)
            s.commit()
        report = run_robot(factory, forsorjningsstod.robot, run_key="manad-2026-03", actor="bench")  # type: ignore[arg-type]
    finally:
        sim.terminate()
    return f"{len(ids)} applications, {report.counts}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--applicants", type=int, default=50)
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--latency-ms", type=int, default=200)
    parser.add_argument("--database-url", default="", help="e.g. postgresql+psycopg://postgres@127.0.0.1/test")
    parser.add_argument("--month-applications", type=int, default=1000, help="size of the generated month")
    parser.add_argument("--spread-s", type=float, default=0,
                        help="spread the submissions over this many seconds (0: all press Skicka at the same instant)")
    parser.add_argument("--follow-up", choices=["process", "celery"], default="celery",
                        help="where letters and payments are made after the decision (celery: a niced worker)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server processes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url, engine, factory = seeded_store(tmp, args.database_url, args.households)
        with factory() as s:
            decision_types.register(s, TYPE, actor="bench")
            s.commit()
        people = applicants(factory, args.applicants)
        sim_port, web_port = free_port(), free_port()
        env = {**os.environ, "IFOFLOW_DATABASE_URL": url, "IFOFLOW_DATA_DIR": tmp, "IFOFLOW_COOKIE_SECURE": "false",
               "IFOFLOW_SSBTEK_URL": f"http://127.0.0.1:{sim_port}",
               "IFOFLOW_FOLKBOKFORING_URL": f"http://127.0.0.1:{sim_port}", "IFOFLOW_FOLLOW_UP": args.follow_up,
               "IFOFLOW_BROKER_URL": "redis://127.0.0.1:6379/7",
               # applicants sign in with the development e-legitimation: allowed in demo mode only
               "IFOFLOW_DEMO_MODE": "true", "IFOFLOW_EID_PROVIDER": "dev"}
        sim = start(["sim", "ssbtek", "--port", str(sim_port), "--latency-ms", str(args.latency_ms)], env,
                    f"http://127.0.0.1:{sim_port}/folkbokforing/personer/0")
        worker = start_worker(env) if args.follow_up == "celery" else None
        web = None
        try:  # whatever fails, the simulator and the worker are stopped (a stray worker would eat the next run's work)
            web = start(["serve", "--port", str(web_port), "--workers", str(args.workers)], env,
                        f"http://127.0.0.1:{web_port}/health")
            barrier = threading.Barrier(len(people))
            rng = random.Random(1)
            think = [rng.uniform(0, args.spread_s) for _ in people]
            with ThreadPoolExecutor(max_workers=len(people)) as pool:
                times = sorted(pool.map(lambda p, t: apply(f"http://127.0.0.1:{web_port}", barrier, t, *p),
                                        people, think))
            submitted = time.perf_counter()
            letters, automated = wait_for_letters(factory)
            letter_lag = time.perf_counter() - submitted
        except RuntimeError:
            print((Path(tmp) / "serve.log").read_text(errors="replace")[-3000:])
            raise
        finally:
            for proc in (web, sim, worker):
                if proc:
                    proc.terminate()
        month_report = generated_month(factory, env, args.month_applications)
        with factory() as s:
            m = metrics(s, since=date(2026, 3, 1))
            checked, problems = audit.verify(s)
        engine.dispose()
    mode = f"spread over {args.spread_s:.0f} s" if args.spread_s else "all press Skicka at the same instant"
    print(f"database: {engine.dialect.name}; applicants: {len(times)} concurrent ({mode}); "
          f"simulators {args.latency_ms} ms/call; {args.workers} server processes; letters: {args.follow_up}")
    print(f"decision letters: {letters} written, the last {letter_lag:.1f} s after the last decision")
    print(f"audit chain: {checked} events, {len(problems)} problems")
    print(f"generated month (every other ongoing case applies; 8 % forget an income, 4 % state too little): "
          f"{month_report}")
    print(f"decided automatically, all of March: {m.automated} of {m.applications} ({m.share_automated:.0%}); "
          f"to case workers: {dict(m.routed)}")
    verdict = Verdict()
    verdict.timings(f"submission to decision, {len(times)} applicants, p95 < 2 s", times, 2.0)
    verdict.check("every automated decision has its letter", f"{letters} letters", letters >= automated)
    verdict.check("the audit chain is whole", f"{checked} events, {len(problems)} problems", not problems)
    verdict.finish()


if __name__ == "__main__":
    main()
