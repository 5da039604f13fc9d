"""Kontrollrobot: households checked per second, including writing tasks and payment stops.

Target: >= 100 000 households in under 60 s on a 2-core machine, on SQLite and PostgreSQL. The simulator runs as
its own process (batch endpoints, no latency) with 3 % of persons' registers changed. Usage:
  python benchmarks/kontroll_bench.py [--households 112000] [--database-url URL] [--changes 0.03]
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
from common import Verdict, free_port, peak_since_reset_mib, reset_peak, seeded_store, start  # noqa: E402

from ifoflow.arende.models import Task  # noqa: E402
from ifoflow.drift.operations import run_robot  # noqa: E402
from ifoflow.kontroll import report as control_report  # noqa: E402
from ifoflow.kontroll import robot as kontroll  # noqa: E402
from ifoflow.settings import get_settings  # noqa: E402
from ifoflow.synthetic.payments import plan_month  # noqa: E402
from ifoflow.utbetalning.models import PaymentHold  # noqa: E402

MONTH = date(2026, 3, 1)
GUI_ROBOT_MINUTES_PER_CASE = 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=112_000, help="about 90 %% have an ongoing case")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--changes", type=float, default=0.03)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url, engine, factory = seeded_store(tmp, args.database_url, args.households)
        with factory() as s:
            planned = plan_month(s, MONTH)
            s.commit()
        port = free_port()
        env = {**os.environ, "IFOFLOW_DATABASE_URL": url, "IFOFLOW_DATA_DIR": tmp,
               "IFOFLOW_SSBTEK_URL": f"http://127.0.0.1:{port}", "IFOFLOW_FOLKBOKFORING_URL": f"http://127.0.0.1:{port}"}
        sim = start(["sim", "ssbtek", "--port", str(port), "--latency-ms", "0", "--changes", str(args.changes)], env,
                    f"http://127.0.0.1:{port}/folkbokforing/personer/0")
        os.environ.update(env)
        get_settings.cache_clear()
        try:
            reset_peak()
            started = time.perf_counter()
            report = run_robot(factory, kontroll.robot, run_key="2026-03", params={"month": "2026-03"})
            elapsed = time.perf_counter() - started
            peak = peak_since_reset_mib()
            with factory() as s:
                tasks_first = s.scalar(select(func.count()).select_from(Task))
            again_started = time.perf_counter()
            run_robot(factory, kontroll.robot, run_key="2026-03-igen", params={"month": "2026-03"})
            again = time.perf_counter() - again_started
        finally:
            sim.terminate()
        with factory() as s:
            summary = control_report.build(s, MONTH)
            tasks = s.scalar(select(func.count()).select_from(Task))
            holds = s.scalar(select(func.count()).select_from(PaymentHold))
        engine.dispose()
    checked = summary.checked
    not_done = summary.hits.get("kontroll_ej_genomford", 0)
    print(f"database: {engine.dialect.name}; households seeded: {args.households}; ongoing cases: {checked}, of "
          f"which {not_done} could not be checked (register answer missing); planned payments: {planned}; "
          f"register changes: {args.changes:.0%} of persons")
    print(f"run: {report.counts}; tasks: {tasks}; payment stops: {holds}; hits: {dict(summary.hits.most_common())}")
    print(f"rerun of the same month: {again:.1f} s, tasks still {tasks}")
    print(f"a GUI robot at {GUI_ROBOT_MINUTES_PER_CASE} min per case: {checked * GUI_ROBOT_MINUTES_PER_CASE / 60:,.0f} "
          "hours (the simulator shares this machine's cores and is inside the time)")
    verdict = Verdict()
    verdict.check("monthly control of >= 100 000 households in < 60 s, tasks and stops included",
                  f"{checked - not_done:,} checked in {elapsed:.1f} s ({(checked - not_done) / elapsed:,.0f}/s)",
                  checked - not_done >= 100_000 and elapsed < 60)
    verdict.check("peak memory of the run < 1 GiB", f"{peak:,.0f} MiB (this process, from the run's start)",
                  peak < 1024)
    verdict.check("a rerun writes nothing new", f"tasks {tasks} after the rerun", tasks == tasks_first)
    verdict.finish()


if __name__ == "__main__":
    main()
