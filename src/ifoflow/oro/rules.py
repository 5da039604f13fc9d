"""The dated rules of orosanmälan (oro/params/oro.yaml) with the municipality's overlay, through ifoflow.params."""

from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ifoflow import params as dated_params

PARAMETERS = dated_params.ParameterSet("oro", Path(__file__).parent / "params" / "oro.yaml", "orosanmälansregler")


class ConcernParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    preassessment_days: int = Field(ge=1, le=60)
    searchable_unopened: int = Field(ge=0, le=1)
    child_unit: str
    emergency_unit: str
    office_opens: int = Field(ge=0, le=23)
    office_closes: int = Field(ge=1, le=24)


def load(day: date, overlay: str | None = None) -> ConcernParams:
    return dated_params.load(ConcernParams, PARAMETERS, day, overlay)
