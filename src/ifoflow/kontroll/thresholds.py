"""The monthly control's thresholds and periods: dated parameters (kontroll/params/kontroll.yaml) with the
municipality's overlay on top, read through the one loader (ifoflow.params)."""

from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ifoflow import params as dated_params

PARAMETERS = dated_params.ParameterSet("kontroll", Path(__file__).parent / "params" / "kontroll.yaml",
                                       "kontrollparametrar")


class ControlParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    control_period_months_before: int = Field(ge=0, le=12)
    comparison_period_months_before: int = Field(ge=1, le=13)
    change_warning_percent: float = Field(gt=0)
    income_minimum_kr: int = Field(ge=0)
    payment_difference_percent: float = Field(gt=0)
    payment_difference_minimum_kr: int = Field(ge=0)
    serious: list[str]
    task_days: int = Field(ge=1, le=90)


def load(month: date, overlay: str | None = None) -> ControlParams:
    """The values in force in the control month. A wrong value is refused naming the parameter."""
    return dated_params.load(ControlParams, PARAMETERS, month, overlay)
