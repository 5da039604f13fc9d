"""The demo municipality: synthetic data with something true on every page, and what it needs running beside it
(register simulators, the scheduler). Used by `ifoflow demo` only."""
