"""Deviation reports: a draft only its reporter sees; submission routes by kind and unit to tasks with deadlines;
reminders before and escalation after each deadline (time travel, no sleeps), once however often the robot runs;
the workflow to closed with the decision on IVO/IMY; access (404 for others, every read logged); the committee's
report with small counts suppressed, its PDF's numbers checked against the store."""

import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende.models import Person, Task
from ifoflow.atkomst.models import AccessLog, StaffUser
from ifoflow.avvikelse import access, report, service, watch
from ifoflow.avvikelse.models import DeviationReport
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.store.audit import AuditEvent
from tests.staff_town import Target

AWARE = datetime(2026, 8, 3, 9, 0)  # a Monday in the third quarter


def _user(s: Session, username: str) -> StaffUser:
    return s.scalars(select(StaffUser).where(StaffUser.username == username)).one()


def _report(s: Session, who: str, kind: str, *, unit: str = "EB-01", pnr: str = "",
            at: datetime = AWARE) -> DeviationReport:
    user = _user(s, who)
    draft = service.save(s, user, {"typ": kind, "enhet": unit, "what": "Ett beslut skickades till fel adress.",
                                   "occurred_at": (at - timedelta(hours=2)).isoformat(timespec="minutes"),
                                   "place": "Kontoret", "personnummer": pnr, "immediate_actions": "Ringde"})
    return service.submit(s, user, draft.id, now=at)


def _tasks(s: Session, report_id: int) -> dict[str, str]:
    rows = s.execute(select(StaffUser.username, Task.kind).join(StaffUser, StaffUser.id == Task.assigned_to_id)
                     .where(Task.idempotency_key.like(f"avvikelse:{report_id}:%"))).all()
    return {u: k for u, k in rows if not u.startswith("eb01_")}  # the town's extra user of every role also gets one


def test_routing_by_kind_and_unit_with_deadlines(engine: Engine, town: dict[str, Target]) -> None:
    with sessionmaker(engine)() as s:
        plain = _report(s, "hl0001", "avvikelse")
        sarah = _report(s, "hl0001", "lex_sarah")
        breach = _report(s, "hl0001", "personuppgiftsincident", unit="EB-02")
        s.commit()
        assert _tasks(s, plain.id) == {"chef_eb01": "avvikelse_avvikelse"}
        assert _tasks(s, sarah.id) == {"chef_eb01": "avvikelse_lex_sarah", "kvalitetsutvecklare": "avvikelse_lex_sarah"}
        assert _tasks(s, breach.id) == {"chef_eb02": "avvikelse_personuppgiftsincident",
                                        "dataskyddsombud": "avvikelse_personuppgiftsincident",
                                        "administrator": "avvikelse_personuppgiftsincident"}
        dpo = s.scalars(select(Task).join(StaffUser, StaffUser.id == Task.assigned_to_id).where(
            StaffUser.username == "dataskyddsombud", Task.idempotency_key.like(f"avvikelse:{breach.id}:%"))).one()
        assert dpo.deadline == (AWARE + timedelta(hours=72)).date() and "IMY" in dpo.reason
        params = service.rules.load(AWARE.date())
        clocks = {d.key: d.due for d in service.deadlines(sarah, params)}
        assert clocks == {"granskning": AWARE + timedelta(days=3), "lex_sarah": AWARE + timedelta(days=1),
                          "ivo": AWARE + timedelta(days=7), "avslut": AWARE + timedelta(days=60)}


def test_reminders_before_and_escalation_after_each_deadline_once(engine: Engine, town: dict[str, Target]) -> None:
    with sessionmaker(engine)() as s:
        breach = _report(s, "hl0001", "personuppgiftsincident")
        s.commit()

        def kinds() -> list[str]:
            return sorted(k for k, in s.execute(select(Task.idempotency_key).where(
                Task.kind.in_(["avvikelse_paminnelse", "avvikelse_forsenad"]))).all())

        def reminded() -> set[tuple[str, str]]:
            return {(k.split(":")[2], u) for k, u in s.execute(select(Task.idempotency_key, StaffUser.username).join(
                StaffUser, StaffUser.id == Task.assigned_to_id).where(Task.kind == "avvikelse_paminnelse")).all()
                if not u.startswith("eb01_")}

        assert watch.check(s, breach.id, AWARE + timedelta(hours=40)) == {"nya": 0}
        watch.check(s, breach.id, AWARE + timedelta(hours=50))  # 22 h before the 72 h: reminders to the owners
        assert reminded() == {("granskning", "chef_eb01"), ("imy", "dataskyddsombud"), ("imy", "administrator")}
        service.classify(s, _user(s, "chef_eb01"), breach.id, category="sekretess", serious="", high_risk="nej",
                         note="", now=AWARE + timedelta(hours=60))  # the review in time
        watch.check(s, breach.id, AWARE + timedelta(hours=73))  # IMY too late: escalated to the quality team
        escalated = s.scalars(select(Task).where(Task.kind == "avvikelse_forsenad")).one()
        assert escalated.idempotency_key.endswith(":imy:forsenad") and "Tidsfristen har gått ut" in escalated.reason
        assert escalated.unit_id == s.scalar(select(StaffUser.unit_id).where(
            StaffUser.username == "kvalitetsutvecklare"))
        for _ in range(3):  # the robot runs every hour: nothing twice
            assert watch.check(s, breach.id, AWARE + timedelta(hours=74)) == {"nya": 0}
        service.decide_authority(s, _user(s, "dataskyddsombud"), breach.id, report_it="ja",
                                 reason="Uppgifter om ekonomiskt bistånd till fel mottagare.",
                                 now=AWARE + timedelta(hours=75))
        watch.check(s, breach.id, AWARE + timedelta(days=59, hours=1))  # the close deadline nears: a reminder
        assert sorted(k.split(":")[2] for k in kinds() if k.endswith("forsenad")) == ["imy"]
        assert any(":avslut:paminnelse:" in k for k in kinds())


def test_the_workflow_to_closed_and_the_decision_on_ivo(engine: Engine, town: dict[str, Target]) -> None:
    with sessionmaker(engine)() as s:
        sarah = _report(s, "hl0001", "lex_sarah")
        chef, quality = _user(s, "chef_eb01"), _user(s, "kvalitetsutvecklare")
        with pytest.raises(InputError) as wrong:
            service.investigate(s, chef, sarah.id, cause="x", analysis="y")
        assert wrong.value.field == "status"
        with pytest.raises(InputError) as missing:
            service.classify(s, chef, sarah.id, category="bemotande", serious="", high_risk="", note="")
        assert missing.value.field == "allvarligt"
        service.classify(s, chef, sarah.id, category="bemotande", serious="ja", high_risk="", note="Allvarligt.")
        service.investigate(s, quality, sarah.id, cause="Rutinen saknades.", analysis="Ny rutin behövs.")
        service.add_action(s, quality, sarah.id, what="Skriv rutin", owner="chef_eb01", due="2026-09-01")
        with pytest.raises(InputError) as first:
            service.close(s, quality, sarah.id, note="Klart.")
        assert first.value.field == "anmalan"
        service.decide_authority(s, quality, sarah.id, report_it="ja", reason="Allvarligt missförhållande.")
        with pytest.raises(InputError) as actions:
            service.close(s, quality, sarah.id, note="Klart.")
        assert actions.value.message == "1 åtgärder är inte klara."
        action_id = s.scalar(select(func.max(service.DeviationAction.id)))
        service.finish_action(s, chef, action_id)
        service.close(s, quality, sarah.id, note="Rutinen finns, IVO har fått anmälan.")
        s.commit()
        assert sarah.status == "avslutad" and sarah.authority_report is True
        assert s.scalar(select(func.count()).select_from(Task).where(
            Task.idempotency_key.like(f"avvikelse:{sarah.id}:%"), Task.status != "klar")) == 0
        with pytest.raises(InputError):
            service.add_entry(s, _user(s, "hl0001"), service._own_draft(s, _user(s, "hl0001"), sarah.id), "x")


def test_a_draft_is_the_reporters_and_a_report_is_404_to_others(engine: Engine, town: dict[str, Target]) -> None:
    with sessionmaker(engine)() as s:
        person = s.get_one(Person, town["EB-01"].person_id)
        reporter = _user(s, "hl0001")
        draft = service.save(s, reporter, {"typ": "avvikelse", "enhet": "EB-01", "what": "Utkast"})
        with pytest.raises(NotFoundError):
            access.readable(s, _user(s, "kvalitetsutvecklare"), draft.id)  # a draft is only its reporter's
        with pytest.raises(InputError) as short:
            service.submit(s, reporter, draft.id)
        assert short.value.field == "what"
        breach = _report(s, "hl0001", "personuppgiftsincident", pnr=person.personnummer)
        for who in ("hl0001", "chef_eb01", "dataskyddsombud", "kvalitetsutvecklare", "administrator"):
            assert access.readable(s, _user(s, who), breach.id).id == breach.id
        for who in ("hl0002", "chef_eb02", "it_strateg", "namndsekreterare"):
            with pytest.raises(NotFoundError):
                access.readable(s, _user(s, who), breach.id)
        s.commit()
        reads = s.scalars(select(AccessLog).where(AccessLog.action == "avvikelse")).all()
        assert len(reads) == 5 and {r.person_id for r in reads} == {person.id}
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "deviation.read")) == 5
        assert access.client_name(s, _user(s, "chef_eb01"), breach).startswith("En klient är kopplad")
        assert access.client_name(s, reporter, breach) == f"{person.first_name} {person.last_name}"


def test_the_committee_report_suppresses_small_counts_and_its_pdf_matches_the_store(
        engine: Engine, town: dict[str, Target], settings_env: str) -> None:
    with sessionmaker(engine)() as s:
        for n in range(4):
            _report(s, "hl0001", "avvikelse", at=AWARE + timedelta(days=n))
        _report(s, "hl0001", "lex_sarah", at=AWARE)
        _report(s, "hl0001", "avvikelse", at=datetime(2026, 5, 5, 10))  # the quarter before
        s.commit()
        rows = report.quarters(s, 2026, 3)
        q3, q2 = rows[-1], rows[-2]
        assert (q3.total, q3.by_kind, q2.total) == (5, {"avvikelse": 4, "lex_sarah": 1}, 1)
        assert report.shown(q3.by_kind["lex_sarah"], 3) == "färre än 3" and report.shown(4, 3) == "4"
        assert report.shown(0, 3) == "0"
        csv_text = report.to_csv(rows, 3).decode("utf-8-sig")
        assert "2026 kv. 3;5;4;färre än 3;0;" in csv_text
    from tests.web.helpers import client_for

    client = client_for(engine, "kvalitetsutvecklare")
    pdf = client.get("/avvikelser/rapport?kvartal=2026-Q3&format=pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "2026 kv. 3" in text and "färre än 3" in text
    with sessionmaker(engine)() as s:
        stored = s.scalar(select(func.count()).select_from(DeviationReport).where(
            DeviationReport.aware_at >= datetime(2026, 7, 1), DeviationReport.aware_at < datetime(2026, 10, 1)))
    assert f"2026 kv. 3 {stored} 4" in " ".join(text.split())
    assert client_for(engine, "hl0001").get("/avvikelser/rapport").status_code == 403


@pytest.mark.parametrize(("kind", "keys"), [
    ("avvikelse", {"granskning", "avslut"}),
    ("lex_sarah", {"granskning", "lex_sarah", "ivo", "avslut"}),
    ("personuppgiftsincident", {"granskning", "imy", "avslut"}),
])
def test_each_deadline_escalates_after_it_has_passed(engine: Engine, town: dict[str, Target], kind: str,
                                                     keys: set[str]) -> None:
    with sessionmaker(engine)() as s:
        made = _report(s, "hl0001", kind)
        params = service.rules.load(AWARE.date())
        for due in sorted({d.due for d in service.deadlines(made, params)}):
            watch.check(s, made.id, due - timedelta(minutes=1))  # not yet
            now_due = [d.key for d in service.deadlines(made, params) if d.due == due]
            assert not s.scalar(select(func.count()).select_from(Task).where(Task.idempotency_key.in_(
                [f"avvikelse:{made.id}:{k}:forsenad" for k in now_due])))
            watch.check(s, made.id, due + timedelta(minutes=1))
        escalated = {k.split(":")[2] for k in s.scalars(select(Task.idempotency_key).where(
            Task.kind == "avvikelse_forsenad"))}
        assert escalated == keys


def test_the_municipality_sets_who_receives_each_kind(engine: Engine, town: dict[str, Target],
                                                      monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from tests.factories import overlay

    own = tmp_path / "kommun.yaml"
    own.write_text(overlay("avvikelse", recipients_avvikelse="kvalitetsutvecklare"), encoding="utf-8")
    monkeypatch.setenv("IFOFLOW_RIKTLINJER", str(own))
    from ifoflow.settings import get_settings

    get_settings.cache_clear()
    with sessionmaker(engine)() as s:
        plain = _report(s, "hl0001", "avvikelse", at=datetime(2026, 8, 3, 9))
        assert set(_tasks(s, plain.id)) == {"chef_eb01", "kvalitetsutvecklare"}
    get_settings.cache_clear()
