"""Översikt: the numbers in its charts and tables are the database's, counted another way here; a case worker sees
their units, the committee all; the charts name themselves for screen readers and tell series apart without
colour."""

from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from ifoflow.arbetsyta import dashboard
from ifoflow.arende.models import Application, Case, Task
from ifoflow.atkomst.models import StaffUser
from ifoflow.beslut.models import Decision
from ifoflow.domain.enums import TaskStatus
from ifoflow.skuld.models import DebtNotice
from ifoflow.utbetalning.models import PaymentHold
from tests.staff_town import Target
from tests.web.helpers import client_for

TODAY = date(2026, 11, 20)


def _activity(engine: Engine) -> None:
    """Applications and decisions over three months, control tasks, stops and debt notices in two units."""
    with sessionmaker(engine)() as s:
        cases = s.scalars(select(Case).where(Case.status == "pagaende").order_by(Case.id).limit(60)).all()
        for i, case in enumerate(cases):
            month = date(2026, 9 + i % 3, 1)
            submitted = datetime(month.year, month.month, 3, 9, 0)
            application = Application(case_id=case.id, household_id=case.household_id, month=month,
                                      status="beslutad", submitted_at=submitted, declared={})
            s.add(application)
            s.flush()
            if i % 4:
                s.add(Decision(case_id=case.id, application_id=application.id, type="forsorjningsstod_norm",
                               outcome="bifall", total_amount=100, automated=i % 2 == 1,
                               decided_at=submitted + timedelta(hours=i), explanation={}))
            if i % 5 == 0:
                s.add(PaymentHold(key=f"t:{case.id}", case_id=case.id, household_id=case.household_id, month=month,
                                  reason="test"))
                s.add(Task(unit_id=case.unit_id, case_id=case.id, kind="kontroll", reason="t", evidence={},
                           deadline=TODAY - timedelta(days=1), status=TaskStatus.oppen,
                           created_at=submitted + timedelta(days=1)))
            if i % 7 == 0:
                s.add(DebtNotice(key=f"d:{case.id}", personnummer="190001019999", creditor="Hyresvärden AB",
                                 kind="hyra", amount=1, due_date=month, source="t", received_on=month.replace(day=9),
                                 status="registrerad", case_id=case.id))
        s.commit()


def _expected(engine: Engine, unit_ids: set[int]) -> dict[date, dict[str, float]]:
    with sessionmaker(engine)() as s:
        found: dict[date, Counter[str]] = {}
        for a, case in s.execute(select(Application, Case).join(Case, Case.id == Application.case_id)):
            if case.unit_id in unit_ids:
                found.setdefault(a.month, Counter())["applications"] += 1
        for d, a, case in s.execute(select(Decision, Application, Case).join(
                Application, Application.id == Decision.application_id).join(Case, Case.id == Decision.case_id)):
            if case.unit_id in unit_ids:
                found.setdefault(a.month, Counter())["automated"] += d.automated
        for h in s.scalars(select(PaymentHold)):
            if s.get_one(Case, h.case_id).unit_id in unit_ids:
                found.setdefault(h.month, Counter())["stops"] += 1
        for t in s.scalars(select(Task).where(Task.kind == "kontroll")):
            if t.unit_id in unit_ids:
                found.setdefault(t.created_at.date().replace(day=1), Counter())["control_hits"] += 1
        for n in s.scalars(select(DebtNotice)):
            if n.case_id and s.get_one(Case, n.case_id).unit_id in unit_ids:
                found.setdefault(n.received_on.replace(day=1), Counter())["debts"] += 1
    return {m: dict(c) for m, c in found.items()}


def test_the_overviews_numbers_are_the_databases(engine: Engine, town: dict[str, Target]) -> None:
    _activity(engine)
    with sessionmaker(engine)() as s:
        worker = s.scalars(select(StaffUser).where(StaffUser.username == "eb01_handlaggare")).one()
        committee = s.scalars(select(StaffUser).where(StaffUser.username == "eb01_namndsekreterare")).one()
        all_units = set(s.scalars(select(Case.unit_id)))
        for user, units in ((worker, {worker.unit_id}), (committee, all_units)):
            shown = dashboard.overview(s, user, today=TODAY)
            expected = _expected(engine, units)
            assert len(shown["months"]) == 12 and shown["months"][-1].month == date(2026, 11, 1)
            for m in shown["months"]:
                want = expected.get(m.month, {})
                for field in ("applications", "automated", "stops", "control_hits", "debts"):
                    assert getattr(m, field) == want.get(field, 0), (user.username, m.month, field)
            assert sum(m.applications for m in shown["months"]) > 0
        september = next(m for m in dashboard.overview(s, committee, today=TODAY)["months"]
                         if m.month == date(2026, 9, 1))
        assert september.median_hours is not None and september.share_automated is not None


def test_the_overview_page_draws_charts_with_tables(engine: Engine, town: dict[str, Target]) -> None:
    _activity(engine)
    page = client_for(engine, "eb01_namndsekreterare").get("/oversikt")
    assert page.status_code == 200
    assert page.text.count('role="img" aria-label="') == 2
    assert "Ansökningar per månad" in page.text and "Kontroll, stopp och skulder per månad" in page.text
    assert "<pattern" in page.text  # series told apart by hatching, not only colour
    assert 'style="' not in page.text  # the Content-Security-Policy blocks inline styles: shapes would be black
    narrowed = client_for(engine, "eb01_namndsekreterare").get("/oversikt?enhet=EB-01")
    assert narrowed.status_code == 200 and "enheten EB-01" in narrowed.text
    assert client_for(engine, "eb01_handlaggare").get("/oversikt?enhet=EB-02").status_code == 404
