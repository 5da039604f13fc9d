"""The production set-up of compose.yaml with its processes started directly (this machine runs no container
engine): PostgreSQL, Redis as the broker, two web processes, a Celery worker and the scheduler, configured only
through IFOFLOW_* settings. Health reports every part, a robot runs on the worker, /metrics shows it to the
scraper, every process logs JSON lines without personal data, and a backup taken while it all runs restores with
the audit chain whole."""

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from ifoflow.arende.models import Person
from ifoflow.drift import backup
from ifoflow.settings import get_settings
from ifoflow.store.db import make_engine
from tests.conftest import PG_URL

BROKER = "redis://127.0.0.1:6379/9"
TOKEN = "skrapa-" + "x" * 20


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not PG_URL or not _redis_answers(),
                                reason="needs PostgreSQL (IFOFLOW_TEST_DATABASE_URL) and Redis on 127.0.0.1")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "ifoflow.main", *args], env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _wait(condition: object, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if condition():  # type: ignore[operator]
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("timed out")


@pytest.fixture
def installation(db_url: str, tmp_path: Path) -> Iterator[dict[str, object]]:
    if not db_url.startswith("postgresql"):
        pytest.skip("the production set-up runs on PostgreSQL")
    web, registers = _port(), _port()
    env = {**os.environ, "IFOFLOW_DATABASE_URL": db_url, "IFOFLOW_DATA_DIR": str(tmp_path / "data"),
           "IFOFLOW_BROKER_URL": BROKER, "IFOFLOW_LOG_FORMAT": "json", "IFOFLOW_METRICS_TOKEN": TOKEN,
           "IFOFLOW_DEMO_MODE": "true", "IFOFLOW_COOKIE_SECURE": "false", "IFOFLOW_PORT": str(web),
           "IFOFLOW_SSBTEK_URL": f"http://127.0.0.1:{registers}",
           "IFOFLOW_FOLKBOKFORING_URL": f"http://127.0.0.1:{registers}"}
    _cli(env, "db", "upgrade")
    _cli(env, "seed", "--households", "60", "--reset")
    logs = {name: open(tmp_path / f"{name}.log", "w+") for name in ("sim", "web", "worker", "scheduler")}  # noqa: SIM115
    commands = {"sim": ["sim", "ssbtek", "--port", str(registers), "--latency-ms", "0"],
                "web": ["serve", "--workers", "2"], "worker": ["worker", "--concurrency", "1"],
                "scheduler": ["robots", "schedule", "--run-due", "--every", "2"]}
    started = {name: subprocess.Popen([sys.executable, "-m", "ifoflow.main", *args], env=env, stdout=logs[name],
                                      stderr=subprocess.STDOUT) for name, args in commands.items()}
    try:
        yield {"env": env, "url": f"http://127.0.0.1:{web}", "logs": logs, "tmp": tmp_path}
    finally:
        for process in started.values():
            process.terminate()
        for process in started.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        for f in logs.values():
            f.close()


def test_the_processes_of_the_compose_file_run_together(installation: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    env, url = installation["env"], installation["url"]
    _wait(lambda: httpx.get(f"{url}/health", timeout=5).json()["status"] == "ok")
    health = httpx.get(f"{url}/health").json()
    assert set(health["delar"].values()) == {"ok"} and health["databastyp"] == "postgresql"
    _cli(env, "kontroll", "run", "--celery")  # the monthly control's blocks on the Celery worker
    text = httpx.get(f"{url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).text
    assert 'ifoflow_robot_runs{robot="kontroll",status="done"} 1.0' in text
    assert 'ifoflow_page_seconds_count{method="GET",route="/health",status="200"}' in text
    assert httpx.get(f"{url}/metrics", follow_redirects=False).status_code == 303  # not without the token
    # A backup while the scheduler and the worker run, restored elsewhere with the audit chain whole.
    monkeypatch.setenv("IFOFLOW_DATA_DIR", env["IFOFLOW_DATA_DIR"])
    get_settings.cache_clear()
    source = make_engine(env["IFOFLOW_DATABASE_URL"])
    made = backup.take(source, installation["tmp"] / "kopia.zip")
    with sessionmaker(source)() as s:
        numbers = [p.personnummer for p in s.scalars(select(Person))]
    source.dispose()
    monkeypatch.setenv("IFOFLOW_DATA_DIR", str(installation["tmp"] / "ny"))
    get_settings.cache_clear()
    target = make_engine(f"sqlite:///{installation['tmp'] / 'aterstalld.db'}")
    restored = backup.restore(target, installation["tmp"] / "kopia.zip")
    target.dispose()
    get_settings.cache_clear()
    assert restored.problems == [] and restored.tables["persons"] == made.tables["persons"] == len(numbers)
    # Every process logged JSON lines, with run ids, and no personnummer.
    lines = []
    for name, f in installation["logs"].items():
        f.flush()
        f.seek(0)
        lines += [(name, line) for line in f.read().splitlines() if line.startswith("{")]
    parsed = [(name, json.loads(line)) for name, line in lines]
    assert {name for name, _ in parsed} >= {"web", "worker", "scheduler"}
    assert any(x["korning"].startswith("kontroll:") for _, x in parsed)
    everything = "\n".join(line for _, line in lines)
    assert not [n for n in numbers if n in everything or n[2:] in everything]
