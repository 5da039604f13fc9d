"""Synthetic debt notices (underrättelser om hyres- och elskulder) as a landlord's or power company's CSV file."""

import random
from datetime import date, timedelta

HEADER = "personnummer;borgenar;typ;belopp;forfallodatum;avhysnings_eller_avstangningsdatum;referens\n"


def notices_csv(numbers: list[str], count: int, today: date, *, seed: int = 1, malformed: int = 0) -> bytes:
    """Notices for people in the municipality: most once, some households three or more times; `malformed` rows
    a person must fix (a wrong personnummer, an unknown kind of debt, a date that cannot be read)."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        pnr = rng.choice(numbers[: max(1, len(numbers) // 20)]) if rng.random() < 0.25 else rng.choice(numbers)
        kind = "el" if rng.random() < 0.8 else "hyra"
        creditor = "Elbolaget AB" if kind == "el" else "Bostadsbolaget AB"
        due = today - timedelta(days=rng.randrange(5, 120))
        cutoff = f"{today + timedelta(days=rng.randrange(20, 60))}" if rng.random() < 0.3 else ""
        rows.append(f"{pnr};{creditor};{kind};{rng.randrange(300, 15000)};{due};{cutoff};B{n}\n")
    bad = [f"19800101-0000;Elbolaget AB;el;1200;{today};;FEL1\n",
           f"{numbers[0]};Vattenbolaget AB;vatten;800;{today};;FEL2\n",
           f"{numbers[-1]};Bostadsbolaget AB;hyra;6100;31/12;;FEL3\n"]
    return (HEADER + "".join(rows) + "".join(bad[:malformed])).encode()
