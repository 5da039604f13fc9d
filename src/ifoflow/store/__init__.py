"""Persistence: engine and unit of work, the declarative base, audit chain, locks, keyed bulk inserts, Alembic
migrations. Models live in their package (`<package>/models.py`); ifoflow.models gathers them."""
