"""Run one robot run in this process, killed with SIGKILL at the K-th step boundary when K >= 0:
python -m tests.robots.chaos URL ROBOT KEY PARAMS_JSON K. Settings come from the environment (register URLs)."""

import json
import os
import signal
import sys

from ifoflow.drift.registry import get
from ifoflow.robots.core.runner import Hook, execute, start_run
from ifoflow.store.db import make_engine, session_factory


def kill_at_boundary(kill_at: int) -> Hook | None:
    """A runner hook that SIGKILLs this process at the K-th step boundary (before or after a commit)."""
    if kill_at < 0:
        return None
    seen = {"n": 0}

    def hook(boundary: str, item: str, step: str) -> None:
        if seen["n"] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        seen["n"] += 1

    return hook


def main() -> None:
    url, name, key, params, kill_at = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4]), int(sys.argv[5])
    factory = session_factory(make_engine(url))
    robot = get(name)
    execute(factory, robot, start_run(factory, robot, run_key=key, params=params), hook=kill_at_boundary(kill_at))


if __name__ == "__main__":
    main()
