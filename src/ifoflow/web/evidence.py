"""A task's evidence as a person reads it: Swedish names, amounts in kronor, codes in words. Robots store evidence
as small dicts; this is the one place that turns them into text."""

from typing import Any

from ifoflow.domain import format as fmt
from ifoflow.domain.enums import label
from ifoflow.rules.kinds import INCOME_KINDS

NAMES = {
    "berakning": "Beräkning", "avvikelser": "Skillnader mot registren", "fel": "Fel", "system": "System",
    "steg": "Steg", "kod": "Träff", "atgard": "Föreslagen åtgärd", "allvarlig": "Utbetalningen stoppas",
    "manad": "Månad", "person": "Gäller", "kalla": "Källa", "slag": "Inkomst", "register": "Enligt registren",
    "i_arendet": "I ärendet", "avliden": "Avliden", "tillkomna": "Tillkomna i bostaden", "saknas": "Saknas i bostaden",
    "jamforelseperiod": "Jämförelseperioden", "kontrollperiod": "Kontrollperioden", "utbetalt": "Utbetalt",
    "omraknat": "Omräknat", "skillnad": "Skillnad", "kommun": "Kommun", "belopp": "Belopp", "borgenar": "Borgenär",
    "typ": "Slag", "avisering": "Avisering", "skulder": "Skulder", "barn": "Barn i hushållet", "regel": "Regel",
    "robot": "Robot", "körning": "Körning", "brev": "Brev", "inkom": "Kom in",
}
MONEY = {"register", "i_arendet", "jamforelseperiod", "kontrollperiod", "utbetalt", "omraknat", "skillnad", "belopp"}
# The reason says the code; an invoice, a file, a scanned document or an orosanmälan is a link on the task.
HIDDEN = {"kod", "faktura", "dokument", "handling", "anmalan", "anmalningar"}


def rows(evidence: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, text) for each piece of evidence a person needs."""
    found = []
    for key, value in evidence.items():
        if key in HIDDEN or value in (None, "", [], {}):
            continue
        found.append((NAMES.get(key, key.replace("_", " ").capitalize()), _text(key, value)))
    return found


def _text(key: str, value: Any) -> str:
    if key == "berakning" and isinstance(value, dict):
        return (f"norm {fmt.kr(value.get('norm'))} + kostnader {fmt.kr(value.get('costs'))} − inkomster "
                f"{fmt.kr(value.get('incomes'))} = {fmt.kr(value.get('entitlement'))}")
    if key == "avvikelser" and isinstance(value, list):
        return "; ".join(f"{label(str(f.get('person', '')))}: {f.get('message', '')}" for f in value)
    if key == "skulder" and isinstance(value, list):
        return "; ".join(f"{label(str(d.get('typ', '')))} hos {d.get('borgenar', '')}, {fmt.kr(d.get('belopp'))}, "
                         f"förfallen {d.get('forfallodatum', '')}" for d in value)
    if key == "barn" and isinstance(value, list):
        return f"{len(value)} barn"
    if key in ("tillkomna", "saknas") and isinstance(value, list):
        return f"{len(value)} person{'er' if len(value) != 1 else ''}"
    if key == "slag":
        return INCOME_KINDS.get(str(value), label(str(value)))
    if key in MONEY and isinstance(value, int | float):
        return fmt.kr(value)
    if key == "manad":
        return fmt.month(str(value))
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, list):
        return ", ".join(label(str(v)) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{NAMES.get(k, k)}: {_text(k, v)}" for k, v in value.items())
    return label(str(value))
