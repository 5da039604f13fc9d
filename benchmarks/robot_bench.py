"""Robot framework overhead: items per second through the infobrev robot (two steps, one letter each).

Usage: python benchmarks/robot_bench.py [--households 20000] [--reassign 5000] [--database-url URL]
"""

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select, update

from ifoflow.arende.models import Case, CaseAssignment
from ifoflow.atkomst.models import StaffUser
from ifoflow.infobrev.robot import robot
from ifoflow.robots.core.runner import execute, start_run
from ifoflow.store.db import make_engine, recreate, session_factory
from ifoflow.synthetic.seed import seed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--reassign", type=int, default=5_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}")
        recreate(engine)
        seed(engine, households=args.households, seed=1, today=date(2026, 11, 1))
        factory = session_factory(engine)
        with factory.begin() as s:  # give the first N open cases a second case worker in the same unit
            workers = {u: w for w, u in s.execute(select(StaffUser.id, StaffUser.unit_id))}
            rows = s.execute(select(Case.id, Case.unit_id).where(Case.status == "pagaende").limit(args.reassign)).all()
            s.execute(update(CaseAssignment).where(CaseAssignment.case_id.in_([r[0] for r in rows]))
                      .values(ended_at=date(2026, 11, 2)))
            s.execute(insert(CaseAssignment), [{"case_id": c, "user_id": workers[u], "assigned_by": "bench"}
                                               for c, u in rows])
        start = time.perf_counter()
        run_id = start_run(factory, robot, run_key="bench")
        listed = time.perf_counter() - start
        report = execute(factory, robot, run_id)
        seconds = time.perf_counter() - start
        engine.dispose()
    items = sum(report.counts.values())
    print(f"database: {engine.dialect.name}; items: {items} ({report.counts}); listing {listed:.2f} s")
    print(f"infobrev: {seconds:.1f} s, {items / seconds:,.0f} items/s ({2 * items / seconds:,.0f} step transactions/s)")


if __name__ == "__main__":
    main()
