"""Skuldhantering: 10 000 notices from intake to registered debts, letters and concern reports.

Target: under 30 s (intake from a CSV file plus the robot), SQLite by default. Usage:
  python benchmarks/skuld_bench.py [--notices 10000] [--households 20000] [--database-url URL]
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parent))
from common import Verdict, free_port, seeded_store, start  # noqa: E402

from ifoflow.arende.models import Case, Person  # noqa: E402
from ifoflow.brev.models import Letter  # noqa: E402
from ifoflow.drift.operations import run_robot  # noqa: E402
from ifoflow.intag import service as intag  # noqa: E402
from ifoflow.settings import get_settings  # noqa: E402
from ifoflow.skuld import robot as skuldhantering  # noqa: E402
from ifoflow.skuld.intake import NOTICES  # noqa: E402
from ifoflow.skuld.models import DebtConcern, DebtNotice  # noqa: E402
from ifoflow.synthetic.notices import notices_csv  # noqa: E402

TODAY = date(2026, 3, 10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url, engine, factory = seeded_store(tmp, args.database_url, args.households)
        with factory() as s:
            numbers = list(s.scalars(select(Person.personnummer).order_by(Person.id)))
        content = notices_csv(numbers, args.notices, TODAY)
        port = free_port()
        env = {**os.environ, "IFOFLOW_DATABASE_URL": url, "IFOFLOW_DATA_DIR": tmp,
               "IFOFLOW_FOLKBOKFORING_URL": f"http://127.0.0.1:{port}"}
        sim = start(["sim", "folkbokforing", "--port", str(port), "--latency-ms", "0"], env,
                    f"http://127.0.0.1:{port}/folkbokforing/personer/0")
        os.environ.update(env)
        get_settings.cache_clear()
        try:
            started = time.perf_counter()
            with factory() as s:
                received = intag.receive(s, NOTICES, content, "bench.csv", today=TODAY)
                s.commit()
            intake = time.perf_counter() - started
            report = run_robot(factory, skuldhantering.robot, run_key="bench", params={"today": TODAY.isoformat()})
            elapsed = time.perf_counter() - started
        finally:
            sim.terminate()
        with factory() as s:
            registered = s.scalar(select(func.count()).where(DebtNotice.status == "registrerad"))
            letters = s.scalar(select(func.count()).select_from(Letter))
            cases = s.scalar(select(func.count()).select_from(Case).where(Case.type == "skuld"))
            concerns = s.scalar(select(func.count()).select_from(DebtConcern))
        engine.dispose()
    print(f"database: {engine.dialect.name}; notices in the file: {args.notices}; received {received.as_dict()}")
    print(f"robot: {report.counts}; registered {registered}; debt cases {cases}; letters {letters}; "
          f"orosanmälningar {concerns}")
    verdict = Verdict()
    verdict.check(f"{args.notices:,} debt notices in < 30 s (intake and robot)",
                  f"{elapsed:.1f} s (intake {intake:.1f} s), {args.notices / elapsed:,.0f} notices/s",
                  elapsed < 30 and registered == args.notices)
    verdict.finish()


if __name__ == "__main__":
    main()
