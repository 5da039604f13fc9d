"""The rest of the resident register: families in the municipality who have never been clients.

The simulator's folkbokföring answers from the store's own persons first; a number the store does not know is
looked up here, so that intake paths that meet a stranger (an orosanmälan about a child the social services have
never met) can be shown and tested. Deterministic: the same families on every machine, from test numbers only.
"""

from datetime import date
from functools import lru_cache
from random import Random
from typing import Any

from faker import Faker

from ifoflow.domain.testnumbers import NumberAllocator

FAMILIES = 40
SEED = 2026


@lru_cache
def population() -> dict[str, dict[str, Any]]:
    """Resident records by personnummer, in the register's own shape (see simulators.app.residents)."""
    rng, fake, numbers = Random(SEED), Faker("sv_SE"), NumberAllocator()
    fake.seed_instance(SEED)
    # A number the store also holds answers from the store (simulators.app.residents asks the store first).
    def born(first: int, last: int) -> date:
        return date(rng.randint(first, last), rng.choice([1, 3, 5, 7, 8, 10, 12]), rng.randint(29, 31))

    out: dict[str, dict[str, Any]] = {}
    for _ in range(FAMILIES):
        last = fake.last_name()
        street, postal, city = fake.street_address(), fake.postcode().replace(" ", ""), "Ekby"
        members = [(numbers.allocate(born(1972, 1996), female=n == 0)[0], fake.first_name_female() if n == 0
                    else fake.first_name_male()) for n in range(rng.choice([1, 2, 2]))]
        for _ in range(rng.randint(1, 3)):
            female = rng.random() < 0.5
            members.append((numbers.allocate(born(2009, 2024), female=female)[0],
                            fake.first_name_female() if female else fake.first_name_male()))
        living = [pnr for pnr, _ in members]
        for pnr, first in members:
            out[pnr] = {"personnummer": pnr, "fornamn": first, "efternamn": last, "skyddad_identitet": False,
                        "skydd": "ingen", "adress": {"utdelningsadress": street, "postnummer": postal,
                                                      "postort": city},
                        "folkbokford_i_kommunen": True, "avliden": None, "utvandrad": False,
                        "samma_bostad": sorted(set(living) - {pnr}), "kanda_arenden": False}
    return out


def children(on: date) -> list[str]:
    """The population's children (under 18 on the day): for the demo and tests that report a stranger."""
    from ifoflow.domain import identity

    return sorted(p for p in population() if identity.age_on(p, on) < 18)
