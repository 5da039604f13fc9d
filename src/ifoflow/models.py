"""Every table of the installation, for Alembic and for tests that look across processes. Code imports a model
from its own package (`ifoflow.arende.models`, `ifoflow.skuld.models` ...), not from here."""

from ifoflow.arende.models import (
    Application,
    Case,
    CaseAssignment,
    Document,
    Household,
    HouseholdCost,
    HouseholdMember,
    Income,
    JournalNote,
    Person,
    Task,
)
from ifoflow.atkomst.models import AccessGrant, AccessLog, SignInAttempt, StaffUser, Unit
from ifoflow.avvikelse.models import DeviationAction, DeviationEntry, DeviationReport
from ifoflow.beslut.models import Decision, DecisionLine, DecisionType
from ifoflow.brev.models import Letter, LetterEvent, PrintBatch
from ifoflow.intag.models import Quarantined
from ifoflow.inventering.models import Process
from ifoflow.larm.models import Alert
from ifoflow.oro.models import ConcernAssessment, ConcernReport
from ifoflow.robots.models import Effect, RobotItem, RobotRun, RobotState, RobotStepRun
from ifoflow.skanning.models import ScanDocument, ScanFile
from ifoflow.skuld.models import DebtConcern, DebtNotice
from ifoflow.store.audit import AuditEvent, AuditHead
from ifoflow.store.base import Base
from ifoflow.utbetalning.models import Payment, PaymentHold
from ifoflow.vardfaktura.models import CareInvoice, Placement, PlacementBudget, PlacementCost, Provider

__all__ = ["AccessGrant", "AccessLog", "Alert", "Application", "AuditEvent", "AuditHead", "Base", "CareInvoice", "Case",
           "CaseAssignment", "ConcernAssessment", "ConcernReport", "DebtConcern", "DebtNotice", "Decision",
           "DecisionLine", "DecisionType", "DeviationAction", "DeviationEntry", "DeviationReport", "Document",
           "Effect", "Household", "HouseholdCost", "HouseholdMember", "Income", "JournalNote", "Letter",
           "LetterEvent", "Payment", "PaymentHold", "Person", "Placement", "PlacementBudget", "PlacementCost",
           "PrintBatch", "Process", "Provider", "Quarantined", "RobotItem", "RobotRun", "RobotState", "RobotStepRun",
           "ScanDocument", "ScanFile", "SignInAttempt", "StaffUser", "Task", "Unit"]
