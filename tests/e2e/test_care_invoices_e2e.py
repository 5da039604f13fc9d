"""In Chromium, as a finance assistant: invoices uploaded, one above the agreed price becomes a task; from the task
queue to the evidence, to the invoice, approved with a reason; the task is done and the invoice registered.
axe-core finds no serious or critical violation on the pages."""

import random
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from ifoflow.arende.models import Task
from ifoflow.vardfaktura import synthetic
from ifoflow.vardfaktura.models import CareInvoice, Provider
from tests.e2e.test_assistance_e2e import axe_problems, site  # noqa: F401  (fixture)
from tests.e2e.test_inventory_e2e import sign_in

pytestmark = pytest.mark.usefixtures("demo_mode")


def test_a_finance_assistant_handles_a_price_deviation(site: tuple[str, Engine], page: Any,  # noqa: F811
                                                       tmp_path: Any) -> None:
    url, engine = site
    with sessionmaker(engine, expire_on_commit=False)() as s:
        made = [p for p in synthetic.make_placements(s, random.Random(8), count=12, start=date(2026, 1, 1))
                if p.provider_id and (p.end is None or p.end >= date(2026, 3, 31))][:3]
        providers = {p.id: p for p in s.scalars(select(Provider))}
        s.commit()
    gen = synthetic.invoices_for(made[1:], providers, [date(2026, 3, 1)], random.Random(1), deviation_rate=0,
                                 duplicate_rate=0)
    target = made[0]
    provider = providers[target.provider_id]
    dear = synthetic.Draft(provider, "F-DYR", target.reference, max(target.start, date(2026, 3, 1)),
                           date(2026, 3, 31), 31, Decimal("999999.00"), provider.bankgiro)
    files = []
    for name, content in [*gen.files, ("F-DYR.xml", dear.xml())]:
        path = tmp_path / name
        path.write_bytes(content)
        files.append(str(path))

    sign_in(page, url, "ekonomiassistent")
    page.get_by_role("link", name="Vårdfakturor").click()
    assert axe_problems(page) == []
    page.get_by_label("Lägg in fakturafiler (XML eller PDF)").set_input_files(files)
    page.get_by_role("button", name="Läs in och registrera").click()
    expect(page.get_by_text(f"{len(files)} nya fakturor. Fakturorna är registrerade; avvikelser i dag: 1.")
           ).to_be_visible()
    with sessionmaker(engine)() as s:
        task_id = s.scalar(select(Task.id).where(Task.kind == "vardfaktura_avvikelse"))
    page.goto(f"{url}/enheter/ADM/uppgifter")
    page.get_by_role("link", name="Vårdfaktura att granska").first.click()
    expect(page.get_by_text("högre än det avtalade priset")).to_be_visible()
    expect(page.get_by_text("Förväntat belopp")).to_be_visible()
    assert page.url.endswith(f"/uppgifter/{task_id}")
    assert axe_problems(page) == []
    page.get_by_role("button", name="Ta uppgiften").click()
    page.get_by_role("link", name="Fakturan med alla rader").click()
    expect(page.get_by_role("heading", name="Hantera avvikelsen")).to_be_visible()
    assert axe_problems(page) == []
    page.get_by_role("button", name="Godkänn och registrera").click()
    expect(page.get_by_text("Skriv varför fakturan godkänns trots avvikelsen.")).to_be_visible()
    page.get_by_label("Varför fakturan ska godkännas trots avvikelsen").fill(
        "Nytt pris avtalat med leverantören 2026-03-01, se dnr SN 2026-12.")
    page.get_by_role("button", name="Godkänn och registrera").click()
    expect(page.get_by_text("Fakturan F-DYR är registrerad och rekommenderas för attest.")).to_be_visible()
    with sessionmaker(engine)() as s:
        invoice = s.scalars(select(CareInvoice).where(CareInvoice.number == "F-DYR")).one()
        task = s.get_one(Task, task_id)
        assert (invoice.status, invoice.attest, task.status) == ("registrerad", "attestera", "klar")
