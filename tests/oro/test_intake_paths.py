"""The intake paths beyond the form: a child the store does not know is fetched from the resident register with
those living with the child; an acute report outside office hours reaches the on-call by e-mail or SMS, once, with
nothing about the child in the message; a channel that fails is tried again and then shown as failed."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi import FastAPI, Request
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ifoflow.arende.models import Person, Task
from ifoflow.domain import identity
from ifoflow.drift import alerts
from ifoflow.drift.operations import run_robot
from ifoflow.larm import service as larm
from ifoflow.larm.models import Alert
from ifoflow.oro import service
from ifoflow.robots.registers import registers
from ifoflow.settings import get_settings
from ifoflow.simulators.app import create_sim_app
from ifoflow.simulators.population import population
from tests.oro.test_register import SATURDAY_NIGHT, TUESDAY_10, _report
from tests.servers import Inbox, serving, smtp_server


@contextmanager
def _register(session: Session, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with serving(create_sim_app(session.get_bind())) as url:  # type: ignore[arg-type]
        monkeypatch.setenv("IFOFLOW_FOLKBOKFORING_URL", url)
        get_settings.cache_clear()
        registers.cache_clear()
        yield
    registers.cache_clear()


def _stranger() -> tuple[str, list[str], list[str]]:
    """A child of the simulated population with at least one sibling: (child, siblings, adults)."""
    for pnr, record in sorted(population().items()):
        mates = record["samma_bostad"]
        kids = [m for m in mates if identity.age_on(m, TUESDAY_10.date()) < 18]
        if identity.age_on(pnr, TUESDAY_10.date()) < 18 and kids:
            return pnr, kids, [m for m in mates if m not in kids]
    raise AssertionError("the simulated population has no siblings")


def test_a_child_unknown_to_the_store_is_fetched_from_the_resident_register(session: Session, family: dict,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    child, siblings, adults = _stranger()
    assert session.scalar(select(Person.id).where(Person.personnummer == child)) is None
    with _register(session, monkeypatch):
        got = service.register(session, _report(pnr=child), received_at=TUESDAY_10, actor="t").reports[0]
    session.commit()
    facts = got.support["fakta"]
    assert got.person_id is not None and got.case_id is not None and facts["fran_folkbokforingen"] is True
    person = session.get_one(Person, got.person_id)
    assert (person.first_name, person.last_name) == (population()[child]["fornamn"], population()[child]["efternamn"])
    assert len(facts["syskon"]) == len(siblings) and len(facts["vardnadshavare_i_hushallet"]) == len(adults)
    assert not session.scalars(select(Task).where(Task.kind == "orosanmalan_identifiera")).all()
    # A sibling reported next time is already known: the same household, no second look-up needed.
    again = service.register(session, _report(key="formular-0002", pnr=siblings[0]), received_at=TUESDAY_10,
                             actor="t").reports[0]
    assert again.support["fakta"]["fran_folkbokforingen"] is False and again.support["fakta"]["hushall"] == \
        facts["hushall"]


def test_a_number_the_register_does_not_know_or_a_register_that_is_down_leaves_it_to_the_reception(
        session: Session, family: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.factories import pnr

    nobody = pnr(date(2016, 2, 2), 989)
    with _register(session, monkeypatch):
        unknown = service.register(session, _report(pnr=nobody), received_at=TUESDAY_10, actor="t").reports[0]
    monkeypatch.setenv("IFOFLOW_FOLKBOKFORING_URL", "http://127.0.0.1:9")  # nothing answers there
    get_settings.cache_clear()
    child, _, _ = _stranger()
    down = service.register(session, _report(key="formular-0003", pnr=child), received_at=TUESDAY_10,
                            actor="t").reports[0]
    registers.cache_clear()
    session.commit()
    assert unknown.person_id is None and down.person_id is None
    assert len(session.scalars(select(Task).where(Task.kind == "orosanmalan_identifiera")).all()) == 2


@contextmanager
def _smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    with smtp_server() as (inbox, port):
        monkeypatch.setenv("IFOFLOW_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("IFOFLOW_SMTP_PORT", str(port))
        monkeypatch.setenv("IFOFLOW_ORO_ALERT_CHANNEL", "epost")
        monkeypatch.setenv("IFOFLOW_ORO_ALERT_TO", "socialjouren@kommun.example")
        get_settings.cache_clear()
        try:
            yield inbox
        finally:
            get_settings.cache_clear()


def test_an_acute_report_at_night_reaches_the_on_call_by_email_once(session: Session, family: dict,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    factory = sessionmaker(session.get_bind())
    with _smtp(monkeypatch) as inbox:
        got = service.register(session, _report(pnr=family["kim"].personnummer, danger_now=True),
                               received_at=SATURDAY_NIGHT, actor="t")
        session.commit()
        assert got.acute
        assert run_robot(factory, alerts.robot, run_key="larm-1").counts == {"done": 1}
        run_robot(factory, alerts.robot, run_key="larm-2")  # an overlapping or repeated run sends nothing again
        assert larm.deliver(factory, actor="t") == {"skickat": 0, "fel": 0, "igen": 0}
    assert len(inbox.messages) == 1
    mail = inbox.messages[0]
    assert mail["To"] == "socialjouren@kommun.example" and "Akut orosanmälan" in mail["Subject"]
    text = mail.get_content()
    assert "/enheter/JOUR/uppgifter" in text and "2026-11-29 00:30" in text  # Swedish time
    kim = family["kim"]
    assert kim.personnummer not in str(mail) and kim.first_name not in str(mail)  # nothing about the child
    alert = session.scalars(select(Alert)).one()
    assert (alert.status, alert.attempts) == ("skickat", 1)


def test_an_alert_a_crash_left_being_sent_goes_again_under_its_key(session: Session, family: dict,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    factory = sessionmaker(session.get_bind())
    with _smtp(monkeypatch) as inbox:
        service.register(session, _report(pnr=family["kim"].personnummer, danger_now=True),
                         received_at=SATURDAY_NIGHT, actor="t")
        session.commit()
        claimed = larm.claim(session, larm.due(session))
        session.commit()
        assert larm.send(claimed[0]) == ""  # handed to the mail server, then the process died before recording
        assert larm.deliver(factory, actor="t")["skickat"] == 0  # another sender leaves a fresh claim alone
        session.get_one(Alert, claimed[0].id).claimed_at -= larm.STALE + timedelta(seconds=1)
        session.commit()
        assert larm.deliver(factory, actor="t")["skickat"] == 1
        assert larm.deliver(factory, actor="t")["skickat"] == 0
    # Sent again, as the same message: a mail store that keeps a Message-ID once keeps it once.
    assert len(inbox.messages) == 2 and inbox.messages[0]["Message-ID"] == inbox.messages[1]["Message-ID"]
    assert session.get_one(Alert, claimed[0].id).status == "skickat"


def test_sms_through_the_gateway_and_a_failing_channel_is_tried_then_shown(session: Session, family: dict,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    gateway = FastAPI()
    received: list[dict[str, Any]] = []
    state = {"fail": False}

    @gateway.post("/sms")
    async def sms(request: Request) -> dict[str, str]:
        if state["fail"]:
            from fastapi import HTTPException

            raise HTTPException(503)
        received.append({"auth": request.headers.get("authorization"), **(await request.json())})
        return {"status": "ok"}

    factory = sessionmaker(session.get_bind())
    with serving(gateway) as url:
        for key, value in {"SMS_GATEWAY_URL": f"{url}/sms", "SMS_GATEWAY_TOKEN": "hemlig",
                           "ORO_ALERT_CHANNEL": "sms", "ORO_ALERT_TO": "070-123 45 67"}.items():
            monkeypatch.setenv(f"IFOFLOW_{key}", value)
        get_settings.cache_clear()
        service.register(session, _report(pnr=family["kim"].personnummer, danger_now=True),
                         received_at=SATURDAY_NIGHT, actor="t")
        session.commit()
        assert larm.deliver(factory, actor="t")["skickat"] == 1
        assert received[0]["till"] == "0701234567" and received[0]["auth"] == "Bearer hemlig"
        assert received[0]["referens"].startswith("oro:akut:") and family["kim"].first_name not in str(received)
        state["fail"] = True
        service.register(session, _report(key="formular-0009", pnr=family["alva"].personnummer, danger_now=True),
                         received_at=SATURDAY_NIGHT, actor="t")
        session.commit()
        outcomes = [larm.deliver(factory, actor="t") for _ in range(larm.ATTEMPTS)]
    get_settings.cache_clear()
    assert [o["igen"] for o in outcomes] == [1, 1, 0] and outcomes[-1]["fel"] == 1
    failed = session.scalars(select(Alert).where(Alert.status == "fel")).one()
    assert failed.attempts == larm.ATTEMPTS and "503" in failed.failure


def test_a_report_in_office_hours_or_with_the_page_channel_sends_nothing(session: Session, family: dict) -> None:
    service.register(session, _report(pnr=family["kim"].personnummer, danger_now=True), received_at=TUESDAY_10,
                     actor="t")
    service.register(session, _report(key="formular-0005", pnr=family["alva"].personnummer, danger_now=True),
                     received_at=SATURDAY_NIGHT, actor="t")  # default channel: the on-call page
    session.commit()
    assert [(a.channel, a.status) for a in session.scalars(select(Alert))] == [("sida", "sida")]
    assert larm.due(session) == []


def test_the_on_call_opens_the_acute_reports_it_got_and_no_other(session: Session, family: dict) -> None:
    from ifoflow.atkomst.models import StaffUser, Unit
    from ifoflow.domain.errors import AccessDenied
    from ifoflow.oro import pages

    jour = session.scalar(select(Unit).where(Unit.code == "JOUR"))
    assert jour is not None
    on_call = StaffUser(username="jour01", name="Jonna Joursson", role="handlaggare", unit_id=jour.id)
    session.add(on_call)
    acute = service.register(session, _report(pnr=family["kim"].personnummer, danger_now=True),
                             received_at=SATURDAY_NIGHT, actor="t").reports[0]
    daytime = service.register(session, _report(key="formular-0007", pnr=family["alva"].personnummer),
                               received_at=TUESDAY_10, actor="t").reports[0]
    session.commit()
    assert pages.report_page(session, on_call, acute.id)["r"].id == acute.id
    service.assess(session, acute.id, on_call, kind="skyddsbedomning", outcome="omedelbart_skydd",
                   reasons="Barnet placeras i jourhem i natt.")  # the on-call makes the protection assessment
    with pytest.raises(AccessDenied):
        pages.report_page(session, on_call, daytime.id)


def test_a_protected_child_is_named_only_to_those_with_clearance_and_never_in_letters_or_alerts(
        session: Session, family: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    from ifoflow.arende import residents
    from ifoflow.arende.service import PROTECTED_NAME
    from ifoflow.atkomst.models import StaffUser
    from ifoflow.oro import pages

    kim = family["kim"]
    kim.protection = "skyddad_folkbokforing"
    worker = session.scalar(select(StaffUser).where(StaffUser.username == "bu01"))
    assert worker is not None and not worker.clearance_protected
    with _smtp(monkeypatch) as inbox:
        report = service.register(session, _report(pnr=kim.personnummer, danger_now=True),
                                  received_at=SATURDAY_NIGHT, actor="t").reports[0]
        session.commit()
        larm.deliver(sessionmaker(session.get_bind()), actor="t")
    listed = pages.reception(session, worker, "BU-01")["items"]
    assert [x["child"] for x in listed] == [PROTECTED_NAME]
    assert pages.report_page(session, worker, report.id)["child"][0] == PROTECTED_NAME
    worker.clearance_protected = True
    assert pages.report_page(session, worker, report.id)["child"][0] == f"{kim.first_name} {kim.last_name}"
    assert kim.first_name not in str(inbox.messages[0]) and kim.personnummer not in str(inbox.messages[0])
    # The register's protection comes along with a child it gives: a hidden address is never written down.
    from tests.factories import pnr

    person = residents.record_person(session, {"personnummer": pnr(date(2015, 5, 5), 998), "fornamn": "Skyddad",
                                               "efternamn": "Barn", "skyddad_identitet": True,
                                               "skydd": "skyddad_folkbokforing", "adress": None})
    assert person.protected_identity and (person.street, person.postal_code, person.city) == ("", "", "")
