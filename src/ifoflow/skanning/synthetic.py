"""Synthetic paper for the scanning robot: the text of each document type, filled with sv_SE fake data.

Used three ways: to make the shipped training corpus (`ifoflow skanning korpus`), to make the held-out set of the
benchmark, and in tests. Every personnummer is from Skatteverket's test series (docs/testdata.md). Each type has
several senders and phrasings, and all types share the same kinds of numbers, names and dates, so the classifier
has to learn the words of a type, not its layout.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker

from ifoflow.domain.identity import display
from ifoflow.domain.testnumbers import TEST_SERIALS_FEMALE, TEST_SERIALS_MALE, make_number


@dataclass(frozen=True)
class Party:
    """Whom a paper is about, as it is printed on it."""

    name: str
    personnummer: str  # canonical, 12 digits
    street: str
    postal: str


def fake_party(rng: random.Random, fake: Faker, *, child_on: date | None = None) -> Party:
    """An adult born 1950-2004, or a child under 18 on `child_on`."""
    born = child_on - timedelta(days=rng.randrange(365, 365 * 17)) if child_on else \
        date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
    female = rng.random() < 0.5
    serial = rng.choice(TEST_SERIALS_FEMALE if female else TEST_SERIALS_MALE)
    first = fake.first_name_female() if female else fake.first_name_male()
    return Party(f"{first} {fake.last_name()}", make_number(born, serial), fake.street_address(),
                 f"{fake.postcode()} {fake.city()}")


def _pnr(rng: random.Random, party: Party) -> str:
    return display(party.personnummer) if rng.random() < 0.7 else f"{party.personnummer[2:8]}-{party.personnummer[8:]}"


def _day(rng: random.Random, today: date, back: int = 60, ahead: int = 0) -> str:
    return (today + timedelta(days=rng.randint(-back, ahead))).isoformat()


def _kr(rng: random.Random, low: int, high: int) -> str:
    return f"{rng.randint(low, high):,}".replace(",", " ") + " kr"


Page = list[str]
Maker = Callable[[random.Random, Faker, Party, date], list[Page]]


def ansokan(rng: random.Random, fake: Faker, p: Party, today: date) -> list[Page]:
    month = (today.replace(day=1) + timedelta(days=32)).strftime("%Y-%m")
    return [[rng.choice(["Ansökan om ekonomiskt bistånd", "ANSÖKAN OM EKONOMISKT BISTÅND",
                         "Ansökan om försörjningsstöd"]), f"Socialtjänsten, {fake.city()} kommun",
             f"Ansökan gäller månad: {month}", f"Sökande: {p.name}", f"Personnummer: {_pnr(rng, p)}",
             f"Adress: {p.street}, {p.postal}", f"Telefon: {fake.phone_number()}",
             "Hushållets inkomster", f"Lön: {_kr(rng, 0, 9000)}", f"Bostadsbidrag: {_kr(rng, 0, 3000)}",
             "Hushållets utgifter", f"Hyra: {_kr(rng, 4000, 11000)}", f"Hemförsäkring: {_kr(rng, 90, 250)}",
             rng.choice(["Jag försäkrar att uppgifterna är riktiga.", "Jag intygar på heder och samvete att "
                         "lämnade uppgifter är sanna."]), f"Datum: {_day(rng, today, 10)}", "Underskrift sökande"]]


def hyresavtal(rng: random.Random, fake: Faker, p: Party, today: date) -> list[Page]:
    landlord = rng.choice(["Bostads AB Roslagen", "Hyresbostäder i Norrtälje", f"{fake.last_name()} Fastigheter AB",
                           "Stiftelsen Hembygd"])
    if rng.random() < 0.5:
        return [[rng.choice(["HYRESAVI", "Hyresavi", "Avi för hyra"]), landlord, f"Hyresgäst: {p.name}",
                 f"{p.street}", f"{p.postal}", f"Objekt: lägenhet {rng.randint(1001, 1499)}",
                 f"Period: {today:%Y-%m}", f"Hyra bostad: {_kr(rng, 4000, 11000)}",
                 f"Varmvatten: {_kr(rng, 50, 400)}", f"Att betala: {_kr(rng, 4100, 11500)}",
                 f"Betala senast: {_day(rng, today, 0, 30)}", f"OCR-nummer: {rng.randint(10**9, 10**10 - 1)}",
                 f"Bankgiro: {rng.randint(100, 999)}-{rng.randint(1000, 9999)}"]]
    return [[rng.choice(["HYRESKONTRAKT FÖR BOSTADSLÄGENHET", "Hyresavtal", "Kontrakt om uthyrning av bostad"]),
             f"Hyresvärd: {landlord}", f"Hyresgäst: {p.name}", f"Personnummer: {_pnr(rng, p)}",
             f"Lägenhetens adress: {p.street}, {p.postal}", f"Antal rum: {rng.randint(1, 5)} rum och kök",
             f"Yta: {rng.randint(25, 110)} kvm", f"Hyrestid: från och med {_day(rng, today, 400)} och tills vidare",
             f"Månadshyra: {_kr(rng, 4000, 11000)}", "Uppsägningstid tre kalendermånader.",
             "Hyran betalas i förskott senast sista vardagen före varje kalendermånads början.",
             "Detta kontrakt har upprättats i två likalydande exemplar.", "Underskrift hyresvärd och hyresgäst"]]


def lonespecifikation(rng: random.Random, fake: Faker, p: Party, today: date) -> list[Page]:
    gross = rng.randint(8000, 32000)
    return [[rng.choice(["Lönespecifikation", "LÖNEBESKED", "Lönebesked"]), fake.company(),
             f"Anställd: {p.name}", f"Personnummer: {_pnr(rng, p)}", f"Anställningsnummer: {rng.randint(100, 9999)}",
             f"Utbetalningsdag: {_day(rng, today, 40)}", f"Löneperiod: {today:%Y-%m}",
             f"Månadslön: {gross} kr", f"OB-tillägg: {rng.randint(0, 2500)} kr", f"Bruttolön: {gross} kr",
             f"Preliminär skatt: {gross * 30 // 100} kr", f"Nettolön: {gross * 70 // 100} kr",
             f"Semesterdagar kvar: {rng.randint(0, 25)}", "Utbetalas till konto enligt anmälan."]]


def kontoutdrag(rng: random.Random, fake: Faker, p: Party, today: date) -> list[Page]:
    bank = rng.choice(["Swedbank", "Handelsbanken", "SEB", "Nordea", "Sparbanken Roslagen", "ICA Banken"])
    what = ["Kortköp ICA", "Kortköp Coop", "Swish", "Autogiro", "Lön", "Uttag Bankomat", "Överföring"]
    rows = [f"{_day(rng, today, 30)}  {rng.choice(what)}  {rng.randint(-4000, 9000)},00"
            for _ in range(rng.randint(6, 12))]
    pages = [[rng.choice(["Kontoutdrag", "KONTOUTDRAG", "Kontohändelser"]), bank, f"Kontohavare: {p.name}",
              f"Kontonummer: {rng.randint(1000, 9999)}-{rng.randint(10**7, 10**8 - 1)}",
              f"Period: {_day(rng, today, 60)} - {_day(rng, today, 0)}",
              f"Ingående saldo: {rng.randint(0, 20000)},00", "Datum  Text  Belopp", *rows[:8]]]
    if rng.random() < 0.4:
        pages.append([f"{bank} kontoutdrag, sida 2", *rows[8:], f"Utgående saldo: {rng.randint(0, 20000)},00",
                      "Reklamationer ska göras inom 13 månader."])
    return pages


def lakarintyg(rng: random.Random, fake: Faker, p: Party, today: date) -> list[Page]:
    return [[rng.choice(["Läkarintyg", "LÄKARINTYG", "Läkarintyg för sjukpenning", "Medicinskt underlag"]),
             rng.choice(["Vårdcentralen Norrtälje", "Capio Vårdcentral", "Psykiatrimottagningen",
                         "Region Stockholm, närakut"]), f"Patient: {p.name}", f"Personnummer: {_pnr(rng, p)}",
             f"Diagnos: {rng.choice(['F32.1', 'M54.5', 'F41.1', 'S82.2', 'J45.9'])}",
             "Funktionsnedsättning och aktivitetsbegränsning", rng.choice([
                 "Patienten har nedsatt förmåga att arbeta på grund av smärta.",
                 "Patienten är helt förhindrad att delta i arbetsförberedande insatser.",
                 "Nedsatt koncentrationsförmåga och uttalad trötthet."]),
             f"Sjukskrivning: {rng.choice(['100 %', '75 %', '50 %', '25 %'])} "
             f"från {_day(rng, today, 20)} till {_day(rng, today, 0, 60)}",
             f"Intygsskrivande läkare: leg. läkare {fake.name()}", f"Datum: {_day(rng, today, 10)}"]]


def myndighetsbeslut(rng: random.Random, fake: Faker, p: Party, today: date) -> list[Page]:
    agency, what = rng.choice([("Försäkringskassan", "sjukpenning"), ("Försäkringskassan", "bostadsbidrag"),
                               ("Försäkringskassan", "aktivitetsersättning"), ("Pensionsmyndigheten", "bostadstillägg"),
                               ("Arbetsförmedlingen", "aktivitetsstöd"), ("CSN", "studiemedel"),
                               ("Migrationsverket", "dagersättning")])
    return [[agency, rng.choice([f"Beslut om {what}", f"BESLUT – {what}", f"Vi har fattat beslut om {what}"]),
             f"Till: {p.name}", f"Personnummer: {_pnr(rng, p)}", f"{p.street}", f"{p.postal}",
             f"Ärendenummer: {rng.randint(100000, 999999)}", rng.choice([
                 f"Du får {what} med {_kr(rng, 500, 12000)} per månad från och med {_day(rng, today, 30)}.",
                 f"Vi avslår din ansökan om {what}.",
                 f"Ditt {what} ändras från och med {_day(rng, today, 0, 30)}."]),
             "Hur man överklagar", f"Om du inte är nöjd med beslutet kan du begära omprövning hos {agency}.",
             "Omprövningen ska ha kommit in inom två månader från den dag du fick del av beslutet.",
             f"Med vänliga hälsningar, {agency}"]]


def faktura(rng: random.Random, fake: Faker, p: Party, today: date) -> list[Page]:
    return [[rng.choice(["FAKTURA", "Faktura", "Räkning"]), fake.company(), f"Org.nr {rng.randint(550000, 559999)}-"
             f"{rng.randint(1000, 9999)}", f"Fakturanummer: {rng.randint(10000, 99999)}",
             f"Fakturadatum: {_day(rng, today, 20)}", "Kund: Socialnämnden, individ- och familjeomsorgen",
             f"Er referens: {fake.name()}", rng.choice(["Avser: tolktjänst", "Avser: kontorsmaterial",
                                                       "Avser: konsultation", "Avser: städning av lokaler",
                                                       "Avser: transporter"]),
             f"Belopp exkl. moms: {_kr(rng, 500, 40000)}", "Moms 25 %", f"Att betala: {_kr(rng, 600, 50000)}",
             f"Förfallodatum: {_day(rng, today, 0, 30)}",
             f"Bankgiro: {rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
             "Dröjsmålsränta enligt räntelagen."]]


def skuldavisering(rng: random.Random, fake: Faker, p: Party, today: date) -> list[Page]:
    """Labelled lines as the debt intake reads them from a PDF (skuld.intake.PDF_LABELS)."""
    kind = rng.choice(["hyra", "el"])
    creditor = rng.choice(["Bostads AB Roslagen", "Hyresbostäder i Norrtälje"]) if kind == "hyra" else \
        rng.choice(["Roslagens Energi AB", "Vattenfall AB"])
    cutoff = "Avhysningsdatum" if kind == "hyra" else "Avstängningsdatum"
    return [[rng.choice(["Underrättelse om obetald skuld", "Meddelande till socialnämnden om hyresskuld",
                         "Underrättelse enligt 12 kap. jordabalken" if kind == "hyra" else
                         "Underrättelse om avstängning av el"]),
             f"Borgenär: {creditor}", f"Namn: {p.name}", f"Personnummer: {display(p.personnummer)}",
             f"Typ: {kind}", f"Belopp: {rng.randint(1500, 25000)}", f"Förfallodatum: {_day(rng, today, 40)}",
             f"{cutoff}: {_day(rng, today, 0, 40)}", f"Referens: {rng.randint(100000, 999999)}",
             "Socialnämnden underrättas om att skulden inte är betald."]]


def domstol(rng: random.Random, fake: Faker, p: Party, today: date) -> list[Page]:
    court = rng.choice(["Attunda tingsrätt", "Förvaltningsrätten i Stockholm", "Kammarrätten i Stockholm",
                        "Svea hovrätt", "Uppsala tingsrätt"])
    pages = [[court, rng.choice(["DOM", "Dom", "Kallelse till förhandling", "Föreläggande", "Protokoll"]),
              f"Mål nr {rng.choice(['T', 'B', 'FT', 'Ö'])} {rng.randint(100, 9999)}-{today:%y}",
              f"Parter: {p.name}, {_pnr(rng, p)}", f"Motpart: {rng.choice(['Socialnämnden', fake.name()])}",
              rng.choice(["Saken: ekonomiskt bistånd", "Saken: vårdnad om barn", "Saken: avhysning",
                          "Saken: skuldsanering"]), "DOMSLUT", rng.choice([
                  "Tingsrätten avslår yrkandet.", "Förvaltningsrätten bifaller överklagandet.",
                  "Målet ska avgöras efter huvudförhandling."]),
              "Hur man överklagar, se bilaga.", f"Rådman {fake.name()}"]]
    if rng.random() < 0.35:
        pages.append([f"{court}, domskäl", "Bakgrund", fake.paragraph(nb_sentences=4), "Domstolens bedömning",
                      fake.paragraph(nb_sentences=5)])
    return pages


def brev(rng: random.Random, fake: Faker, p: Party, today: date) -> list[Page]:
    return [[f"{p.name}", f"{p.street}", f"{p.postal}", _day(rng, today, 10), rng.choice([
        "Hej! Jag skriver till min handläggare.", "Till socialtjänsten", "Hej,"]), rng.choice([
        "Jag vill berätta att jag har fått ett nytt jobb från nästa månad.",
        "Jag skickar in kvitton på mediciner som jag har köpt.",
        "Min dotter har flyttat hemifrån och bor inte längre hos mig.",
        "Jag vill klaga på att mitt bistånd kom för sent förra månaden.",
        "Kan ni ringa mig? Jag behöver hjälp med hyran."]),
        f"Mitt personnummer är {_pnr(rng, p)}." if rng.random() < 0.8 else "",
        "Med vänlig hälsning", p.name.split()[0]]]


def orosanmalan(rng: random.Random, fake: Faker, adult: Party, today: date) -> list[Page]:
    p = fake_party(rng, fake, child_on=today)  # a report is about a child
    return [[rng.choice(["Orosanmälan", "ANMÄLAN OM OROR FÖR ETT BARN", "Anmälan till socialnämnden om att ett "
                         "barn kan behöva skydd"]),
             f"Anmälare: {rng.choice(['förskolan', 'skolan', 'BVC', 'polisen', 'granne'])} {fake.name()}",
             f"Barnets namn: {p.name}", f"Barnets personnummer: {_pnr(rng, p)}",
             "Vad har hänt?", rng.choice([
                 "Barnet kommer ofta till skolan hungrigt och utan kläder efter väder.",
                 "Barnet berättade att pappa slår när han är arg.",
                 "Vi har hört bråk och skrik från lägenheten flera kvällar.",
                 "Barnet har stor frånvaro och verkar oroligt."]),
             "Anmälan görs enligt anmälningsskyldigheten för den som arbetar med barn.",
             f"Datum: {_day(rng, today, 3)}", f"Kontakt: {fake.phone_number()}"]]


def ovrigt(rng: random.Random, fake: Faker, p: Party, today: date) -> list[Page]:
    return [[rng.choice([
        "Inbjudan till nätverksträff", "Erbjudande – köp två betala för en", "Nyhetsbrev från föreningen",
        "Protokoll från styrelsemöte", "Information om vägarbete", "Tack för din beställning"]),
        fake.company(), *(fake.sentence(nb_words=rng.randint(6, 12)) for _ in range(rng.randint(4, 8))),
        f"Välkommen {_day(rng, today, 0, 30)}", fake.url()]]


MAKERS: dict[str, Maker] = {
    "ansokan": ansokan, "hyresavtal": hyresavtal, "lonespecifikation": lonespecifikation,
    "kontoutdrag": kontoutdrag, "lakarintyg": lakarintyg, "myndighetsbeslut": myndighetsbeslut, "faktura": faktura,
    "skuldavisering": skuldavisering, "domstol": domstol, "brev": brev, "orosanmalan": orosanmalan,
    "ovrigt": ovrigt}


def document(kind: str, rng: random.Random, fake: Faker, party: Party, today: date) -> list[Page]:
    """The pages of one paper of the kind, each a list of lines (empty lines dropped)."""
    return [[line for line in page if line] for page in MAKERS[kind](rng, fake, party, today)]
