"""Shared home: payments (keyed by household-month), the pain.001 payment file, payment stops."""

