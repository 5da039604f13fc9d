"""The monthly control's thresholds and periods: defaults shipped as YAML, a municipality's file on top."""

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ifoflow import params as param_files

DEFAULTS = Path(__file__).parent / "params" / "kontroll.yaml"


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
    chunk_size: int = Field(ge=1, le=5000)


def load(path: Path | None = None) -> ControlParams:
    """Defaults, with the municipality's file (if any) on top. A wrong value is refused naming the field."""
    return param_files.load(ControlParams, DEFAULTS, path, field="control_params", what="kontrollparametrar")
