"""The scanning robot's dated rules (skanning/params/skanning.yaml, with the municipality's overlay) and its
table of document types (skanning/dokumenttyper.yaml)."""

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from ifoflow import params as dated_params

PARAMETERS = dated_params.ParameterSet("skanning", Path(__file__).parent / "params" / "skanning.yaml",
                                       "skanningsrobotens regler")
ROUTES = {"personakt": "Personakten i ärendet", "arkiv": "Nämndens arkiv", "skuld": "Skuldhanteringen",
          "oro": "Mottagningen för orosanmälningar", "manuell": "Manuell kö"}


class ScanParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    auto_threshold: float = Field(gt=0, le=1)
    notice_days: int = Field(ge=0, le=30)
    reception_unit: str
    archive_unit: str
    paper_decision: str


def load(day: date, overlay: str | None = None) -> ScanParams:
    return dated_params.load(ScanParams, PARAMETERS, day, overlay)


@dataclass(frozen=True)
class DocType:
    code: str
    label: str
    route: str
    paper: str  # forstor | bevara
    retention: str


@cache
def types() -> dict[str, DocType]:
    raw = yaml.safe_load((Path(__file__).parent / "dokumenttyper.yaml").read_text(encoding="utf-8"))
    return {code: DocType(code, v["label"], v["route"], v["paper"], v["retention"]) for code, v in raw.items()}


def label(code: str) -> str:
    found = types().get(code)
    return found.label if found else "Okänd typ"


def cover_sheet_types() -> list[tuple[str, str]]:
    """(code, label) of the types a cover sheet may name: those filed in a personakt."""
    return [(t.code, t.label) for t in types().values() if t.route == "personakt"]
