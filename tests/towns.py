"""Shared data for the försörjningsstöd flow tests."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende.models import Case, HouseholdMember, Person
from ifoflow.arende.service import known_incomes
from ifoflow.beslut import service as decision_types
from ifoflow.forsorjningsstod import service as assistance
from ifoflow.robots.registers import mailbox as mailbox_client
from ifoflow.robots.registers import registers as register_clients
from ifoflow.settings import get_settings
from ifoflow.simulators.app import create_sim_app
from ifoflow.synthetic.seed import seed
from tests.servers import serving

MARCH = date(2026, 3, 1)
TYPE = decision_types.DecisionTypeIn(
    code="forsorjningsstod_norm", title="Försörjningsstöd enligt norm", namnd="Socialnämnden",
    delegation_ref="Delegationsordning SN 2026, punkt 4.1", legal_basis="12 kap. 7 § socialtjänstlagen (2025:400)",
    appealable=True, report_back="Månadsrapport", allowed_outcomes=["bifall", "avslag"])


@contextmanager
def simulated_registers(engine: Engine, monkeypatch: pytest.MonkeyPatch, changes: float = 0.0) -> Iterator[str]:
    """SSBTEK and folkbokföring simulated over the store's people on a local port; the robots' settings point
    there while the block runs."""
    with serving(create_sim_app(engine, changes=changes)) as url:
        monkeypatch.setenv("IFOFLOW_SSBTEK_URL", url)
        monkeypatch.setenv("IFOFLOW_FOLKBOKFORING_URL", url)
        monkeypatch.setenv("IFOFLOW_MAILBOX_URL", url)
        get_settings.cache_clear()
        register_clients.cache_clear()
        mailbox_client.cache_clear()
        yield url
    register_clients.cache_clear()
    mailbox_client.cache_clear()


@pytest.fixture
def registers_fixture(engine: Engine, settings_env: str,
                      monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Session]]:
    seed(engine, households=80, seed=21, today=date(2026, 2, 1))
    with simulated_registers(engine, monkeypatch):
        yield sessionmaker(engine)


def _single_adult_case(s: Session, kind: str) -> tuple[Case, str, dict[str, int]]:
    """An open case of a one-person household whose applicant has an income of this kind."""
    for case in s.scalars(select(Case).where(Case.status == "pagaende")):
        people = s.scalars(select(HouseholdMember).where(HouseholdMember.household_id == case.household_id)).all()
        pnr = s.get_one(Person, case.person_id).personnummer
        incomes = known_incomes(s, [pnr])[pnr]
        if len(people) == 1 and kind in incomes and not s.get_one(Person, case.person_id).protected_identity:
            return case, pnr, incomes
    raise AssertionError("no such case in the seed")


def _apply(s: Session, case: Case, pnr: str, incomes: dict[str, int]) -> int:
    declared = assistance.Declared(costs={"hyra": 6500, "hushallsel": 300}, incomes={pnr: incomes})
    application = assistance.submit(s, case_id=case.id, month=MARCH, declared=declared, actor="medborgare")
    s.commit()
    return application.id


