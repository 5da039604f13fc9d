"""Process: the letter telling a client their case has a new case worker."""

