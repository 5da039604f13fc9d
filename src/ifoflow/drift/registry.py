"""All robots and dated parameter sets of the installation. Importing this module validates every robot's
declaration (fails at start-up)."""

from ifoflow.avvikelse import robot as avvikelse
from ifoflow.avvikelse import rules as deviation_rules
from ifoflow.brevutskick import robot as brevutskick
from ifoflow.dataskydd import gallring
from ifoflow.domain.errors import NotFoundError
from ifoflow.drift import alerts
from ifoflow.forsorjningsstod import robot as forsorjningsstod
from ifoflow.infobrev import robot as infobrev
from ifoflow.kontroll import robot as kontroll
from ifoflow.kontroll import thresholds
from ifoflow.oro import rules as concern_rules
from ifoflow.params import ParameterSet
from ifoflow.robots.core import Robot
from ifoflow.skanning import robot as skanning
from ifoflow.skanning import rules as scan_rules
from ifoflow.skuld import robot as skuldhantering
from ifoflow.skuld import service as debts
from ifoflow.vardfaktura import robot as care_invoices
from ifoflow.vardfaktura import tolerance

# Infobrev before brevutskick: a scheduler pass writes the day's letters, then sends those whose hold is over.
# Scanning before skuldhantering: a debt notice on paper is registered in the same pass.
ROBOTS: dict[str, Robot] = {r.name: r for r in [forsorjningsstod.robot, infobrev.robot, kontroll.robot,
                                                skanning.robot, skanning.folder_robot, skuldhantering.robot,
                                                brevutskick.robot, brevutskick.print_robot,
                                                care_invoices.robot, care_invoices.fees_robot, avvikelse.robot,
                                                alerts.robot]}
# Every process's local rules beside the riksnorm calculation's (which ifoflow.rules.system reads).
PARAMETER_SETS: dict[str, ParameterSet] = {p.section: p for p in [thresholds.PARAMETERS, debts.PARAMETERS,
                                                                  gallring.PARAMETERS, tolerance.PARAMETERS,
                                                                  concern_rules.PARAMETERS, scan_rules.PARAMETERS,
                                                                  deviation_rules.PARAMETERS]}


def get(name: str) -> Robot:
    try:
        return ROBOTS[name]
    except KeyError:
        raise NotFoundError("robot", f"Roboten ”{name}” finns inte. Finns: {', '.join(sorted(ROBOTS))}.") from None
