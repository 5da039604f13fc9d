"""Every number from a law, an ordinance or a local guideline has a dated source; unverified lagrum are listed."""

from datetime import date
from pathlib import Path

import pytest

from ifoflow.domain.errors import InputError
from ifoflow.drift.registry import PARAMETER_SETS
from ifoflow.params import load, sources, to_verify
from ifoflow.rules import dated
from ifoflow.rules.system import LAGRUM_FILE, OVERLAYS, PARAMETERS
from ifoflow.skuld.service import DebtParams
from tests.factories import overlay

SRC = Path(__file__).parents[2] / "src" / "ifoflow"
PARAMETER_FILES = sorted({*PARAMETERS.rglob("*.yaml"), LAGRUM_FILE, *OVERLAYS.glob("*.yaml"),
                          *SRC.glob("*/params/*.yaml")})


def test_the_parameter_files_are_found() -> None:
    names = {p.name for p in PARAMETER_FILES}
    assert {"vuxna.yaml", "lagrum.yaml", "exempelstad.yaml", "kontroll.yaml", "skuld.yaml", "gallring.yaml"} <= names
    assert {p.defaults for p in PARAMETER_SETS.values()} == set(SRC.glob("*/params/*.yaml"))


@pytest.mark.parametrize("path", PARAMETER_FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_every_value_has_a_source_of_its_own_date(path: Path) -> None:
    data = dated.read(path)
    assert list(dated.leaves(data)), f"{path}: no parameters"
    assert dated.problems(data) == []


def test_a_value_without_a_source_fails() -> None:
    unsourced = {"tak": {"values": {"2025-01-01": {"value": 1}, "2026-01-01": {"value": 2}},
                         "metadata": {"reference": {"2025-01-01": {"title": "Nämndens beslut"}}}}}
    assert dated.problems(unsourced) == ["tak från 2026-01-01: källa saknas"]
    with pytest.raises(ValueError, match="källa saknas"):
        dated.node("x", unsourced)


def test_a_municipality_changes_a_rule_from_a_date_and_names_its_own_source(tmp_path: Path) -> None:
    own = tmp_path / "kommun.yaml"
    own.write_text(overlay("skuld", debts_for_concern=2).replace("'2025-01-01'", "'2026-06-01'"), encoding="utf-8")
    assert load(DebtParams, PARAMETER_SETS["skuld"], date(2026, 5, 31), str(own)).debts_for_concern == 3
    assert load(DebtParams, PARAMETER_SETS["skuld"], date(2026, 6, 1), str(own)).debts_for_concern == 2
    shown = {name: (value, title) for name, _, value, title, _ in sources(PARAMETER_SETS["skuld"], date(2026, 6, 1),
                                                                          str(own))}
    assert shown["debts_for_concern"] == (2, "Testkommunens beslut")
    misspelt = tmp_path / "fel.yaml"
    misspelt.write_text(overlay("skuld", debts_for_consern=2), encoding="utf-8")
    with pytest.raises(InputError, match="Okänd parameter skuld.debts_for_consern"):
        load(DebtParams, PARAMETER_SETS["skuld"], date(2026, 6, 1), str(misspelt))


# The references not yet checked against the law text (shared/reference/lagrum.md: the new socialtjänstlag
# renumbered the old one). A municipality's lawyer verifies them through the overlay; this list changes only with
# a reviewed change of the parameter files, and docs/parameters.md shows it.
TO_VERIFY = [
    ("lagrum.skaliga_kostnader", "2025-07-01"), ("lagrum.inkomster", "2002-01-01"),
    ("lagrum.inkomster", "2025-07-01"), ("skuld.child_age", "2002-01-01"),
    ("oro.preassessment_days", "2013-01-01"), ("oro.searchable_unopened", "2013-01-01"),
    ("oro.searchable_unopened", "2025-07-01"), ("skanning.paper_decision", "2023-08-24"),
    ("avvikelse.lex_sarah_start_days", "2011-07-01"), ("avvikelse.ivo_days", "2011-07-01"),
    *[(f"gallring.cases.{kind}", since) for kind in ("forsorjningsstod", "skuld", "orosanmalan", "utredning",
                                                     "placering") for since in ("2002-01-01", "2025-07-01")],
]


def test_every_unverified_reference_is_listed() -> None:
    found = to_verify(list(PARAMETER_SETS.values()), "exempelstad")
    assert sorted((name, since) for name, since, _ in found) == sorted(TO_VERIFY)
    assert all("ej kontrollera" in title or "socialtjänstlagen" in title.lower() for _, _, title in found)


def test_a_lawyer_verifies_a_reference_through_the_overlay(tmp_path: Path) -> None:
    own = tmp_path / "kommun.yaml"
    own.write_text("bas: exempelstad\nlagrum:\n  inkomster:\n    values: {'2025-07-01': {value: 'X kap. Y § "
                   "socialtjänstlagen (2025:400)'}}\n    metadata: {reference: {'2025-07-01': {title: "
                   "'Kommunjuristens kontroll 2026-11-01', status: verifierad}}}\n", encoding="utf-8")
    found = {(name, since) for name, since, _ in to_verify(list(PARAMETER_SETS.values()), str(own))}
    assert ("lagrum.inkomster", "2025-07-01") not in found and ("lagrum.inkomster", "2002-01-01") in found
