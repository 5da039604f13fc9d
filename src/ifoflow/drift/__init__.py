"""Operations: the registry of robots and parameter sets, running and scheduling robots (here or on Celery),
the operations page."""

