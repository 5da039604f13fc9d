"""Automated decisions: allowed only through the registry, always logged with rule version and inputs."""

from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ifoflow.beslut.models import Decision, DecisionLine
from ifoflow.beslut.service import authorize
from ifoflow.store import audit


def record_automated_decision(session: Session, *, type_code: str, case_id: int, outcome: str, total: int,
                              lines: list[dict[str, Any]], motivering: str, lagrum: str, rule_version: str,
                              inputs: dict[str, Any], explanation: dict[str, Any],
                              application_id: int | None = None) -> Decision:
    """Store the decision and an audit event holding everything needed to re-run and explain it."""
    decision_type = authorize(session, type_code, outcome)
    decision = Decision(case_id=case_id, application_id=application_id, type=type_code, outcome=outcome,
                        total_amount=total, motivering=motivering, lagrum=lagrum, rule_version=rule_version,
                        automated=True, appealable=decision_type.appealable, explanation=explanation)
    session.add(decision)
    session.flush()
    if lines:  # one statement for all lines
        session.execute(insert(DecisionLine), [{"decision_id": decision.id, "kind": line["kind"],
                                                "label": line["label"], "amount": line["amount"],
                                                "rule": line.get("rule", "")} for line in lines])
    audit.append(session, actor=f"automat:{rule_version}", action="decision.automated", entity="decision",
                 entity_id=decision.id, details={"type": type_code, "case_id": case_id, "outcome": outcome,
                                                 "total": total, "rule_version": rule_version, "inputs": inputs,
                                                 "namnd": decision_type.namnd})
    return decision
