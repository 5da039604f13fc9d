"""Run crashbot in this process and SIGKILL it at the K-th step boundary: python -m tests.robots.harness URL TAG K."""

import json
import sys

from ifoflow.robots.core.runner import execute, start_run
from ifoflow.store.db import make_engine, session_factory
from tests.robots.chaos import kill_at_boundary
from tests.robots.crashbot import robot


def main() -> None:
    url, tag, kill_at, cases = sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])
    factory = session_factory(make_engine(url))
    run_id = start_run(factory, robot, run_key=tag, params={"tag": tag, "cases": cases})
    execute(factory, robot, run_id, hook=kill_at_boundary(kill_at))


if __name__ == "__main__":
    main()
