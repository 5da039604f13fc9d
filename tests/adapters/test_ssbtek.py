"""SSBTEK: the real samples parse; the simulator answers with XML that validates against the contract's XSDs."""

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import xmlschema
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from ifoflow.adapters.clients import Endpoint, FolkbokforingClient, SsbtekClient
from ifoflow.adapters.ssbtek import SsbtekFormatError, build_request, parse_request, parse_response
from ifoflow.arende.models import Income, Person
from ifoflow.arende.service import known_incomes
from ifoflow.forsorjningsstod.register_check import compare_incomes, compare_resident
from ifoflow.robots.core import ExternalSystem, SystemUnavailable
from ifoflow.simulators.app import create_sim_app
from ifoflow.synthetic.seed import seed
from tests.servers import serving

REFERENCE = Path(__file__).parents[2] / "src" / "ifoflow" / "adapters" / "ssbtek_contract"
XSD = REFERENCE / "contract/v10/se/forsakringskassan/schema/integration/ssbt/_10/sammansatt_bastjanst_v10.xsd"
SOAP_BODY = "{http://schemas.xmlsoap.org/soap/envelope/}Body"
MARCH = date(2026, 3, 1)


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(XSD))


def _sample(name: str) -> bytes:
    return (REFERENCE / "samples" / f"response-{name}.xml").read_bytes()


def test_every_sample_response_parses() -> None:
    assert parse_response(_sample("af")).job_seeker is True
    assert parse_response(_sample("csn")).incomes == []
    fk = parse_response(_sample("fk"))
    assert fk.incomes == [] and fk.errors == {}
    assert parse_response(_sample("miv")).residence_permit == "PERMANENT UPPEHÅLLSTILLSTÅND"
    assert parse_response(_sample("skv")).capital_income == 12345
    so = parse_response(_sample("so"))
    assert [(i.kind, i.amount, i.period_from) for i in so.incomes] == [("a_kassa", 1250, date(2013, 11, 3))]
    assert parse_response(_sample("tns")).vehicles == ["ABC001 Volvo", "ABC002 HONDA"]


def test_our_question_carries_what_the_sample_question_carries() -> None:
    ours = ET.fromstring(build_request("199001011234", date(2025, 1, 1), date(2025, 6, 30), organisation="1",
                                       municipality="X"))
    sample = ET.parse(REFERENCE / "samples" / "request-fk.xml").getroot()
    tags = {e.tag for e in sample.iter()}
    assert tags <= {e.tag for e in ours.iter()}
    assert parse_request(ET.tostring(ours)) == ("199001011234", date(2025, 1, 1), date(2025, 6, 30))


def test_garbage_answers_are_refused_and_broken_parts_named() -> None:
    with pytest.raises(SsbtekFormatError):
        parse_response(b"<html>502 Bad Gateway</html")
    with pytest.raises(SsbtekFormatError):
        parse_response(b"<a/>")
    broken = (b'<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><s:r xmlns:s="x"><s:svarsdata>'
              b"<s:FK><s:data><s:lefiJsonSvar>not base64!</s:lefiJsonSvar></s:data></s:FK></s:svarsdata></s:r>"
              b"</e:Body></e:Envelope>")
    assert "FK" in parse_response(broken).errors


@pytest.fixture
def sim(engine: Engine, request: pytest.FixtureRequest) -> Iterator[str]:
    seed(engine, households=60, seed=11, today=date(2026, 2, 1))
    latency, fault = getattr(request, "param", (0, 0.0))
    with serving(create_sim_app(engine, latency_ms=latency, fault_rate=fault, seed=1)) as url:
        yield url


def _person_with(engine: Engine, kind: str) -> str:
    with sessionmaker(engine)() as s:
        pnr = s.scalar(select(Person.personnummer).join(Income, Income.person_id == Person.id)
                       .where(Income.kind == kind).limit(1))
    assert pnr
    return pnr


def test_simulator_answers_validate_and_match_the_store(engine: Engine, sim: str,
                                                        schema: xmlschema.XMLSchema) -> None:
    client = SsbtekClient(Endpoint(sim), organisation="2120000000", municipality="Exempelkommunen")
    for kind in ("aktivitetsstod", "a_kassa", "pension"):
        pnr = _person_with(engine, kind)
        raw = client.http.post("/ssbtek", content=build_request(pnr, MARCH, date(2026, 3, 31), organisation="1",
                                                                municipality="X")).content
        assert list(schema.iter_errors(ET.fromstring(raw).find(SOAP_BODY)[0])) == []
        answer = client.fetch(pnr, MARCH, date(2026, 3, 31))
        with sessionmaker(engine)() as s:
            stored = known_incomes(s, [pnr])[pnr]
        assert answer.income_in(kind, MARCH, date(2026, 3, 31)) == stored[kind]
        assert compare_incomes(stored, answer, MARCH) == []  # declared as in the registers: no flags


def test_undeclared_and_unknown_incomes_become_named_flags(engine: Engine, sim: str) -> None:
    pnr = _person_with(engine, "a_kassa")
    answer = SsbtekClient(Endpoint(sim), organisation="1", municipality="X").fetch(pnr, MARCH, date(2026, 3, 31))
    flags = compare_incomes({"pension": 3000}, answer, MARCH)
    codes = {f.code for f in flags}
    assert "ej_redovisad_a_kassa" in codes and "avviker_pension" in codes
    assert all(f.message for f in flags)


def test_folkbokforing_single_batch_and_flags(engine: Engine, sim: str) -> None:
    client = FolkbokforingClient(Endpoint(sim))
    pnr = _person_with(engine, "a_kassa")
    record = client.person(pnr)
    assert record and record["personnummer"] == pnr and compare_resident(record) == []
    assert client.person("190001019800") is None
    assert [f.code for f in compare_resident(None)] == ["ej_folkbokford"]
    assert [f.code for f in compare_resident({**record, "avliden": "2026-02-10"})] == ["avliden"]
    assert set(client.persons([pnr, "190001019800"])) == {pnr}


@pytest.mark.parametrize("sim", [(300, 0.0)], indirect=True)
def test_a_slow_register_times_out_and_goes_to_a_person(engine: Engine, sim: str) -> None:
    client = SsbtekClient(Endpoint(sim, timeout_s=0.1), organisation="1", municipality="X")
    system = ExternalSystem("SSBTEK", attempts=2, backoff_s=0)
    with pytest.raises(SystemUnavailable, match="SSBTEK"):
        system.call(lambda: client.fetch(_person_with(engine, "a_kassa"), MARCH, date(2026, 3, 31)))


@pytest.mark.parametrize("sim", [(0, 1.0)], indirect=True)
def test_faults_become_register_errors_and_flags(engine: Engine, sim: str) -> None:
    answer = SsbtekClient(Endpoint(sim), organisation="1", municipality="X").fetch(
        _person_with(engine, "a_kassa"), MARCH, date(2026, 3, 31))
    assert "FK" in answer.errors
    assert [f.code for f in compare_incomes({}, answer, MARCH)][0] == "register_saknas"
    with pytest.raises(ConnectionError):
        FolkbokforingClient(Endpoint(sim)).person("199001019802")
