"""Compare what the applicant declared with what the registers say; every difference is a named flag."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ifoflow.adapters.ssbtek import SsbtekAnswer
from ifoflow.domain.format import kr
from ifoflow.rules.kinds import INCOME_KINDS

# Incomes SSBTEK reports. Wages (lön) are not in SSBTEK: they are checked against the employer's statements.
CHECKED_KINDS = ("sjukpenning", "sjukersattning", "aktivitetsstod", "etableringsersattning", "foraldrapenning",
                 "barnbidrag", "flerbarnstillagg", "bostadsbidrag", "underhallsstod", "a_kassa", "pension",
                 "studiemedel")
TOLERANCE_KR = 100  # rounding and small adjustments are not a difference


@dataclass(frozen=True)
class Flag:
    code: str
    message: str
    declared: Any = None
    register: Any = None
    label: str = ""  # what differs, in words (an income kind)
    kind: str = ""  # the income kind, when an income differs


def compare_incomes(declared: dict[str, int], answer: SsbtekAnswer, month: date) -> list[Flag]:
    """Flags for incomes that differ from the registers in the month, and for registers that did not answer."""
    end = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    flags = [Flag("register_saknas", f"{agency} lämnade inget svar ({why}); uppgifterna kunde inte kontrolleras.")
             for agency, why in sorted(answer.errors.items())]
    for kind in CHECKED_KINDS:
        register = answer.income_in(kind, month, end)
        said = declared.get(kind, 0)
        name = INCOME_KINDS[kind]
        if register - said > TOLERANCE_KR:
            flags.append(Flag(f"ej_redovisad_{kind}", f"{name}: registren visar {kr(register)}, men {kr(said)} har "
                              "redovisats.", said, register, name, kind))
        elif said - register > TOLERANCE_KR:
            flags.append(Flag(f"avviker_{kind}", f"{name}: {kr(said)} har redovisats, men registren visar "
                              f"{kr(register)}.", said, register, name, kind))
    return flags


def compare_resident(record: dict[str, Any] | None, municipality_code_ok: bool = True) -> list[Flag]:
    """Flags from the resident register: not registered, deceased, emigrated, moved away."""
    if record is None:
        return [Flag("ej_folkbokford", "Personen finns inte i folkbokföringen.")]
    flags = []
    if record.get("avliden"):
        flags.append(Flag("avliden", f"Personen är avliden enligt folkbokföringen ({record['avliden']}).",
                          register=record["avliden"]))
    if record.get("utvandrad"):
        flags.append(Flag("utvandrad", "Personen har utvandrat enligt folkbokföringen."))
    if not record.get("folkbokford_i_kommunen", True) or not municipality_code_ok:
        flags.append(Flag("flyttat", "Personen är inte längre folkbokförd i kommunen."))
    return flags
