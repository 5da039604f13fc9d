"""Explanation lines: for every amount, the rule, the lagrum, the parameter with its source, the inputs."""

from datetime import date
from typing import Any

import numpy as np

from ifoflow.rules.inputs import HouseholdInput, MemberInput
from ifoflow.rules.kinds import COST_KINDS, INCOME_KINDS, ROLES
from ifoflow.rules.sources import has_parameter, lagrum, parameter
from ifoflow.rules.variables.costs import RENT_TABLE_SIZE
from ifoflow.rules.variables.household import NORM_TABLE_SIZE
from ifoflow.rules.variables.persons import CHILD_BANDS

Arrays = dict[str, np.ndarray]


def _kr(value: float) -> str:
    """As everywhere a person reads an amount: 11\u00a0200\u00a0kr (rules import nothing else from ifoflow)."""
    return f"{round(value):,}".replace(",", "\u00a0") + "\u00a0kr"


def _who(member: MemberInput, index: int) -> str:
    return f"{ROLES[member.role]} {member.name}".strip() if member.name else f"{ROLES[member.role]} ({index + 1})"


def _personal(hh: HouseholdInput, month: date, persons: Arrays, cohabiting: list[bool]) -> list[dict[str, Any]]:
    lines = []
    for i, m in enumerate(hh.members):
        if m.role == "ovrig":
            continue
        age, group = int(persons["alder"][i]), int(persons["aldersgrupp"][i])
        if group >= 0:
            band = CHILD_BANDS[group]
            variant = "utan_lunch" if m.lunch_at_school and has_parameter(f"riksnorm.barn.{band}.utan_lunch") else "hel"
            path = f"riksnorm.barn.{band}.{variant}"
        else:
            path = "riksnorm.vuxna." + ("sammanboende" if cohabiting[i] else "ensamstaende")
        value, source = parameter(hh.municipality, path, month)
        notes = [f"{age} år"]
        if cohabiting[i]:
            notes.append(f"halva beloppet för sammanboende ({_kr(value)})")
        if m.share_of_time < 1:
            notes.append(f"växelvis boende {round(m.share_of_time * 100)} %")
        lines.append(dict(kind="norm", label=f"Personliga kostnader, {_who(m, i)}, {', '.join(notes)}",
                          amount=int(persons["personlig_kostnad"][i]), rule="personlig_kostnad",
                          lagrum=lagrum("riksnorm", month, hh.municipality), parameter=path, source=source,
                          inputs={"alder": age, "andel_boende": m.share_of_time, "lunch_i_skola": m.lunch_at_school,
                                  "sammanboende": cohabiting[i]}))
    return lines


def _common(hh: HouseholdInput, month: date, out: Arrays) -> dict[str, Any]:
    size, applying = int(out["antal_personer"][0]), int(out["antal_i_ansokan"][0])
    path = f"riksnorm.gemensamma_hushallskostnader.personer_{min(size, NORM_TABLE_SIZE)}"
    _, source = parameter(hh.municipality, path, month)
    label = f"Gemensamma hushållskostnader, {size} personer" if size > 1 else "Gemensamma hushållskostnader, 1 person"
    law = lagrum("riksnorm", month, hh.municipality)
    if size > NORM_TABLE_SIZE or applying < size:
        law += "; " + lagrum("stora_hushall", month, hh.municipality)
        if size > NORM_TABLE_SIZE:
            label += f" (över {NORM_TABLE_SIZE}: tillägg per person enligt skillnaden mellan 6 och 7 personer)"
        if applying < size:
            label += f", {applying} av {size} ingår i ansökan"
    return dict(kind="norm", label=label, amount=int(out["gemensamma_hushallskostnader"][0]),
                rule="gemensamma_hushallskostnader", lagrum=law, parameter=path, source=source,
                inputs={"antal_personer": size, "antal_i_ansokan": applying})


def _costs(hh: HouseholdInput, month: date, out: Arrays) -> list[dict[str, Any]]:
    lines = []
    size = int(out["antal_personer"][0])
    for kind, claimed in hh.costs.items():
        if claimed <= 0:
            continue
        path = (f"riktlinjer.hyrestak.personer_{min(size, RENT_TABLE_SIZE)}" if kind == "hyra"
                else f"riktlinjer.kostnadstak.{kind}")
        cap, source = parameter(hh.municipality, path, month)
        accepted = int(out[f"godtagen_{kind}"][0])
        label = COST_KINDS[kind]
        if accepted < claimed:
            label += f" (yrkat {_kr(claimed)}, godtas upp till {_kr(cap)} enligt riktlinjerna)"
        lines.append(dict(kind="kostnad", label=label, amount=accepted, rule=f"godtagen_{kind}",
                          lagrum=lagrum("skaliga_kostnader", month, hh.municipality), parameter=path, source=source,
                          inputs={"yrkat": claimed, "tak": cap}))
    return lines


def _incomes(hh: HouseholdInput, month: date) -> list[dict[str, Any]]:
    return [
        dict(kind="inkomst", label=f"{INCOME_KINDS[kind]}, {_who(m, i)}", amount=-amount, rule=f"inkomst_{kind}",
             lagrum=lagrum("inkomster", month, hh.municipality), source="Uppgift i ansökan eller från register",
             inputs={"belopp": amount})
        for i, m in enumerate(hh.members) if m.role != "ovrig"
        for kind, amount in m.incomes.items() if amount > 0
    ]


def explain(hh: HouseholdInput, month: date, out: Arrays, persons: Arrays) -> list[dict[str, Any]]:
    """Lines whose amounts add up to the household's need minus its incomes."""
    cohabiting = [hh.cohabiting(m) for m in hh.members]
    return (_personal(hh, month, persons, cohabiting) + [_common(hh, month, out)] + _costs(hh, month, out)
            + _incomes(hh, month))
