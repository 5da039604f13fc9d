"""Closed vocabularies of the domain. Values are the stored strings (ASCII Swedish terms)."""

from enum import StrEnum


class StaffRole(StrEnum):
    handlaggare = "handlaggare"
    ekonomiassistent = "ekonomiassistent"
    administrator = "administrator"
    it_strateg = "it_strateg"
    namndsekreterare = "namndsekreterare"
    processagare = "processagare"
    enhetschef = "enhetschef"  # a unit's manager: reviews the unit's deviation reports
    kvalitetsutvecklare = "kvalitetsutvecklare"  # the quality team: deviations, Lex Sarah investigations
    dataskyddsombud = "dataskyddsombud"  # the data protection officer: personal-data incidents


class MemberRole(StrEnum):
    sokande = "sokande"
    medsokande = "medsokande"
    barn = "barn"
    ovrig = "ovrig"  # an adult sharing the household without being sambo


class UnitKind(StrEnum):
    ekonomiskt_bistand = "ekonomiskt_bistand"
    barn_och_unga = "barn_och_unga"
    vuxen = "vuxen"
    administration = "administration"


class CaseType(StrEnum):
    forsorjningsstod = "forsorjningsstod"
    skuld = "skuld"
    orosanmalan = "orosanmalan"
    utredning = "utredning"
    placering = "placering"
    avvikelse = "avvikelse"


class CaseStatus(StrEnum):
    aktualiserad = "aktualiserad"
    pagaende = "pagaende"
    vilande = "vilande"
    avslutad = "avslutad"


class ApplicationStatus(StrEnum):
    inskickad = "inskickad"
    vantar_register = "vantar_register"  # a register did not answer; the robot tries again
    under_handlaggning = "under_handlaggning"
    beslutad = "beslutad"
    aterkallad = "aterkallad"


class DecisionOutcome(StrEnum):
    bifall = "bifall"
    delvis_bifall = "delvis_bifall"
    avslag = "avslag"


class PaymentStatus(StrEnum):
    planerad = "planerad"
    exporterad = "exporterad"
    utbetald = "utbetald"
    stoppad = "stoppad"


class TaskStatus(StrEnum):
    oppen = "oppen"
    pagaende = "pagaende"
    klar = "klar"


class LetterStatus(StrEnum):
    """Where a letter is on its way (ifoflow.brev.delivery): waiting, then sent by one channel, or stopped."""

    vantar = "vantar"  # written, not yet sent: a case worker can still stop it
    skickas = "skickas"  # taken by the delivery robot: being sent now (a rerun sends it again, once)
    skickad = "skickad"  # delivered to the digital mailbox or the e-service
    utskrift = "utskrift"  # waiting for the day's print batch
    utskriven = "utskriven"  # in a print batch handed to the print house
    manuell = "manuell"  # protected identity and no digital channel: on the list sent by hand, never printed
    stoppad = "stoppad"  # stopped by a case worker
    ersatt = "ersatt"  # replaced before it went out (a newer case worker to name)
    misslyckad = "misslyckad"  # could not be made (template error, missing field): the reason is stored


class LetterChannel(StrEnum):
    brevlada = "brevlada"  # digital mailbox (Mina meddelanden: Kivra, Min myndighetspost ...)
    e_tjanst = "e_tjanst"  # the e-service's Mina ärenden
    utskrift = "utskrift"  # the daily print batch, addressed from the resident register
    manuell = "manuell"  # by hand: protected identity on paper


class Insats(StrEnum):
    """What a placement gives the client (beslut om insats)."""

    hvb = "hvb"  # hem för vård eller boende
    familjehem_konsulent = "familjehem_konsulent"  # konsulentstött familjehem, through an agency
    familjehem_kommunalt = "familjehem_kommunalt"  # the municipality's own family home: paid through payroll
    stodboende = "stodboende"
    behandlingshem_vuxna = "behandlingshem_vuxna"  # treatment home for adults (SoL or LVM)
    skyddat_boende = "skyddat_boende"


class PriceUnit(StrEnum):
    dygn = "dygn"
    manad = "manad"
    styck = "styck"


class Deviation(StrEnum):
    """Why a care invoice goes to a finance assistant instead of being registered."""

    okand_leverantor = "okand_leverantor"
    bankgiro_avviker = "bankgiro_avviker"
    ingen_placering = "ingen_placering"
    utanfor_perioden = "utanfor_perioden"
    over_avtalat_pris = "over_avtalat_pris"
    overlappande_dagar = "overlappande_dagar"
    kredit_utan_original = "kredit_utan_original"


class Protection(StrEnum):
    """The three kinds of protected personal data in the resident register (Skatteverket)."""

    ingen = "ingen"
    sekretessmarkering = "sekretessmarkering"  # address known but secret: may be used to send, never shown
    skyddad_folkbokforing = "skyddad_folkbokforing"  # address unknown to us: paper via särskild postförmedling
    fingerade_personuppgifter = "fingerade_personuppgifter"  # assumed identity: only that identity is used


class RunStatus(StrEnum):
    """A robot run's or item's state (stored in English words, shown in Swedish)."""

    pending = "pending"
    running = "running"
    done = "done"
    failed = "failed"
    human = "human"
    paused = "paused"
    stalled = "stalled"  # derived: running, with no progress for a while


# Every stored code a person may see, in Swedish. A test crawls every page and fails on a code left untranslated.
SWEDISH_LABELS: dict[str, str] = {
    # roles and units
    "handlaggare": "Handläggare",
    "ekonomiassistent": "Ekonomiassistent",
    "administrator": "Administratör",
    "it_strateg": "IT-strateg",
    "namndsekreterare": "Nämndsekreterare",
    "processagare": "Processägare",
    "ekonomiskt_bistand": "Ekonomiskt bistånd",
    "barn_och_unga": "Barn och unga",
    "vuxen": "Vuxen",
    "administration": "Administration",
    # household members
    "sokande": "Sökande",
    "medsokande": "Medsökande",
    "barn": "Barn",
    "ovrig": "Övrig vuxen",
    # cases
    "forsorjningsstod": "Försörjningsstöd",
    "skuld": "Skuld (hyra/el)",
    "orosanmalan": "Orosanmälan",
    "utredning": "Utredning",
    "placering": "Placering",
    "avvikelse": "Avvikelse",
    "aktualiserad": "Aktualiserad",
    "pagaende": "Pågående",
    "vilande": "Vilande",
    "avslutad": "Avslutad",
    # applications and decisions
    "inskickad": "Inskickad",
    "vantar_register": "Väntar på uppgifter från register",
    "under_handlaggning": "Prövas av handläggare",
    "beslutad": "Beslutad",
    "aterkallad": "Återkallad",
    "bifall": "Bifall",
    "delvis_bifall": "Delvis bifall",
    "avslag": "Avslag",
    # payments, tasks, letters
    "planerad": "Planerad",
    "exporterad": "Skickad till banken",
    "utbetald": "Utbetald",
    "stoppad": "Stoppad",
    "oppen": "Öppen",
    "klar": "Klar",
    "skapad": "Skapad",
    "skickad": "Skickad",
    "manuell": "Skickas manuellt",
    "vantar": "Väntar på utskick",
    "skickas": "Skickas nu",
    "utskrift": "Väntar på utskrift",
    "utskriven": "Utskriven",
    "ersatt": "Ersatt av ett nyare brev",
    "misslyckad": "Kunde inte skapas",
    "sekretessmarkering": "Sekretessmarkering",
    # orosanmälan
    "orosanmalan_skyddsbedomning": "Orosanmälan: skyddsbedöm genast",
    "orosanmalan_akut": "Akut orosanmälan till socialjouren",
    "orosanmalan_identifiera": "Orosanmälan: identifiera barnet",
    "oro_akut": "Akut orosanmälan",
    "drift": "Robotdrift",
    "skola": "Skola", "forskola": "Förskola", "halso_och_sjukvard": "Hälso- och sjukvård", "polis": "Polis",
    "socialtjanst": "Socialtjänst", "annan_myndighet": "Annan myndighet", "privatperson": "Privatperson",
    "ny": "Ny, väntar på skyddsbedömning", "skyddsbedomd": "Skyddsbedömd", "forhandsbedomd": "Förhandsbedömd",
    "nu": "Nu", "idag": "I dag", "telefon": "Telefon", "intern": "Intern", "papper": "Papper (skannad)",
    "okand": "Okänd (läs handlingen)",
    "vet_ej": "Vet inte",
    # placements and care invoices
    "hvb": "HVB (hem för vård eller boende)",
    "familjehem_konsulent": "Konsulentstött familjehem",
    "familjehem_kommunalt": "Kommunalt familjehem",
    "stodboende": "Stödboende",
    "behandlingshem_vuxna": "Behandlingshem för vuxna",
    "skyddat_boende": "Skyddat boende",
    "dygn": "per dygn",
    "manad": "per månad",
    "styck": "per styck",
    "okand_leverantor": "Okänd leverantör",
    "bankgiro_avviker": "Bankgirot skiljer sig från leverantörsregistret",
    "ingen_placering": "Ingen placering hittades",
    "utanfor_perioden": "Perioden ligger utanför beslutet",
    "over_avtalat_pris": "Beloppet är högre än avtalat pris",
    "overlappande_dagar": "Dagarna är redan fakturerade",
    "kredit_utan_original": "Kreditfaktura utan ursprunglig faktura",
    "vardfaktura_avvikelse": "Vårdfaktura att granska",
    "vardfaktura_pdf": "Vårdfaktura som PDF: be om e-faktura",
    "attestera": "Attestera",
    "avvakta": "Attestera inte ännu",
    "faktura": "Faktura",
    "kredit": "Kreditfaktura",
    "lon": "Arvode via lön",
    "skyddad_folkbokforing": "Skyddad folkbokföring",
    "fingerade_personuppgifter": "Fingerade personuppgifter",
    "ansokan_forsorjningsstod": "Ansökan att pröva",
    "ansokan_vantar_register": "Ansökan väntar på register",
    "system_otillgangligt": "System svarar inte",
    "manuell_handlaggning": "Manuell handläggning",
    "kontroll": "Träff i månadskontrollen",
    "skyddad_identitet_brev": "Brev till person med skyddad identitet",
    "skuld_okand_person": "Skuldavisering: personen finns inte i folkbokföringen",
    "skuld_skyddad_identitet": "Skuldavisering: skyddad identitet",
    "orosanmalan_skulder": "Orosanmälan efter upprepade skulder",
    "robotkorning_stannad": "Robotkörning har stannat",
    "paminnelse": "Påminnelse",
    "beslut_forsorjningsstod": "Beslut om försörjningsstöd",
    "infobrev_ny_handlaggare": "Information om ny handläggare",
    "skuld_erbjudande": "Erbjudande om stöd vid skuld",
    "oro_aterkoppling": "Återkoppling till den som gjort en orosanmälan",
    # deviation reports (avvikelse)
    "enhetschef": "Enhetschef",
    "kvalitetsutvecklare": "Kvalitetsutvecklare",
    "dataskyddsombud": "Dataskyddsombud",
    "avvikelse_avvikelse": "Avvikelse att granska",
    "avvikelse_lex_sarah": "Lex Sarah-rapport att utreda",
    "avvikelse_personuppgiftsincident": "Personuppgiftsincident att bedöma",
    "avvikelse_paminnelse": "Påminnelse om tidsfrist för avvikelse",
    "avvikelse_forsenad": "Försenad avvikelse",
    "tillagg": "Tillägg",
    "klassad": "Klassad",
    "utredd": "Utredd",
    "atgard": "Åtgärd",
    "watch_deadlines": "Bevaka tidsfristerna",
    # scanned paper (skanning)
    "karantan": "I karantän",
    "skannermapp": "Skannermappen",
    "uppladdning": "Uppladdad",
    "ny_handling": "Ny handling inkommen",
    "orosanmalan_papper": "Orosanmälan på papper",
    "skannad_handling": "Skannad handling",
    "read_and_file": "Tolka och fördela",
    "forsattsblad": "Försättsblad",
    # debt notices
    "mottagen": "Mottagen",
    "registrerad": "Registrerad",
    "hyra": "Hyresskuld",
    "el": "Elskuld",
    # robots: runs, items, triggers
    "pending": "Väntar",
    "running": "Pågår",
    "done": "Klar",
    "failed": "Misslyckad",
    "human": "Till handläggare",
    "paused": "Pausad",
    "stalled": "Har stannat",
    # robot steps
    "fetch_registers": "Hämta uppgifter från registren",
    "calculate_entitlement": "Beräkna",
    "decide": "Besluta",
    "send_letter": "Skriva brev",
    "claim": "Göra brevet klart att skicka",
    "send": "Skicka brevet",
    "print_batch": "Göra dagens utskrift",
    "find_recipients": "Hitta mottagarna",
    "write_letters": "Skriva breven",
    "brev_misslyckat": "Brev kunde inte skapas",
    "pay": "Betala ut",
    "check": "Kontrollera mot registren",
    "register": "Registrera",
    "find_recipient": "Hitta mottagaren",
    # the access log
    "arendelista": "Ärendelista",
    "personsida": "Personsida",
    "registerutdrag": "Registerutdrag",
    "dokument": "Dokument",
    "ansokningsko": "Ansökningskö",
    "arendeoversikt": "Ärendeöversikt",
    "beslut": "Beslut",
    "brev": "Brev",
    "journal": "Journal",
    "journalutskrift": "Journalutskrift",
    "mina_arenden": "Mina ärenden",
    "hushall": "Hushållet",
    "webb": "Webben",
    "cli": "Kommandoraden",
    "api": "API",
}


def label(value: str | None) -> str:
    """Swedish display label for a stored code; the code itself only when no label exists (a test catches it)."""
    if value is None:
        return "–"
    return SWEDISH_LABELS.get(value, value)


TRIGGERS = {"manuell": "Startad av en person", "schema": "Enligt schema", "handelse": "Vid en händelse",
            "aterupptagen": "Återupptagen efter avbrott", "e-tjanst": "Från e-tjänsten"}


def trigger_label(value: str) -> str:
    """How a robot run was started, in Swedish."""
    return TRIGGERS.get(value, value)
