"""Shared home: the one file intake (read, validate, quarantine with a reason, fix and resubmit, inbox)."""

