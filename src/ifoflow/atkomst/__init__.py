"""Shared home: staff accounts and sign-in, roles and units, time-limited unit exceptions, the access log."""

