"""Backup and restore of a large store. Target (ours; issue 18 sets none): with 100 000 households, `backup` and
`restore` each finish within a nightly window of 10 minutes, in under 1 GiB of memory, and the restored audit chain
is whole.

  python benchmarks/backup_bench.py [--households 100000] [--rounds 2] [--database-url URL]

The source is SQLite in a temporary folder unless a URL is given (it is emptied); the restore goes into a fresh
SQLite file each round.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import Verdict, peak_since_reset_mib, reset_peak, seeded_store  # noqa: E402

from ifoflow.drift import backup  # noqa: E402
from ifoflow.settings import get_settings  # noqa: E402
from ifoflow.store.db import make_engine  # noqa: E402

WINDOW_S = 600
MEMORY_MIB = 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["IFOFLOW_DATA_DIR"] = str(Path(tmp) / "data")
        get_settings.cache_clear()
        _, engine, _ = seeded_store(tmp, args.database_url, args.households)
        taken, restored, memory, rows, size = [], [], 0.0, 0, 0
        for n in range(args.rounds):
            reset_peak()
            started = time.perf_counter()
            made = backup.take(engine, Path(tmp) / f"kopia-{n}.zip")
            taken.append(time.perf_counter() - started)
            rows, size = sum(made.tables.values()), (Path(tmp) / f"kopia-{n}.zip").stat().st_size
            os.environ["IFOFLOW_DATA_DIR"] = str(Path(tmp) / f"ny-{n}")
            get_settings.cache_clear()
            target = make_engine(f"sqlite:///{Path(tmp) / f'aterstalld-{n}.db'}")
            started = time.perf_counter()
            got = backup.restore(target, Path(tmp) / f"kopia-{n}.zip")
            restored.append(time.perf_counter() - started)
            target.dispose()
            memory = max(memory, peak_since_reset_mib())
            if got.problems:
                sys.exit(f"the restored audit chain is broken: {got.problems[:3]}")
            os.environ["IFOFLOW_DATA_DIR"] = str(Path(tmp) / "data")
            get_settings.cache_clear()
        print(f"database: {engine.dialect.name}; households: {args.households}; {rows:,} rows, backup file "
              f"{size / 2**20:,.0f} MiB; {args.rounds} rounds")
        verdict = Verdict()
        verdict.timings(f"backup within {WINDOW_S // 60} minutes", taken, WINDOW_S)
        verdict.timings(f"restore (with migration and audit check) within {WINDOW_S // 60} minutes", restored,
                        WINDOW_S)
        verdict.check(f"peak memory of backup and restore < {MEMORY_MIB} MiB", f"{memory:,.0f} MiB",
                      memory < MEMORY_MIB)
        verdict.finish()


if __name__ == "__main__":
    main()
