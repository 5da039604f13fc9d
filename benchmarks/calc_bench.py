"""Calculation benchmark. Targets: batch >= 20 000 households/s on 2 cores; one household-month < 20 ms.

Usage: python benchmarks/calc_bench.py [--households 100000]
Households are synthetic (ifoflow.synthetic), turned into arrays directly, then calculated in one vectorised run.
"""

import argparse
import random
import statistics
import time
from datetime import date

import numpy as np

from ifoflow.rules.calculate import calculate
from ifoflow.rules.engine import Batch, empty_kinds, run
from ifoflow.rules.inputs import HouseholdInput
from ifoflow.synthetic.households import draft_household

MONTH = date(2026, 3, 1)


def synthetic_batch(n: int) -> tuple[Batch, list[HouseholdInput]]:
    rng = random.Random(1)
    drafts = [draft_household(rng, MONTH) for _ in range(n)]
    hh, role, born, share, incomes_rows, samples = [], [], [], [], [], []
    for i, d in enumerate(drafts):
        for m in d.members:
            hh.append(i)
            role.append(m.role.value)
            born.append(m.born.isoformat())
            share.append(m.share_of_time)
            incomes_rows.append(m.incomes)
    incomes, costs = empty_kinds(len(hh), n)
    for p, row in enumerate(incomes_rows):
        for kind, amount in row.items():
            incomes[kind][p] = amount
    for i, d in enumerate(drafts):
        for kind, amount in d.costs.items():
            costs[kind][i] = amount
    roles = np.array(role)
    couple = np.isin(np.array(hh), np.array(hh)[roles == "medsokande"]) & np.isin(roles, ["sokande", "medsokande"])
    batch = Batch(household=np.array(hh), role=roles, birth_date=np.array(born, dtype="datetime64[D]"),
                  share_of_time=np.array(share), lunch_at_school=np.zeros(len(hh), dtype=bool), cohabiting=couple,
                  incomes=incomes, costs=costs, households=n)
    for d in drafts[:200]:
        samples.append(HouseholdInput.model_validate({
            "members": [{"role": m.role.value, "birth_date": m.born, "share_of_time": m.share_of_time,
                         "incomes": m.incomes} for m in d.members], "costs": d.costs}))
    return batch, samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=100_000)
    args = parser.parse_args()
    batch, samples = synthetic_batch(args.households)
    run(batch, MONTH, "exempelstad")  # warm up: builds the tax-benefit system
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        out, _ = run(batch, MONTH, "exempelstad")
        timings.append(time.perf_counter() - start)
    best = min(timings)
    paid = int((out["forsorjningsstod"] > 0).sum())
    latencies = []
    for household in samples:
        start = time.perf_counter()
        calculate(household, MONTH)
        latencies.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    print(f"households: {args.households}, persons: {len(batch.household)}, with entitlement: {paid}")
    print(f"batch: {best:.2f} s for {args.households} households")
    print(f"single household-month with explanation: median {statistics.median(latencies):.1f} ms, "
          f"p95 {p95:.1f} ms (target < 20 ms)")
    print(f"batch throughput: {args.households / best:,.0f} households/s (target >= 20 000)")


if __name__ == "__main__":
    main()
