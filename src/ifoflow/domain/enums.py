"""Closed vocabularies of the domain. Values are the stored strings (ASCII Swedish terms)."""

from enum import StrEnum


class StaffRole(StrEnum):
    handlaggare = "handlaggare"
    ekonomiassistent = "ekonomiassistent"
    administrator = "administrator"
    it_strateg = "it_strateg"
    namndsekreterare = "namndsekreterare"
    processagare = "processagare"


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
    skapad = "skapad"
    skickad = "skickad"
    manuell = "manuell"  # protected identity: sent by hand, never to a printed address


SWEDISH_LABELS: dict[str, str] = {
    "handlaggare": "Handläggare",
    "ekonomiassistent": "Ekonomiassistent",
    "administrator": "Administratör",
    "it_strateg": "IT-strateg",
    "namndsekreterare": "Nämndsekreterare",
    "processagare": "Processägare",
    "sokande": "Sökande",
    "medsokande": "Medsökande",
    "barn": "Barn",
    "ovrig": "Övrig vuxen",
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
    "ekonomiskt_bistand": "Ekonomiskt bistånd",
    "barn_och_unga": "Barn och unga",
    "vuxen": "Vuxen",
    "administration": "Administration",
}


def label(value: str) -> str:
    """Swedish display label for a stored enum value."""
    return SWEDISH_LABELS.get(value, value)
