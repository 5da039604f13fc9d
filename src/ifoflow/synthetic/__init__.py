"""A synthetic municipality: deterministic fake people, households, staff and cases for demo and tests."""
