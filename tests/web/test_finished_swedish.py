"""Every page a person can reach, as every role and as a citizen, in the demo municipality: followed from the
start page link by link, it opens (no link to a page the role may not see), and its text is finished Swedish:
no stored codes, no English statuses, no Python reprs, amounts written as "21 030 kr"."""

import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from ifoflow.app import create_app
from ifoflow.domain.enums import SWEDISH_LABELS
from ifoflow.rules.kinds import COST_KINDS, INCOME_KINDS
from tests.web.helpers import sign_in, token

ROLES = ["hl0001", "bu01", "jour01", "it_strateg", "administrator", "namndsekreterare", "processagare",
         "ekonomiassistent", "chef_eb01", "kvalitetsutvecklare", "dataskyddsombud"]
SKIP = re.compile(r"^/(logga-ut|static/|dokument/)|\.(pdf|csv|xlsx|json)(\?|$)|/e-tjanst/brev/")
ENGLISH = {"done", "failed", "pending", "running", "human", "paused", "stalled", "None", "True", "False", "null",
           "Not Found", "Internal Server Error", "Method Not Allowed"}
REPRS = ["{'", "'}", "':", "datetime.", "Decimal(", "<ifoflow", "[{", "}]"]


def _folded(word: str) -> str:
    return word.lower().replace("å", "a").replace("ä", "a").replace("ö", "o").replace(" ", "").replace("-", "")


# Stored codes that are Swedish words with å, ä, ö folded away ("pagaende" for "Pågående", "aktivitetsstod" for
# "Aktivitetsstöd"), also with "_" read as a space ("a kassa"): never on a page.
_LABELS = {**SWEDISH_LABELS, **INCOME_KINDS, **COST_KINDS}
FOLDED_CODES = {k for k, v in _LABELS.items() if k.isascii() and k not in v.lower() and _folded(v).startswith(k)}
SPACED_CODES = {k.replace("_", " ") for k, v in _LABELS.items() if "_" in k and k.replace("_", " ") not in v.lower()}


class _Text(HTMLParser):
    """The text a person reads: not inside <pre>/<code> (deliberate technical detail), <script> or <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("pre", "code", "script", "style"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/"):
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("pre", "code", "script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def problems_in(text: str) -> list[str]:
    found = [f"kod {m}" for m in re.findall(r"\b[a-zåäö]+_[a-zåäö0-9_]+\b", text)]
    found += [f"kod {w}" for w in re.findall(r"\b[a-z]+\b", text) if w in FOLDED_CODES]
    found += [f"kod {c}" for c in SPACED_CODES if re.search(rf"\b{re.escape(c)}\b", text)]
    found += [f"engelska {w}" for w in ENGLISH if re.search(rf"\b{re.escape(w)}\b", text)]
    found += [f"repr {r}" for r in REPRS if r in text]
    found += [f"belopp {m}" for m in re.findall(r"\b\d{4,} ?kr\b", text)]
    return found


def crawl(client: TestClient, start: str, limit: int = 80) -> tuple[dict[str, list[str]], set[str]]:
    """Breadth first from `start`: each page's problems (status, codes) by path, and the kinds of page seen."""
    seen: set[str] = set()
    queue: list[str] = [start]
    report: dict[str, list[str]] = {}
    while queue and len(seen) < limit:
        path = queue.pop(0)
        key = re.sub(r"\d+", "N", path.split("?")[0])  # one of each kind of page (a person, a case ...)
        if key in seen or SKIP.search(path):
            continue
        seen.add(key)
        response = client.get(path)
        if response.status_code != 200:
            report[path] = [f"status {response.status_code}"]
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        parser = _Text()
        parser.feed(response.text)
        text = re.sub(r"\s+", " ", " ".join(parser.parts))
        if problems := problems_in(text):
            report[path] = problems
        queue += parser.links
    return report, seen


@pytest.fixture(scope="module")
def demo_town(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The demo municipality as `ifoflow demo` makes it, smaller, with its robots' first runs done (SQLite; made
    once for the module: the pages only read it)."""
    from contextlib import contextmanager

    from ifoflow.demo import content, robots
    from ifoflow.robots.registers import registers
    from ifoflow.settings import get_settings
    from ifoflow.simulators.app import create_sim_app
    from ifoflow.store.db import make_engine, upgrade
    from tests.servers import serving

    @contextmanager
    def no_bar(title: str, total: int) -> Iterator[object]:
        yield lambda n: None

    folder = tmp_path_factory.mktemp("demo")
    engine = make_engine(f"sqlite:///{folder / 'ifoflow.db'}")
    upgrade(engine)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("IFOFLOW_DATA_DIR", str(folder))
        env.setenv("IFOFLOW_DEMO_MODE", "true")
        env.setenv("IFOFLOW_EID_PROVIDER", "dev")
        get_settings.cache_clear()
        content.prepare(engine, households=300, today=date.today())
        with serving(create_sim_app(engine, changes=0.05)) as url:
            env.setenv("IFOFLOW_SSBTEK_URL", url)
            env.setenv("IFOFLOW_FOLKBOKFORING_URL", url)
            get_settings.cache_clear()
            registers.cache_clear()
            robots.first_runs(sessionmaker(engine), date.today(), no_bar)
            yield engine
    registers.cache_clear()
    get_settings.cache_clear()
    engine.dispose()


def test_the_checks_catch_what_a_person_should_never_read() -> None:
    assert problems_in("Status: oppen, delvis_bifall, done. {'a': 1} 21030 kr") == [
        "kod delvis_bifall", "kod oppen", "engelska done", "repr {'", "repr ':", "belopp 21030 kr"]
    assert problems_in("Ej redovisad aktivitetsstod, a kassa") == ["kod aktivitetsstod", "kod a kassa"]
    assert problems_in("Status: Öppen, Delvis bifall, Klar. 21\u00a0030\u00a0kr") == []


@pytest.mark.parametrize("username", ROLES)
def test_every_page_of_each_role_is_finished_swedish(demo_town: Engine, username: str) -> None:
    client = TestClient(create_app(demo_town), base_url="https://testserver")
    assert "Logga ut" in sign_in(client, username).text
    problems, pages = crawl(client, "/")
    assert problems == {}
    assert len(pages) >= 3, pages


def test_every_page_of_the_e_service_is_finished_swedish(demo_town: Engine) -> None:
    client = TestClient(create_app(demo_town), base_url="https://testserver")
    assert crawl(client, "/e-tjanst")[0] == {}  # before signing in
    page = client.get("/e-tjanst/logga-in").text
    number = re.search(r'<option value="(\d{12})"', page)
    assert number
    client.post("/e-tjanst/logga-in", data={"personnummer": number.group(1),
                                             "csrf_token": token(client, "/e-tjanst/logga-in")})
    problems, pages = crawl(client, "/e-tjanst/mina-arenden")
    assert problems == {} and {"/e-tjanst/mina-arenden", "/e-tjanst/ansokan"} <= pages, pages


def test_pages_seen_by_role(demo_town: Engine) -> None:
    """The crawl reaches the pages each role works on (so a green crawl means something)."""
    expected = {"hl0001": {"/enheter/EB-N/ansokningar", "/enheter/EB-N/uppgifter", "/enheter/EB-N/arenden",
                           "/personer/N", "/enheter/EB-N/stopp"},
                "it_strateg": {"/drift", "/kontroll/N-N", "/beslutstyper", "/processer/N"},
                "administrator": {"/logguppfoljning", "/skuld/karantan", "/enheter/ADM/uppgifter"}}
    for username, pages in expected.items():
        client = TestClient(create_app(demo_town), base_url="https://testserver")
        sign_in(client, username)
        assert pages <= crawl(client, "/")[1], username
