"""The robot framework (robots/core/): declarations, runner, effects, signals, schedules, resilience. Each
robot lives in its process package (`<package>/robot.py`)."""
