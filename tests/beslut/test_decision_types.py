"""Kommunallagen 6 kap. 37-40 §§: registered types only; excluded classes refused; the nämnd can switch off."""

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from ifoflow.beslut import service as registry
from ifoflow.beslut.automatiserat import record_automated_decision
from ifoflow.beslut.models import Decision
from ifoflow.domain.errors import InputError
from ifoflow.store import audit
from ifoflow.store.audit import AuditEvent

FS = {"code": "forsorjningsstod_norm", "title": "Försörjningsstöd enligt norm och riktlinjer",
      "namnd": "Socialnämnden", "delegation_ref": "Delegationsordning SN 2026, punkt 4.1",
      "legal_basis": "12 kap. 7 § socialtjänstlagen (2025:400)", "appealable": True,
      "report_back": "Månadsrapport till nämnden", "allowed_outcomes": ["bifall"]}


def _register(session: Session, **changes: Any) -> None:
    registry.register(session, registry.DecisionTypeIn.model_validate({**FS, **changes}), actor="namndsekreterare")
    session.commit()


@pytest.mark.parametrize("changes, reason", [
    ({"matter_class": "laglighetsprovning"}, "laglighetsprövning"),
    ({"matter_class": "upphandling"}, "upphandling"),
    ({"matter_class": "auktorisation_valfrihet"}, "valfrihetssystem"),
    ({"appealable": False}, "inte får överklagas"),
])
def test_excluded_classes_are_refused_with_the_reason(session: Session, changes: dict[str, Any],
                                                      reason: str) -> None:
    with pytest.raises(InputError) as exc:
        _register(session, **changes)
    assert reason in exc.value.message and "6 kap. 38 §" in exc.value.message


def test_unregistered_disabled_and_disallowed_outcomes_cannot_be_decided(session: Session) -> None:
    with pytest.raises(registry.DecisionNotAllowed, match="inte registrerad"):
        registry.authorize(session, "forsorjningsstod_norm", "bifall")
    _register(session)
    assert registry.authorize(session, "forsorjningsstod_norm", "bifall").namnd == "Socialnämnden"
    with pytest.raises(registry.DecisionNotAllowed, match="avslag"):
        registry.authorize(session, "forsorjningsstod_norm", "avslag")
    registry.set_enabled(session, "forsorjningsstod_norm", False, actor="namnd", reason="Felaktiga utbetalningar")
    session.commit()
    with pytest.raises(registry.DecisionNotAllowed, match="stängt av"):
        registry.authorize(session, "forsorjningsstod_norm", "bifall")


def test_automated_decision_is_logged_with_rule_version_and_inputs(session: Session, cases: list[int]) -> None:
    _register(session)
    decision = record_automated_decision(
        session, type_code="forsorjningsstod_norm", case_id=cases[0], outcome="bifall", total=5220,
        lines=[{"kind": "norm", "label": "Riksnorm", "amount": 5220, "rule": "riksnorm"}], motivering="Enligt norm",
        lagrum="12 kap. 7 § socialtjänstlagen (2025:400)", rule_version="regler-abc", inputs={"members": 1},
        explanation={"lines": []})
    session.commit()
    assert session.get_one(Decision, decision.id).automated
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "decision.automated"))
    assert event is not None and event.details["rule_version"] == "regler-abc"
    assert event.details["inputs"] == {"members": 1} and event.actor == "automat:regler-abc"
    assert audit.verify(session)[1] == []
