"""How far a care invoice may exceed the expected amount and still be registered without a person, and where
deviations go: dated parameters (vardfaktura/params/vardfaktura.yaml) with the municipality's overlay on top."""

from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ifoflow import params as dated_params

PARAMETERS = dated_params.ParameterSet("vardfaktura", Path(__file__).parent / "params" / "vardfaktura.yaml",
                                       "vårdfakturaparametrar")


class InvoiceParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tolerance_percent: float = Field(ge=0, le=10)
    tolerance_kr: int = Field(ge=0)
    finance_unit: str
    task_days: int = Field(ge=1, le=90)


def load(day: date, overlay: str | None = None) -> InvoiceParams:
    """The values in force on the day. A wrong value is refused naming the parameter."""
    return dated_params.load(InvoiceParams, PARAMETERS, day, overlay)
