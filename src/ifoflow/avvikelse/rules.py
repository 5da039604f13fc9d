"""The dated rules of deviation handling (avvikelse/params/avvikelse.yaml, with the municipality's overlay), the
kinds and categories, and who receives each kind."""

from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ifoflow import params as dated_params
from ifoflow.domain.enums import StaffRole

PARAMETERS = dated_params.ParameterSet("avvikelse", Path(__file__).parent / "params" / "avvikelse.yaml",
                                       "avvikelsehanteringens regler")
KINDS = {"avvikelse": "Avvikelse i verksamheten", "lex_sarah": "Missförhållande eller risk för missförhållande "
         "(Lex Sarah)", "personuppgiftsincident": "Personuppgiftsincident"}
SHORT = {"avvikelse": "Avvikelse", "lex_sarah": "Lex Sarah", "personuppgiftsincident": "Personuppgiftsincident"}
CATEGORIES = {"handlaggning": "Handläggning och dokumentation", "bemotande": "Bemötande",
              "sekretess": "Sekretess och personuppgifter", "it": "IT-system och robotar",
              "sakerhet": "Säkerhet och hot", "utbetalning": "Utbetalningar", "ovrigt": "Övrigt"}
OVERSEERS = (StaffRole.kvalitetsutvecklare, StaffRole.dataskyddsombud)  # see every report


class DeviationParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    imy_hours: int = Field(ge=1, le=240)
    inform_affected_hours: int = Field(ge=1, le=720)
    lex_sarah_start_days: int = Field(ge=0, le=30)
    ivo_days: int = Field(ge=1, le=60)
    manager_review_days: int = Field(ge=1, le=60)
    close_days: int = Field(ge=1, le=365)
    warn_hours: int = Field(ge=1, le=168)
    small_count: int = Field(ge=1, le=20)
    quality_unit: str
    recipients_avvikelse: str
    recipients_lex_sarah: str
    recipients_incident: str

    @field_validator("recipients_avvikelse", "recipients_lex_sarah", "recipients_incident")
    @classmethod
    def _roles(cls, value: str) -> str:
        unknown = [r for r in _split(value) if r not in StaffRole.__members__]
        if unknown:
            raise ValueError(f"Rollen {unknown[0]} finns inte.")
        return value

    def recipients(self, kind: str) -> tuple[StaffRole, ...]:
        """Who receives a report of the kind besides the reporting unit's manager (the municipality's routine)."""
        value = {"avvikelse": self.recipients_avvikelse, "lex_sarah": self.recipients_lex_sarah,
                 "personuppgiftsincident": self.recipients_incident}[kind]
        return tuple(StaffRole(r) for r in _split(value))


def _split(value: str) -> list[str]:
    return [r.strip() for r in value.split(",") if r.strip()]


def load(day: date, overlay: str | None = None) -> DeviationParams:
    return dated_params.load(DeviationParams, PARAMETERS, day, overlay)
