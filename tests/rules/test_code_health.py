"""Inventory and hygiene of the rules (PolicyEngine habit), and parameters that must not fall behind."""

from datetime import date

from ifoflow.rules.system import PARAMETERS, tax_benefit_system

EXPECTED = {"fodelsedatum", "alder", "aldersgrupp", "personlig_kostnad", "antal_personer", "antal_i_ansokan",
            "gemensamma_hushallskostnader", "personliga_kostnader", "riksnorm", "skaliga_kostnader", "inkomster",
            "behov", "underskott", "forsorjningsstod", "kostnad_hyra", "godtagen_hyra", "inkomst_lon"}


def test_no_variable_is_dropped_and_every_variable_has_a_label() -> None:
    variables = tax_benefit_system().variables
    assert EXPECTED <= set(variables)
    assert all(v.label for v in variables.values())
    for name, variable in variables.items():
        if name.startswith("is_") or name in ("lunch_i_skola", "sammanboende", "ingar_i_ansokan"):
            assert variable.value_type is bool


def test_riksnorm_parameters_are_valid_for_the_current_year() -> None:
    # Fails on 1 January of a year whose riksnorm has not been entered: add the new ordinance's amounts.
    norm = tax_benefit_system().parameters.riksnorm
    for name in ("ensamstaende", "sammanboende"):
        last = norm.vuxna.children[name].metadata["last_value_still_valid_on"]
        assert date.fromisoformat(last).year >= date.today().year


def test_every_parameter_value_has_a_source() -> None:
    for file in PARAMETERS.rglob("*.yaml"):
        text = file.read_text(encoding="utf-8")
        assert text.count("values:") <= text.count("reference:"), file
