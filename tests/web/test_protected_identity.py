"""A protected person's address never leaks: not on pages, in letters, exports or logs."""

import json
from datetime import date

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import sessionmaker
from typer.testing import CliRunner

from ifoflow.arende.models import Case, Person
from ifoflow.arende.service import reassign_case
from ifoflow.atkomst.models import StaffUser
from ifoflow.brev.pdf import render_html
from ifoflow.brevutskick.robot import robot as brevutskick
from ifoflow.dataskydd import gdpr
from ifoflow.drift.operations import run_robot
from ifoflow.infobrev.robot import robot as infobrev
from ifoflow.main import app
from ifoflow.settings import get_settings
from tests.staff_town import Target
from tests.web.helpers import client_for

SECRET = "Hemliggatan 99"


def _protect(engine: Engine, target: Target) -> None:
    with sessionmaker(engine)() as s:
        person = s.get_one(Person, target.person_id)
        person.protected_identity, person.street, person.city = True, SECRET, "Hemlighult"
        case = s.get_one(Case, target.case_id)
        other = s.scalars(select(StaffUser).where(StaffUser.unit_id == case.unit_id,
                                                  StaffUser.id != case.assigned_to_id)).first()
        assert other is not None
        reassign_case(s, case, other, actor="chef")  # so the infobrev robot writes to this person
        s.commit()


def test_no_page_letter_export_or_log_leaks_the_address(engine: Engine, town: dict[str, Target],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    target = town["EB-01"]
    _protect(engine, target)
    monkeypatch.setenv("IFOFLOW_LETTER_HOLD_MINUTES", "0")  # no mailbox here: the letter goes by hand
    get_settings.cache_clear()
    run_robot(sessionmaker(engine), infobrev, run_key="skydd")
    run_robot(sessionmaker(engine), brevutskick, run_key="skydd")
    seen: list[str] = []
    for username in ("hl0001", "eb01_ekonomiassistent", "eb01_administrator", "eb01_it_strateg"):
        client = client_for(engine, username)
        for url in ("/", "/enheter/EB-01/arenden", f"/enheter/EB-01/arenden?sok={target.person_id}",
                    f"/personer/{target.person_id}", "/enheter/EB-01/uppgifter", "/drift", "/logguppfoljning",
                    f"/personer/{target.person_id}/registerutdrag.json"):
            seen.append(client.get(url).text)
    with sessionmaker(engine)() as s:
        data = gdpr.extract(s, target.person_id)
        seen.append(json.dumps(data, ensure_ascii=False))
        seen.append(render_html("dataskydd/registerutdrag.html", {"x": data, "sections": gdpr.SECTIONS, "created": "",
                                                        "municipality": "X"}))
        for table in ("letters", "letter_events", "audit_events", "access_log", "tasks", "robot_step_runs",
                      "robot_items"):
            seen.append(str(s.execute(text(f"SELECT * FROM {table}")).all()))
        assert s.execute(text("SELECT count(*) FROM letters WHERE status = 'manuell'")).scalar() == 1
    seen.append(CliRunner().invoke(app, ["access", "report"], env={"COLUMNS": "300"}).output)
    assert all(SECRET not in page for page in seen)
    assert any(gdpr.PROTECTED_ADDRESS in page for page in seen)


def test_cleared_user_sees_the_address_others_see_a_mask(engine: Engine, town: dict[str, Target]) -> None:
    target = town["EB-01"]
    _protect(engine, target)
    plain = client_for(engine, "hl0001").get(f"/personer/{target.person_id}")
    assert SECRET not in plain.text and "Skyddad identitet" in plain.text
    with sessionmaker(engine)() as s:
        s.execute(text("UPDATE staff_users SET clearance_protected = :t WHERE username = 'hl0002'"), {"t": True})
        s.commit()
    cleared = client_for(engine, "hl0002").get(f"/personer/{target.person_id}")
    assert SECRET in cleared.text
    assert date.today()  # the page is rendered today; nothing cached (Cache-Control: no-store)
    assert cleared.headers["cache-control"] == "no-store"


def test_lists_hide_a_protected_persons_name_and_number_without_clearance(engine: Engine,
                                                                         town: dict[str, Target]) -> None:
    from ifoflow.domain import identity

    target = town["EB-01"]
    _protect(engine, target)
    with sessionmaker(engine)() as s:
        person = s.get_one(Person, target.person_id)
        number, name = identity.display(person.personnummer), person.last_name
        client = client_for(engine, "hl0001")
        client.get(f"/personer/{target.person_id}")  # a read, so the access log lists the person too
    admin = client_for(engine, "eb01_administrator")
    pages = {"ärendelista": client.get(f"/enheter/EB-01/arenden?sok={number}").text,
             "logguppföljning": admin.get("/logguppfoljning").text}
    for page, html in pages.items():
        rows = html[html.index("<tbody>"):html.index("</tbody>")]  # the search field echoes what was typed
        assert number not in rows and name not in rows, page
        assert "Dolt" in rows, page
