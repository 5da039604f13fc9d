"""Process inventory (Nacka 2024): self-assessment score, priority P1/P2 with reasons, legal checklist, follow-up."""

import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from ifoflow.beslut.service import DecisionTypeIn, MatterClass
from ifoflow.domain import format as fmt
from ifoflow.domain.errors import InputError, NotFoundError
from ifoflow.domain.validation import to_input_error
from ifoflow.inventering.kalkyl import Benefit, InvestmentYear, benefit, investment
from ifoflow.inventering.models import Process
from ifoflow.robots.models import RobotItem, RobotRun
from ifoflow.store import audit
from ifoflow.store.base import utcnow

QUESTIONS = {
    "stabil": "Processen ändras sällan",
    "strukturerad_indata": "Indata kommer i strukturerad form (e-tjänst, fil, register)",
    "fa_undantag": "Få ärenden kräver individuell bedömning",
    "fel_idag": "Manuell hantering ger fel eller förseningar i dag",
    "verksamheten_vill": "Verksamheten vill automatisera",
}
LEGAL = {
    "overklagbart": "Beslutet kan överklagas",
    "laglighetsprovning": "Beslutet överklagas genom laglighetsprövning",
    "upphandling": "Ärendet gäller upphandling",
    "auktorisation_valfrihet": "Ärendet gäller auktorisations- eller valfrihetssystem",
    "tydliga_regler_bifall": "Det finns tydliga regler för när ansökan ska beviljas",
    "tydliga_regler_avslag": "Det finns tydliga regler för när ansökan ska avslås",
}
EXCLUDED_KEYS = ("laglighetsprovning", "upphandling", "auktorisation_valfrihet")
DATA_WORDS = {"digital": "digitalt", "blandat": "delvis digitalt, delvis på papper", "papper": "på papper"}
DATA_POINTS = {"digital": 15, "blandat": 7, "papper": 0}
MAX_RAW = 25 + 20 + 15 + 5 + 3 * len(QUESTIONS)


class ProcessIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=2, max_length=200)
    unit: str = Field(min_length=2, max_length=200)
    owner: str = ""
    description: str = ""
    volume_per_year: int = Field(ge=0, le=10_000_000)
    minutes_per_case: float = Field(ge=0, le=10_000)
    systems: list[str] = Field(default_factory=list)
    ends_in_decision: bool
    rule_clarity: int = Field(ge=1, le=5)
    data_form: Literal["digital", "blandat", "papper"]
    answers: dict[str, bool] = Field(default_factory=dict)
    legal: dict[str, Any] = Field(default_factory=dict)
    automated_share: float = Field(default=0.7, ge=0, le=1)
    monthly_salary: int = Field(default=38000, ge=0, le=500_000)
    overhead_percent: float = Field(default=40.0, ge=0, le=200)
    investment_amount: int = Field(default=0, ge=0, le=1_000_000_000)
    investment_rate: float = Field(default=2.0, ge=0, le=50)
    investment_years: int = Field(default=5, ge=1, le=50)
    robot_name: str = ""


# The form's names for the fields, so that a refusal names the field as the person saw it.
LABELS = {"name": "Processens namn", "unit": "Enhet", "owner": "Processägare", "volume_per_year": "Ärenden per år",
          "minutes_per_case": "Minuter per ärende", "rule_clarity": "Hur regelstyrd är processen?",
          "data_form": "Underlaget", "automated_share": "Andel som automatiseras", "monthly_salary": "Månadslön",
          "overhead_percent": "Påslag för PO", "investment_amount": "Investering", "investment_rate": "Ränta",
          "investment_years": "Avskrivningstid", "robot_name": "Robot i ifoflow"}


@dataclass(frozen=True)
class Assessment:
    score: int
    priority: str
    reasons: list[str]
    legal_ok: bool


def legal_check(legal: dict[str, Any]) -> tuple[bool, list[str]]:
    """Kommunallagen 6 kap. 37-38 §§ and förvaltningslagen 28 §: may this decision be automated?"""
    problems = []
    if not legal.get("overklagbart"):
        problems.append("Beslutet måste kunna överklagas (KL 6 kap. 38 §).")
    for key in ("laglighetsprovning", "upphandling", "auktorisation_valfrihet"):
        if legal.get(key):
            problems.append(f"{LEGAL[key]}: får inte automatiseras (KL 6 kap. 38 §).")
    for key in ("tydliga_regler_bifall", "tydliga_regler_avslag"):
        if not legal.get(key):
            problems.append(f"Saknas: {LEGAL[key].lower()}.")
    for key, label in (("namnd", "ansvarig nämnd"), ("delegation", "delegation i delegationsordningen"),
                       ("lagrum", "lagrum")):
        if not str(legal.get(key, "")).strip():
            problems.append(f"Ange {label}.")
    return not problems, problems


def assess(p: ProcessIn) -> Assessment:
    """Score 0-100 from volume, time, rule clarity, data and the questionnaire; P1, P2 or ej_nu with reasons."""
    hours = p.volume_per_year * p.minutes_per_case / 60
    yes = [k for k in QUESTIONS if p.answers.get(k)]
    raw = (min(hours / 1000, 1) * 25 + (p.rule_clarity - 1) / 4 * 20 + DATA_POINTS[p.data_form]
           + (5 if len(p.systems) <= 2 else 3 if len(p.systems) <= 4 else 0) + 3 * len(yes))
    score = round(raw / MAX_RAW * 100)
    reasons = [f"{fmt.number(hours)} arbetstimmar per år ({fmt.number(p.volume_per_year)} ärenden à "
               f"{fmt.decimal(p.minutes_per_case).removesuffix(',0')} min).", f"Regeltydlighet {p.rule_clarity} av 5.",
               f"Underlaget är {DATA_WORDS[p.data_form]}."]
    reasons += [f"Ja: {QUESTIONS[k]}." for k in yes]
    legal_ok, legal_reasons = legal_check(p.legal)
    decision_ok = p.ends_in_decision and legal_ok and p.rule_clarity >= 4 and p.data_form != "papper"
    if decision_ok and score >= 50:
        priority = "P1"
        reasons.append("P1: beslutet kan automatiseras (juridisk checklista uppfylld, tydliga regler, digitala data).")
    elif score >= 40:
        priority = "P2"
        reasons.append("P2: handläggningen kan robotiseras även om beslutet inte kan automatiseras.")
        if p.ends_in_decision:
            reasons += legal_reasons or ["Beslutet kräver fortfarande bedömning (regeltydlighet eller data)."]
    else:
        priority = "ej_nu"
        reasons.append("Inte nu: för liten volym eller för otydliga regler för att automatisering ska löna sig.")
    return Assessment(score, priority, reasons, legal_ok)


def save(session: Session, data: ProcessIn, *, actor: str) -> Process:
    """Create or update (by name) and store the assessment."""
    result = assess(data)
    row = session.scalar(select(Process).where(Process.name == data.name)) or Process()
    for key, value in data.model_dump().items():
        setattr(row, key, value)
    row.score, row.priority, row.reasons, row.updated_at = result.score, result.priority, result.reasons, utcnow()
    session.add(row)
    session.flush()
    audit.append(session, actor=actor, action="process.saved", entity="process", entity_id=row.id,
                 details={"name": row.name, "priority": row.priority, "score": row.score})
    return row


def save_form(session: Session, data: dict[str, Any], *, actor: str) -> Process:
    """A process as typed in the form; InputError naming the form's field when a value is wrong."""
    try:
        checked = ProcessIn.model_validate(data)
    except ValidationError as exc:
        error = to_input_error(exc)
        raise InputError(error.field, f"{LABELS.get(error.field, error.field)}: {error.message}") from None
    return save(session, checked, actor=actor)


def listing(session: Session, priority: str = "") -> list[Process]:
    """Every process (or those with the priority P1, P2 or ej_nu), highest priority and score first."""
    query = select(Process).order_by(Process.priority, Process.score.desc())
    if priority in ("P1", "P2", "ej_nu"):
        query = query.where(Process.priority == priority)
    return list(session.scalars(query))


def overview(session: Session, process_id: int) -> dict[str, Any]:
    """What the process page shows: the process, its benefit and investment, the legal check and the follow-up."""
    row = get(session, process_id)
    gain, years = economics(row)
    legal_ok, legal_reasons = legal_check(row.legal)
    return {"p": row, "gain": gain, "years": years, "legal_ok": legal_ok, "legal_reasons": legal_reasons,
            "follow_up": follow_up(session, row)}


def get(session: Session, process_id: int) -> Process:
    row = session.get(Process, process_id)
    if row is None:
        raise NotFoundError("process", f"Process {process_id} finns inte.")
    return row


def to_input(row: Process) -> ProcessIn:
    return ProcessIn.model_validate({k: getattr(row, k) for k in ProcessIn.model_fields})


def economics(row: Process) -> tuple[Benefit, list[InvestmentYear]]:
    gain = benefit(volume_per_year=row.volume_per_year, minutes_per_case=row.minutes_per_case,
                   automated_share=row.automated_share, monthly_salary=row.monthly_salary,
                   overhead_percent=row.overhead_percent)
    years = investment(row.investment_amount, row.investment_rate, row.investment_years) \
        if row.investment_amount > 0 else []
    return gain, years


def follow_up(session: Session, row: Process) -> list[dict[str, Any]]:
    """Effekthemtagning: items the process's robot finished per month, and the hours that saved."""
    if not row.robot_name:
        return []
    month = func.substr(cast(RobotRun.started_at, String), 1, 7)
    rows = session.execute(
        select(month, func.count(RobotItem.id)).join(RobotRun, RobotRun.id == RobotItem.run_id)
        .where(RobotRun.robot == row.robot_name, RobotItem.status == "done").group_by(month).order_by(month))
    return [{"month": m, "items": n, "hours_saved": round(n * row.minutes_per_case / 60, 1),
             "estimated_hours": round(row.volume_per_year * row.minutes_per_case * row.automated_share / 60 / 12, 1)}
            for m, n in rows]


def decision_type_draft(row: Process, code: str = "") -> DecisionTypeIn:
    """What the decision-type registry needs, from a process whose legal checklist passes."""
    legal = row.legal
    slug = code or re.sub(r"[^a-z0-9_]", "", row.name.lower().replace(" ", "_").replace("å", "a").replace(
        "ä", "a").replace("ö", "o"))[:60]
    return DecisionTypeIn(code=slug, title=row.name, namnd=legal.get("namnd", ""),
                          delegation_ref=legal.get("delegation", ""), legal_basis=legal.get("lagrum", ""),
                          appealable=bool(legal.get("overklagbart")),
                          report_back=legal.get("aterrapportering") or "Enligt nämndens beslut om återrapportering",
                          matter_class=next((MatterClass(k) for k in EXCLUDED_KEYS if legal.get(k)),
                                            MatterClass.vanligt),
                          allowed_outcomes=["bifall"] + (["avslag"] if legal.get("tydliga_regler_avslag") else []))
