"""What the IT strategist monitors: Prometheus metrics at /metrics for operators only; alerts by e-mail for a run
with failed items, a stalled run and an open circuit breaker, each once; JSON log lines with request and run id
and no personal data in them."""

import io
import json
import logging
import uuid
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import sessionmaker

from ifoflow import logs
from ifoflow.arende.models import Case
from ifoflow.drift import ops_alerts
from ifoflow.larm import service as larm
from ifoflow.larm.models import Alert
from ifoflow.robots.core.resilience import ExternalSystem, SystemUnavailable
from ifoflow.robots.core.runner import execute, start_run
from ifoflow.robots.models import RobotItem
from ifoflow.settings import get_settings
from ifoflow.store.base import utcnow
from ifoflow.synthetic.seed import seed
from tests.robots.crashbot import fragile
from tests.servers import smtp_server
from tests.web.helpers import client_for

QUIET = timedelta(minutes=10)


@pytest.fixture
def town(engine: Engine, settings_env: str) -> Engine:
    seed(engine, households=30, seed=5, today=date(2026, 11, 1))
    return engine


def _failing_run(engine: Engine, key: str = "w1") -> int:
    factory = sessionmaker(engine)
    with factory() as s:
        cases = [str(c) for c in s.scalars(select(Case.id).order_by(Case.id).limit(2))]
    run_id = start_run(factory, fragile, run_key=key, params={"tag": key, "cases": cases, "bad": cases[0]})
    execute(factory, fragile, run_id)
    return run_id


def test_metrics_for_operators_and_the_scraper_only(town: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    _failing_run(town)
    monkeypatch.setenv("IFOFLOW_METRICS_TOKEN", "skrapa-hemligt")
    get_settings.cache_clear()
    anonymous = client_for(town)
    assert anonymous.get("/metrics", follow_redirects=False).status_code == 303  # to the sign-in page
    assert anonymous.get("/metrics", headers={"Authorization": "Bearer fel"}, follow_redirects=False
                         ).status_code == 303
    assert client_for(town, "hl0001").get("/metrics").status_code == 403  # a case worker is no operator
    operator = client_for(town, "it_strateg")
    operator.get("/drift")
    text = anonymous.get("/metrics", headers={"Authorization": "Bearer skrapa-hemligt"}).text
    assert 'ifoflow_robot_items{robot="fragile",status="failed"} 1.0' in text
    assert 'ifoflow_robot_runs{robot="fragile",status="done"}' in text
    assert 'ifoflow_page_seconds_count{method="GET",route="/drift",status="200"}' in text
    assert operator.get("/metrics").status_code == 200
    name = f"Testregistret {uuid.uuid4().hex[:6]}"  # the counters live as long as the process
    system = ExternalSystem(name, attempts=1, fail_max=1)
    with pytest.raises(SystemUnavailable):
        system.call(lambda: (_ for _ in ()).throw(ConnectionError("nej")))
    text = operator.get("/metrics").text
    assert f'ifoflow_circuit_open{{system="{name}"}} 1.0' in text
    assert f'ifoflow_register_call_errors_total{{system="{name}"}} 1.0' in text
    assert "ifoflow_register_call_seconds_bucket" in text


@pytest.fixture
def it_mail(monkeypatch: pytest.MonkeyPatch, settings_env: str) -> Iterator[list]:
    with smtp_server() as (inbox, port):
        for key, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "OPS_ALERT_CHANNEL": "epost",
                           "OPS_ALERT_TO": "it-strategen@kommun.example"}.items():
            monkeypatch.setenv(f"IFOFLOW_{key}", value)
        get_settings.cache_clear()
        yield inbox.messages
    get_settings.cache_clear()


def test_the_it_strategist_is_mailed_about_failures_a_stalled_run_and_an_open_circuit_once_each(
        town: Engine, it_mail: list) -> None:
    factory = sessionmaker(town)
    failed_run = _failing_run(town)
    stalled = start_run(factory, fragile, run_key="w2", params={"tag": "w2", "cases": ["1"], "bad": ""})
    with factory.begin() as s:  # nothing has moved in the run for an hour
        s.execute(update(RobotItem).where(RobotItem.run_id == stalled).values(
            updated_at=utcnow() - timedelta(hours=1)))
    system = ExternalSystem("Folkbokföringen (test)", attempts=1, fail_max=1)
    with pytest.raises(SystemUnavailable):
        system.call(lambda: (_ for _ in ()).throw(TimeoutError("för långsamt")))
    assert ops_alerts.raise_for_trouble(factory, QUIET) == 3
    assert ops_alerts.raise_for_trouble(factory, QUIET) == 0  # the next scheduler pass: nothing new
    assert larm.deliver(factory, actor="t")["skickat"] == 3
    subjects = sorted(m["Subject"] for m in it_mail)
    assert subjects == ["Folkbokföringen (test) svarar inte", "Misslyckade ärenden: fragile",
                        "Robotkörning har stannat: fragile"]  # a test robot, not in the registry: its name
    assert all(m["To"] == "it-strategen@kommun.example" and "/drift" in m.get_content() for m in it_mail)
    with factory() as s:
        keys = set(s.scalars(select(Alert.key)))
    assert f"drift:misslyckade:{failed_run}" in keys and f"drift:stannad:{stalled}" in keys


def test_log_lines_are_json_with_request_and_run_ids_and_no_personal_data(town: Engine) -> None:
    from ifoflow.arende.models import Person

    out = io.StringIO()
    handler = logs.setup(fmt="json", stream=out)
    try:
        logging.getLogger("ifoflow.test").warning("Kunde inte läsa 19850101-1234 i filen")  # the last guard
        worker = client_for(town, "hl0001")
        with sessionmaker(town)() as s:
            people = list(s.scalars(select(Person)))
        worker.get("/", headers={"X-Request-ID": "lb-4711"})
        for p in people[:20]:  # search by name and by personnummer: the query never reaches the log
            worker.get(f"/enheter/EB-01/arenden?sok={p.last_name}")
            worker.get(f"/enheter/EB-01/arenden?sok={p.personnummer}")
        run_id = _failing_run(town, "logg")
    finally:
        logging.getLogger().removeHandler(handler)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines and all({"tid", "niva", "meddelande", "begaran", "korning"} <= set(x) for x in lines)
    assert any(x["begaran"] == "lb-4711" for x in lines)
    assert any(x["korning"] == f"fragile:{run_id}" for x in lines)
    text = out.getvalue()
    assert "<personnummer>" in text and "19850101-1234" not in text
    for p in people:
        assert p.personnummer not in text and p.personnummer[2:] not in text
        assert f"{p.first_name} {p.last_name}" not in text and f"sok={p.last_name}" not in text


def test_a_full_demo_run_logs_no_personnummer_or_name(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo municipality made and every robot's first run done, logging JSON at INFO: the log holds none of
    the seeded people's numbers (any form) or names."""
    from contextlib import contextmanager
    from pathlib import Path

    from ifoflow.arende.models import Person
    from ifoflow.demo import content, robots
    from ifoflow.robots.registers import registers
    from ifoflow.simulators.app import create_sim_app
    from ifoflow.store.db import make_engine, upgrade
    from tests.servers import serving

    @contextmanager
    def no_bar(title: str, total: int) -> Iterator[object]:
        yield lambda n: None

    folder = Path(str(tmp_path))
    engine = make_engine(f"sqlite:///{folder / 'ifoflow.db'}")
    upgrade(engine)
    for key, value in {"DATA_DIR": str(folder), "DEMO_MODE": "true", "EID_PROVIDER": "dev"}.items():
        monkeypatch.setenv(f"IFOFLOW_{key}", value)
    get_settings.cache_clear()
    out = io.StringIO()
    handler = logs.setup(fmt="json", stream=out)
    try:
        content.prepare(engine, households=150, today=date.today())
        with serving(create_sim_app(engine, changes=0.05)) as url:
            monkeypatch.setenv("IFOFLOW_SSBTEK_URL", url)
            monkeypatch.setenv("IFOFLOW_FOLKBOKFORING_URL", url)
            get_settings.cache_clear()
            registers.cache_clear()
            content.stranger_report(sessionmaker(engine))
            robots.first_runs(sessionmaker(engine), date.today(), no_bar)
    finally:
        logging.getLogger().removeHandler(handler)
        registers.cache_clear()
        get_settings.cache_clear()
    text = out.getvalue()
    assert text.count("\n") > 10  # the robots did log
    with sessionmaker(engine)() as s:
        people = list(s.scalars(select(Person)))
    engine.dispose()
    assert len(people) > 150
    for p in people:
        forms = {p.personnummer, p.personnummer[2:], f"{p.personnummer[:8]}-{p.personnummer[8:]}",
                 f"{p.personnummer[2:8]}-{p.personnummer[8:]}", f"{p.first_name} {p.last_name}"}
        assert not [f for f in forms if f in text], p.id
