"""A process owner registers a process in Chromium and gets its priority, calculation and summary."""

import re
from typing import Any

from playwright.sync_api import expect

from ifoflow.synthetic.seed import DEMO_PASSWORD


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/logga-in")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/")


def test_process_owner_registers_and_assesses_a_process(server: str, page: Any) -> None:
    sign_in(page, server, "processagare")
    page.get_by_role("link", name="Processinventering").click()
    page.get_by_role("link", name="Registrera en process").click()
    page.get_by_label("Processens namn").fill("Ansökan om försörjningsstöd")
    page.get_by_label("Enhet", exact=True).fill("Försörjningsstöd")
    page.get_by_label("Ärenden per år").fill("30000")
    page.get_by_label("Minuter per ärende").fill("25")
    page.get_by_label("System som används (kommaseparerade)").fill("Verksamhetssystem, SSBTEK, E-tjänst")
    page.get_by_label("Hur regelstyrd är processen?").select_option("4")
    page.get_by_role("radio", name="Ja").check()
    for text in ["Processen ändras sällan", "Indata kommer i strukturerad form", "Manuell hantering ger fel",
                 "Verksamheten vill automatisera", "Beslutet kan överklagas",
                 "tydliga regler för när ansökan ska beviljas", "tydliga regler för när ansökan ska avslås"]:
        page.get_by_label(text).check()
    page.get_by_label("Ansvarig nämnd").fill("Socialnämnden")
    page.get_by_label("Delegation (punkt i delegationsordningen)").fill("DO 4.1")
    page.get_by_label("Lagrum").fill("12 kap. 7 § socialtjänstlagen (2025:400)")
    page.get_by_label("Andel som automatiseras (0–1)").fill("0.6")
    page.get_by_label("Investering (kr)").fill("1000000")
    page.get_by_label("Ränta (%)").fill("2")
    page.get_by_label("Avskrivningstid (år)").fill("5")
    page.get_by_role("button", name="Spara och bedöm").click()
    assert page.locator("#prioritet").inner_text() == "P1"
    expect(page.get_by_role("cell", name=re.compile(r"^220\s000\skr$")).first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Sammanfattning för nämnden (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.get_by_role("link", name="Processinventering").first.click()
    expect(page.get_by_role("link", name="Ansökan om försörjningsstöd")).to_be_visible()


def test_a_handlaggare_cannot_open_the_inventory(server: str, page: Any) -> None:
    sign_in(page, server, "hl0001")
    response = page.goto(f"{server}/processer")
    assert response.status == 403 and page.get_by_role("heading", name="Du har inte behörighet").is_visible()
