"""Declare a robot, run it exactly once per item and step, and hand what it cannot decide to people."""

from ifoflow.robots.core.context import StepContext
from ifoflow.robots.core.declaration import Event, Manual, Robot, RobotDeclarationError, Schedule
from ifoflow.robots.core.resilience import ExternalSystem, SystemUnavailable

__all__ = ["Event", "ExternalSystem", "Manual", "Robot", "RobotDeclarationError", "Schedule", "StepContext",
           "SystemUnavailable"]
