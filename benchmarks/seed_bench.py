"""Time `seed --households N` on a fresh database. Target: 100 000 households in under 60 s on SQLite.

Usage: python benchmarks/seed_bench.py [--households 100000] [--database-url URL]
Without --database-url a temporary SQLite file is used. A PostgreSQL database is emptied first.
"""

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from common import Verdict

from ifoflow.store.db import make_engine, recreate
from ifoflow.synthetic.seed import seed

TARGET_SECONDS = 60.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        recreate(engine)
        start = time.perf_counter()
        result = seed(engine, households=args.households, seed=1, today=date(2026, 11, 1))
        seconds = time.perf_counter() - start
        engine.dispose()
    print(f"database: {engine.dialect.name}")
    print(f"persons: {result.persons}, cases: {result.cases}")
    print(f"households per second: {args.households / seconds:,.0f}")
    verdict = Verdict()
    if engine.dialect.name == "sqlite" and args.households == 100_000:
        verdict.check("seed --households 100000 in < 60 s on SQLite", f"{seconds:.1f} s", seconds < TARGET_SECONDS)
    else:
        print(f"seed --households {args.households}: {seconds:.1f} s (the target is for 100 000 on SQLite)")
    verdict.finish()


if __name__ == "__main__":
    main()
