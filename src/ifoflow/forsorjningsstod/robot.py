"""Försörjningsstöd (the Trelleborg model): registers, calculation, decision, letter, payment.

Automated only when the decision type is registered and enabled, every register answered, nothing differs from
what was declared, and the outcome is one the registration allows; everything else goes to a case worker.
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import partial
from typing import Any

from sqlalchemy import and_, exists, or_, select, union
from sqlalchemy.orm import Session

from ifoflow.arende import journal, tasks
from ifoflow.arende.models import Application, Case
from ifoflow.beslut.automatiserat import record_automated_decision
from ifoflow.beslut.models import Decision
from ifoflow.beslut.service import DecisionNotAllowed
from ifoflow.brev.models import Letter
from ifoflow.domain import format as fmt
from ifoflow.domain.enums import ApplicationStatus, CaseStatus, label
from ifoflow.domain.format import kr
from ifoflow.forsorjningsstod import service as assistance
from ifoflow.forsorjningsstod.letter import write_decision_letter
from ifoflow.forsorjningsstod.register_check import compare_incomes, compare_resident
from ifoflow.robots.core import Robot, Schedule, StepContext
from ifoflow.robots.registers import Registers, registers
from ifoflow.rules.calculate import Calculation, calculate
from ifoflow.settings import get_settings
from ifoflow.utbetalning.models import Payment

DECIDED = "decide"  # the e-service answers after this step; letter and payment follow
REFUSAL_MARGIN = 0.10  # an automated avslag only when incomes exceed the need by at least 10 %
WAITING = (ApplicationStatus.inskickad, ApplicationStatus.vantar_register)
ACTOR = "robot:forsorjningsstod"
ROBOT_NAME = "Roboten Försörjningsstöd"  # the journal's author
# Task kinds about an application: a case worker tries it, or the registers did not answer.
TO_TRY = "ansokan_forsorjningsstod"
NO_REGISTER = "ansokan_vantar_register"


_CALLS = ThreadPoolExecutor(max_workers=32, thread_name_prefix="register")


def _clients() -> Registers:
    """Interactive use: short timeouts, few retries."""
    return registers(timeout_s=5, attempts=2, backoff_s=0.1)


def to_handle(session: Session, params: dict[str, Any]) -> list[str]:
    """Applications not yet decided, and decisions (the robot's or a person's) still without their letter or
    payment (a run stopped halfway). Only the given one when the e-service or a case worker asks for it now."""
    no_letter = ~exists().where(Letter.decision_id == Decision.id)
    no_payment = and_(Decision.total_amount > 0, ~exists().where(Payment.household_id == Application.household_id,
                                                                 Payment.month == Application.month))
    unfinished = (select(Application.id).join(Decision, Decision.application_id == Application.id)
                  .where(or_(no_letter, no_payment)))
    undecided = select(Application.id).where(Application.status.in_(WAITING))
    if params.get("application_id"):
        wanted = int(params["application_id"])
        undecided, unfinished = undecided.where(Application.id == wanted), unfinished.where(Application.id == wanted)
    return [str(i) for i in sorted(session.scalars(union(undecided, unfinished)))]


def fetch_registers(ctx: StepContext, item: str) -> dict[str, Any]:
    application = ctx.session.get_one(Application, int(item))
    if application.status not in WAITING:  # decided, or with a case worker, since the run listed it
        return {"case_id": application.case_id, "flags": [], "skipped": True}
    ssbtek, folk, ssbtek_system, folk_system = _clients()
    declared = assistance.Declared.model_validate(application.declared)
    end = (application.month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    applicants = [(member.role, person.personnummer)
                  for member, person in assistance.members(ctx.session, application.household_id)
                  if member.role in ("sokande", "medsokande")]
    # Every register call at once: the answer time is the slowest register's, not their sum.
    calls = [(_CALLS.submit(ssbtek_system.call, partial(ssbtek.fetch, pnr, application.month, end)),
              _CALLS.submit(folk_system.call, partial(folk.person, pnr))) for _, pnr in applicants]
    flags: list[dict[str, Any]] = []
    for (role, pnr), (answer, record) in zip(applicants, calls, strict=True):
        found = compare_incomes(declared.incomes.get(pnr, {}), answer.result(), application.month)
        found += compare_resident(record.result())
        flags += [{"person": role, "code": f.code, "message": f.message, "label": f.label, "kind": f.kind,
                   "declared": f.declared, "register": f.register} for f in found]
    return {"case_id": application.case_id, "flags": flags}


def calculate_entitlement(ctx: StepContext, item: str) -> dict[str, Any]:
    if ctx.state["fetch_registers"].get("skipped"):
        return {"skipped": True}
    application = ctx.session.get_one(Application, int(item))
    municipality = ctx.params.get("municipality") or get_settings().riktlinjer
    household = assistance.calculation_input(ctx.session, application, municipality)
    return {"calculation": calculate(household, application.month).to_dict(),
            "input": household.model_dump(mode="json")}


def decide(ctx: StepContext, item: str) -> dict[str, Any]:
    """Under the application's lock: decide it unless a person, or another run, already has."""
    application = ctx.lock(Application, int(item))
    earlier = ctx.session.scalar(select(Decision).where(Decision.application_id == application.id))
    if earlier is not None:
        return {"decision_id": earlier.id, "automated": earlier.automated}
    if application.status not in WAITING or "calculation" not in ctx.state["calculate_entitlement"]:
        ctx.finish("Ansökan prövas redan av en handläggare.")
        return {"decision_id": None, "reason": ctx.finished}
    calc = Calculation.from_dict(ctx.state["calculate_entitlement"]["calculation"])
    flags = ctx.state["fetch_registers"]["flags"]
    evidence = {"berakning": assistance.summary(calc), "avvikelser": flags}
    if flags:
        reason = "Uppgifterna stämmer inte med registren: " + "; ".join(f["message"] for f in flags)
        return _to_case_worker(ctx, application, reason, evidence)
    if calc.outcome == "avslag" and calc.incomes < (calc.norm + calc.costs) * (1 + REFUSAL_MARGIN):
        return _to_case_worker(ctx, application, "Avslag nära gränsen: en handläggare prövar ärendet.", evidence)
    try:
        decision = record_automated_decision(
            ctx.session, type_code=assistance.DECISION_TYPE, case_id=application.case_id, outcome=calc.outcome,
            total=calc.entitlement, lines=[line.__dict__ for line in calc.lines],
            motivering=assistance.motivation(calc), lagrum=assistance.lagrum(calc), rule_version=calc.rules_version,
            inputs=ctx.state["calculate_entitlement"]["input"], explanation=calc.to_dict(),
            application_id=application.id)
    except DecisionNotAllowed as exc:
        return _to_case_worker(ctx, application, exc.reason, evidence)
    application.status = ApplicationStatus.beslutad
    ctx.session.get_one(Case, application.case_id).status = CaseStatus.pagaende
    tasks.close_for_application(ctx.session, application.id, actor=ACTOR,
                                note="Registren svarade och ansökan beslutades automatiskt.")
    journal.robot_notes(ctx.session, [journal.RobotNote(
        application.case_id, f"journal:beslut:{decision.id}", ROBOT_NAME,
        f"Beslut fattat automatiskt: {label(calc.outcome).lower()}",
        f"Ansökan om försörjningsstöd för {fmt.month(application.month)} prövades automatiskt. Registren stämde "
        f"med det som angavs. Beräkningen enligt riksnormen och kommunens riktlinjer ger {kr(calc.entitlement)}.",
        f"{label(calc.outcome)} med {kr(calc.entitlement)} ({assistance.lagrum(calc)}).")])
    return {"decision_id": decision.id, "automated": True}


def _to_case_worker(ctx: StepContext, application: Application, reason: str,
                    evidence: dict[str, Any]) -> dict[str, Any]:
    application.status = ApplicationStatus.under_handlaggning
    tasks.close_for_application(ctx.session, application.id, actor=ACTOR, kinds=(NO_REGISTER,),
                                note="Registren svarade; ansökan prövas av en handläggare.")
    task = tasks.about_application(ctx.session, application, kind=TO_TRY, reason=reason, evidence=evidence,
                                   actor=ACTOR)
    journal.robot_notes(ctx.session, [journal.RobotNote(
        application.case_id, f"journal:till_handlaggare:{application.id}", ROBOT_NAME,
        "Ansökan lämnad till handläggare",
        f"Ansökan för {fmt.month(application.month)} kunde inte beslutas automatiskt: {reason}")])
    ctx.handed_to_human = reason
    return {"decision_id": None, "reason": reason, "task_id": task.id}


def wait_for_registers(ctx: StepContext, item: str, reason: str) -> None:
    """A register stayed down: the application waits (the citizen sees so), its case's unit gets one task, and
    the next run tries again."""
    application = ctx.lock(Application, int(item))
    ctx.handed_to_human = reason
    if application.status not in WAITING:
        return
    application.status = ApplicationStatus.vantar_register
    tasks.about_application(ctx.session, application, kind=NO_REGISTER, actor=ACTOR, evidence={"fel": reason},
                            reason=f"{reason} Roboten försöker igen varje timme. Pröva ansökan själv om det "
                                   "brådskar.")


def send_letter(ctx: StepContext, item: str) -> dict[str, Any]:
    decision = ctx.session.get_one(Decision, ctx.state["decide"]["decision_id"])
    letter_id = ctx.effect("letter", f"letter:beslut:{decision.id}",
                           lambda: ("letter", write_decision_letter(ctx.session, decision)))
    return {"letter_id": letter_id}


def pay(ctx: StepContext, item: str) -> dict[str, Any]:
    application = ctx.lock(Application, int(item))
    decision = ctx.session.get_one(Decision, ctx.state["decide"]["decision_id"])
    key = assistance.payment_key(application.household_id, application.month)

    def create() -> tuple[str, int]:
        payment = assistance.order_payment(ctx.session, decision, application)
        return "payment", payment.id if payment else 0

    return {"payment": ctx.effect("payment", key, create) if decision.total_amount > 0 else None}


robot = Robot(name="forsorjningsstod", title="Ansökningar om försörjningsstöd", trigger=Schedule("every_hour"),
              items=to_handle, steps=[fetch_registers, calculate_entitlement, decide, send_letter, pay],
              subject=lambda params, item: f"ansokan:{item}", when_unavailable=wait_for_registers)
