"""Writes a synthetic municipality into an empty store with fast bulk inserts."""

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from sqlalchemy import Engine, Table, func, insert, select, text

from ifoflow.arende.models import Case, CaseAssignment, Household, HouseholdCost, HouseholdMember, Income, Person
from ifoflow.arende.registration import case_number
from ifoflow.atkomst.auth import DEMO_PASSWORD, hash_password
from ifoflow.atkomst.models import StaffUser, Unit
from ifoflow.domain.enums import CaseStatus, CaseType, Protection, StaffRole, UnitKind
from ifoflow.domain.errors import InputError
from ifoflow.domain.testnumbers import NumberAllocator
from ifoflow.store import audit
from ifoflow.store.db import session_factory, unit_of_work
from ifoflow.synthetic.households import HouseholdDraft, draft_household
from ifoflow.synthetic.pools import Pools, make_pools

CASES_PER_WORKER = 120  # as in the seeds (Norrtälje 2023)
WORKERS_PER_UNIT = 10
CHUNK = 5000
AREAS = ["Nord", "Syd", "Öst", "Väst", "Centrum"]
SUPPORT_ROLES = [StaffRole.administrator, StaffRole.ekonomiassistent, StaffRole.it_strateg,
                 StaffRole.namndsekreterare, StaffRole.processagare]
MANAGERS = ["Karin Lund", "Mats Holm", "Eva Berg", "Johan Sjöberg", "Lena Ek", "Per Strand"]
QUALITY_ROLES = [(StaffRole.kvalitetsutvecklare, "Sara Nyström"), (StaffRole.dataskyddsombud, "Olof Dahl")]

# Which kind of protection a protected synthetic household has (by its id, so the random stream stays as it was).
PROTECTION_KINDS = (Protection.sekretessmarkering, Protection.skyddad_folkbokforing,
                    Protection.fingerade_personuppgifter)


@dataclass(frozen=True)
class SeedResult:
    units: int
    staff: int
    households: int
    persons: int
    cases: int
    protected_persons: int


class _Ids:
    """Explicit primary keys, so a whole chunk can be inserted at once."""

    def __init__(self) -> None:
        self.next: dict[str, int] = {}

    def take(self, table: str) -> int:
        value = self.next.get(table, 1)
        self.next[table] = value + 1
        return value


def _staff_rows(rng: random.Random, pools: Pools, households: int, ids: _Ids) -> tuple[list[dict[str, Any]],
                                                                                         list[dict[str, Any]]]:
    workers = max(1, math.ceil(households / CASES_PER_WORKER))
    unit_count = math.ceil(workers / WORKERS_PER_UNIT)
    units: list[dict[str, Any]] = []
    staff: list[dict[str, Any]] = []

    def person_name() -> str:
        first = rng.choice(pools.female_first if rng.random() < 0.7 else pools.male_first)
        return f"{first} {rng.choice(pools.last)}"

    for n in range(unit_count):
        area = AREAS[n % len(AREAS)]
        units.append({"id": ids.take("units"), "code": f"EB-{n + 1:02d}",
                      "name": f"Försörjningsstöd {area} {n // len(AREAS) + 1}", "kind": UnitKind.ekonomiskt_bistand})
    for w in range(workers):
        staff.append({"id": ids.take("staff"), "username": f"hl{w + 1:04d}", "name": person_name(),
                      "role": StaffRole.handlaggare, "unit_id": units[w // WORKERS_PER_UNIT]["id"], "active": True})
    child = {"id": ids.take("units"), "code": "BU-01", "name": "Barn och unga", "kind": UnitKind.barn_och_unga}
    admin = {"id": ids.take("units"), "code": "ADM", "name": "Administration och stöd",
             "kind": UnitKind.administration}
    units += [child, admin]
    for c in range(5):
        staff.append({"id": ids.take("staff"), "username": f"bu{c + 1:02d}", "name": person_name(),
                      "role": StaffRole.handlaggare, "unit_id": child["id"], "active": True})
    for role in SUPPORT_ROLES:
        staff.append({"id": ids.take("staff"), "username": role.value, "name": person_name(), "role": role,
                      "unit_id": admin["id"], "active": True})
    # Managers and the quality roles (fixed names: the random stream of the households stays as it was).
    for n, unit in enumerate(units):
        staff.append({"id": ids.take("staff"), "username": f"chef_{unit['code'].lower().replace('-', '')}",
                      "name": MANAGERS[n % len(MANAGERS)], "role": StaffRole.enhetschef, "unit_id": unit["id"],
                      "active": True})
    for role, name in QUALITY_ROLES:
        staff.append({"id": ids.take("staff"), "username": role.value, "name": name, "role": role,
                      "unit_id": admin["id"], "active": True})
    return units, staff


def _household_rows(draft: HouseholdDraft, hid: int, worker: dict[str, Any], rng: random.Random, pools: Pools,
                    numbers: NumberAllocator, ids: _Ids, today: date, out: dict[str, list[dict[str, Any]]]) -> None:
    surname = rng.choice(pools.last)
    postal, city = rng.choice(pools.places)
    street = f"{rng.choice(pools.streets)} {rng.randint(1, 60)}"
    opened = today - timedelta(days=rng.randint(0, 3 * 365))
    out["households"].append({"id": hid, "created_at": opened})
    applicant_id = 0
    for m in draft.members:
        pid = ids.take("persons")
        pnr, born = numbers.allocate(m.born, m.female, coordination=rng.random() < 0.02)
        first = rng.choice(pools.female_first if m.female else pools.male_first)
        out["persons"].append({
            "id": pid, "personnummer": pnr, "first_name": first,
            "last_name": surname if rng.random() < 0.8 else rng.choice(pools.last),
            "street": street, "postal_code": postal, "city": city,
            "protection": PROTECTION_KINDS[hid % 3] if draft.protected else Protection.ingen,
            "deceased_on": None, "created_at": opened,
        })
        out["members"].append({"id": ids.take("members"), "household_id": hid, "person_id": pid, "role": m.role,
                               "share_of_time": m.share_of_time, "joined_on": opened, "left_on": None})
        out["incomes"] += [{"id": ids.take("incomes"), "person_id": pid, "kind": k, "amount": v}
                           for k, v in m.incomes.items()]
        if not applicant_id:
            applicant_id = pid
    out["costs"] += [{"id": ids.take("costs"), "household_id": hid, "kind": k, "amount": v}
                     for k, v in draft.costs.items()]
    cid = ids.take("cases")
    closed = rng.random() < 0.1
    out["cases"].append({
        "id": cid, "case_number": case_number(CaseType.forsorjningsstod, opened.year, cid),
        "type": CaseType.forsorjningsstod, "status": CaseStatus.avslutad if closed else CaseStatus.pagaende,
        "unit_id": worker["unit_id"], "household_id": hid, "person_id": applicant_id,
        "assigned_to_id": worker["id"], "opened_on": opened, "closed_on": today if closed else None,
    })
    out["assignments"].append({"id": ids.take("assignments"), "case_id": cid, "user_id": worker["id"],
                               "assigned_at": opened, "ended_at": None, "assigned_by": "seed"})


TABLES = [("households", Household), ("persons", Person), ("members", HouseholdMember), ("incomes", Income),
          ("costs", HouseholdCost), ("cases", Case), ("assignments", CaseAssignment)]


def seed(engine: Engine, *, households: int, seed: int, today: date,
         progress: Callable[[int], None] = lambda n: None) -> SeedResult:
    """Fill an empty store; deterministic for (households, seed, today). One transaction."""
    if households < 1:
        raise InputError("households", "Antalet hushåll måste vara minst 1.")
    rng = random.Random(seed)
    pools = make_pools(seed)
    numbers = NumberAllocator()
    ids = _Ids()
    units, staff = _staff_rows(rng, pools, households, ids)
    password_hash = hash_password(DEMO_PASSWORD)  # one argon2 hash for all: hashing each would take minutes
    for row in staff:
        row.update(password_hash=password_hash, clearance_protected=False)
    workers = [s for s in staff if s["role"] == StaffRole.handlaggare and s["username"].startswith("hl")]
    counts = {"persons": 0, "protected": 0}
    with unit_of_work(session_factory(engine)) as session:
        if session.scalar(select(func.count()).select_from(Person)):
            raise InputError("databas", "Databasen innehåller redan personer. Använd en tom databas "
                                        "(eller --reset) för att skapa en syntetisk kommun.")
        session.execute(insert(Unit), units)
        session.execute(insert(StaffUser), staff)
        done = 0
        while done < households:
            out: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in TABLES}
            for hid in range(done + 1, min(done + CHUNK, households) + 1):
                draft = draft_household(rng, today)
                worker = workers[(hid - 1) // CASES_PER_WORKER % len(workers)]
                _household_rows(draft, hid, worker, rng, pools, numbers, ids, today, out)
                counts["protected"] += len(draft.members) if draft.protected else 0
            for name, model in TABLES:
                if out[name]:
                    session.execute(insert(cast(Table, model.__table__)), out[name])
            counts["persons"] += len(out["persons"])
            progress(len(out["households"]))
            done += len(out["households"])
        _reset_sequences(session.connection(), [u for _, u in TABLES] + [Unit, StaffUser])
        audit.append(session, actor="seed", action="municipality.seeded", entity="municipality", entity_id="-",
                     details={"households": households, "seed": seed, "today": today.isoformat()})
    if engine.dialect.name == "postgresql":  # fresh statistics after a bulk load, or the planner scans tables
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    return SeedResult(len(units), len(staff), households, counts["persons"], households, counts["protected"])


def _reset_sequences(conn: Any, models: list[Any]) -> None:
    """PostgreSQL sequences do not see explicit ids; move them past the highest id."""
    if conn.dialect.name != "postgresql":
        return
    for model in models:
        table = model.__tablename__
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                          f"COALESCE((SELECT MAX(id) FROM {table}), 1))"))
