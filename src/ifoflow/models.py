"""All tables. Import from here so Alembic and callers see one metadata."""

from ifoflow.store.models.access import AccessGrant, AccessLog, SignInAttempt
from ifoflow.store.models.base import Base
from ifoflow.store.models.cases import (
    Application,
    Case,
    CaseAssignment,
    Decision,
    DecisionLine,
    Payment,
    PaymentHold,
)
from ifoflow.store.models.debts import DebtConcern, DebtNotice, QuarantinedNotice
from ifoflow.store.models.inventory import Process
from ifoflow.store.models.people import (
    Household,
    HouseholdCost,
    HouseholdMember,
    Income,
    Person,
    StaffUser,
    Unit,
)
from ifoflow.store.models.robots import (
    AuditHead,
    DecisionType,
    Effect,
    RobotItem,
    RobotRun,
    RobotState,
    RobotStepRun,
)
from ifoflow.store.models.work import AuditEvent, Document, JournalNote, Letter, Task

__all__ = [
    "AccessGrant",
    "AccessLog",
    "AuditHead",
    "DecisionType",
    "Effect",
    "RobotItem",
    "RobotRun",
    "RobotState",
    "RobotStepRun",
    "Application",
    "AuditEvent",
    "Base",
    "Case",
    "CaseAssignment",
    "Decision",
    "DecisionLine",
    "Document",
    "Household",
    "HouseholdCost",
    "HouseholdMember",
    "Income",
    "JournalNote",
    "Letter",
    "DebtConcern",
    "DebtNotice",
    "Payment",
    "QuarantinedNotice",
    "SignInAttempt",
    "PaymentHold",
    "Person",
    "Process",
    "StaffUser",
    "Task",
    "Unit",
]
